/**
 * Builds the report data from the canonical tables: every figure is aggregated in the engine
 * (shared/sql/reportSql.ts; DuckDB, or ClickHouse over a lake with its dialect); only the few drawn
 * wafers come back die by die. SPC episodes and commonality findings come from optional sources so
 * the report works without those modules.
 */
import type { Table } from 'apache-arrow';
import type { SqlEngine, SqlParam } from '../engine/sqlEngine.ts';
import {
  productSeparator, reportBinParetoSql, reportKpiSql, reportLotTrendSql, reportProductGeometrySql, reportStackedMapSql,
  reportWaferDiesSql, reportWaferTableSql, reportWeekTrendSql, scopeParams, type ReportScope,
} from '../sql/reportSql.ts';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.ts';
import type {
  LotTrendRow, OptionalSection, ParetoRow, ProductGeometry, ReportAlertRow, ReportCommonalityRow, ReportData, ReportKpis,
  ReportRequest, StackedMapData, WaferMapData, WaferRow, WeekTrendRow,
} from './model.ts';
import { worstWaferCount } from './model.ts';
import { waferSpatialSummary } from './waferSummary.ts';

/** Where alerts and commonality findings come from; a source that throws or is absent leaves its section empty with a note. */
export interface ReportSources {
  alerts?: (scope: ReportScope) => Promise<ReportAlertRow[]>;
  commonality?: (scope: ReportScope) => Promise<ReportCommonalityRow[]>;
}

/** Rows of commonality findings the report lists. */
export const commonalityRowLimit = 5;

const dayMs = 86_400_000;

/** A calendar day (YYYY-MM-DD) shifted by whole days. */
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** The scope of a request: the lot's wafers, or the products' wafers first tested from `from` through `to`. */
export function scopeOf(request: ReportRequest): ReportScope {
  if (request.template === 'lot') return { products: [], from: null, toExclusive: null, lot: request.lot };
  return { products: request.products, from: `${request.from}T00:00:00`, toExclusive: `${shiftDay(request.to, 1)}T00:00:00`, lot: null };
}

/** The period of equal length just before the request's (`to` inclusive). */
export function previousPeriod(request: ReportRequest): { from: string; to: string } {
  const days = Math.round((Date.parse(request.to) - Date.parse(request.from)) / dayMs) + 1;
  return { from: shiftDay(request.from, -days), to: shiftDay(request.from, -1) };
}

function rowsOf(table: Table): Record<string, unknown>[] {
  return table.toArray().map((row) => (row as { toJSON(): Record<string, unknown> }).toJSON());
}

function numberOf(value: unknown): number {
  return value === null || value === undefined ? Number.NaN : Number(value);
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

async function kpisOf(engine: SqlEngine, scope: ReportScope, dialect: SqlDialect): Promise<ReportKpis> {
  const row = rowsOf(await engine.query(reportKpiSql(dialect), scopeParams(scope)))[0] ?? {};
  return {
    lots: numberOf(row.lots ?? 0), wafers: numberOf(row.wafers ?? 0), dies: numberOf(row.dies ?? 0), good: numberOf(row.good ?? 0),
    yield: nullableNumber(row.yield), firstPassYield: nullableNumber(row.first_pass_yield),
  };
}

function lotTrendRows(table: Table): LotTrendRow[] {
  return rowsOf(table).map((row) => ({
    lot: String(row.lot), product: String(row.product), firstTest: String(row.first_test), wafers: numberOf(row.wafers),
    dies: numberOf(row.dies), good: numberOf(row.good), yield: numberOf(row.yield), firstPassYield: numberOf(row.first_pass_yield),
  }));
}

function weekTrendRows(table: Table): WeekTrendRow[] {
  return rowsOf(table).map((row) => ({
    week: String(row.week), wafers: numberOf(row.wafers), dies: numberOf(row.dies), good: numberOf(row.good), yield: numberOf(row.yield),
  }));
}

function paretoRows(table: Table): ParetoRow[] {
  return rowsOf(table).map((row) => ({
    bin: numberOf(row.bin), name: String(row.name ?? ''), dies: numberOf(row.dies), shareOfFails: numberOf(row.share_of_fails),
    shareOfDies: numberOf(row.share_of_dies), cumulativeShare: numberOf(row.cumulative_share),
  }));
}

function waferRows(table: Table): WaferRow[] {
  return rowsOf(table).map((row) => ({
    lot: String(row.lot), wafer: String(row.wafer), product: String(row.product), dies: numberOf(row.dies), good: numberOf(row.good),
    yield: numberOf(row.yield), firstPassYield: numberOf(row.first_pass_yield), firstTest: String(row.first_test),
    topFailBin: nullableNumber(row.top_fail_bin), topFailName: String(row.top_fail_name ?? ''), topFailDies: numberOf(row.top_fail_dies),
    signature: null, edgeToCenterDelta: null,
  }));
}

function geometryRows(table: Table): ProductGeometry[] {
  return rowsOf(table).map((row) => ({
    product: String(row.product), waferSizeMm: numberOf(row.wafer_size_mm), dieWidthMm: numberOf(row.die_width_mm),
    dieHeightMm: numberOf(row.die_height_mm), flat: String(row.flat ?? ' '), posX: String(row.pos_x ?? ' '), posY: String(row.pos_y ?? ' '),
    centerX: numberOf(row.center_x), centerY: numberOf(row.center_y),
  }));
}

async function waferMaps(engine: SqlEngine, scope: ReportScope, wafers: readonly WaferRow[], dialect: SqlDialect): Promise<WaferMapData[]> {
  if (wafers.length === 0) return [];
  const keys = wafers.map((wafer) => `${wafer.lot}|${wafer.wafer}`);
  const params: SqlParam[] = [...scopeParams(scope), keys.join(productSeparator)];
  const table = await engine.query(reportWaferDiesSql(dialect), params);
  const maps = new Map<string, WaferMapData>(wafers.map((wafer) => [`${wafer.lot}|${wafer.wafer}`, {
    lot: wafer.lot, wafer: wafer.wafer, product: wafer.product, yield: wafer.yield, xs: [], ys: [], bins: [], passes: [],
  }]));
  const [lots, waferIds, xs, ys, bins, passes] = ['lot', 'wafer', 'x', 'y', 'hard_bin', 'pass'].map((name) => table.getChild(name));
  for (let index = 0; index < table.numRows; index++) {
    const map = maps.get(`${lots?.get(index)}|${waferIds?.get(index)}`);
    if (!map) continue;
    map.xs.push(Number(xs?.get(index)));
    map.ys.push(Number(ys?.get(index)));
    map.bins.push(Number(bins?.get(index)));
    map.passes.push(Boolean(passes?.get(index)));
  }
  return keys.map((key) => maps.get(key)).filter((map): map is WaferMapData => map !== undefined);
}

function stackedMaps(table: Table, wafers: readonly WaferRow[]): StackedMapData[] {
  const byProduct = new Map<string, StackedMapData>();
  for (const row of rowsOf(table)) {
    const product = String(row.product);
    let map = byProduct.get(product);
    if (!map) {
      map = { product, wafers: wafers.filter((wafer) => wafer.product === product).length, xs: [], ys: [], failShares: [] };
      byProduct.set(product, map);
    }
    map.xs.push(numberOf(row.x));
    map.ys.push(numberOf(row.y));
    map.failShares.push(numberOf(row.fail_share));
  }
  return [...byProduct.values()];
}

async function optionalSection<Row>(source: ((scope: ReportScope) => Promise<Row[]>) | undefined, scope: ReportScope, limit: number): Promise<OptionalSection<Row>> {
  if (!source) return { available: false, rows: [] };
  try {
    return { available: true, rows: (await source(scope)).slice(0, limit) };
  } catch {
    // The module behind the source is missing or failed: the section says so instead of failing the report.
    return { available: false, rows: [] };
  }
}

/** Build the whole report for a request; `dialect` is the engine's (ClickHouse over a lake, issue #17 §2). */
export async function buildReport(
  engine: SqlEngine, request: ReportRequest, sources: ReportSources = {}, now: Date = new Date(), dialect: SqlDialect = duckdbDialect,
): Promise<ReportData> {
  const scope = scopeOf(request);
  const params = scopeParams(scope);
  const previous = request.template === 'weekly' ? previousPeriod(request) : null;
  const [kpis, previousKpis, lotTrend, weekTrend, pareto, wafers, stacked, geometry] = await Promise.all([
    kpisOf(engine, scope, dialect),
    previous ? kpisOf(engine, scopeOf({ ...request, ...previous }), dialect) : Promise.resolve(null),
    engine.query(reportLotTrendSql(dialect), params).then(lotTrendRows),
    engine.query(reportWeekTrendSql(dialect), params).then(weekTrendRows),
    engine.query(reportBinParetoSql(dialect), params).then(paretoRows),
    engine.query(reportWaferTableSql(dialect), params).then(waferRows),
    engine.query(reportStackedMapSql(dialect), params),
    engine.query(reportProductGeometrySql(dialect), params).then(geometryRows),
  ]);
  const drawn = request.template === 'lot'
    ? [...wafers].sort((a, b) => (Number(a.wafer) - Number(b.wafer)) || a.wafer.localeCompare(b.wafer))
    : wafers.slice(0, worstWaferCount);
  const maps = await waferMaps(engine, scope, drawn, dialect);
  if (request.template === 'lot') addSpatialSummaries(wafers, maps, geometry);
  return {
    request,
    generatedAt: now.toISOString(),
    kpis,
    previous: previous && previousKpis ? { ...previous, kpis: previousKpis } : null,
    lotTrend, weekTrend, pareto, wafers,
    waferMaps: maps,
    stackedMaps: stackedMaps(stacked, wafers),
    geometry,
    alerts: await optionalSection(sources.alerts, scope, Number.POSITIVE_INFINITY),
    commonality: await optionalSection(sources.commonality, scope, commonalityRowLimit),
  };
}

function addSpatialSummaries(wafers: WaferRow[], maps: readonly WaferMapData[], geometry: readonly ProductGeometry[]): void {
  const mapOf = new Map(maps.map((map) => [`${map.lot}|${map.wafer}`, map]));
  for (const wafer of wafers) {
    const map = mapOf.get(`${wafer.lot}|${wafer.wafer}`);
    if (!map) continue;
    const summary = waferSpatialSummary(map, geometry.find((entry) => entry.product === wafer.product) ?? null);
    wafer.signature = summary.signature;
    wafer.edgeToCenterDelta = summary.edgeToCenterDelta;
  }
}
