import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['cli/bin.mjs', ...args], { encoding: 'utf8' });
}

/** 3 lots x 3 wafers x 10 dies; wafer L2/2 fails 8 of its 10 dies, every other wafer 1. */
function lotsCsv(): string {
  const lines = ['lot,wafer,x,y,hard_bin,tested_at'];
  let minute = 0;
  for (const lot of ['L1', 'L2', 'L3']) {
    for (const wafer of [1, 2, 3]) {
      minute += 5;
      const failing = lot === 'L2' && wafer === 2 ? 8 : 1;
      for (let x = 0; x < 10; x += 1) {
        const time = `2026-10-01T10:${String(minute).padStart(2, '0')}:${String(x).padStart(2, '0')}Z`;
        lines.push(`${lot},${wafer},${x},0,${x < failing ? 5 : 1},${time}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('yield-monitor spc evaluate', () => {
  it('exits 1 when it raises new episodes, 0 on a second run without new data, and prints them (issue #14 §1)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-spc-evaluate-'));
    const csv = join(folder, 'lots.csv');
    writeFileSync(csv, lotsCsv());
    const workspace = join(folder, 'ws');
    expect(cli('import', csv, '--workspace', workspace).status).toBe(0);

    // Ten wafers are too few for phase I limits, and the default yield floor is made disabled: nothing to raise yet.
    const defaults = cli('spc', 'evaluate', '--workspace', workspace);
    expect(defaults.stderr).toBe('');
    expect(defaults.status).toBe(0);
    const definitionsPath = join(workspace, 'spc', 'definitions.json');
    const made = JSON.parse(readFileSync(definitionsPath, 'utf8')) as { id: string; enabled: boolean }[] | { definitions: { id: string; enabled: boolean }[] };
    const madeList = Array.isArray(made) ? made : made.definitions;
    expect(madeList.find((definition) => definition.id === 'yield-floor-UNKNOWN')?.enabled).toBe(false);
    writeFileSync(definitionsPath, JSON.stringify(madeList.map((definition) => (definition.id === 'yield-floor-UNKNOWN' ? { ...definition, enabled: true } : definition))));

    const first = cli('spc', 'evaluate', '--workspace', workspace);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(1);
    // Overall yield (8 x 9 + 2)/90 = 0.822; the default floor is 80 % of it (0.658): only L2/2 (0.2, started 10:25) is below.
    expect(first.stdout).toMatch(/critical\s+open\*\s+2026-10-01T10:25:00Z\s+2026-10-01T10:25:00Z\s+1\s+UNKNOWN\s+L2\s+THRESHOLD\s+UNKNOWN wafer yield below 65\.8 %/);
    expect(first.stdout).toMatch(/1 new episode\(s\) \(\*\), 1 not closed/);

    const second = cli('spc', 'evaluate', '--workspace', workspace, '--json');
    expect(second.status).toBe(0);
    const printed = JSON.parse(second.stdout) as { charts: number; newEpisodes: number; episodes: Record<string, unknown>[] };
    const saved = JSON.parse(readFileSync(join(workspace, 'spc', 'definitions.json'), 'utf8')) as { enabled: boolean }[] | { definitions: { enabled: boolean }[] };
    const definitions = Array.isArray(saved) ? saved : saved.definitions;
    expect(printed.charts).toBe(definitions.filter((definition) => definition.enabled).length);
    expect(printed.newEpisodes).toBe(0);
    expect(printed.episodes).toEqual([{
      id: 'yield-floor-UNKNOWN|limit|UNKNOWN/L2/2', chart: 'UNKNOWN wafer yield below 65.8 %', product: 'UNKNOWN', test: null, rule: 'THRESHOLD',
      severity: 'critical', state: 'open', firstTime: '2026-10-01T10:25:00.000Z', lastTime: '2026-10-01T10:25:00.000Z', points: 1, lots: ['L2'], wafers: ['L2/2'],
    }]);
  }, 300_000);

  it('exits 2 on usage errors', () => {
    expect(cli('spc', 'evaluate').status).toBe(2);
    expect(cli('spc', 'evaluate', '--workspace', join(tmpdir(), 'ym-no-such-workspace-5191')).status).toBe(2);
    expect(cli('spc', 'evaluate', '--workspace', tmpdir(), '--colour').stderr).toMatch(/unknown: --colour/);
  }, 60_000);
});
