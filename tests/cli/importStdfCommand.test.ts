import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderWorkspaceStore } from '../../node/workspace/folderWorkspaceStore.ts';
import { WasmNodeSqlEngine } from '../../node/engine/wasmNodeEngine.ts';
import { nodeParquetCodec } from '../../node/engine/parquetCodec.ts';
import { Workspace } from '../../shared/workspace/workspace.ts';

const corpus = resolve(import.meta.dirname, '../..', '../shared/corpus/stdf');

interface Truth {
  pystdf: { MIR: { LOT_ID: string }; final_after_retest_dedupe: { by_xy: { unique: number; pass: number } } };
}

function truth(name: string): Truth {
  return JSON.parse(readFileSync(join(corpus, `${name}.truth.json`), 'utf8')) as Truth;
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['cli/bin.mjs', ...args], { encoding: 'utf8' });
}

describe('yield-monitor import with STDF files', () => {
  it('imports one lot split over two files (zip and gzip wafers) into one lot of the workspace', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-stdf-'));
    const workspaceFolder = join(folder, 'ws');
    const files = ['noonchen__lot3.zip', 'noonchen__lot2.stdf.gz'];
    const result = cli('import', ...files.map((file) => join(corpus, file)), '--workspace', workspaceFolder);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('1619 insertions (1456 dies, lot GAL-LOT)');
    const engine = await WasmNodeSqlEngine.open();
    const workspace = new Workspace(engine, new FolderWorkspaceStore(workspaceFolder), nodeParquetCodec);
    await workspace.open();
    expect(workspace.manifest.imports.map((entry) => entry.format)).toEqual(['stdf', 'stdf']);
    const lots = (await engine.query('SELECT lot, wafers, dies::INTEGER AS dies, good::INTEGER AS good FROM lots')).toArray().map((row: { toJSON(): object }) => row.toJSON());
    const [lot3, lot2] = files.map((file) => truth(file).pystdf);
    // Both files carry LOT_ID GAL-LOT, one wafer each (GAL-LOT-03 and GAL-LOT-02).
    expect(lots).toEqual([{
      lot: lot3?.MIR.LOT_ID, wafers: 2,
      dies: (lot3?.final_after_retest_dedupe.by_xy.unique ?? 0) + (lot2?.final_after_retest_dedupe.by_xy.unique ?? 0),
      good: (lot3?.final_after_retest_dedupe.by_xy.pass ?? 0) + (lot2?.final_after_retest_dedupe.by_xy.pass ?? 0),
    }]);
    engine.close();
  });

  it('still treats CSV text as CSV, and rejects a file that is neither', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-stdf-'));
    const csv = join(folder, 'lot.csv');
    writeFileSync(csv, 'lot,wafer,x,y,hard_bin\nC1,1,0,0,1\n');
    const text = join(folder, 'notes.stdf');
    writeFileSync(text, 'not an stdf file\n');
    const result = cli('import', csv, text, '--workspace', join(folder, 'ws'));
    expect(result.stdout).toContain('1 rows (1 dies) imported');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('notes.stdf');
  });
});
