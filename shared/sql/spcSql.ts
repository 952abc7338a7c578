/**
 * SQL for SPC chart definitions: one row per subgroup (wafer or lot), aggregated in DuckDB so die
 * rows never reach JavaScript. Every builder binds its values ($1..); only fixed column names and
 * enum-chosen expressions are spliced in.
 *
 * Common parameters (all builders): $1 product, $2 step, $3 tool, $4 chamber (NULL = any),
 * $5 whether an equipment filter applies (then only wafers with a matching equipment_history row
 * are kept, and `tool`/`chamber` come from that row instead of the tester).
 */
import { finalResultsSql } from '../schema/canonical.ts';
import { assertDialectSafe, duckdbDialect, type SqlDialect } from './dialect.ts';
import { waferCountsSql } from './waferCountsSql.ts';

/** Equipment rows matching the filter, one per wafer. */
const equipmentCte = `equipment AS (
    SELECT lot, wafer, min(tool) AS tool, min(chamber) AS chamber FROM equipment_history
    WHERE ($2::VARCHAR IS NULL OR step = $2::VARCHAR) AND ($3::VARCHAR IS NULL OR tool = $3::VARCHAR)
      AND ($4::VARCHAR IS NULL OR chamber = $4::VARCHAR)
    GROUP BY lot, wafer)`;

/**
 * Joins a per-wafer aggregate `per_wafer` (these columns) to wafers (time, tester) and the equipment
 * filter. Columns are named one by one: ClickHouse names `p.*` columns `p.product` after a join.
 */
const waferIdentity = (columns: readonly string[]): string => `SELECT ${columns.map((column) => `p.${column} AS ${column}`).join(', ')},
      coalesce(w.start_time, p.first_test) AS subgroup_time,
      CASE WHEN $5::BOOLEAN THEN e.tool ELSE w.tester END AS tool,
      CASE WHEN $5::BOOLEAN THEN e.chamber ELSE NULL END AS chamber
    FROM per_wafer p
    LEFT JOIN wafers w ON w.product = p.product AND w.lot = p.lot AND w.wafer = p.wafer
    LEFT JOIN equipment e ON e.lot = p.lot AND e.wafer = p.wafer
    WHERE NOT $5::BOOLEAN OR e.lot IS NOT NULL`;

const proportionColumns = ['product', 'lot', 'wafer', 'n', 'count', 'first_test'];

/** Subgroup order: wafer start time, then lot and wafer number. */
const subgroupOrder = (dialect: SqlDialect): string => `ORDER BY subgroup_time, lot, ${dialect.tryInteger('wafer')}, wafer`;

/** Which dies count as nonconforming-or-counted for a proportion metric. */
export type CountedDies = 'good' | 'hard-bin' | 'soft-bin';

/** Count expression per CountedDies; $6 is the bin number for the bin variants. */
const countPredicates: Record<CountedDies, string> = {
  good: 'pass',
  'hard-bin': 'hard_bin = $6::INTEGER',
  'soft-bin': 'soft_bin = $6::INTEGER',
};

/** Dies and good dies per wafer of product $1 (NULL: all) with the first test time. */
const goodDiesPerWafer = (dialect: SqlDialect): string => `
      SELECT product, lot, wafer, dies AS n, good AS count, first_test
      FROM (${waferCountsSql(dialect, '$1::VARCHAR IS NULL OR product = $1::VARCHAR')}) counts`;

/**
 * Per-wafer proportion subgroups: product, lot, wafer, subgroup_ms (epoch ms), tool, chamber, n (dies) and
 * count (good dies, or dies in bin $6). Binds $1..$5 (+ $6 for bins).
 */
export function waferProportionSql(counted: CountedDies, dialect: SqlDialect = duckdbDialect): string {
  return assertDialectSafe(`WITH per_wafer AS (${counted === 'good' ? goodDiesPerWafer(dialect) : `
      SELECT product, lot, wafer, count(*)::BIGINT AS n, ${dialect.countIf(countPredicates[counted])}::BIGINT AS count,
             min(tested_at) AS first_test
      FROM dies WHERE $1::VARCHAR IS NULL OR product = $1::VARCHAR GROUP BY product, lot, wafer`}),
    ${equipmentCte},
    identified AS (${waferIdentity(proportionColumns)})
    SELECT product, lot, wafer, ${dialect.epochMs('subgroup_time')}::DOUBLE AS subgroup_ms, tool, chamber, n::DOUBLE AS n, count::DOUBLE AS count
    FROM identified ${subgroupOrder(dialect)}`, dialect);
}

/** Per-lot yield subgroups (the same columns, wafer NULL), over the wafers the filter keeps. Binds $1..$5. */
export function lotYieldSql(dialect: SqlDialect = duckdbDialect): string {
  return assertDialectSafe(`WITH per_wafer AS (${goodDiesPerWafer(dialect)}),
    ${equipmentCte},
    identified AS (${waferIdentity(proportionColumns)})
    SELECT product, lot, ${dialect.nullText} AS wafer, ${dialect.epochMs('min(subgroup_time)')}::DOUBLE AS subgroup_ms,
           CASE WHEN count(DISTINCT tool) = 1 THEN min(tool) ELSE NULL END AS tool,
           CASE WHEN count(DISTINCT chamber) = 1 THEN min(chamber) ELSE NULL END AS chamber,
           sum(n)::DOUBLE AS n, sum(count)::DOUBLE AS count
    FROM identified GROUP BY product, lot ORDER BY subgroup_ms, lot`, dialect);
}

/**
 * Final results (see finalResultsSql) of product $1 (NULL: all) and test $6 (NULL: all), finite only. In this module a
 * "test number" parameter or `test_num` output column is the test key (testKeyOf, issue #13 §1), which equals the
 * tester's number except for tests that share it (later PTR names, MPR pins, FTRs), so monitors keep their definitions.
 */
const finalValues = (dialect: SqlDialect): string => `final_values AS (${finalResultsSql({
  wafers: (alias) => `($1::VARCHAR IS NULL OR ${alias}.product = $1::VARCHAR)`,
  results: `($6::INTEGER IS NULL OR coalesce(r.test_key, r.test_num) = $6::INTEGER) AND ${dialect.isFinite('r.value')}`,
})})`;

/**
 * The per-wafer statistics of parametric tests with their first test time (`per_wafer`). DuckDB reads
 * them from `wafer_test_summary` and `wafer_summary` (tables an open workspace keeps, views over a
 * lake: shared/schema/waferTestSummary.ts), 2,000 rows per test instead of the final values of 10M
 * dies; ClickHouse over a lake computes the same from the results.
 */
function parametricPerWafer(dialect: SqlDialect): string {
  if (dialect.name === 'duckdb') {
    return `per_wafer AS (
      SELECT s.test_key AS test_num, s.product AS product, s.lot AS lot, s.wafer AS wafer, s.n AS n, s.mean AS mean, s.stddev AS stddev,
             s.range AS range, w.first_test AS first_test
      FROM wafer_test_summary s JOIN wafer_summary w ON w.product = s.product AND w.lot = s.lot AND w.wafer = s.wafer
      WHERE ($1::VARCHAR IS NULL OR s.product = $1::VARCHAR) AND ($6::INTEGER IS NULL OR s.test_key = $6::INTEGER))`;
  }
  return `${finalValues(dialect)},
    wafer_times AS (
      SELECT product, lot, wafer, min(tested_at) AS first_test FROM dies
      WHERE $1::VARCHAR IS NULL OR product = $1::VARCHAR GROUP BY product, lot, wafer),
    fences AS (
      SELECT test_key, product, lot, wafer, ${dialect.quantileCont('value', '0.25')} AS q1, ${dialect.quantileCont('value', '0.75')} AS q3
      FROM final_values GROUP BY test_key, product, lot, wafer),
    statistics AS (
      SELECT f.test_key AS test_num, f.product AS product, f.lot AS lot, f.wafer AS wafer, count(*)::BIGINT AS n, avg(f.value)::DOUBLE AS mean,
             stddev_samp(f.value)::DOUBLE AS stddev, (max(f.value) - min(f.value))::DOUBLE AS range
      FROM final_values f JOIN fences q USING (test_key, product, lot, wafer)
      WHERE f.value BETWEEN q.q1 - 3 * (q.q3 - q.q1) AND q.q3 + 3 * (q.q3 - q.q1)
      GROUP BY f.test_key, f.product, f.lot, f.wafer),
    per_wafer AS (
      SELECT s.test_num AS test_num, s.product AS product, s.lot AS lot, s.wafer AS wafer, s.n AS n, s.mean AS mean, s.stddev AS stddev,
             s.range AS range, t.first_test AS first_test
      FROM statistics s JOIN wafer_times t USING (product, lot, wafer))`;
}

/**
 * Per-wafer summaries of parametric tests on each die's final test, over the values inside the
 * wafer's own far-out fences (Tukey: quartiles ∓ 3 IQR). A killed die's value lies far beyond the
 * limits and, averaged in, made every wafer with a few killed dies a jump of its mean; the fences
 * move with the wafer, so a wafer whose whole distribution shifts still shows it: test_num, product, lot,
 * wafer, subgroup_ms, tool, chamber, n, mean, stddev (sample), range. $6 is the test number
 * (NULL: every test, so one scan serves all charts of a filter). Binds $1..$6.
 */
export function parametricSubgroupsSql(dialect: SqlDialect = duckdbDialect): string {
  return assertDialectSafe(`WITH ${parametricPerWafer(dialect)},
    ${equipmentCte},
    identified AS (${waferIdentity(['test_num', 'product', 'lot', 'wafer', 'n', 'mean', 'stddev', 'range', 'first_test'])})
    SELECT test_num, product, lot, wafer, ${dialect.epochMs('subgroup_time')}::DOUBLE AS subgroup_ms, tool, chamber, n::DOUBLE AS n, mean, stddev, range
    FROM identified ORDER BY test_num, subgroup_time, lot, ${dialect.tryInteger('wafer')}, wafer`, dialect);
}

/** Yield of every lot (final dies): product, lot, yield (0-1). For the lot hold rules. */
export const lotYieldsSql = `SELECT product, lot, avg(pass::INTEGER)::DOUBLE AS yield FROM dies GROUP BY product, lot ORDER BY product, lot`;

/** Products with dies (does a product still need its default charts?). */
export const productsSql = `SELECT DISTINCT product FROM dies ORDER BY product`;

/** Products with dies, and their overall yield (for default thresholds). */
export const productYieldSql = `SELECT product, avg(pass::INTEGER)::DOUBLE AS yield FROM dies GROUP BY product ORDER BY product`;

/**
 * Parametric tests with at least one limit: product, test_num (the key), number (as written), name, units, lo_limit,
 * hi_limit. Functional tests (FTR: pass/fail, low limit 1) are not parametric and are left out.
 */
export const testsWithLimitsSql = `SELECT product, coalesce(test_key, test_num) AS test_num, test_num AS number, name, units, lo_limit, hi_limit FROM tests
  WHERE (lo_limit IS NOT NULL OR hi_limit IS NOT NULL) AND kind IS DISTINCT FROM 'FTR' ORDER BY product, number, test_num DESC`;

/** Failing hard bins per product (bin, name). */
export const failingHardBinsSql = `SELECT product, bin, name FROM bins WHERE bin_type = 'hard' AND NOT pass ORDER BY product, bin`;

/** One test's name, units and limits ($1 product, $2 test key). */
export const testSpecSql = `SELECT name, units, lo_limit, hi_limit FROM tests WHERE product = $1::VARCHAR AND coalesce(test_key, test_num) = $2::INTEGER LIMIT 1`;

/** Columns of a free-SQL metric without reading its rows (the text is checked by `checkUserMetricSql`). */
export function userMetricColumnsSql(userSql: string): string {
  return `SELECT * FROM (${userSql}) AS user_metric LIMIT 0`;
}

/** Rows of a free-SQL metric, capped. */
export function userMetricRowsSql(userSql: string, maxRows: number): string {
  return `SELECT * FROM (${userSql}) AS user_metric LIMIT ${Math.trunc(maxRows)}`;
}

/**
 * Reject free SQL that is not one read-only query: it must start with SELECT, WITH, FROM or VALUES,
 * have no statement separator and no write or attach keyword. Wrapping it in a subquery (above)
 * also makes DuckDB refuse anything but a query.
 */
export function checkUserMetricSql(userSql: string): string {
  const text = userSql.trim().replace(/;\s*$/, '');
  if (text === '') throw new Error('the SQL metric is empty');
  if (text.includes(';')) throw new Error('the SQL metric must be one statement (no ";")');
  if (!/^(select|with|from|values|\()/i.test(text)) throw new Error('the SQL metric must be a query (SELECT or WITH ...)');
  const forbidden = /\b(insert|update|delete|create|drop|alter|attach|detach|copy|export|import|install|load|pragma|set|call|checkpoint|vacuum)\b/i.exec(text);
  if (forbidden) throw new Error(`the SQL metric must be read-only ("${forbidden[0]}" is not allowed)`);
  return text;
}

/** Most die values the capability histogram reads (a repeatable reservoir sample beyond that). */
export const capabilityValueLimit = 200_000;

/**
 * Final-test values of one parametric test ($1 product or NULL, $2 test key), the same rows
 * the X-bar/S subgroups summarise; at most capabilityValueLimit of them, sampled repeatably.
 */
export const capabilityValuesSql = `WITH final_values AS (${finalResultsSql({
  wafers: (alias) => `($1::VARCHAR IS NULL OR ${alias}.product = $1::VARCHAR)`,
  results: 'coalesce(r.test_key, r.test_num) = $2::INTEGER AND isfinite(r.value)',
})})
  SELECT value FROM (SELECT value::DOUBLE AS value FROM final_values) AS measured
  USING SAMPLE reservoir(${capabilityValueLimit} ROWS) REPEATABLE (7)`;

/**
 * The statements `spc evaluate` runs (shared/spc/monitor builds them for DuckDB), each paired with the
 * same builder's text in `dialect` (issue #17 §2): an engine over a lake runs the paired text
 * (shared/sql/dialectEngine.ts), so the monitor stays engine-agnostic. Free-SQL metrics have no pair.
 */
export function monitorStatements(dialect: SqlDialect): Map<string, string> {
  const counted: CountedDies[] = ['good', 'hard-bin', 'soft-bin'];
  const portable = [lotYieldsSql, productsSql, productYieldSql, testsWithLimitsSql, failingHardBinsSql, testSpecSql];
  const pairs: [string, string][] = [
    ...counted.map((kind): [string, string] => [waferProportionSql(kind), waferProportionSql(kind, dialect)]),
    [lotYieldSql(), lotYieldSql(dialect)],
    [parametricSubgroupsSql(), parametricSubgroupsSql(dialect)],
    ...portable.map((sql): [string, string] => [sql, sql]),
  ];
  return new Map(pairs.map(([duckdb, other]) => [duckdb, assertDialectSafe(other, dialect)]));
}
