/**
 * SQL for the yield report. Every query starts from the same scope: the wafers of the chosen
 * products whose first test falls in the period (wafers stay whole), or the wafers of one lot.
 * Scope parameters, bound by number: $1 products joined by U+001F (NULL = all), $2 period start
 * (inclusive), $3 period end (exclusive), $4 lot (NULL = any). Everything aggregates in the engine:
 * DuckDB, or ClickHouse over a published lake (the builders take a dialect, issue #17 §2).
 */
import type { SqlParam } from '../engine/sqlEngine.ts';
import { assertDialectSafe, duckdbDialect, type SqlDialect } from './dialect.ts';

/** Separator of the product list bound as $1 (a control character no product name contains). */
export const productSeparator = '\u001f';

/** What a report looks at: products (empty = all), a half-open time range and an optional lot. */
export interface ReportScope {
  products: readonly string[];
  /** ISO date-time, inclusive; null = no lower bound. */
  from: string | null;
  /** ISO date-time, exclusive; null = no upper bound. */
  toExclusive: string | null;
  lot: string | null;
}

/** The four scope parameters in $1..$4 order. */
export function scopeParams(scope: ReportScope): SqlParam[] {
  return [scope.products.length > 0 ? scope.products.join(productSeparator) : null, scope.from, scope.toExclusive, scope.lot];
}

/** CTEs `scope` (lot, wafer, product) and `scoped` (the final dies of those wafers). */
const scopeCte = (dialect: SqlDialect): string => `scope AS (
    SELECT lot, wafer, any_value(product) AS product FROM dies
    WHERE ($1::VARCHAR IS NULL OR ${dialect.splitContains('$1::VARCHAR', 'product')})
      AND ($4::VARCHAR IS NULL OR lot = $4::VARCHAR)
    GROUP BY lot, wafer
    HAVING ($2::TIMESTAMP IS NULL OR min(tested_at) >= $2::TIMESTAMP) AND ($3::TIMESTAMP IS NULL OR min(tested_at) < $3::TIMESTAMP)),
  scoped AS (SELECT d.* FROM dies d ${dialect.semiJoin} scope s ON d.lot = s.lot AND d.wafer = s.wafer)`;

/**
 * Hard-bin names per product (issue #13 §1: bins belong to a product; another product's file that names its bin 5
 * "3" must not rename this product's bin 5).
 */
const hardBinNamesCte = `bin_names AS (SELECT product, bin, min(name) AS name FROM bins WHERE bin_type = 'hard' GROUP BY product, bin)`;

/** KPIs of the scope: lots, wafers, dies, good, final and first-pass yield. */
export function reportKpiSql(dialect: SqlDialect = duckdbDialect): string {
  return assertDialectSafe(`WITH ${scopeCte(dialect)}
  SELECT count(DISTINCT lot)::INTEGER AS lots, count(DISTINCT (lot, wafer))::INTEGER AS wafers,
         count(*)::BIGINT AS dies, coalesce(sum(pass::INTEGER), 0)::BIGINT AS good,
         avg(pass::INTEGER)::DOUBLE AS yield, avg(coalesce(first_pass, pass)::INTEGER)::DOUBLE AS first_pass_yield
  FROM scoped`, dialect);
}

/** Yield per lot in time order. */
export function reportLotTrendSql(dialect: SqlDialect = duckdbDialect): string {
  return assertDialectSafe(`WITH ${scopeCte(dialect)}
  SELECT lot, any_value(product) AS product, ${dialect.timeText('min(tested_at)', 'minute')} AS first_test,
         count(DISTINCT wafer)::INTEGER AS wafers, count(*)::BIGINT AS dies, sum(pass::INTEGER)::BIGINT AS good,
         avg(pass::INTEGER)::DOUBLE AS yield, avg(coalesce(first_pass, pass)::INTEGER)::DOUBLE AS first_pass_yield
  FROM scoped GROUP BY lot ORDER BY min(tested_at), lot`, dialect);
}

/** Yield per ISO week (Monday start). */
export function reportWeekTrendSql(dialect: SqlDialect = duckdbDialect): string {
  return assertDialectSafe(`WITH ${scopeCte(dialect)}
  SELECT ${dialect.weekStartText('tested_at')} AS week, count(DISTINCT (lot, wafer))::INTEGER AS wafers,
         count(*)::BIGINT AS dies, sum(pass::INTEGER)::BIGINT AS good, avg(pass::INTEGER)::DOUBLE AS yield
  FROM scoped GROUP BY week ORDER BY week`, dialect);
}

/**
 * Failing hard bins, most frequent first, with names, share of all fails and cumulative share. Each die's bin is
 * named by its own product; one bin number named differently by two products gives two rows.
 */
export function reportBinParetoSql(dialect: SqlDialect = duckdbDialect): string {
  return assertDialectSafe(`WITH ${scopeCte(dialect)}, ${hardBinNamesCte},
  fails_by_product AS (
    SELECT coalesce(d.hard_bin, -1)::INTEGER AS bin, coalesce(n.name, '') AS name, count(*)::BIGINT AS dies
    FROM scoped d LEFT JOIN bin_names n ON n.product = d.product AND n.bin = d.hard_bin WHERE NOT d.pass GROUP BY 1, 2),
  fails AS (SELECT bin, name, sum(dies)::BIGINT AS dies FROM fails_by_product GROUP BY bin, name),
  total AS (SELECT count(*)::DOUBLE AS all_dies FROM scoped)
  SELECT f.bin AS bin, f.name AS name, f.dies AS dies,
         (f.dies / sum(f.dies) OVER ())::DOUBLE AS share_of_fails,
         (f.dies / t.all_dies)::DOUBLE AS share_of_dies,
         (sum(f.dies) OVER (ORDER BY f.dies DESC, f.bin, f.name ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) / sum(f.dies) OVER ())::DOUBLE AS cumulative_share
  FROM fails f CROSS JOIN total t ORDER BY f.dies DESC, f.bin, f.name`, dialect);
}

/** Every wafer of the scope with yield and its top failing hard bin, worst first. */
export function reportWaferTableSql(dialect: SqlDialect = duckdbDialect): string {
  return assertDialectSafe(`WITH ${scopeCte(dialect)}, ${hardBinNamesCte},
  per_wafer AS (SELECT lot, wafer, any_value(product) AS product, count(*)::BIGINT AS dies, sum(pass::INTEGER)::BIGINT AS good,
      avg(pass::INTEGER)::DOUBLE AS yield, avg(coalesce(first_pass, pass)::INTEGER)::DOUBLE AS first_pass_yield,
      ${dialect.timeText('min(tested_at)', 'minute')} AS first_test
    FROM scoped GROUP BY lot, wafer),
  fails AS (SELECT lot, wafer, hard_bin, count(*) AS n FROM scoped WHERE NOT pass GROUP BY lot, wafer, hard_bin),
  top_fail AS (SELECT lot, wafer, ${dialect.argMax('hard_bin', 'n * 100000 - hard_bin')}::INTEGER AS bin, max(n)::BIGINT AS n FROM fails GROUP BY lot, wafer)
  SELECT p.lot AS lot, p.wafer AS wafer, p.product AS product, p.dies AS dies, p.good AS good, p.yield AS yield,
         p.first_pass_yield AS first_pass_yield, p.first_test AS first_test,
         t.bin AS top_fail_bin, coalesce(n.name, '') AS top_fail_name, coalesce(t.n, 0)::BIGINT AS top_fail_dies
  FROM per_wafer p LEFT JOIN top_fail t USING (lot, wafer) LEFT JOIN bin_names n ON n.product = p.product AND n.bin = t.bin
  ORDER BY p.yield, p.lot, ${dialect.tryInteger('p.wafer')}, p.wafer`, dialect);
}

/**
 * Final dies of up to `$5` wafers given as "lot|wafer" keys joined by U+001F, for map drawing.
 * Binds the scope, then the key list as $5.
 */
export function reportWaferDiesSql(dialect: SqlDialect = duckdbDialect): string {
  return assertDialectSafe(`WITH ${scopeCte(dialect)}
  SELECT lot, wafer, x::INTEGER AS x, y::INTEGER AS y, coalesce(hard_bin, -1)::INTEGER AS hard_bin, pass
  FROM scoped WHERE x IS NOT NULL AND y IS NOT NULL
    AND ${dialect.splitContains('$5::VARCHAR', "lot || '|' || wafer")}
  ORDER BY lot, wafer, y, x`, dialect);
}

/** Fail share per die position and product over the scope (the stacked map). */
export function reportStackedMapSql(dialect: SqlDialect = duckdbDialect): string {
  return assertDialectSafe(`WITH ${scopeCte(dialect)}
  SELECT product, x::INTEGER AS x, y::INTEGER AS y, count(*)::INTEGER AS dies,
         (1 - avg(pass::INTEGER))::DOUBLE AS fail_share
  FROM scoped WHERE x IS NOT NULL AND y IS NOT NULL GROUP BY product, x, y ORDER BY product, y, x`, dialect);
}

/** Wafer orientation per product (the newest wafer row of each), for drawing maps. */
export function reportProductGeometrySql(dialect: SqlDialect = duckdbDialect): string {
  const newest = (column: string): string => dialect.argMax(`w.${column}`, 'w.import_id');
  return assertDialectSafe(`WITH ${scopeCte(dialect)}
  SELECT w.product AS product, ${newest('wafer_size_mm')}::DOUBLE AS wafer_size_mm,
         ${newest('die_width_mm')}::DOUBLE AS die_width_mm, ${newest('die_height_mm')}::DOUBLE AS die_height_mm,
         ${newest('flat')} AS flat, ${newest('pos_x')} AS pos_x, ${newest('pos_y')} AS pos_y,
         ${newest('center_x')}::INTEGER AS center_x, ${newest('center_y')}::INTEGER AS center_y
  FROM wafers w ${dialect.semiJoin} scope s ON s.lot = w.lot AND s.wafer = w.wafer GROUP BY w.product ORDER BY w.product`, dialect);
}

/** Products and lots present, for the report form's pickers. */
export const reportChoicesSql = `SELECT product, lot, strftime(min(tested_at), '%Y-%m-%d') AS first_day, strftime(max(tested_at), '%Y-%m-%d') AS last_day
  FROM dies GROUP BY product, lot ORDER BY product, min(tested_at), lot`;
