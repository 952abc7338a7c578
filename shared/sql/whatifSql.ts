/**
 * SQL for the limit what-if: every die's final result re-judged with one test's limits changed.
 * Nothing is written; the statement only reads.
 */
import { finalResultsSql } from '../schema/canonical.ts';
import { testLimitsCte, type ScreeningStatement } from './screeningSql.ts';

/**
 * The change to try: one test's new limits (null: that side unlimited), over one lot or all the
 * product's lots. A test is (product, test key) (issue #13 §1); `test` and `testName` are what users
 * see (testers reuse numbers, so the number alone does not name a test).
 */
export interface WhatIfChange {
  product: string;
  testKey: number;
  test: number;
  testName: string | null;
  lo: number | null;
  hi: number | null;
  lot: string | null;
}

/**
 * Each die with coordinates of the lot (or of every lot), before and after the change: its
 * current result, the test's final value, and the result with the new limits. A passing die fails
 * when its value leaves the new limits; a failing die passes when this test was its only
 * parametric result outside the spec limits and its value is inside the new ones (a die failed
 * by a functional test, i.e. with no parametric result out, stays failed). Dies without a value of
 * the test keep their result. Columns: product, lot, wafer, x, y, hard_bin, value, before, after.
 */
function decidedDiesCte(change: WhatIfChange): ScreeningStatement {
  const lotFilter = (alias: string): string => `${alias}.product = $5::VARCHAR AND ($4::VARCHAR IS NULL OR ${alias}.lot = $4::VARCHAR)`;
  const sql = `${testLimitsCte},
  final_values AS (${finalResultsSql({ wafers: lotFilter, results: 'r.x IS NOT NULL AND r.y IS NOT NULL' })}),
  judged AS (
    SELECT f.lot, f.wafer, f.x, f.y, f.test_key, f.value,
      (isfinite(f.value) AND (t.spec_lo IS NULL OR f.value >= t.spec_lo) AND (t.spec_hi IS NULL OR f.value <= t.spec_hi)) AS within
    FROM final_values f LEFT JOIN test_limits t ON t.product = f.product AND t.test_key = f.test_key),
  per_die AS (
    SELECT lot, wafer, x, y,
      any_value(value) FILTER (WHERE test_key = $1::INTEGER) AS value,
      bool_and(within) FILTER (WHERE test_key = $1::INTEGER) AS was_within,
      coalesce(bool_and(within) FILTER (WHERE test_key <> $1::INTEGER), true) AS others_within
    FROM judged GROUP BY lot, wafer, x, y),
  decided AS (
    SELECT d.product, d.lot, d.wafer, d.x, d.y, d.hard_bin, p.value, d.pass AS before,
      CASE
        WHEN p.value IS NULL OR NOT isfinite(p.value) THEN d.pass
        WHEN d.pass THEN ($2::DOUBLE IS NULL OR p.value >= $2::DOUBLE) AND ($3::DOUBLE IS NULL OR p.value <= $3::DOUBLE)
        ELSE NOT p.was_within AND p.others_within AND ($2::DOUBLE IS NULL OR p.value >= $2::DOUBLE) AND ($3::DOUBLE IS NULL OR p.value <= $3::DOUBLE)
      END AS after
    FROM dies d LEFT JOIN per_die p ON p.lot = d.lot AND p.wafer = d.wafer AND p.x = d.x AND p.y = d.y
    WHERE ${lotFilter('d')} AND d.x IS NOT NULL AND d.y IS NOT NULL
      AND EXISTS (SELECT 1 FROM test_limits WHERE product = $5::VARCHAR AND test_key = $1::INTEGER))`;
  return { sql, params: [change.testKey, change.lo, change.hi, change.lot, change.product] };
}

/** Dies whose result flips: lot, wafer, x, y, hard_bin, value, before, after. */
export function whatIfFlipsSql(change: WhatIfChange): ScreeningStatement {
  const { sql, params } = decidedDiesCte(change);
  return {
    sql: `WITH ${sql}
  SELECT lot, wafer, x::INTEGER AS x, y::INTEGER AS y, hard_bin::INTEGER AS hard_bin, value, before, after
  FROM decided WHERE before <> after ORDER BY lot, wafer, y, x`,
    params,
  };
}

/** Yield of each wafer before and after: lot, wafer, dies, good_before, good_after. */
export function whatIfWaferYieldSql(change: WhatIfChange): ScreeningStatement {
  const { sql, params } = decidedDiesCte(change);
  return {
    sql: `WITH ${sql}
  SELECT lot, wafer, count(*)::INTEGER AS dies, sum(before::INTEGER)::INTEGER AS good_before, sum(after::INTEGER)::INTEGER AS good_after
  FROM decided GROUP BY lot, wafer ORDER BY lot, wafer`,
    params,
  };
}

/**
 * Tests a what-if can change, of the lot's product (or of every product): product, test_key,
 * test_num, test_name, ordered by number then key (the first PTR of a number, key = number, first).
 */
export function whatIfTestsSql(lot: string | null): ScreeningStatement {
  return {
    sql: `WITH ${testLimitsCte}
  SELECT product, test_key::INTEGER AS test_key, test_num::INTEGER AS test_num, test_name FROM test_limits
  WHERE $1::VARCHAR IS NULL OR product IN (SELECT DISTINCT product FROM dies WHERE lot = $1::VARCHAR)
  ORDER BY product, test_num, test_key DESC`,
    params: [lot],
  };
}
