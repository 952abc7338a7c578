/**
 * SQL for outlier screening (shared/screening): PAT limits from the passing dies' final values,
 * the dies outside given limits, GDBN and NNR neighbourhoods, and lot yield / bin history for
 * SYL/SBL. Every value is bound ($1, $2, ...); quartiles are DuckDB's quantile_cont (linear
 * interpolation, Hyndman-Fan type 7), ClickHouse's quantileExactInclusive through the dialect
 * (issue #17 §2). Output columns are named (`p.lot AS lot`): after a join ClickHouse names an
 * unaliased `p.lot` "p.lot".
 */
import type { SqlParam } from '../engine/sqlEngine.ts';
import { finalResultsSql, testKeyOf } from '../schema/canonical.ts';
import { assertDialectSafe, duckdbDialect, type SqlDialect } from './dialect.ts';

/** A statement and its bound parameters, in placeholder order. */
export interface ScreeningStatement {
  sql: string;
  params: SqlParam[];
}

/**
 * Test identity in one place (issue #13 §1): limits, number and name per (product, test key). Testers
 * reuse numbers (a 93K file numbers every test 0), so every screening statement groups, joins and
 * filters by test_key (testKeyOf) and keeps test_num and the name for display.
 */
export const testLimitsCte = `test_limits AS (
    SELECT t.product, ${testKeyOf('t')} AS test_key, any_value(t.test_num) AS test_num, any_value(t.name) AS test_name,
      any_value(t.lo_limit)::DOUBLE AS spec_lo, any_value(t.hi_limit)::DOUBLE AS spec_hi
    FROM tests t GROUP BY t.product, ${testKeyOf('t')})`;

/**
 * Final values of passing dies with coordinates (finite values only), as CTE `passing`. `where`
 * is a predicate on the product/lot/wafer of alias `a` with its own placeholders.
 */
function passingValuesCte(where: (alias: string) => string, dialect: SqlDialect): string {
  return `final_values AS (${finalResultsSql({ wafers: where, results: 'r.x IS NOT NULL AND r.y IS NOT NULL' })}),
  passing AS MATERIALIZED (
    SELECT f.product AS product, f.lot AS lot, f.wafer AS wafer, f.x AS x, f.y AS y, f.test_key AS test_key, f.test_num AS test_num, f.value AS value
    FROM final_values f JOIN dies d ON d.lot = f.lot AND d.wafer = f.wafer AND d.x = f.x AND d.y = f.y
    WHERE d.pass AND ${where('d')} AND ${dialect.isFinite('f.value')})`;
}

/** Robust limits from a `stats` CTE (n, median, q1, q3 per group), clipped to the spec limits. */
function robustLimitsSelect(k: string, minParts: string, groupColumns: string): string {
  return `SELECT s.product AS product, s.test_key::INTEGER AS test_key, coalesce(t.test_num, s.test_num)::INTEGER AS test_num, t.test_name AS test_name, ${groupColumns}, s.n::INTEGER AS n,
      s.median AS robust_mean, (s.q3 - s.q1) / 1.35 AS robust_sigma,
      CASE WHEN t.spec_lo IS NULL THEN s.median - ${k} * (s.q3 - s.q1) / 1.35 ELSE greatest(s.median - ${k} * (s.q3 - s.q1) / 1.35, t.spec_lo) END AS lo,
      CASE WHEN t.spec_hi IS NULL THEN s.median + ${k} * (s.q3 - s.q1) / 1.35 ELSE least(s.median + ${k} * (s.q3 - s.q1) / 1.35, t.spec_hi) END AS hi,
      t.spec_lo AS spec_lo, t.spec_hi AS spec_hi
    FROM stats s LEFT JOIN test_limits t ON t.product = s.product AND t.test_key = s.test_key
    WHERE s.n >= ${minParts} AND s.q3 > s.q1`;
}

/** Options of a dynamic PAT run. */
export interface DynamicPatSqlOptions {
  lot: string;
  scope: 'lot' | 'wafer';
  k: number;
  minParts: number;
}

/**
 * Dynamic PAT limits per test (and per wafer for scope "wafer") from the passing dies of one lot:
 * median +/- k (Q3 - Q1) / 1.35, clipped to the spec limits. Groups with fewer than minParts
 * values, or no spread (Q1 = Q3: every differing value would fail), get no limits.
 */
export function dynamicPatLimitsSql(options: DynamicPatSqlOptions, dialect: SqlDialect = duckdbDialect): ScreeningStatement {
  const byWafer = options.scope === 'wafer';
  const sql = `WITH ${testLimitsCte}, ${passingValuesCte((a) => `${a}.lot = $1::VARCHAR`, dialect)},
  stats AS (
    SELECT product, test_key, any_value(test_num) AS test_num, ${byWafer ? 'wafer' : `${dialect.nullText} AS wafer`}, count(*) AS n,
      ${quartilesSql('value', dialect)}
    FROM passing GROUP BY product, test_key${byWafer ? ', wafer' : ''})
  ${robustLimitsSelect('$2::DOUBLE', '$3::INTEGER', 's.wafer AS wafer')}
  ORDER BY coalesce(t.test_num, s.test_num), s.test_key DESC, s.wafer`;
  return { sql: assertDialectSafe(sql, dialect), params: [options.lot, options.k, options.minParts] };
}

/** Median and quartiles (type 7) of an expression: columns median, q1, q3. */
function quartilesSql(expression: string, dialect: SqlDialect): string {
  return `${dialect.quantileCont(expression, '0.5')} AS median, ${dialect.quantileCont(expression, '0.25')} AS q1, ${dialect.quantileCont(expression, '0.75')} AS q3`;
}

/** Options of static PAT limits from a product's history. */
export interface StaticPatSqlOptions {
  product: string;
  k: number;
  /** Passing parts a lot needs to count (AEC-Q001: 30). */
  minPartsPerLot: number;
  /** Lots a test needs (AEC-Q001: 6). */
  minLots: number;
}

/**
 * Static PAT limits per test over every lot of a product: the passing dies of the lots with at
 * least minPartsPerLot values of the test, pooled, when at least minLots such lots exist.
 * Columns as dynamicPatLimitsSql plus `lots`.
 */
export function staticPatLimitsSql(options: StaticPatSqlOptions, dialect: SqlDialect = duckdbDialect): ScreeningStatement {
  const sql = `WITH ${testLimitsCte}, ${passingValuesCte((a) => `${a}.product = $1::VARCHAR`, dialect)},
  lot_counts AS (SELECT product, test_key, lot, count(*) AS n FROM passing GROUP BY ALL),
  qualified AS (
    SELECT product, test_key, lot FROM lot_counts WHERE n >= $3::INTEGER
    QUALIFY count(*) OVER (PARTITION BY product, test_key) >= $4::INTEGER),
  stats AS (
    SELECT p.product AS product, p.test_key AS test_key, any_value(p.test_num) AS test_num, count(*) AS n, count(DISTINCT p.lot) AS lots,
      ${quartilesSql('p.value', dialect)}
    FROM passing p ${dialect.semiJoin} qualified q ON q.product = p.product AND q.test_key = p.test_key AND q.lot = p.lot
    GROUP BY p.product, p.test_key)
  ${robustLimitsSelect('$2::DOUBLE', '1', `${dialect.nullText} AS wafer, s.lots::INTEGER AS lots`)}
  ORDER BY coalesce(t.test_num, s.test_num), s.test_key DESC`;
  return { sql: assertDialectSafe(sql, dialect), params: [options.product, options.k, options.minPartsPerLot, options.minLots] };
}

/** Limits to apply to a lot: per test (its key within the lot's product), optionally per wafer (null: the whole lot). */
export interface AppliedLimit {
  testKey: number;
  wafer: string | null;
  lo: number;
  hi: number;
}

/**
 * Passing dies of a lot whose final value of a limited test lies outside its limits (strictly
 * below lo or above hi). Columns: lot, wafer, x, y, test_key, test_num, test_name, value.
 */
export function diesOutsideLimitsSql(lot: string, limits: readonly AppliedLimit[], dialect: SqlDialect = duckdbDialect): ScreeningStatement {
  const params: SqlParam[] = [lot];
  const rows = limits.map((limit) => {
    params.push(limit.testKey, limit.wafer, limit.lo, limit.hi);
    const at = params.length - 3;
    return `($${at}::INTEGER, $${at + 1}::VARCHAR, $${at + 2}::DOUBLE, $${at + 3}::DOUBLE)`;
  });
  if (rows.length === 0) rows.push('(NULL::INTEGER, NULL::VARCHAR, NULL::DOUBLE, NULL::DOUBLE)');
  const sql = `WITH applied(test_key, wafer, lo, hi) AS (VALUES ${rows.join(', ')}),
  ${testLimitsCte}, ${passingValuesCte((a) => `${a}.lot = $1::VARCHAR`, dialect)}
  SELECT p.lot AS lot, p.wafer AS wafer, p.x::INTEGER AS x, p.y::INTEGER AS y, p.test_key::INTEGER AS test_key, p.test_num::INTEGER AS test_num, t.test_name AS test_name, p.value AS value
  FROM passing p JOIN applied a ON a.test_key = p.test_key AND (a.wafer IS NULL OR a.wafer = p.wafer)
    LEFT JOIN test_limits t ON t.product = p.product AND t.test_key = p.test_key
  WHERE p.value < a.lo OR p.value > a.hi
  ORDER BY p.wafer, p.y, p.x, p.test_num, p.test_key DESC`;
  return { sql: assertDialectSafe(sql, dialect), params };
}

/** Neighbourhood of a GDBN screen: the 8 neighbours, or a weighted 5x5 window. */
export type GdbnWindow = '3x3' | '5x5-weighted';

/**
 * Offsets and weights of a GDBN window. 3x3: every neighbour weighs 1 ("N of 8"). Weighted 5x5:
 * edge neighbours 1, diagonal neighbours 0.75, the outer ring 0.5 (adjacent > diagonal > ring 2).
 */
export function gdbnOffsets(window: GdbnWindow): { dx: number; dy: number; weight: number }[] {
  const reach = window === '3x3' ? 1 : 2;
  const offsets: { dx: number; dy: number; weight: number }[] = [];
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      if (dx === 0 && dy === 0) continue;
      const ring = Math.max(Math.abs(dx), Math.abs(dy));
      const weight = window === '3x3' ? 1 : ring === 2 ? 0.5 : dx === 0 || dy === 0 ? 1 : 0.75;
      offsets.push({ dx, dy, weight });
    }
  }
  return offsets;
}

/**
 * Good die in bad neighbourhood: passing dies of a lot whose failing neighbours (tested dies only;
 * untested or off-wafer positions count as nothing) weigh at least minBad. Columns: lot, wafer,
 * x, y, bad (weighted count), neighbours (tested neighbours present).
 */
export function gdbnSql(lot: string, minBad: number, window: GdbnWindow = '3x3', dialect: SqlDialect = duckdbDialect): ScreeningStatement {
  const offsets = gdbnOffsets(window).map((o) => `(${o.dx}, ${o.dy}, ${o.weight})`).join(', ');
  const sql = `WITH ring(dx, dy, weight) AS (VALUES ${offsets}),
  tested AS (SELECT lot, wafer, x, y, pass FROM dies WHERE lot = $1::VARCHAR AND x IS NOT NULL AND y IS NOT NULL),
  shifted AS MATERIALIZED (
    SELECT c.lot AS lot, c.wafer AS wafer, c.x AS x, c.y AS y, c.x + r.dx AS nx, c.y + r.dy AS ny, r.weight AS weight FROM tested c CROSS JOIN ring r WHERE c.pass),
  scored AS (
    SELECT c.lot AS lot, c.wafer AS wafer, c.x AS x, c.y AS y, sum(CASE WHEN n.pass THEN 0 ELSE c.weight END) AS bad, count(*) AS neighbours
    FROM shifted c JOIN tested n ON n.lot = c.lot AND n.wafer = c.wafer AND n.x = c.nx AND n.y = c.ny
    GROUP BY c.lot, c.wafer, c.x, c.y)
  SELECT lot, wafer, x::INTEGER AS x, y::INTEGER AS y, bad::DOUBLE AS bad, neighbours::INTEGER AS neighbours
  FROM scored WHERE bad >= $2::DOUBLE ORDER BY wafer, y, x
  ${dialect.keepJoinOrder}`;
  return { sql: assertDialectSafe(sql, dialect), params: [lot, minBad] };
}

/*
 * Neighbour joins go through a materialized `shifted` CTE holding each die's neighbour coordinates:
 * with `n.x = c.x + r.dx` in the join, DuckDB joined the two die sides on (wafer, test) first and
 * filtered afterwards (10 s instead of 0.3 s on one corpus lot).
 */

/**
 * Nearest-neighbour residuals: for each passing die and test of a lot, its final value minus the
 * median of its passing 8-neighbours' values (at least minNeighbours of them), then per wafer and
 * test the median and robust sigma ((Q3 - Q1) / 1.35) of those residuals, tests keyed by test_key.
 * Columns: product, lot, wafer, x, y, test_key, test_num, test_name, value, residual, residual_median, residual_sigma, n (residuals on the
 * wafer for the test). Every die with a residual is returned; the caller applies k.
 */
export function nnrResidualsSql(lot: string, minNeighbours = 3, dialect: SqlDialect = duckdbDialect): ScreeningStatement {
  const sql = `WITH ${testLimitsCte}, ${passingValuesCte((a) => `${a}.lot = $1::VARCHAR`, dialect)},
  ring(dx, dy) AS (VALUES (-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)),
  shifted AS MATERIALIZED (
    SELECT c.product AS product, c.lot AS lot, c.wafer AS wafer, c.x AS x, c.y AS y, c.test_key AS test_key, c.test_num AS test_num, c.value AS value,
      c.x + r.dx AS nx, c.y + r.dy AS ny FROM passing c CROSS JOIN ring r),
  residuals AS (
    SELECT c.product AS product, c.lot AS lot, c.wafer AS wafer, c.x AS x, c.y AS y, c.test_key AS test_key, any_value(c.test_num) AS test_num, any_value(c.value) AS value,
      any_value(c.value) - ${dialect.median('n.value')} AS residual
    FROM shifted c JOIN passing n ON n.wafer = c.wafer AND n.test_key = c.test_key AND n.x = c.nx AND n.y = c.ny
    GROUP BY c.product, c.lot, c.wafer, c.x, c.y, c.test_key
    HAVING count(*) >= $2::INTEGER),
  spread AS (
    SELECT wafer, test_key, count(*) AS n, ${dialect.median('residual')} AS residual_median,
      (${dialect.quantileCont('residual', '0.75')} - ${dialect.quantileCont('residual', '0.25')}) / 1.35 AS residual_sigma
    FROM residuals GROUP BY wafer, test_key)
  SELECT r.product AS product, r.lot AS lot, r.wafer AS wafer, r.x::INTEGER AS x, r.y::INTEGER AS y, r.test_key::INTEGER AS test_key, r.test_num::INTEGER AS test_num,
    t.test_name AS test_name, r.value AS value, r.residual AS residual, s.residual_median AS residual_median, s.residual_sigma AS residual_sigma, s.n::INTEGER AS n
  FROM residuals r JOIN spread s ON s.wafer = r.wafer AND s.test_key = r.test_key
    LEFT JOIN test_limits t ON t.product = r.product AND t.test_key = r.test_key
  ORDER BY r.test_num, r.test_key DESC, r.wafer, r.y, r.x
  ${dialect.keepJoinOrder}`;
  return { sql: assertDialectSafe(sql, dialect), params: [lot, minNeighbours] };
}

/** Yield of every lot of a product (dies with a final result): lot, dies, good, yield, first_test. */
export function lotYieldHistorySql(product: string): ScreeningStatement {
  const sql = `SELECT lot, count(*)::INTEGER AS dies, sum(pass::INTEGER)::INTEGER AS good,
      sum(pass::INTEGER) / count(*)::DOUBLE AS yield, min(tested_at) AS first_test
    FROM dies WHERE product = $1::VARCHAR GROUP BY lot ORDER BY first_test, lot`;
  return { sql, params: [product] };
}

/**
 * Fraction of every lot's dies in each failing hard bin of a product (0 where a lot has none of a
 * bin seen in any lot): lot, bin, fraction.
 */
export function lotBinHistorySql(product: string): ScreeningStatement {
  const sql = `WITH product_dies AS (SELECT lot, hard_bin, pass FROM dies WHERE product = $1::VARCHAR),
  lot_sizes AS (SELECT lot, count(*) AS dies FROM product_dies GROUP BY lot),
  fail_bins AS (SELECT DISTINCT hard_bin FROM product_dies WHERE NOT pass AND hard_bin IS NOT NULL),
  counted AS (SELECT lot, hard_bin, count(*) AS n FROM product_dies WHERE NOT pass GROUP BY ALL)
  SELECT s.lot AS lot, b.hard_bin::INTEGER AS bin, coalesce(c.n, 0) / s.dies::DOUBLE AS fraction
  FROM lot_sizes s CROSS JOIN fail_bins b LEFT JOIN counted c ON c.lot = s.lot AND c.hard_bin = b.hard_bin
  ORDER BY b.hard_bin, s.lot`;
  return { sql, params: [product] };
}

/** Product of a lot (the first, should a lot id be reused). */
export function lotProductSql(lot: string): ScreeningStatement {
  return { sql: 'SELECT min(product) AS product FROM dies WHERE lot = $1::VARCHAR', params: [lot] };
}

/** Dies of a lot and how many pass (the yield before screening): dies, good. */
export function lotDieCountsSql(lot: string): ScreeningStatement {
  return { sql: 'SELECT count(*)::INTEGER AS dies, coalesce(sum(pass::INTEGER), 0)::INTEGER AS good FROM dies WHERE lot = $1::VARCHAR', params: [lot] };
}

/** Final values of one test (its key) on the passing dies of a lot (finite only) and its spec limits: value, spec_lo, spec_hi. */
export function passingTestValuesSql(lot: string, testKey: number, dialect: SqlDialect = duckdbDialect): ScreeningStatement {
  const sql = `WITH ${testLimitsCte}, ${passingValuesCte((a) => `${a}.lot = $1::VARCHAR`, dialect)}
  SELECT p.value::DOUBLE AS value, t.spec_lo AS spec_lo, t.spec_hi AS spec_hi
  FROM passing p LEFT JOIN test_limits t ON t.product = p.product AND t.test_key = p.test_key
  WHERE p.test_key = $2::INTEGER`;
  return { sql, params: [lot, testKey] };
}

/** Wafers of a lot with mapped dies: wafer. */
export function lotWafersSql(lot: string): ScreeningStatement {
  return { sql: 'SELECT DISTINCT wafer FROM dies WHERE lot = $1::VARCHAR AND x IS NOT NULL AND y IS NOT NULL', params: [lot] };
}

/** Mapped dies of a lot with a known result, per wafer: wafer, x, y, pass. */
export function lotMappedDiesSql(lot: string): ScreeningStatement {
  return {
    sql: 'SELECT wafer, x::INTEGER AS x, y::INTEGER AS y, pass FROM dies WHERE lot = $1::VARCHAR AND x IS NOT NULL AND y IS NOT NULL AND pass IS NOT NULL ORDER BY wafer',
    params: [lot],
  };
}
