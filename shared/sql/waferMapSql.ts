/** SQL for the wafer map view: one wafer's dies, orientation, bin names and one die's results. */
import { finalResultsSql } from '../schema/canonical.ts';

/**
 * Header of one wafer: product, die counts from `dies`, orientation from `wafers` (NULLs when the
 * import supplied no wafer row). Binds lot, wafer, lot, wafer.
 */
export const waferHeaderSql = `WITH counted AS (
    SELECT any_value(product) AS product, count(*)::BIGINT AS dies, sum(pass::INTEGER)::BIGINT AS good,
           sum(first_pass::INTEGER)::BIGINT AS first_pass_good
    FROM dies WHERE lot = ? AND wafer = ?),
  orientation AS (
    SELECT wafer_size_mm, die_width_mm, die_height_mm, flat, pos_x, pos_y, center_x, center_y
    FROM wafers WHERE lot = ? AND wafer = ? ORDER BY import_id DESC LIMIT 1)
  SELECT c.product, c.dies, c.good, c.first_pass_good, o.wafer_size_mm::DOUBLE AS wafer_size_mm,
         o.die_width_mm::DOUBLE AS die_width_mm, o.die_height_mm::DOUBLE AS die_height_mm,
         o.flat, o.pos_x, o.pos_y, o.center_x::INTEGER AS center_x, o.center_y::INTEGER AS center_y
  FROM counted c LEFT JOIN orientation o ON true`;

/** Final result of every die of one wafer with x/y, as plain numeric columns. Binds lot, wafer. */
export const waferDiesSql = `SELECT x::INTEGER AS x, y::INTEGER AS y,
    coalesce(hard_bin, -1)::INTEGER AS hard_bin, coalesce(soft_bin, hard_bin, -1)::INTEGER AS soft_bin,
    coalesce(site, -1)::INTEGER AS site, pass::INTEGER::TINYINT AS pass,
    coalesce(first_pass, pass)::INTEGER::TINYINT AS first_pass, coalesce(insertions, 1)::INTEGER AS insertions
  FROM dies WHERE lot = ? AND wafer = ? AND x IS NOT NULL AND y IS NOT NULL ORDER BY y, x`;

/** Bin names and pass flags of a product (one row per type and bin). Binds product. */
export const binNamesSql = `SELECT bin_type, bin::INTEGER AS bin, any_value(name) AS name, bool_or(pass) AS pass
  FROM bins WHERE product = ? GROUP BY bin_type, bin ORDER BY bin_type, bin`;

/**
 * Tests with at least one result on the wafer, for the parametric mode's picker: test_key (what the map asks for,
 * issue #13 §1), test_num (what users see), name, units. Binds lot, wafer.
 */
export const waferTestsSql = `WITH measured AS (
    SELECT DISTINCT product, coalesce(test_key, test_num) AS test_key, test_num FROM results WHERE lot = ? AND wafer = ?)
  SELECT m.test_key::INTEGER AS test_key, any_value(m.test_num)::INTEGER AS test_num, any_value(t.name) AS name, any_value(t.units) AS units
  FROM measured m LEFT JOIN tests t ON t.product = m.product AND coalesce(t.test_key, t.test_num) = m.test_key
  GROUP BY m.test_key ORDER BY any_value(m.test_num), m.test_key DESC`;

/**
 * Value of one test at each die's final test (see finalResultsSql), with the test's limits. Binds
 * lot, wafer, test key. Dies without a value (or without a measurement) do not appear (the view shows them as "not measured").
 */
export const parametricValuesSql = `WITH limits AS (
    SELECT product, coalesce(test_key, test_num) AS test_key, any_value(lo_limit) AS lo_limit, any_value(hi_limit) AS hi_limit FROM tests GROUP BY ALL),
  final_results AS (${finalResultsSql({
    wafers: (alias) => `${alias}.lot = $1::VARCHAR AND ${alias}.wafer = $2::VARCHAR`,
    results: 'coalesce(r.test_key, r.test_num) = $3::INTEGER AND r.value IS NOT NULL AND r.x IS NOT NULL AND r.y IS NOT NULL',
  })})
  SELECT r.x::INTEGER AS x, r.y::INTEGER AS y, r.value::DOUBLE AS value, l.lo_limit::DOUBLE AS lo_limit, l.hi_limit::DOUBLE AS hi_limit
  FROM final_results r LEFT JOIN limits l ON l.product = r.product AND l.test_key = r.test_key`;

/**
 * The tests of one die across every file that tested it, numbered 1..n in test order: by the time
 * each import first tested the die, then import, then the file's own insertion number (which
 * restarts in each file). Binds $1 lot, $2 wafer, $3 x, $4 y.
 */
const dieTestOrderSql = `SELECT import_id, insertion AS file_insertion,
      row_number() OVER (ORDER BY import_first_test NULLS LAST, import_id, insertion)::INTEGER AS insertion
    FROM (SELECT import_id, insertion, min(tested_at) OVER (PARTITION BY import_id) AS import_first_test
          FROM die_insertions WHERE lot = $1 AND wafer = $2 AND x = $3 AND y = $4)`;

/** Every result of one die, every insertion (numbered as dieInsertionsSql), with name, units and limits. Binds lot, wafer, x, y. */
export const dieResultsSql = `WITH limits AS (
    SELECT product, coalesce(test_key, test_num) AS test_key, any_value(name) AS name, any_value(units) AS units,
           any_value(lo_limit) AS lo_limit, any_value(hi_limit) AS hi_limit FROM tests GROUP BY ALL),
  test_order AS (${dieTestOrderSql})
  SELECT coalesce(o.insertion, r.insertion)::INTEGER AS insertion, r.test_num::INTEGER AS test_num, l.name, l.units,
         l.lo_limit::DOUBLE AS lo_limit, l.hi_limit::DOUBLE AS hi_limit, r.value::DOUBLE AS value,
         (r.value IS NOT NULL AND (l.lo_limit IS NULL OR r.value >= l.lo_limit) AND (l.hi_limit IS NULL OR r.value <= l.hi_limit)) AS within_limits
  FROM results r LEFT JOIN limits l ON l.product = r.product AND l.test_key = coalesce(r.test_key, r.test_num)
  LEFT JOIN test_order o ON o.import_id = r.import_id AND o.file_insertion = r.insertion
  WHERE r.lot = $1 AND r.wafer = $2 AND r.x = $3 AND r.y = $4 ORDER BY 1, r.test_num, coalesce(r.test_key, r.test_num) DESC`;

/** Every insertion (test and retests) of one die, numbered 1..n across files in test order. Binds lot, wafer, x, y. */
export const dieInsertionsSql = `WITH test_order AS (${dieTestOrderSql})
  SELECT o.insertion, d.site::INTEGER AS site, d.hard_bin::INTEGER AS hard_bin,
    d.soft_bin::INTEGER AS soft_bin, d.pass, d.tested_at, d.test_time_ms::DOUBLE AS test_time_ms
  FROM die_insertions d JOIN test_order o ON o.import_id = d.import_id AND o.file_insertion = d.insertion
  WHERE d.lot = $1 AND d.wafer = $2 AND d.x = $3 AND d.y = $4 ORDER BY o.insertion`;
