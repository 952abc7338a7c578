/**
 * The same analyses over a fab-scale Parquet lake on DuckDB (native, one process) and ClickHouse
 * (chDB in-process here; a cluster in production), side by side with the ratio (issue #17 §3).
 * The lake is written once next to the workspace (<workspace>-lake) in the agreed layout
 * (<table>/product=P/lot=L/*.parquet, zstd). Skipped with a printed reason when chDB is absent
 * (npm install --no-save chdb). LAKE_BENCH_RUNS (default 3) sets the runs per figure.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCommonalityResponse, runCommonality } from '../shared/analysis/commonality.ts';
import { quoteIdent, quoteLiteral, type SqlEngine } from '../shared/engine/sqlEngine.ts';
import { createEmptyRelationSql, lakeTableNames, lakeTables, waferSummaryViewSql } from '../shared/schema/canonical.ts';
import { clickhouseDialect, duckdbDialect, type SqlDialect } from '../shared/sql/dialect.ts';
import { ClickHouseSqlEngine } from '../node/engine/clickhouseEngine.ts';
import { chdbTransport, loadChdb } from '../node/engine/clickhouseTransports.ts';
import { NativeSqlEngine } from '../node/engine/nativeEngine.ts';
import { fabScaleWorkspace, printMedian } from './fabScale.ts';

const everything = { product: null, from: null, to: null, lots: null };

/** Write the workspace's tables as a Hive-partitioned lake (once); returns its folder. */
async function benchLake(workspace: string): Promise<string> {
  const root = `${workspace.replace(/\/+$/, '')}-lake`;
  if (existsSync(join(root, 'dies'))) return root;
  const started = performance.now();
  mkdirSync(root, { recursive: true });
  const engine = await NativeSqlEngine.open();
  try {
    for (const table of lakeTableNames) {
      // The results are stored in two halves keyed by each import's own wafer numbers: joined per import file name.
      const stored = table === 'results' ? 'result_values' : table;
      const folder = join(workspace, 'tables', stored);
      if (!existsSync(folder) || !readdirSync(folder).some((name) => name.endsWith('.parquet'))) continue;
      const read = (name: string): string => `(SELECT *, regexp_extract(filename, '([^/]+?)(\\.part[0-9]+)?\\.parquet$', 1) AS import_file
        FROM read_parquet(${quoteLiteral(join(workspace, 'tables', name, '*.parquet'))}, union_by_name = true, filename = true))`;
      const files = table === 'results'
        ? `(SELECT w.product, w.lot, w.wafer, v.x, v.y, v.insertion, v.test_num, v.test_key, v.value, w.import_id
            FROM ${read('result_values')} v JOIN ${read('result_wafers')} w ON w.import_file = v.import_file AND w.wafer_key = v.wafer_key)`
        : `read_parquet(${quoteLiteral(join(folder, '*.parquet'))}, union_by_name = true)`;
      // Columns an older workspace lacks (a cached fab-scale one has no import_id) are written as NULL.
      const present = new Set((await engine.query(`DESCRIBE SELECT * FROM ${files}`)).toArray().map((row: { column_name: string }) => row.column_name));
      const columns = (lakeTables[table] ?? []).map((column) => (present.has(column.name) ? quoteIdent(column.name) : `NULL::${column.type} AS ${quoteIdent(column.name)}`));
      const partitions = ['product', 'lot'].filter((name) => (lakeTables[table] ?? []).some((column) => column.name === name));
      const partitionBy = partitions.length > 0 ? `, PARTITION_BY (${partitions.map(quoteIdent).join(', ')})` : '';
      await engine.exec(`COPY (SELECT ${columns.join(', ')} FROM ${files}) TO ${quoteLiteral(join(root, table))} (FORMAT parquet${partitionBy}, COMPRESSION zstd)`);
    }
  } finally {
    engine.close();
  }
  console.log(`lake written to ${root} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return root;
}

/** Native DuckDB with one view per lake table. */
async function duckdbOverLake(root: string): Promise<NativeSqlEngine> {
  const engine = await NativeSqlEngine.open();
  const folders = readdirSync(root);
  for (const table of folders) {
    await engine.exec(`CREATE VIEW ${quoteIdent(table)} AS SELECT * FROM read_parquet(${quoteLiteral(join(root, table, '**', '*.parquet'))}, hive_partitioning = true, union_by_name = true)`);
  }
  // Tables the lake has no files of (this generated fab has no STDF equipment records) are empty, as in a workspace:
  // commonality's factors read test_equipment.
  for (const table of lakeTableNames.filter((name) => !folders.includes(name))) await engine.exec(createEmptyRelationSql(table, lakeTables[table] ?? []));
  // The per-wafer counts as an opened lake has them (node/lake/openLake.ts): DuckDB's yield subgroups read them.
  await engine.exec(waferSummaryViewSql);
  return engine;
}

/** Exact per-lot, per-test median and IQR of the parametric results (the figure that outgrows a workstation). */
function testSpreadSql(dialect: SqlDialect): string {
  return `SELECT lot, test_num, count(*) AS n, ${dialect.median('value')} AS median,
      ${dialect.quantileCont('value', '0.75')} - ${dialect.quantileCont('value', '0.25')} AS iqr
    FROM results WHERE value IS NOT NULL GROUP BY lot, test_num ORDER BY lot, test_num`;
}

interface Analysis {
  label: string;
  run(engine: SqlEngine, dialect: SqlDialect): Promise<unknown>;
}

const analyses: Analysis[] = [
  { label: 'commonality, wafer yield', run: (engine, dialect) => runCommonality(engine, { response: parseCommonalityResponse('wafer-yield'), population: everything }, dialect) },
  { label: 'commonality, bin 5 fraction', run: (engine, dialect) => runCommonality(engine, { response: parseCommonalityResponse('bin:5'), population: everything }, dialect) },
  { label: 'commonality, test 1001 mean', run: (engine, dialect) => runCommonality(engine, { response: parseCommonalityResponse('test:1001'), population: everything }, dialect) },
  { label: 'exact median + IQR per lot and test', run: async (engine, dialect) => (await engine.query(testSpreadSql(dialect))).numRows },
];

/** Run the lake benchmark on a workspace folder (default: the cached 10 M-die fab). */
export async function runLakeBench(workspaceDir?: string): Promise<void> {
  if ((await loadChdb()) === null) {
    console.log('lake benchmark skipped: chDB is not installed (npm install --no-save chdb; Linux/macOS)');
    return;
  }
  const runs = Number(process.env.LAKE_BENCH_RUNS ?? 3);
  const lake = await benchLake(workspaceDir ?? (await fabScaleWorkspace()));
  const duckdb = await duckdbOverLake(lake);
  const clickhouse = await ClickHouseSqlEngine.open(await chdbTransport(), { url: lake });
  try {
    console.log(`${'analysis over the lake'.padEnd(40)} ${'DuckDB'.padStart(9)} ${'chDB'.padStart(9)}  chDB/DuckDB`);
    for (const analysis of analyses) {
      const onDuckdb = await printMedian(`  DuckDB: ${analysis.label}`, runs, () => analysis.run(duckdb, duckdbDialect));
      const onClickhouse = await printMedian(`  chDB:   ${analysis.label}`, runs, () => analysis.run(clickhouse, clickhouseDialect));
      console.log(`${analysis.label.padEnd(40)} ${onDuckdb.toFixed(0).padStart(6)} ms ${onClickhouse.toFixed(0).padStart(6)} ms  ${(onClickhouse / onDuckdb).toFixed(2)}`);
    }
  } finally {
    duckdb.close();
    clickhouse.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--workspace');
  await runLakeBench(at > 0 ? process.argv[at + 1] : undefined);
}
