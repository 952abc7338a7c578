/**
 * What the CLI takes and how (issue #13 §1): content decides, not the name (a gzip STDF named `lot3.gz`
 * is STDF, a text datalog named `.stdf` is refused as such), and a damaged file that was partly read is
 * imported as "partial", with its manifest record saying where and how much was not read.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkspaceManifest } from '../../shared/workspace/manifest.ts';

const corpus = resolve(import.meta.dirname, '../..', '../shared/corpus/stdf');

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['cli/bin.mjs', ...args], { encoding: 'utf8' });
}

function manifest(workspaceFolder: string): WorkspaceManifest {
  return JSON.parse(readFileSync(join(workspaceFolder, 'manifest.json'), 'utf8')) as WorkspaceManifest;
}

describe('yield-monitor import: content decides', () => {
  it('imports a gzip STDF named .gz as STDF, refuses a text datalog named .stdf, marks a cut file partial', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-route-'));
    const gz = join(folder, 'lot3.gz');
    copyFileSync(join(corpus, 'noonchen__lot3.stdf.gz'), gz);
    const lot3 = JSON.parse(readFileSync(join(corpus, 'noonchen__lot3.stdf.gz.truth.json'), 'utf8')) as { pystdf: { parts: { PRR_count: number } } };
    const datalog = join(folder, 'datalog.stdf');
    writeFileSync(datalog, 'Site 1  Test 1001 cont_vdd  -0.52 V  PASS\nSite 1  Test 1002 leak  1.2 uA  PASS\n');
    const whole = readFileSync(join(corpus, 'itestinc__bcdm_S11189_c_01.stdf'));
    const cutAt = Math.floor(whole.length / 2);
    const cut = join(folder, 'cut.stdf');
    writeFileSync(cut, whole.subarray(0, cutAt));
    const workspaceFolder = join(folder, 'ws');
    const result = cli('import', gz, datalog, cut, '--workspace', workspaceFolder);
    expect(result.stdout).toContain(`lot3.gz: ${lot3.pystdf.parts.PRR_count} insertions`);
    expect(result.stderr).toContain(`${datalog}: not an STDF file (looks like text), nothing imported`);
    expect(result.status).toBe(1);
    const everyRecord = manifest(workspaceFolder).imports;
    // The refused file is in the import log as rejected, with the reason, and supplies no table.
    expect(everyRecord.filter((record) => record.status === 'rejected').map((record) => [record.sourceFile, record.warnings, record.files])).toEqual([
      ['datalog.stdf', [`${datalog}: not an STDF file (looks like text), nothing imported`], {}],
    ]);
    const records = everyRecord.filter((record) => record.status === 'ok');
    expect(records.map((record) => record.sourceFile)).toEqual(['lot3.gz', 'cut.stdf']);
    const partial = records[1]?.partial;
    expect(partial).toBeDefined();
    // The cut falls inside a record that starts at `offset`; everything from there to the cut was not read.
    expect((partial?.offset ?? 0) + (partial?.unreadBytes ?? 0)).toBe(cutAt);
    expect(result.stdout).toContain(`cut.stdf: partial: ${partial?.unreadBytes} bytes unread at offset ${partial?.offset}`);
    expect(records[0]?.partial).toBeUndefined();
  });
});

describe('yield-monitor import: a strict die CSV', () => {
  it('rejects a hard bin "1.5" with file:line:column and keeps what was imported before', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-strict-'));
    const goodFile = join(folder, 'good.csv');
    writeFileSync(goodFile, 'lot,wafer,x,y,hard_bin\nC1,1,0,0,1\nC1,1,1,0,2\n');
    const badFile = join(folder, 'bad.csv');
    writeFileSync(badFile, 'lot,wafer,x,y,hard_bin\nC2,1,0,0,1\nC2,1,1,0,1.5\n');
    const workspaceFolder = join(folder, 'ws');
    const result = cli('import', goodFile, badFile, '--workspace', workspaceFolder);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${badFile}:3:5: hard_bin "1.5" is not a whole number (expected an integer); nothing imported`);
    expect(manifest(workspaceFolder).imports.map((record) => [record.sourceFile, record.status, record.rows])).toEqual([['good.csv', 'ok', 2], ['bad.csv', 'rejected', 0]]);
  });
});

describe('yield-monitor import FOLDER', () => {
  it('imports every file `npm run sample -- --out DIR` writes, the wafers, tests and bins tables included', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-folder-'));
    const sample = join(folder, 'sample');
    const generated = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'sample-data/generate.ts', '--lots', '2', '--seed', '7', '--out', sample], { encoding: 'utf8' });
    expect(generated.status, generated.stderr).toBe(0);
    const workspaceFolder = join(folder, 'ws');
    const result = cli('import', sample, '--workspace', workspaceFolder);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const records = manifest(workspaceFolder).imports;
    const dieLots = readdirSync(join(sample, 'dies')).map((name) => name.replace(/\.csv\.gz$/, '')).sort();
    // One die import per lot (its STDF when the sample wrote one), then the table files as one import.
    expect(records.map((record) => record.sourceFile.replace(/\.(csv|stdf)\.gz$/, ''))).toEqual([...dieLots, 'sample fab: wafers, tests, bins, equipment']);
    const tables = records.at(-1)?.files ?? {};
    expect(Object.keys(tables).sort()).toEqual(['bins', 'equipment_history', 'tests', 'wafers']);
  });
});
