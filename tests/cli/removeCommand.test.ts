/**
 * `yield-monitor remove` (issue #13 §4): one import taken out of a copy of the sample workspace.
 * The remaining dies per lot are compared with the sample's own CSV files (final dies), and the
 * removed import's table files must be gone from disk.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, parseManifest } from '../../shared/workspace/manifest.ts';
import { openNodeWorkspace } from '../../node/workspace/openWorkspace.ts';
import { copySampleWorkspace } from '../support/sampleWorkspace.ts';
import { sampleFinalDies } from '../support/sampleTruth.ts';

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['cli/bin.mjs', 'remove', ...args], { encoding: 'utf8' });
}

let workspace = '';
beforeAll(() => {
  workspace = copySampleWorkspace();
}, 600_000);
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('yield-monitor remove', () => {
  it('takes one lot import out: its files go and every other lot keeps the dies its CSV has', async () => {
    const manifest = parseManifest(readFileSync(join(workspace, 'manifest.json')));
    const record = manifest.imports.find((each) => each.sourceFile.startsWith('OR26002'))!;
    const files = [...importFiles(record)].map(([, path]) => join(workspace, path));
    expect(files.every((path) => existsSync(path))).toBe(true);

    const removed = cli('--workspace', workspace, '--import', record.importId);
    expect(removed.stderr).toBe('');
    expect(removed.status).toBe(0);
    expect(removed.stdout).toContain(record.importId);
    expect(files.filter((path) => existsSync(path))).toEqual([]);

    const truth = new Map<string, number>();
    for (const die of sampleFinalDies()) if (die.lot !== 'OR26002') truth.set(die.lot, (truth.get(die.lot) ?? 0) + 1);
    const opened = await openNodeWorkspace(workspace);
    try {
      const rows = (await opened.engine.query('SELECT lot, count(*)::INTEGER AS dies FROM dies GROUP BY lot ORDER BY lot')).toArray() as { lot: string; dies: number }[];
      expect(new Map(rows.map((row) => [row.lot, row.dies]))).toEqual(truth);
    } finally {
      opened.engine.close();
    }

    const again = cli('--workspace', workspace, '--import', record.importId);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/no import .* in this workspace \(11 imports\)/);
  }, 120_000);

  it('exits 2 on usage errors', () => {
    expect(cli().status).toBe(2);
    expect(cli('--workspace', workspace).stderr).toMatch(/missing --import/);
    expect(cli('--workspace', workspace, '--colour', 'x').stderr).toMatch(/unknown or incomplete option --colour/);
  });
});
