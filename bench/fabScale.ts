/**
 * A fab-scale workspace for the benchmarks: by default 10 million final die rows (VEGA-like, 5,000
 * die per wafer, 25-wafer lots: 2,000 wafers in 80 lots), two parametric tests with limits
 * (20 million result rows), bins, wafer details and a five-step route (3 tools x 2 chambers per
 * step, one chamber degraded from a date). Built with SQL in the real engine, written through the
 * workspace code (Parquet + manifest) and cached under the OS temp dir, so each benchmark opens it
 * like the app or the CLI would.
 */
import { existsSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNodeEngine, workspaceOn, type NodeEngineKind, type NodeSqlEngine } from '../node/workspace/openWorkspace.ts';
import { quoteIdent } from '../shared/engine/sqlEngine.ts';
import type { CanonicalTableName } from '../shared/schema/canonical.ts';
import { splitWideResultsSql, stagingTable, wideResultsStaging } from '../shared/sql/staging.ts';
import type { Workspace } from '../shared/workspace/workspace.ts';

const diesPerWafer = 5000;
const importId = 'bench_fab_scale';

/** Wafers per import: the fab arrives in batches, like tester files, and each stays well inside wasm memory. */
const wafersPerBatch = 200;

/** SELECTs producing each table's rows for wafers [first, first + count) of `wafers` (columns by canonical name). */
function tableSql(wafers: number, first: number, count: number): Record<string, string> {
  const waferRows = `SELECT w, 'L' || lpad((w // 25)::VARCHAR, 4, '0') AS lot, (w % 25 + 1)::VARCHAR AS wafer,
      TIMESTAMP '2026-06-01' + to_minutes((w * 90)::BIGINT) AS start_time FROM range(${first}, ${first + count}) t(w)`;
  return {
    wafers: `SELECT 'VEGA' AS product, lot, wafer, 'T' || (w % 4 + 1) AS tester, 'PC-' || (w % 3 + 1) AS probe_card, 'VEGA_SORT' AS program,
        start_time, start_time + INTERVAL 80 MINUTE AS end_time, 300.0 AS wafer_size_mm, 3.6 AS die_width_mm, 3.6 AS die_height_mm,
        'D' AS flat, 'R' AS pos_x, 'D' AS pos_y, 40 AS center_x, 31 AS center_y FROM (${waferRows})`,
    // 10 % of dies fail; 25 % on wafers etched in ETCH-02/B during the second half of the period.
    dies: `SELECT 'VEGA' AS product, 'L' || lpad((w // 25)::VARCHAR, 4, '0') AS lot, (w % 25 + 1)::VARCHAR AS wafer,
        (d % 80)::INTEGER AS x, (d // 80)::INTEGER AS y, NULL::VARCHAR AS part_id, (i % 4 + 1)::INTEGER AS site,
        CASE WHEN fails THEN 5 + (hash(i) % 3)::INTEGER ELSE 1 END AS hard_bin, CASE WHEN fails THEN 50 ELSE 1 END AS soft_bin,
        NOT fails AS pass, NOT fails AS first_pass, 1 AS insertions,
        TIMESTAMP '2026-06-01' + to_minutes((w * 90)::BIGINT) + to_milliseconds((d * 900)::BIGINT) AS tested_at, 350.0 AS test_time_ms
      FROM (SELECT i, w, d, hash(i) % 100 < CASE WHEN hash(w, 'ETCH') % 3 = 1 AND hash('ETCH', w) % 2 = 1 AND w >= ${Math.floor(wafers / 2)} THEN 25 ELSE 10 END AS fails
            FROM (SELECT i, i // ${diesPerWafer} AS w, i % ${diesPerWafer} AS d FROM range(${first * diesPerWafer}, ${(first + count) * diesPerWafer}) t(i)))`,
    die_insertions: `SELECT product, lot, wafer, x, y, part_id, site, hard_bin, soft_bin, pass, 1 AS insertion, tested_at, test_time_ms, 0 AS __row FROM ${quoteIdent(stagingTable('dies', importId))}`,
    tests: `SELECT 'VEGA' AS product, * FROM (VALUES (1001, 'vth_n', 'V', 0.35, 0.55), (1002, 'idsat_n', 'mA', 0.8, 1.2)) v(test_num, name, units, lo_limit, hi_limit)`,
    results: `SELECT product, lot, wafer, x, y, 1 AS insertion, t.test_num, NULL::INTEGER AS test_key, NULL::VARCHAR AS import_id,
        CASE t.test_num WHEN 1001 THEN 0.45 + ((hash(x, y, lot, wafer) % 1000) / 1000.0 - 0.5) * 0.08 ELSE 1.0 + ((hash(y, x, wafer, lot) % 1000) / 1000.0 - 0.5) * 0.2 END AS value
        FROM ${quoteIdent(stagingTable('dies', importId))}, (VALUES (1001), (1002)) t(test_num)`,
    bins: `SELECT 'VEGA' AS product, * FROM (VALUES ('hard', 1, 'PASS', true), ('hard', 5, 'OPEN_SHORT', false), ('hard', 6, 'LEAKAGE', false), ('hard', 7, 'FUNCTIONAL', false),
        ('soft', 1, 'PASS', true), ('soft', 50, 'FAIL', false)) v(bin_type, bin, name, pass)`,
    equipment_history: `SELECT lot, wafer, step, step || '-0' || (hash(w, step) % 3 + 1) AS tool,
        step || '-0' || (hash(w, step) % 3 + 1) || '/' || CASE WHEN hash(step, w) % 2 = 0 THEN 'A' ELSE 'B' END AS chamber,
        step || '_R1' AS recipe, start_time - to_hours((6 - s)::BIGINT * 24) AS start_time, start_time - to_hours((6 - s)::BIGINT * 24 - 2) AS end_time
        FROM (${waferRows}), (VALUES (1, 'LITHO'), (2, 'ETCH'), (3, 'DEP'), (4, 'IMPLANT'), (5, 'CMP')) r(s, step)`,
  };
}

/** Build (or reuse) the cached fab-scale workspace folder; returns its path. */
export async function fabScaleWorkspace(dies = 10_000_000): Promise<string> {
  const target = join(tmpdir(), `ym-fab-scale-${dies}-v2`);
  if (existsSync(join(target, 'manifest.json'))) return target;
  const building = mkdtempSync(join(tmpdir(), 'ym-fab-scale-building-'));
  const started = performance.now();
  const engine = await openNodeEngine('native');
  try {
    const workspace = workspaceOn(engine, building);
    await workspace.open();
    const wafers = Math.ceil(dies / diesPerWafer);
    const tables = ['wafers', 'dies', 'die_insertions', 'tests', 'results', 'bins', 'equipment_history'] as const;
    const stored: CanonicalTableName[] = ['wafers', 'dies', 'die_insertions', 'tests', 'result_wafers', 'result_values', 'bins', 'equipment_history'];
    for (let first = 0; first < wafers; first += wafersPerBatch) {
      const count = Math.min(wafersPerBatch, wafers - first);
      const batchId = `${importId}_${String(first).padStart(6, '0')}`;
      const statements = tableSql(wafers, first, count);
      for (const table of tables) {
        const sql = statements[table]?.replaceAll(quoteIdent(stagingTable('dies', importId)), quoteIdent(stagingTable('dies', batchId)));
        const staged = table === 'results' ? wideResultsStaging(batchId) : stagingTable(table, batchId);
        await engine.exec(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(staged)} AS ${sql}`);
      }
      for (const statement of splitWideResultsSql(batchId)) await engine.exec(statement);
      const rows = count * diesPerWafer;
      await workspace.commitImport(batchId, { sourceFile: `synthetic fab, wafers ${first}-${first + count - 1}`, contentHash: `bench-${dies}-${first}`, format: 'sample', rows, warnings: [] }, stored);
      for (const table of stored) await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(stagingTable(table, batchId))}`);
    }
  } finally {
    engine.close();
  }
  renameSync(building, target);
  console.log(`built ${target} (${dies.toLocaleString('en')} dies) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return target;
}

/** Open a workspace folder in a fresh engine (duckdb-wasm unless told), printing how long loading took. */
export async function openBenchWorkspace(dir: string, kind: NodeEngineKind = 'wasm'): Promise<{ engine: NodeSqlEngine; workspace: Workspace }> {
  const engine = await openNodeEngine(kind);
  const workspace = workspaceOn(engine, dir);
  const started = performance.now();
  await workspace.open();
  console.log(`workspace opened (Parquet → ${kind} DuckDB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { engine, workspace };
}

/** Median of `runs` timings of `action`, printed with a label. */
export async function printMedian(label: string, runs: number, action: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await action();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
  console.log(`${label.padEnd(52)} median ${median.toFixed(0).padStart(6)} ms  (${runs} runs)`);
  return median;
}

if (process.argv[1]?.endsWith('fabScale.ts')) {
  const at = process.argv.indexOf('--dies');
  const dir = await fabScaleWorkspace(at > 0 ? Number(process.argv[at + 1]) : undefined);
  console.log(dir);
}
