/**
 * The app's view queries at fab scale on both engines (issue #12 §8): the fab-scale workspace
 * (bench/fabScale.ts, 10M dies by default) opened the way the CLI and the desktop engine open it,
 * first view (open + KPI tiles) timed, then the overview, lot, wafer map, bin Pareto and SPC queries
 * the views run, each repeated, with p50 and p95 per engine and their ratio against the 150 ms target.
 * `npx tsx bench/viewQueryBench.ts --workspace DIR [--runs N] [--engines native,wasm]`.
 */
import { EngineHost } from '../node/engine/engineServer.ts';
import { openNodeWorkspace, type NodeEngineKind, type NodeSqlEngine } from '../node/workspace/openWorkspace.ts';
import type { SqlParam } from '../shared/engine/sqlEngine.ts';
import { binParetoSql, selectionParams } from '../shared/sql/drilldownSql.ts';
import { kpiSql, lotTableSql, lotTrendSql, lotWafersSql, productParams, productPeriodSql, productYieldSql } from '../shared/sql/overviewSql.ts';
import { lotYieldSql, parametricSubgroupsSql, waferProportionSql } from '../shared/sql/spcSql.ts';
import { waferDiesSql, waferHeaderSql } from '../shared/sql/waferMapSql.ts';
import { option } from './benchOptions.ts';

const workspaceDir = option('--workspace');
if (!workspaceDir) throw new Error('viewQueryBench: --workspace DIR is required (bench/run.ts passes the fab-scale workspace)');
const runs = Number(option('--runs') ?? 20);
const engines = (option('--engines') ?? 'native,wasm').split(',') as NodeEngineKind[];
const targetMs = 150;

/** One view query: the SQL and its parameters, as the view's store binds them. */
interface ViewQuery {
  view: string;
  sql: string;
  params: SqlParam[];
}

function viewQueries(lot: string, wafer: string): ViewQuery[] {
  const everyProduct = productParams(null);
  // The overview compares the latest two weeks with the two before (renderer/src/stores/overview.ts).
  const days = 14;
  const spcFilter: SqlParam[] = ['VEGA', null, null, null, false];
  const selection = selectionParams({ lots: [lot] });
  return [
    { view: 'overview: KPI tiles', sql: kpiSql, params: everyProduct },
    { view: 'overview: yield per product', sql: productYieldSql, params: everyProduct },
    { view: 'overview: period yields per product', sql: productPeriodSql, params: [...everyProduct, days, days, days, ...everyProduct] },
    { view: 'overview: lot table', sql: lotTableSql, params: everyProduct },
    { view: 'overview: yield trend', sql: lotTrendSql, params: everyProduct },
    { view: 'lot: wafers', sql: lotWafersSql, params: [lot, lot] },
    { view: 'wafer map: header', sql: waferHeaderSql, params: [lot, wafer, lot, wafer] },
    { view: 'wafer map: dies', sql: waferDiesSql, params: [lot, wafer] },
    { view: 'drill-down: hard-bin Pareto of a lot', sql: binParetoSql('hard'), params: selection },
    { view: 'SPC: wafer yield p chart', sql: waferProportionSql('good'), params: spcFilter },
    { view: 'SPC: lot yield chart', sql: lotYieldSql(), params: spcFilter },
    { view: 'SPC: X-bar/S subgroups of one test', sql: parametricSubgroupsSql(), params: [...spcFilter, 1001] },
  ];
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

type Figures = { firstViewMs: number; byView: Map<string, { p50: number; p95: number }> };

async function measure(kind: NodeEngineKind): Promise<Figures> {
  const started = performance.now();
  const { engine } = await openNodeWorkspace(workspaceDir!, { engine: kind });
  await engine.query(kpiSql, productParams(null));
  const firstViewMs = performance.now() - started;
  const byView = new Map<string, { p50: number; p95: number }>();
  try {
    const first = (await engine.query(`SELECT lot, wafer FROM dies ORDER BY lot, wafer LIMIT 1`)).toArray()[0] as { lot: string; wafer: string };
    for (const query of viewQueries(first.lot, first.wafer)) byView.set(query.view, await timed(engine, query));
  } finally {
    engine.close();
  }
  return { firstViewMs, byView };
}

async function timed(engine: NodeSqlEngine, query: ViewQuery): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await engine.query(query.sql, query.params);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

/**
 * The first view through an engine host: writable (Electron's engine process, `serve --allow-import`)
 * or read-only (`serve`, a shift lead's browser): it opens the workspace and answers the KPI tiles
 * while `results` and `die_insertions` load behind them.
 */
async function hostFirstView(allowWrites: boolean): Promise<{ firstViewMs: number; loadedMs: number }> {
  const started = performance.now();
  const host = await EngineHost.create({ root: workspaceDir!, allowWrites });
  try {
    await host.open();
    await host.engine.query(kpiSql, productParams(null));
    const firstViewMs = performance.now() - started;
    await host.loaded();
    return { firstViewMs, loadedMs: performance.now() - started };
  } finally {
    host.close();
  }
}

const desktop = engines.includes('native') ? await hostFirstView(true) : null;
const served = engines.includes('native') ? await hostFirstView(false) : null;
const figures = new Map<NodeEngineKind, Figures>();
for (const kind of engines) figures.set(kind, await measure(kind));

const native = figures.get('native');
const wasm = figures.get('wasm');
const cell = (value: number | undefined): string => (value === undefined ? 'skipped' : `${value.toFixed(0)} ms`).padStart(9);
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? '' : `${(b / a).toFixed(1)}x`).padStart(7);
console.log(`view queries, ${runs} runs each; p95 native | p95 wasm | wasm/native | native p95 within ${targetMs} ms`);
// The CLI opens every table before its first statement; the app's first view is the engine host's (below), which defers the large tables.
console.log(`${'CLI open (every table) + KPI tiles'.padEnd(44)}${cell(native?.firstViewMs)}${cell(wasm?.firstViewMs)}${ratio(native?.firstViewMs, wasm?.firstViewMs)}`);
for (const [label, host] of [['first view, desktop engine host', desktop], ['first view, read-only served host', served]] as const) {
  if (host) console.log(`${label.padEnd(44)}${cell(host.firstViewMs)}${cell(undefined)}${''.padStart(7)}   target 3000 ms: ${host.firstViewMs <= 3000 ? 'met' : 'not met'} (results and insertions in after ${host.loadedMs.toFixed(0)} ms)`);
}
let met = 0;
for (const view of (native ?? wasm)!.byView.keys()) {
  const n = native?.byView.get(view);
  const w = wasm?.byView.get(view);
  if (n && n.p95 <= targetMs) met++;
  console.log(`${view.padEnd(44)}${cell(n?.p95)}${cell(w?.p95)}${ratio(n?.p95, w?.p95)}   ${n ? (n.p95 <= targetMs ? 'yes' : 'no') : ''} (p50 ${n ? n.p50.toFixed(0) : '-'} ms)`);
}
if (native) console.log(`native: ${met} of ${native.byView.size} view queries within p95 ${targetMs} ms`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
