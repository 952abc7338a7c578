/**
 * The summary cache (shared/workspace/summaryCache.ts): an open whose manifest the cached summaries
 * were built from reads them and leaves `dies` for later; a cache of another manifest, or a damaged
 * cache file, is not used (the summaries are built from the dies, and the cache is written again);
 * a workspace that may not write leaves the folder as it was. Real duckdb-wasm, Parquet through the
 * codec; the numbers are checked against the CSVs' own dies.
 */
import { describe, expect, it } from 'vitest';
import { nodeParquetCodec } from '../../../node/engine/parquetCodec.ts';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import type { CanonicalTableName } from '../../../shared/schema/canonical.ts';
import { summaryCacheFolder } from '../../../shared/workspace/summaryCache.ts';
import { Workspace } from '../../../shared/workspace/workspace.ts';
import { commitDieCsv, MemoryStore } from '../../support/memoryWorkspace.ts';

/** Ten dies of wafer 1 of `lot`, failing (hard bin 4) at the given x. */
function lotCsv(lot: string, failingX: number[]): string {
  const lines = ['lot,wafer,x,y,hard_bin,tested_at,t1_vdd'];
  for (let x = 0; x < 10; x++) lines.push(`${lot},1,${x},0,${failingX.includes(x) ? 4 : 1},2026-10-0${lot.length}T10:00:00Z,${(1 + x / 10).toFixed(2)}`);
  return lines.join('\n');
}

const deferAll: CanonicalTableName[] = ['result_values', 'die_insertions', 'dies'];

async function opened(store: MemoryStore, defer: CanonicalTableName[] = [], writes = true) {
  const engine = await WasmNodeSqlEngine.open();
  const workspace = new Workspace(engine, store, nodeParquetCodec);
  workspace.summaryCacheWrites = writes;
  await workspace.open(undefined, defer);
  return { engine, workspace };
}

/** Dies and good dies per lot, from `wafer_summary`. */
async function lotCounts(engine: WasmNodeSqlEngine): Promise<Record<string, unknown>[]> {
  const table = await engine.query('SELECT lot, sum(dies)::INTEGER AS dies, sum(good)::INTEGER AS good FROM wafer_summary GROUP BY lot ORDER BY lot');
  return table.toArray().map((row) => row.toJSON());
}

const cacheFiles = async (store: MemoryStore): Promise<string[]> => (await store.listFiles(summaryCacheFolder)).sort();

describe('summary cache (Parquet in cache/, named by the manifest stamp; real duckdb-wasm)', () => {
  it('is read by an open of the same manifest, and neither a stale nor a damaged cache changes a number', async () => {
    const store = new MemoryStore();
    const first = await opened(store);
    await commitDieCsv(first.workspace, first.engine, lotCsv('LA', [2, 5]), 'imp_a');
    const afterFirst = await cacheFiles(store);
    expect(afterFirst).toHaveLength(2);
    const stale = new Map(afterFirst.map((path) => [path, store.files.get(path)!]));
    await commitDieCsv(first.workspace, first.engine, lotCsv('LBB', [1]), 'imp_b');
    const current = await cacheFiles(store);
    // The second commit's stamp replaced the first one's files.
    expect(current).toHaveLength(2);
    expect(current.some((path) => stale.has(path))).toBe(false);
    first.engine.close();
    // 10 dies per lot; LA fails x = 2 and 5, LBB fails x = 1.
    const truth = [{ lot: 'LA', dies: 10, good: 8 }, { lot: 'LBB', dies: 10, good: 9 }];

    // Same manifest: the summaries come from the cache and the dies wait for loadDeferred.
    const cached = await opened(store, deferAll);
    expect(cached.workspace.pendingTables).toContain('dies');
    expect(Number((await cached.engine.query('SELECT count(*)::INTEGER AS n FROM dies')).get(0)?.n)).toBe(0);
    expect(await lotCounts(cached.engine)).toEqual(truth);
    await cached.workspace.loadDeferred();
    expect(await lotCounts(cached.engine)).toEqual(truth);
    cached.engine.close();

    // Opened whole from the cache, then an import: the summaries follow it, and so does the cache written for it.
    const importer = await opened(store);
    expect(await lotCounts(importer.engine)).toEqual(truth);
    await commitDieCsv(importer.workspace, importer.engine, lotCsv('LC', [0, 1, 2]), 'imp_c');
    const withLc = [...truth, { lot: 'LC', dies: 10, good: 7 }];
    expect(await lotCounts(importer.engine)).toEqual(withLc);
    importer.engine.close();
    const afterImport = await opened(store, deferAll);
    expect(afterImport.workspace.pendingTables).toContain('dies');
    expect(await lotCounts(afterImport.engine)).toEqual(withLc);
    // A removal comes after the load (the hosts hold it until then).
    await afterImport.workspace.loadDeferred();
    await afterImport.workspace.removeImports(['imp_c']);
    expect(await lotCounts(afterImport.engine)).toEqual(truth);
    afterImport.engine.close();

    // Only the first import's cache (another manifest): not used, the dies load at once, the cache is written again.
    for (const path of current) await store.removeFile(path);
    for (const [path, bytes] of stale) store.files.set(path, bytes);
    const fromStale = await opened(store, deferAll);
    expect(fromStale.workspace.pendingTables).not.toContain('dies');
    expect(await lotCounts(fromStale.engine)).toEqual(truth);
    await fromStale.workspace.loadDeferred();
    expect(await cacheFiles(store)).toEqual(current);
    fromStale.engine.close();

    // A damaged cache file of this manifest: the summaries are built, the open reports no problem, the file is rewritten.
    const damagedPath = current.find((path) => path.includes('wafer_summary.'))!;
    store.files.set(damagedPath, new TextEncoder().encode('not parquet'));
    const fromDamaged = await opened(store, deferAll);
    expect(fromDamaged.workspace.problems).toEqual([]);
    expect(fromDamaged.workspace.pendingTables).not.toContain('dies');
    expect(await lotCounts(fromDamaged.engine)).toEqual(truth);
    await fromDamaged.workspace.loadDeferred();
    expect(new TextDecoder().decode(store.files.get(damagedPath)!.subarray(0, 4))).toBe('PAR1');
    fromDamaged.engine.close();
  }, 120_000);

  it('is not written by a workspace that may not write', async () => {
    const store = new MemoryStore();
    const writer = await opened(store);
    await commitDieCsv(writer.workspace, writer.engine, lotCsv('LA', [3]), 'imp_a');
    writer.engine.close();
    for (const path of await cacheFiles(store)) await store.removeFile(path);
    const reader = await opened(store, deferAll, false);
    await reader.workspace.loadDeferred();
    expect(await lotCounts(reader.engine)).toEqual([{ lot: 'LA', dies: 10, good: 9 }]);
    expect(await cacheFiles(store)).toEqual([]);
    reader.engine.close();
  }, 60_000);
});
