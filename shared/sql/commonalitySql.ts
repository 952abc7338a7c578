/**
 * SQL for commonality analysis. Everything is aggregated in DuckDB: the engine returns one row per
 * analysed unit (wafer, or lot for lot yield) per factor, never die rows.
 *
 * Every statement binds the same five parameters, in this order (see {@link commonalityParams}):
 * $1 product (NULL: all), $2 from (TIMESTAMP, inclusive, NULL: open), $3 to (exclusive, NULL: open),
 * $4 selected lots joined by U+001F (NULL: all lots), $5 bin or test number (NULL unless needed).
 */
import { finalResultsSql, waferFactorsSelectSql } from '../schema/canonical.ts';
import { assertDialectSafe, duckdbDialect, type SqlDialect } from './dialect.ts';
import { waferCountsSql } from './waferCountsSql.ts';

/** What is compared between levels. */
export type CommonalityResponseKind = 'wafer-yield' | 'lot-yield' | 'bin' | 'test';

/** Parsed response: its kind and, for bin and test, the number. */
export interface CommonalityResponseSpec {
  /** Kind of response. */
  kind: CommonalityResponseKind;
  /** Hard bin number (kind bin) or test number (kind test); null otherwise. */
  number: number | null;
}

/** Which wafers take part. */
export interface CommonalityPopulation {
  /** Product, or null for all. */
  product: string | null;
  /** Earliest wafer start time (ISO text, inclusive), or null. */
  from: string | null;
  /** Wafer start time bound (ISO text, exclusive), or null. */
  to: string | null;
  /** Lots to include, or null/empty for all. */
  lots: readonly string[] | null;
}

/** Separator for the lot list parameter: a control character no lot id contains. */
export const lotListSeparator = '\u001f';

/** The five bound parameters every statement of this module expects. */
export function commonalityParams(response: CommonalityResponseSpec, population: CommonalityPopulation): (string | number | null)[] {
  const lots = population.lots && population.lots.length > 0 ? population.lots.join(lotListSeparator) : null;
  return [population.product, population.from, population.to, lots, response.number];
}

/** Whether the derived `wafer_factors` view (all equipment sources, STDF SDR included) exists. */
export const waferFactorsViewExistsSql = `SELECT count(*)::INTEGER AS views FROM duckdb_views() WHERE view_name = 'wafer_factors'`;

/**
 * Factor rows (lot, wafer, step, factor, level, step_time) when `wafer_factors` does not exist
 * (ClickHouse over a lake has no views): the view's own select in the engine's dialect, so both
 * engines blame the same factors, tester-side equipment (STDF SDR: load board, handler...) included.
 * The tester side alone once made ClickHouse's adjusted p-values differ: 3 factors fewer to adjust over.
 */
const equipmentFactorsSql = (dialect: SqlDialect): string => waferFactorsSelectSql(dialect.startsWith);

const waferFactorsViewSql = `SELECT lot, wafer, step, factor, level, step_time FROM wafer_factors WHERE level IS NOT NULL`;

/** Per-wafer aggregate of the population's dies, with the response measure the kind needs. */
function populationSql(response: CommonalityResponseSpec, dialect: SqlDialect): string {
  // Kinds without a number still mention $5 (always NULL): DuckDB rejects a bound value no placeholder uses.
  const binFraction = response.kind === 'bin' ? `avg((hard_bin = $5::INTEGER)::INTEGER)::DOUBLE` : `(NULL + $5::INTEGER)::DOUBLE`;
  // Yield and test responses start from the per-wafer counts (waferCountsSql: a command need not load
  // the dies at all); a bin fraction needs the dies. Grouped by (lot, wafer) as the dies are.
  const scope = `($1::VARCHAR IS NULL OR product = $1::VARCHAR)
      AND ($4::VARCHAR IS NULL OR lot IN (SELECT lot FROM selected_lots))`;
  const dieWafers = response.kind === 'bin'
    ? `SELECT any_value(product) AS product, lot, wafer, count(*)::BIGINT AS dies, sum(pass::INTEGER)::BIGINT AS good,
             min(tested_at) AS first_test, ${binFraction} AS bin_fraction
      FROM dies WHERE ${scope} GROUP BY lot, wafer`
    : `SELECT any_value(product) AS product, lot, wafer, sum(dies)::BIGINT AS dies, sum(good)::BIGINT AS good,
             min(first_test) AS first_test, ${binFraction} AS bin_fraction
      FROM (${waferCountsSql(dialect, scope)}) counts GROUP BY lot, wafer`;
  return `selected_lots AS (${dialect.splitRows('$4::VARCHAR')}),
  wafer_times AS (SELECT lot, wafer, min(start_time) AS start_time FROM wafers GROUP BY lot, wafer),
  die_wafers AS (${dieWafers}),
  population AS (
    SELECT d.*, coalesce(t.start_time, d.first_test) AS start_time
    FROM die_wafers d LEFT JOIN wafer_times t USING (lot, wafer)
    WHERE ($2::TIMESTAMP IS NULL OR coalesce(t.start_time, d.first_test) >= $2::TIMESTAMP)
      AND ($3::TIMESTAMP IS NULL OR coalesce(t.start_time, d.first_test) < $3::TIMESTAMP))`;
}

/** The population's product and lots ($1, $4) on a relation with this alias: lets each scan of finalResultsSql skip other lots. */
const populationScope = (dialect: SqlDialect) => (alias: string): string =>
  `($1::VARCHAR IS NULL OR ${alias}.product = $1::VARCHAR) AND ($4::VARCHAR IS NULL OR ${dialect.splitContains('$4::VARCHAR', `${alias}.lot`)})`;

/** Finite values of the response test ($5). */
const finalValueFilter = (dialect: SqlDialect): string => `r.test_num = $5::INTEGER AND r.value IS NOT NULL AND ${dialect.isFinite('r.value')}`;

/** One row per wafer (or lot): unit key, lot, wafer (NULL for lots), response, start_time. */
function unitsSql(response: CommonalityResponseSpec, dialect: SqlDialect): string {
  switch (response.kind) {
    case 'wafer-yield':
      return `units AS (SELECT lot || '/' || wafer AS unit, product, lot, wafer, good / dies AS response, start_time FROM population WHERE dies > 0)`;
    case 'bin':
      return `units AS (SELECT lot || '/' || wafer AS unit, product, lot, wafer, bin_fraction AS response, start_time FROM population WHERE dies > 0)`;
    case 'lot-yield':
      return `units AS (SELECT lot AS unit, any_value(product) AS product, lot, ${dialect.nullText} AS wafer, sum(good) / sum(dies) AS response, min(start_time) AS start_time
        FROM population GROUP BY lot HAVING sum(dies) > 0)`;
    case 'test':
      // The die's value at its final test, as the wafer map shows it; retest values are not mixed in.
      return `final_values AS (${finalResultsSql({ wafers: populationScope(dialect), results: finalValueFilter(dialect) })}),
      test_means AS (
        SELECT lot, wafer, avg(value)::DOUBLE AS response FROM final_values
        WHERE (lot, wafer) IN (SELECT (lot, wafer) FROM population)
        GROUP BY lot, wafer),
      units AS (SELECT p.lot || '/' || p.wafer AS unit, p.product, p.lot, p.wafer, m.response, p.start_time
        FROM population p JOIN test_means m USING (lot, wafer))`;
  }
}

/**
 * Levels each population wafer saw: the last pass per (wafer, step, factor) when a step was
 * repeated, plus the time-window factor "week" per step: the ISO week (its Monday, "2026-10-05")
 * in which the wafer went through the step. Weeks are not crossed with chambers: a chamber x week
 * factor is nested in the chamber factor, splits it into groups of a handful of wafers and outranks
 * its parent by construction; when a chamber went bad is reported as the worst level's "since" date.
 */
function waferLevelsSql(useWaferFactorsView: boolean, dialect: SqlDialect): string {
  return `raw_factors AS (${useWaferFactorsView ? waferFactorsViewSql : equipmentFactorsSql(dialect)}),
  wafer_levels AS (
    SELECT f.lot, f.wafer, f.step, f.factor, ${dialect.argMax('f.level', 'f.step_time')} AS level, max(f.step_time) AS step_time
    FROM raw_factors f ${dialect.semiJoin} population p ON p.lot = f.lot AND p.wafer = f.wafer
    WHERE f.level IS NOT NULL
    GROUP BY f.lot, f.wafer, f.step, f.factor),
  step_times AS (
    SELECT lot, wafer, step, max(step_time) AS step_time FROM wafer_levels WHERE step_time IS NOT NULL GROUP BY lot, wafer, step),
  all_levels AS (
    SELECT lot, wafer, step, factor, level, step_time FROM wafer_levels
    UNION ALL
    SELECT lot, wafer, step, 'week', ${dialect.weekStartText('step_time')}, step_time FROM step_times)`;
}

function withClause(response: CommonalityResponseSpec, useWaferFactorsView: boolean, dialect: SqlDialect): string {
  return `WITH ${populationSql(response, dialect)},
  ${unitsSql(response, dialect)},
  ${waferLevelsSql(useWaferFactorsView, dialect)}`;
}

/** Lot yield compares lots: a lot's level is every level its wafers saw, joined by "+". */
function unitLevelsSql(response: CommonalityResponseSpec, dialect: SqlDialect): string {
  if (response.kind !== 'lot-yield') return `SELECT u.unit, u.product, u.lot, u.wafer, u.response, a.step, a.factor, a.level, a.step_time
    FROM units u JOIN all_levels a ON a.lot = u.lot AND a.wafer = u.wafer`;
  return `SELECT u.unit, u.product, u.lot, u.wafer, u.response, a.step, a.factor, ${dialect.distinctSortedText('a.level', "'+'")} AS level,
      min(a.step_time) AS step_time
    FROM units u JOIN all_levels a ON a.lot = u.lot
    GROUP BY u.unit, u.product, u.lot, u.wafer, u.response, a.step, a.factor`;
}

/**
 * Long table for the statistics: unit, product, lot, wafer, response (DOUBLE), step, factor, level,
 * step_time — one row per unit per factor, ordered by step, factor, unit.
 */
export function commonalityRowsSql(response: CommonalityResponseSpec, useWaferFactorsView: boolean, dialect: SqlDialect = duckdbDialect): string {
  return assertDialectSafe(`${withClause(response, useWaferFactorsView, dialect)}
  SELECT unit, product, lot, wafer, response::DOUBLE AS response, step, factor, level, step_time FROM (${unitLevelsSql(response, dialect)})
  WHERE response IS NOT NULL AND ${dialect.isFinite('response')}
  ORDER BY step, factor, unit`, dialect);
}

/**
 * Points of one factor for the time-sequence plot: unit, lot, wafer, response, level, step_time in
 * time order. Binds the five common parameters, then $6 step and $7 factor.
 */
export function commonalityFactorPointsSql(response: CommonalityResponseSpec, useWaferFactorsView: boolean, dialect: SqlDialect = duckdbDialect): string {
  return assertDialectSafe(`${withClause(response, useWaferFactorsView, dialect)}
  SELECT unit, lot, wafer, response::DOUBLE AS response, level, step_time FROM (${unitLevelsSql(response, dialect)})
  WHERE step = $6::VARCHAR AND factor = $7::VARCHAR AND response IS NOT NULL AND ${dialect.isFinite('response')}
  ORDER BY step_time, unit`, dialect);
}

/** Products, lots and the wafer start-time range, for the population pickers. */
export const commonalityPopulationChoicesSql = `SELECT product, lot, min(start_time) AS first_start, max(start_time) AS last_start,
    count(*)::INTEGER AS wafers
  FROM wafers GROUP BY product, lot ORDER BY product, first_start, lot`;

/** Hard bins and tests of the data, for the response picker. */
export const commonalityResponseChoicesSql = `SELECT 'bin' AS kind, bin::INTEGER AS number, any_value(name) AS name FROM bins
    WHERE bin_type = 'hard' AND NOT coalesce(pass, false) GROUP BY bin
  UNION ALL
  SELECT 'test', test_num::INTEGER, any_value(name) FROM tests GROUP BY test_num
  ORDER BY kind, number`;
