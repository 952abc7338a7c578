/**
 * SQL for the lot view's wafer gallery: every die of a lot in one query (numeric columns only, so
 * the renderer reads them as typed arrays), the lot's wafers in natural order, and their orientation.
 */

/** The lot's wafers numbered 0.. in natural order (numeric ids by value, others after by text). Binds lot as $1. */
const waferOrderCte = `wafer_order AS (
    SELECT wafer, (row_number() OVER (ORDER BY try_cast(wafer AS BIGINT) NULLS LAST, wafer) - 1)::INTEGER AS wafer_index
    FROM (SELECT DISTINCT wafer FROM dies WHERE lot = $1) listed)`;

/**
 * Final result of every die of a lot with x/y, sorted by wafer index then y, x. Binds $1 = lot.
 * `wafer_index` refers to the row of lotWafersSql with the same index.
 */
export const lotDiesSql = `WITH ${waferOrderCte}
  SELECT o.wafer_index, d.x::INTEGER AS x, d.y::INTEGER AS y, d.pass::INTEGER::TINYINT AS pass,
         coalesce(d.first_pass, d.pass)::INTEGER::TINYINT AS first_pass, coalesce(d.hard_bin, -1)::INTEGER AS hard_bin
  FROM dies d JOIN wafer_order o USING (wafer)
  WHERE d.lot = $1 AND d.x IS NOT NULL AND d.y IS NOT NULL
  ORDER BY o.wafer_index, d.y, d.x`;

/**
 * The lot's totals as the lot table counts them (the `lots` view): wafers, dies (or packaged parts), good, and how
 * many have no coordinates. A final-test lot has no wafers and no x/y: it is a packaged-part lot. Binds $1 = lot.
 */
export const lotTotalsSql = `SELECT count(DISTINCT wafer)::INTEGER AS wafers, count(*)::BIGINT AS dies, coalesce(sum(pass::INTEGER), 0)::BIGINT AS good,
    count(*) FILTER (WHERE x IS NULL OR y IS NULL)::BIGINT AS without_coordinates
  FROM dies WHERE lot = $1`;

/**
 * One row per wafer of a lot in wafer-index order: id, product, die counts and the orientation fields
 * of the wafers table (NULL when no wafer row was imported). Binds $1 = lot.
 */
export const lotWafersSql = `WITH ${waferOrderCte},
  counted AS (
    SELECT wafer, any_value(product) AS product, count(*)::INTEGER AS dies, sum(pass::INTEGER)::INTEGER AS good,
           sum(coalesce(first_pass, pass)::INTEGER)::INTEGER AS first_pass_good, min(tested_at) AS first_test_time
    FROM dies WHERE lot = $1 GROUP BY wafer),
  orientation AS (
    SELECT wafer, arg_max(wafer_size_mm, import_id)::DOUBLE AS wafer_size_mm, arg_max(die_width_mm, import_id)::DOUBLE AS die_width_mm,
           arg_max(die_height_mm, import_id)::DOUBLE AS die_height_mm, arg_max(flat, import_id) AS flat,
           arg_max(pos_x, import_id) AS pos_x, arg_max(pos_y, import_id) AS pos_y,
           arg_max(center_x, import_id)::INTEGER AS center_x, arg_max(center_y, import_id)::INTEGER AS center_y
    FROM wafers WHERE lot = $1 GROUP BY wafer)
  SELECT o.wafer_index, o.wafer, c.product, c.dies, c.good, c.first_pass_good, c.first_test_time,
         w.wafer_size_mm, w.die_width_mm, w.die_height_mm, w.flat, w.pos_x, w.pos_y, w.center_x, w.center_y
  FROM wafer_order o JOIN counted c USING (wafer) LEFT JOIN orientation w USING (wafer)
  ORDER BY o.wafer_index`;
