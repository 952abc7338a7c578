/**
 * Overview at fab scale: 10 million die rows in the real duckdb-wasm (Node bindings), the KPI,
 * lot-table and trend queries the first screen runs (over the per-wafer summary an open workspace
 * rebuilds after each import, timed too), and the workspace's Parquet round trip.
 * Prints medians; run with `npm run bench` (or `npx tsx bench/overviewBench.ts --dies N`).
 */
import { WasmNodeSqlEngine } from '../node/engine/wasmNodeEngine.ts';
import { nodeParquetCodec } from '../node/engine/parquetCodec.ts';
import { createCanonicalTablesSql } from '../shared/workspace/manifest.ts';
import { refreshWaferSummarySql } from '../shared/schema/canonical.ts';
import { kpiSql, lotTableSql, lotTrendSql, productParams } from '../shared/sql/overviewSql.ts';

const argument = process.argv.indexOf('--dies');
const dieCount = argument > 0 ? Number(process.argv[argument + 1]) : 10_000_000;

async function median(label: string, runs: number, action: () => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await action();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} median ${times[Math.floor(times.length / 2)]!.toFixed(0).padStart(6)} ms  (${runs} runs)`);
}

const engine = await WasmNodeSqlEngine.open();
for (const statement of createCanonicalTablesSql()) await engine.exec(statement);
let start = performance.now();
// 5,000 die per wafer, 25 wafers per lot: 80 lots per 10M die; about 10 % fail.
await engine.exec(`INSERT INTO dies SELECT 'VEGA', 'L' || lpad((i // 125000)::VARCHAR, 4, '0'), ((i // 5000) % 25 + 1)::VARCHAR,
  (i % 5000) % 80, (i % 5000) // 80, NULL, (i % 4 + 1)::INTEGER, CASE WHEN hash(i) % 10 = 0 THEN 5 ELSE 1 END, 1,
  hash(i) % 10 <> 0, hash(i) % 10 <> 0, 1, TIMESTAMP '2026-09-01' + to_seconds((i // 1000)::BIGINT), 350.0, 'bench'
  FROM range(${dieCount}) t(i)`);
console.log(`generated ${dieCount.toLocaleString('en')} die rows in ${(performance.now() - start).toFixed(0)} ms`);

// What an open workspace does after every change of the dies: the overview reads this summary.
await median('wafer_summary rebuild (after an import)', 3, () => engine.exec(refreshWaferSummarySql));

const filter = productParams(null);
await median('KPI tiles (count, yield)', 5, () => engine.query(kpiSql, filter));
await median('lot table (per-lot yield, worst wafer)', 5, () => engine.query(lotTableSql, filter));
await median('yield trend by lot', 5, () => engine.query(lotTrendSql, filter));

start = performance.now();
const ipc = await engine.queryIpc('SELECT * FROM dies');
const exportMs = performance.now() - start;
start = performance.now();
const parquet = nodeParquetCodec.encode(ipc);
const encodeMs = performance.now() - start;
start = performance.now();
const decoded = nodeParquetCodec.decode(parquet);
await engine.insertArrowIpc('reloaded', decoded);
const loadMs = performance.now() - start;
console.log(`dies → Arrow IPC ${exportMs.toFixed(0)} ms; → Parquet (zstd) ${encodeMs.toFixed(0)} ms, ${(parquet.length / 1048576).toFixed(1)} MB; Parquet → DuckDB ${loadMs.toFixed(0)} ms`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
engine.close();
