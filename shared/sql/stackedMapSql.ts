/**
 * SQL for stacked (composite) wafer maps over any selection of wafers: per die position (x, y) the
 * fail percentage, or the mean / median / sigma of one parametric test at each die's final test.
 * Aggregated in DuckDB, one row per cell, across every import, file and lot of the selection.
 */
import { SqlParameters as Parameters, type BoundSql } from './boundSql.ts';
import { finalResultsSql } from '../schema/canonical.ts';

/** Which wafers a stacked map covers; every given criterion must hold (none given: every wafer). */
export interface WaferSelection {
  /** Lots to include. */
  lots?: readonly string[];
  /** Products to include. */
  products?: readonly string[];
  /** Explicit wafers (e.g. one factor level of a commonality analysis). */
  wafers?: readonly { lot: string; wafer: string }[];
  /** Wafers whose first die was tested on or after this day (ISO date, UTC). */
  from?: string;
  /** Wafers whose first die was tested on or before this day (ISO date, UTC, inclusive). */
  to?: string;
}

/** Statistic of a parametric test per cell. */
export type StackedStatistic = 'mean' | 'median' | 'sigma';

/** What each cell shows: fail percentage, or a statistic of one test's values; `testNumber` is the test key (tests.test_key, see testKeyOf). */
export type StackedMeasure = { kind: 'failPercent' } | { kind: 'parametric'; testNumber: number; statistic: StackedStatistic };

/**
 * WHERE conditions on a relation `alias` (lot, wafer, product columns) for the selection; the date
 * range, applied per wafer from `dies`, is left out when `withDates` is false.
 */
function selectionConditions(selection: WaferSelection, alias: string, parameters: Parameters, withDates = true): string[] {
  const conditions: string[] = [];
  if (selection.lots && selection.lots.length > 0) {
    conditions.push(`${alias}.lot IN (${selection.lots.map((lot) => parameters.bind(lot)).join(', ')})`);
  }
  if (selection.products && selection.products.length > 0) {
    conditions.push(`${alias}.product IN (${selection.products.map((product) => parameters.bind(product)).join(', ')})`);
  }
  if (selection.wafers && selection.wafers.length > 0) {
    const pairs = selection.wafers.map((entry) => `(${parameters.bind(entry.lot)}, ${parameters.bind(entry.wafer)})`);
    conditions.push(`(${alias}.lot, ${alias}.wafer) IN (SELECT (chosen.lot, chosen.wafer) FROM (VALUES ${pairs.join(', ')}) chosen(lot, wafer))`);
  }
  if (withDates && (selection.from || selection.to)) {
    const bounds: string[] = [];
    if (selection.from) bounds.push(`min(tested_at) >= ${parameters.bind(selection.from)}::DATE`);
    if (selection.to) bounds.push(`min(tested_at) < ${parameters.bind(selection.to)}::DATE + INTERVAL 1 DAY`);
    conditions.push(`(${alias}.lot, ${alias}.wafer) IN (SELECT (lot, wafer) FROM dies GROUP BY lot, wafer HAVING ${bounds.join(' AND ')})`);
  }
  return conditions;
}

function whereClause(conditions: string[], extra: string[] = []): string {
  const all = [...extra, ...conditions];
  return all.length > 0 ? `WHERE ${all.join(' AND ')}` : '';
}

const statisticSql: Record<StackedStatistic, string> = {
  mean: 'avg(value)',
  median: 'median(value)',
  sigma: 'stddev_samp(value)',
};

/**
 * One row per (x, y) of the selection: `dies` (dies behind the cell), `wafers`, and `value` (fail %
 * 0..100, or the statistic of the test; NULL when no die has a value). Ordered by y, x.
 */
export function stackedMapSql(selection: WaferSelection, measure: StackedMeasure): BoundSql {
  const parameters = new Parameters();
  if (measure.kind === 'failPercent') {
    const where = whereClause(selectionConditions(selection, 'd', parameters), ['d.x IS NOT NULL', 'd.y IS NOT NULL']);
    const sql = `SELECT d.x::INTEGER AS x, d.y::INTEGER AS y, count(*)::INTEGER AS dies,
        count(DISTINCT (d.lot, d.wafer))::INTEGER AS wafers,
        (100.0 * sum(CASE WHEN d.pass THEN 0 ELSE 1 END) / count(*))::DOUBLE AS value
      FROM dies d ${where} GROUP BY d.x, d.y ORDER BY y, x`;
    return { sql, params: parameters.values };
  }
  const test = parameters.bind(measure.testNumber);
  // Only `r` needs the whole selection; the other relations of finalResultsSql get the cheap criteria to skip other wafers.
  const scope = (alias: string): string => {
    const conditions = selectionConditions(selection, alias, parameters, alias === 'r');
    return conditions.length > 0 ? conditions.join(' AND ') : 'TRUE';
  };
  const finalValues = finalResultsSql({ wafers: scope, results: `coalesce(r.test_key, r.test_num) = ${test}::INTEGER AND r.x IS NOT NULL AND r.y IS NOT NULL` });
  const sql = `WITH final AS (${finalValues})
    SELECT x::INTEGER AS x, y::INTEGER AS y, count(value)::INTEGER AS dies, count(DISTINCT (lot, wafer))::INTEGER AS wafers,
      ${statisticSql[measure.statistic]}::DOUBLE AS value
    FROM final GROUP BY x, y ORDER BY y, x`;
  return { sql, params: parameters.values };
}

/**
 * Size of the selection and the orientation to draw it with: wafer, lot and die counts, products,
 * and the most common orientation fields of its wafers (NULLs when no wafer rows were imported).
 */
export function stackedSummarySql(selection: WaferSelection): BoundSql {
  const parameters = new Parameters();
  const where = whereClause(selectionConditions(selection, 'd', parameters));
  const sql = `WITH chosen AS (
      SELECT d.lot, d.wafer, any_value(d.product) AS product, count(*) AS dies FROM dies d ${where} GROUP BY d.lot, d.wafer),
    shapes AS (
      SELECT w.wafer_size_mm, w.die_width_mm, w.die_height_mm, w.flat, w.pos_x, w.pos_y, w.center_x, w.center_y, count(*) AS wafers
      FROM wafers w JOIN chosen c ON c.lot = w.lot AND c.wafer = w.wafer GROUP BY ALL ORDER BY wafers DESC LIMIT 1)
    SELECT (SELECT count(*) FROM chosen)::INTEGER AS wafers, (SELECT count(DISTINCT lot) FROM chosen)::INTEGER AS lots,
      (SELECT coalesce(sum(dies), 0) FROM chosen)::BIGINT AS dies,
      (SELECT coalesce(string_agg(DISTINCT product, ',' ORDER BY product), '') FROM chosen) AS products,
      s.wafer_size_mm::DOUBLE AS wafer_size_mm, s.die_width_mm::DOUBLE AS die_width_mm, s.die_height_mm::DOUBLE AS die_height_mm,
      s.flat, s.pos_x, s.pos_y, s.center_x::INTEGER AS center_x, s.center_y::INTEGER AS center_y
    FROM (SELECT 1) one LEFT JOIN shapes s ON true`;
  return { sql, params: parameters.values };
}

/** Lots the selection controls offer: lot, product, wafers, first test time, newest first. */
export const selectableLotsSql = `SELECT lot, product, wafers, first_test_time FROM lots ORDER BY first_test_time DESC, lot`;

/** Tests a stacked map can show for the given products (tests table): test_key (what the map asks for), test_num (what users see), name, units. */
export function stackedTestsSql(products: readonly string[]): BoundSql {
  const parameters = new Parameters();
  const filter = products.length > 0 ? `WHERE product IN (${products.map((product) => parameters.bind(product)).join(', ')})` : '';
  const sql = `SELECT coalesce(test_key, test_num)::INTEGER AS test_key, any_value(test_num)::INTEGER AS test_num, any_value(name) AS name,
      any_value(units) AS units
    FROM tests ${filter} GROUP BY coalesce(test_key, test_num) ORDER BY any_value(test_num), test_key DESC`;
  return { sql, params: parameters.values };
}
