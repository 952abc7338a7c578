import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { nodeParquetCodec } from '../../node/engine/parquetCodec.ts';

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['cli/bin.mjs', ...args], { encoding: 'utf8' });
}

describe('yield-monitor import', () => {
  it('writes Parquet files any tool can read, and re-import is a no-op', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-cli-'));
    const csv = join(folder, 'lot.csv');
    writeFileSync(csv, 'lot,wafer,x,y,hard_bin\nC1,1,0,0,1\nC1,1,1,0,6\nC1,1,1,0,1\n');
    const workspace = join(folder, 'ws');
    const first = cli('import', csv, '--workspace', workspace);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('3 rows (2 dies) imported');
    const manifest = JSON.parse(readFileSync(join(workspace, 'manifest.json'), 'utf8'));
    const diesFile = manifest.imports[0].files.dies as string;
    const dies = tableFromIPC(nodeParquetCodec.decode(new Uint8Array(readFileSync(join(workspace, diesFile)))));
    expect(dies.numRows).toBe(2);
    expect(dies.toArray().map((row) => row.pass).sort()).toEqual([true, true]);
    const again = cli('import', csv, '--workspace', workspace);
    expect(again.stdout).toContain('already imported');
  });

  it('names the file and line of a bad row and exits 1', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-cli-'));
    const csv = join(folder, 'bad.csv');
    writeFileSync(csv, 'lot,wafer,x,y,hard_bin\nC1,1,0,0,1\nC1,1,?,0,6\n');
    const result = cli('import', csv, '--workspace', join(folder, 'ws'));
    expect(result.status).toBe(1);
    // Line 3, column 3 (x): the strict CSV check names the place and what was expected.
    expect(result.stderr).toContain('bad.csv:3:3: x "?" is not a whole number (expected an integer); nothing imported');
  });
});
