import { describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { nodeParquetCodec } from '../../../node/engine/parquetCodec.ts';
import { dieCsvTables } from '../../../shared/import/dieCsvImport.ts';
import { Workspace } from '../../../shared/workspace/workspace.ts';
import { commitDieCsv, MemoryStore } from '../../support/memoryWorkspace.ts';

function lotCsv(lot: string, failingX: number[]): string {
  const lines = ['lot,wafer,x,y,hard_bin,tested_at,t1_vdd'];
  for (let x = 0; x < 10; x++) lines.push(`${lot},1,${x},0,${failingX.includes(x) ? 4 : 1},2026-10-0${lot.length}T10:00:00Z,${(1 + x / 10).toFixed(2)}`);
  return lines.join('\n');
}

async function reopen(store: MemoryStore) {
  const engine = await WasmNodeSqlEngine.open();
  const workspace = new Workspace(engine, store, nodeParquetCodec);
  await workspace.open();
  return { engine, workspace };
}

describe('workspace (Parquet + manifest, real duckdb-wasm)', () => {
  it('survives a restart with the same numbers', async () => {
    const store = new MemoryStore();
    const first = await reopen(store);
    await commitDieCsv(first.workspace, first.engine, lotCsv('LA', [2, 5]), 'imp_a');
    await commitDieCsv(first.workspace, first.engine, lotCsv('LBB', [1]), 'imp_b');
    first.engine.close();
    expect([...store.files.keys()].filter((path) => path.startsWith('tables/') && path.endsWith('.parquet'))).toHaveLength(2 * dieCsvTables.length);

    const second = await reopen(store);
    const rows = (await second.engine.query('SELECT lot, count(*)::INTEGER AS dies, sum(pass::INTEGER)::INTEGER AS good FROM dies GROUP BY lot ORDER BY lot')).toArray().map((row) => row.toJSON());
    // 10 dies per lot; LA fails x = 2 and 5, LBB fails x = 1.
    expect(rows).toEqual([{ lot: 'LA', dies: 10, good: 8 }, { lot: 'LBB', dies: 10, good: 9 }]);
    const results = await second.engine.query('SELECT count(*)::INTEGER AS n FROM results');
    expect(results.get(0)?.n).toBe(20);
    expect(second.workspace.findDuplicate('imp_a')?.importId).toBe('imp_a');
    second.engine.close();
  });

  it('leaves the workspace as it was when an import dies before the manifest is written', async () => {
    const store = new MemoryStore();
    const first = await reopen(store);
    await commitDieCsv(first.workspace, first.engine, lotCsv('LA', [2]), 'imp_a');
    store.failOn = 'manifest.json';
    await expect(commitDieCsv(first.workspace, first.engine, lotCsv('LBB', []), 'imp_b')).rejects.toThrow(/simulated crash/);
    first.engine.close();
    store.failOn = null;

    const second = await reopen(store);
    const lots = (await second.engine.query('SELECT DISTINCT lot FROM dies')).toArray().map((row) => row.lot);
    expect(lots).toEqual(['LA']);
    expect(second.workspace.manifest.imports.map((entry) => entry.importId)).toEqual(['imp_a']);
    second.engine.close();
  });
});

describe('retest consolidation across files (issue #3)', () => {
  /** A wafer of 4 dies; `results` maps x to hard bin; bin 1 passes. */
  function waferCsv(lot: string, testedAt: string, results: Record<number, number>): string {
    const lines = ['lot,wafer,x,y,hard_bin,tested_at'];
    for (const [x, bin] of Object.entries(results)) lines.push(`${lot},1,${x},0,${bin},${testedAt}`);
    return lines.join('\n');
  }

  it('keeps one row per die: the retest file wins, first pass from the first file, insertions summed', async () => {
    const store = new MemoryStore();
    const { engine, workspace } = await reopen(store);
    // First pass: dies 2 and 3 fail. The retest file re-probes only those; die 2 recovers.
    const first = await commitDieCsv(workspace, engine, waferCsv('R1', '2026-10-01T10:00:00Z', { 0: 1, 1: 1, 2: 6, 3: 6 }), 'imp_a');
    const retest = await commitDieCsv(workspace, engine, waferCsv('R1', '2026-10-02T10:00:00Z', { 2: 1, 3: 7 }), 'imp_b');
    const expected = [
      { x: 0, pass: true, first_pass: true, insertions: 1, hard_bin: 1, import_id: first.importId },
      { x: 1, pass: true, first_pass: true, insertions: 1, hard_bin: 1, import_id: first.importId },
      { x: 2, pass: true, first_pass: false, insertions: 2, hard_bin: 1, import_id: retest.importId },
      { x: 3, pass: false, first_pass: false, insertions: 2, hard_bin: 7, import_id: retest.importId },
    ];
    const read = async (target: WasmNodeSqlEngine) =>
      (await target.query('SELECT x, pass, first_pass, insertions, hard_bin, import_id FROM dies ORDER BY x')).toArray().map((row) => ({ ...row.toJSON() }));
    expect(await read(engine)).toEqual(expected);
    // The yield a user sees: 3 of 4 final, 2 of 4 first pass.
    const yields = (await engine.query('SELECT avg(pass::INTEGER) AS final, avg(first_pass::INTEGER) AS first FROM dies')).get(0);
    expect([yields?.final, yields?.first]).toEqual([0.75, 0.5]);
    engine.close();
    // The same after a restart (consolidation runs on load too); files are stored per import untouched.
    const again = await reopen(store);
    expect(await read(again.engine)).toEqual(expected);
    again.engine.close();
  });

  it('leaves lots tested by a single file alone', async () => {
    const { engine, workspace } = await reopen(new MemoryStore());
    await commitDieCsv(workspace, engine, waferCsv('S1', '2026-10-01T10:00:00Z', { 0: 1, 1: 6 }), 'imp_c');
    await commitDieCsv(workspace, engine, waferCsv('S2', '2026-10-02T10:00:00Z', { 0: 6, 1: 1 }), 'imp_d');
    const rows = (await engine.query('SELECT lot, count(*)::INTEGER AS dies, sum(insertions)::INTEGER AS tests FROM dies GROUP BY lot ORDER BY lot')).toArray().map((row) => row.toJSON());
    expect(rows).toEqual([{ lot: 'S1', dies: 2, tests: 2 }, { lot: 'S2', dies: 2, tests: 2 }]);
    engine.close();
  });
});

describe('deferred loading of large tables (issue #2: the first view does not wait for every byte)', () => {
  it('opens without the deferred tables, then loads them on request', async () => {
    const store = new MemoryStore();
    const first = await reopen(store);
    await commitDieCsv(first.workspace, first.engine, lotCsv('D1', [3]), 'imp_e');
    first.engine.close();
    const engine = await WasmNodeSqlEngine.open();
    const workspace = new Workspace(engine, store, nodeParquetCodec);
    await workspace.open(undefined, ['result_values', 'die_insertions']);
    const count = async (table: string) => Number((await engine.query(`SELECT count(*)::INTEGER AS n FROM ${table}`)).get(0)?.n);
    expect([await count('dies'), await count('results'), await count('die_insertions')]).toEqual([10, 0, 0]);
    expect(workspace.pendingTables.sort()).toEqual(['die_insertions', 'result_values']);
    await workspace.loadDeferred();
    // lotCsv writes one test column (t1_vdd) per die: 10 results, 10 insertions.
    expect([await count('results'), await count('die_insertions')]).toEqual([10, 10]);
    expect(workspace.pendingTables).toEqual([]);
    engine.close();
  });
});
