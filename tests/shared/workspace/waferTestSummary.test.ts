/**
 * The X-bar/S subgroups read `wafer_test_summary` (issue #12 §8: 2.2 s p50 from the final values of
 * 10M dies): after every import, a retest file into an existing lot, the removal of imports and a
 * reopen with the results loaded behind the first view, the subgroups equal an independent
 * computation in plain TypeScript from the generated CSV rows (each die's final value per test,
 * quartiles as DuckDB's quantile_cont interpolates them, far-out fences, sample stddev), and the
 * table kept lot by lot equals a rebuild from scratch.
 */
import { describe, expect, it } from 'vitest';
import { nodeParquetCodec } from '../../../node/engine/parquetCodec.ts';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { waferTestSummarySelectSql } from '../../../shared/schema/waferTestSummary.ts';
import { summaryCacheFolder } from '../../../shared/workspace/summaryCache.ts';
import { parametricSubgroupsSql } from '../../../shared/sql/spcSql.ts';
import { Workspace } from '../../../shared/workspace/workspace.ts';
import { commitDieCsv, MemoryStore } from '../../support/memoryWorkspace.ts';
import { SeededRandom } from '../../../sample-data/generator/random.ts';

/** One tested row of a die CSV. */
interface TestedRow {
  lot: string;
  wafer: number;
  x: number;
  y: number;
  insertion: number;
  testedAt: string;
  /** t1_vdd and t2_idd; null: an empty cell (not a measurement). */
  values: [number | null, number | null];
}

/** A generated die CSV: its import id and rows. */
interface GeneratedFile {
  importId: string;
  rows: TestedRow[];
}

/** Deterministic numbers: the sample generator's seeded stream. */
function randomOf(seed: number): () => number {
  const stream = new SeededRandom(seed);
  return () => stream.next();
}

/** A measurement around `mean`: normal-ish, now and then a killed die far out, now and then missing. */
function measured(random: () => number, mean: number, spread: number): number | null {
  const draw = random();
  if (draw < 0.03) return null;
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const value = mean + spread * normal;
  return draw > 0.96 ? value * 40 : value;
}

const side = 6;

/**
 * Three wafers of `lot` with 36 dies; `retested` dies get a second insertion in the same file. On wafer
 * 3, t2 is missing on all but one die (a subgroup of one value: stddev NULL).
 */
function lotFile(importId: string, lot: string, day: string, seed: number, retested = 0): GeneratedFile {
  const random = randomOf(seed);
  const rows: TestedRow[] = [];
  for (let wafer = 1; wafer <= 3; wafer++) {
    const shift = random() * 0.2;
    for (let die = 0; die < side * side; die++) {
      const x = die % side;
      const y = Math.floor(die / side);
      const t2 = (): number | null => (wafer === 3 && die !== 7 ? null : measured(random, 20 + shift * 10, 2));
      const minute = String(die % 60).padStart(2, '0');
      rows.push({ lot, wafer, x, y, insertion: 1, testedAt: `${day}T0${wafer}:${minute}:00Z`, values: [measured(random, 1 + shift, 0.05), t2()] });
      if (die < retested) rows.push({ lot, wafer, x, y, insertion: 2, testedAt: `${day}T0${wafer + 3}:${minute}:00Z`, values: [measured(random, 1 + shift, 0.05), t2()] });
    }
  }
  return { importId, rows };
}

/** A retest file of `lot` a day later: the first `dies` dies of wafers 1 and 2 again, with new values. */
function retestFile(importId: string, lot: string, day: string, seed: number, dies: number): GeneratedFile {
  const random = randomOf(seed);
  const rows: TestedRow[] = [];
  for (const wafer of [1, 2]) {
    for (let die = 0; die < dies; die++) {
      const minute = String(die % 60).padStart(2, '0');
      rows.push({ lot, wafer, x: die % side, y: Math.floor(die / side), insertion: 1, testedAt: `${day}T0${wafer}:${minute}:00Z`, values: [measured(random, 1.3, 0.05), measured(random, 25, 2)] });
    }
  }
  return { importId, rows };
}

function csvOf(file: GeneratedFile): string {
  const cell = (value: number | null): string => (value === null ? '' : String(value));
  return ['lot,wafer,x,y,insertion,hard_bin,tested_at,t1_vdd,t2_idd',
    ...file.rows.map((row) => `${row.lot},${row.wafer},${row.x},${row.y},${row.insertion},1,${row.testedAt},${cell(row.values[0])},${cell(row.values[1])}`)].join('\n');
}

/** One subgroup as the charts read it. */
interface Subgroup {
  test: number;
  lot: string;
  wafer: string;
  n: number;
  mean: number;
  stddev: number | null;
  range: number;
}

/** Quantile with DuckDB's quantile_cont interpolation: position (n − 1)·q between its neighbours. */
function quantileCont(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below]!;
  return below === above ? low : low + (position - below) * (sorted[above]! - low);
}

/**
 * The truth from the files alone: each die's final row (the latest test over every file still
 * imported; within a file the last insertion), its finite values per test and wafer, the wafer's own
 * fences Q1 − 3·IQR .. Q3 + 3·IQR, then n, mean, sample stddev and range of the values inside.
 */
function expectedSubgroups(files: readonly GeneratedFile[]): Subgroup[] {
  const finalRows = new Map<string, TestedRow>();
  for (const row of files.flatMap((file) => file.rows)) {
    const key = `${row.lot}/${row.wafer}/${row.x}/${row.y}`;
    const earlier = finalRows.get(key);
    if (!earlier || row.testedAt > earlier.testedAt) finalRows.set(key, row);
  }
  const valuesOf = new Map<string, number[]>();
  for (const row of finalRows.values()) {
    row.values.forEach((value, index) => {
      if (value === null) return;
      const key = `${index + 1}|${row.lot}|${row.wafer}`;
      valuesOf.set(key, [...(valuesOf.get(key) ?? []), value]);
    });
  }
  return [...valuesOf.entries()].map(([key, values]): Subgroup => {
    const [test, lot, wafer] = key.split('|') as [string, string, string];
    const sorted = [...values].sort((a, b) => a - b);
    const q1 = quantileCont(sorted, 0.25);
    const q3 = quantileCont(sorted, 0.75);
    const kept = sorted.filter((value) => value >= q1 - 3 * (q3 - q1) && value <= q3 + 3 * (q3 - q1));
    const mean = kept.reduce((sum, value) => sum + value, 0) / kept.length;
    const stddev = kept.length < 2 ? null : Math.sqrt(kept.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (kept.length - 1));
    return { test: Number(test), lot, wafer, n: kept.length, mean, stddev, range: kept[kept.length - 1]! - kept[0]! };
  }).sort(bySubgroup);
}

function bySubgroup(a: Subgroup, b: Subgroup): number {
  return a.test - b.test || a.lot.localeCompare(b.lot) || a.wafer.localeCompare(b.wafer);
}

/** The X-bar/S subgroups of every test, as the SPC monitor fetches them. */
async function chartSubgroups(engine: WasmNodeSqlEngine): Promise<Subgroup[]> {
  const rows = (await engine.query(parametricSubgroupsSql(), [null, null, null, null, false, null])).toArray().map((row) => row.toJSON());
  return rows.map((row): Subgroup => ({
    test: Number(row.test_num), lot: String(row.lot), wafer: String(row.wafer), n: Number(row.n), mean: Number(row.mean),
    stddev: row.stddev === null ? null : Number(row.stddev), range: Number(row.range),
  })).sort(bySubgroup);
}

/** Subgroups equal the truth: the same wafers and counts, statistics to rounding (DuckDB sums in another order). */
async function expectTruth(engine: WasmNodeSqlEngine, files: readonly GeneratedFile[]): Promise<void> {
  await expectChartTruth(engine, files);
  // Kept lot by lot, the table holds what a rebuild from every final value holds.
  const ordered = (sql: string) => engine.query(`SELECT * FROM (${sql}) ORDER BY product, lot, wafer, test_key`).then((table) => table.toArray().map((row) => JSON.stringify(row.toJSON(), (_, value: unknown) => (typeof value === 'bigint' ? Number(value) : value))));
  expect(await ordered('SELECT product, lot, wafer, test_key, n, mean, stddev, range FROM wafer_test_summary')).toEqual(await ordered(waferTestSummarySelectSql()));
}

/** The charts' subgroups (from the summaries) equal the TypeScript computation over the files' final values. */
async function expectChartTruth(engine: WasmNodeSqlEngine, files: readonly GeneratedFile[]): Promise<void> {
  const actual = await chartSubgroups(engine);
  const expected = expectedSubgroups(files);
  expect(actual.map(({ test, lot, wafer, n }) => ({ test, lot, wafer, n }))).toEqual(expected.map(({ test, lot, wafer, n }) => ({ test, lot, wafer, n })));
  const close = (a: number | null, b: number | null): boolean => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)));
  for (const [index, subgroup] of expected.entries()) {
    const got = actual[index]!;
    const label = `test ${subgroup.test} ${subgroup.lot}/${subgroup.wafer}`;
    expect(close(got.mean, subgroup.mean), `${label} mean ${got.mean} vs ${subgroup.mean}`).toBe(true);
    expect(close(got.stddev, subgroup.stddev), `${label} stddev ${got.stddev} vs ${subgroup.stddev}`).toBe(true);
    expect(got.range, `${label} range`).toBe(subgroup.range);
  }
}

describe('wafer_test_summary behind the X-bar/S subgroups (issue #12 §8, real duckdb-wasm)', () => {
  it('equals a TypeScript computation from the final values after imports, a retest into a lot, removals and a deferred reopen', async () => {
    const store = new MemoryStore();
    const engine = await WasmNodeSqlEngine.open();
    const workspace = new Workspace(engine, store, nodeParquetCodec);
    await workspace.open();
    const imported: GeneratedFile[] = [];
    const commit = async (file: GeneratedFile) => {
      await commitDieCsv(workspace, engine, csvOf(file), file.importId);
      imported.push(file);
      await expectTruth(engine, imported);
    };
    await commit(lotFile('imp_a', 'LA', '2026-10-01', 1, 5));
    await commit(lotFile('imp_b', 'LB', '2026-10-02', 2));
    await commit(lotFile('imp_c', 'LC', '2026-10-03', 3, 2));
    // A retest file into LA a day later: its dies are final now, so LA's wafers 1 and 2 change (and only LA is recomputed).
    const retest = retestFile('imp_a_retest', 'LA', '2026-10-04', 4, 12);
    const before = await chartSubgroups(engine);
    await commit(retest);
    const after = await chartSubgroups(engine);
    expect(after.filter((subgroup) => subgroup.lot !== 'LA')).toEqual(before.filter((subgroup) => subgroup.lot !== 'LA'));
    expect(after.find((subgroup) => subgroup.lot === 'LA' && subgroup.wafer === '1' && subgroup.test === 1)?.mean).toBeGreaterThan(
      before.find((subgroup) => subgroup.lot === 'LA' && subgroup.wafer === '1' && subgroup.test === 1)!.mean);

    await workspace.removeImports(['imp_a_retest']);
    imported.splice(imported.indexOf(retest), 1);
    await expectTruth(engine, imported);
    expect(await chartSubgroups(engine)).toEqual(before);
    await workspace.removeImports(['imp_b']);
    imported.splice(imported.findIndex((file) => file.importId === 'imp_b'), 1);
    await expectTruth(engine, imported);
    await commit(retest);
    engine.close();

    // Reopened with the results behind the first view and no summary cache: statements naming the summary wait for them.
    const cached = await store.listFiles(summaryCacheFolder);
    expect(cached).toHaveLength(2);
    const cacheBytes = new Map<string, Uint8Array>();
    for (const path of cached) {
      cacheBytes.set(path, (await store.readFile(path))!);
      await store.removeFile(path);
    }
    const again = await WasmNodeSqlEngine.open();
    const reopened = new Workspace(again, store, nodeParquetCodec);
    await reopened.open(undefined, ['result_values', 'die_insertions', 'dies']);
    // Without the cache the dies are loaded at once: the overview's summary is built from them.
    expect(reopened.pendingTables.sort()).toEqual(['die_insertions', 'result_values']);
    expect(await reopened.deferredNames()).toContain('wafer_test_summary');
    await reopened.loadDeferred();
    expect(await reopened.deferredNames()).not.toContain('wafer_test_summary');
    await expectTruth(again, imported);
    again.close();
    // That load wrote the cache again, the same rows as the commit's (files of the same stamp).
    expect((await store.listFiles(summaryCacheFolder)).sort()).toEqual([...cacheBytes.keys()].sort());

    // Reopened with the cache: the charts need neither the dies nor the results, and show the truth before they are in.
    const third = await WasmNodeSqlEngine.open();
    const fromCache = new Workspace(third, store, nodeParquetCodec);
    await fromCache.open(undefined, ['result_values', 'die_insertions', 'dies']);
    expect(fromCache.pendingTables.sort()).toEqual(['die_insertions', 'dies', 'result_values']);
    expect(await fromCache.deferredNames()).not.toContain('wafer_test_summary');
    expect(await fromCache.deferredNames()).not.toContain('wafer_summary');
    expect(Number((await third.query('SELECT count(*)::BIGINT AS n FROM dies')).get(0)?.n)).toBe(0);
    await expectChartTruth(third, imported);
    await fromCache.loadDeferred();
    await expectTruth(third, imported);
    third.close();
  }, 180_000);
});
