/**
 * `wafer_test_summary`: per (product, lot, wafer, test) the statistics the X-bar/S and X-bar/R charts
 * plot, over the wafer's final values of the test inside its own far-out fences (Tukey: Q1 − 3·IQR ..
 * Q3 + 3·IQR, quartiles by DuckDB's quantile_cont). Computing them at query time scans the final
 * values of every die (2.2 s p50 for one test over 10M dies, bench/viewQueryBench.ts); the summary
 * holds 2,000 rows per test there. An open workspace keeps it as a table beside `wafer_summary`
 * (Workspace: rebuilt at open, after the deferred results load, and for the lots an import or a
 * removal touched); a lake has it as a view ({@link waferTestSummaryViewSql}).
 */
import { finalResultsSql, type ColumnSpec } from './canonical.ts';

/** The summary's columns with their docs (the SQL console documents them). */
export const waferTestSummaryColumns: readonly ColumnSpec[] = [
  { name: 'product', type: 'VARCHAR', doc: 'product' },
  { name: 'lot', type: 'VARCHAR', doc: 'lot id' },
  { name: 'wafer', type: 'VARCHAR', doc: 'wafer id' },
  { name: 'test_key', type: 'INTEGER', doc: 'the test (results.test_key, else its number: testKeyOf)' },
  { name: 'n', type: 'BIGINT', doc: "final finite values of the test on the wafer inside the wafer's fences Q1 − 3·IQR .. Q3 + 3·IQR" },
  { name: 'mean', type: 'DOUBLE', doc: 'mean of those values' },
  { name: 'stddev', type: 'DOUBLE', doc: 'sample standard deviation (divisor n − 1) of those values; NULL when n = 1' },
  { name: 'range', type: 'DOUBLE', doc: 'max − min of those values' },
];

/** The relation's name (statements that read it wait while the results load, Workspace.deferredNames). */
export const waferTestSummaryTable = 'wafer_test_summary';

/**
 * The summary's rows for the wafers `wafers(alias)` keeps (alias of results, dies, die_insertions;
 * all wafers when omitted): the fences and statistics parametricSubgroupsSql computes per query over a
 * lake, in one pass: each (wafer, test)'s final values as a list, the quartiles, fences and statistics
 * on that list. Grouping 27.6M final values by their three string keys twice (quartiles, then the
 * statistics inside the fences, joined back on those keys) took 8.7-10.6 s after a 487 MB STDF import
 * against 3.8 s for the list form (same n and range, means equal, standard deviations within 1e-14
 * relative). Like the aggregates' parallel sums, a list's order follows the scan, so the last digits
 * of a mean may differ between two builds; sorting each list (`ORDER BY value`) would fix them at 9 s.
 * Both quartiles come from one sort of the list (two calls sorted it twice), and a list with no value
 * outside its fences is kept whole instead of filtered value by value: 4.9-5.1 s to 3.0-3.7 s after that
 * file (a table built in a workspace holding only it).
 */
export function waferTestSummarySelectSql(wafers?: (alias: string) => string): string {
  return `WITH final_values AS (${finalResultsSql({ wafers, results: 'isfinite(r.value)' })}),
    lists AS (
      SELECT product, lot, wafer, test_key, list(value) AS v FROM final_values GROUP BY product, lot, wafer, test_key),
    quartiles AS (
      SELECT product, lot, wafer, test_key, v, list_aggregate(v, 'quantile_cont', [0.25, 0.75]) AS q FROM lists),
    fences AS (
      SELECT product, lot, wafer, test_key, v, q[1] - 3 * (q[2] - q[1]) AS low, q[2] + 3 * (q[2] - q[1]) AS high FROM quartiles),
    kept AS (
      SELECT product, lot, wafer, test_key,
             CASE WHEN list_min(v) >= low AND list_max(v) <= high THEN v ELSE list_filter(v, lambda x: x BETWEEN low AND high) END AS k
      FROM fences)
    SELECT product::VARCHAR AS product, lot::VARCHAR AS lot, wafer::VARCHAR AS wafer, test_key::INTEGER AS test_key, len(k)::BIGINT AS n,
           list_avg(k)::DOUBLE AS mean, list_stddev_samp(k)::DOUBLE AS stddev, (list_max(k) - list_min(k))::DOUBLE AS range
    FROM kept`;
}

/** Rebuild the whole `wafer_test_summary` table from the final results. */
export const refreshWaferTestSummarySql = `CREATE OR REPLACE TABLE ${waferTestSummaryTable} AS ${waferTestSummarySelectSql()}`;

/** An empty `wafer_test_summary` table (before the deferred results are in). */
export const createEmptyWaferTestSummarySql = `CREATE OR REPLACE TABLE ${waferTestSummaryTable} (${waferTestSummaryColumns.map((column) => `"${column.name}" ${column.type}`).join(', ')})`;

/** The temp table naming the lots (lot ids) whose summary rows a partial refresh recomputes. */
export const touchedLotsTable = 'touched_lots';

/**
 * Statements recomputing only the lots listed in the temp table `touched_lots(lot)`: every wafer and
 * test of those lots (a retest file changes which of an earlier import's values are final).
 */
export const refreshTouchedLotsSql = [
  `DELETE FROM ${waferTestSummaryTable} WHERE lot IN (SELECT lot FROM ${touchedLotsTable})`,
  `INSERT INTO ${waferTestSummaryTable} BY NAME ${waferTestSummarySelectSql((alias) => `${alias}.lot IN (SELECT lot FROM ${touchedLotsTable})`)}`,
];

/** Create the temp table `touched_lots` (empty) unless it exists. */
export const createTouchedLotsSql = `CREATE TEMP TABLE IF NOT EXISTS ${touchedLotsTable} (lot VARCHAR)`;

/**
 * Add to `touched_lots` the lots where the given imports (bound $1..$n: their ids) have rows in the
 * tables the final values come from. Run after an import's rows are in and before removed rows go.
 */
export function noteImportLotsSql(importCount: number): string {
  const ids = Array.from({ length: importCount }, (_, index) => `$${index + 1}::VARCHAR`).join(', ');
  return `INSERT INTO ${touchedLotsTable} SELECT lot FROM (
       SELECT DISTINCT lot FROM result_wafers WHERE import_id IN (${ids})
       UNION SELECT DISTINCT lot FROM die_insertions WHERE import_id IN (${ids})
       UNION SELECT DISTINCT lot FROM dies WHERE import_id IN (${ids}))`;
}

/** Add to `touched_lots` the lots of these (quoted) staging relations, each with a `lot` column. */
export function noteStagedLotsSql(relations: readonly string[]): string {
  return `INSERT INTO ${touchedLotsTable} SELECT DISTINCT lot FROM (${relations.map((relation) => `SELECT lot FROM ${relation}`).join(' UNION ALL ')})`;
}

/** `wafer_test_summary` as a view over the final results, for engines over files that never change (a lake). */
export const waferTestSummaryViewSql = `CREATE OR REPLACE VIEW ${waferTestSummaryTable} AS ${waferTestSummarySelectSql()}`;
