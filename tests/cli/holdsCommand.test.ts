/** `yield-monitor holds` (issue #14 §3): place, list (table and JSON), release, refusals and usage errors. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['cli/bin.mjs', 'holds', ...args], { encoding: 'utf8' });
}

describe('yield-monitor holds', () => {
  it('places a hold, lists it, releases it with a comment, and refuses a second release', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'ym-holds-'));
    try {
      expect(cli('--workspace', workspace).stdout).toBe('no holds\n');
      const placed = cli('place', '--workspace', workspace, '--product', 'ORION', '--lot', 'OR26004', '--reason', 'edge ring on 6 wafers', '--who', 'lead');
      expect(placed.status).toBe(0);
      const listed = cli('--workspace', workspace);
      expect(listed.stdout).toMatch(/on-hold\s+ORION\s+OR26004\s+\S+Z\s+lead\s+edge ring on 6 wafers/);
      expect(cli('release', '--workspace', workspace, '--product', 'ORION', '--lot', 'OR26004', '--comment', 'chamber cleaned', '--who', 'eng').status).toBe(0);
      const json = JSON.parse(cli('--workspace', workspace, '--json').stdout) as { holds: Record<string, unknown>[] };
      expect(json.holds).toEqual([expect.objectContaining({
        lot: 'OR26004', product: 'ORION', state: 'released', reason: 'edge ring on 6 wafers', placedBy: 'lead', releasedBy: 'eng', releaseComment: 'chamber cleaned', ruleKey: null,
      })]);
      const again = cli('release', '--workspace', workspace, '--product', 'ORION', '--lot', 'OR26004', '--comment', 'x');
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/not on hold/);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  }, 60_000);

  it('exits 2 on usage errors', () => {
    expect(cli().status).toBe(2);
    expect(cli('--workspace', join(tmpdir(), 'ym-no-such-workspace-5186')).status).toBe(2);
    expect(cli('place', '--workspace', tmpdir(), '--lot', 'L').stderr).toMatch(/needs --product, --lot and --reason/);
    expect(cli('--workspace', tmpdir(), '--colour').stderr).toMatch(/unknown or incomplete option --colour/);
  }, 60_000);
});
