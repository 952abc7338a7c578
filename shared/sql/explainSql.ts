/**
 * SQL of "explain this excursion": a target (a lot, or one wafer of it) against its baseline (the
 * previous N lots of the same product by first test time, leaving out the lots the excursion
 * reached, when it is known). Every statement binds $1 = lot, $2 = wafer ('' for the whole lot),
 * $3 = N, $4 = the lots to leave out of the baseline joined by U+001F (NULL: none), and groups rows
 * by `cohort` ('target' or 'baseline').
 */
import { finalResultsSql } from '../schema/canonical.ts';

/** The target's wafers and the baseline lots' wafers, each with its cohort. */
const cohorts = `target_lot AS (SELECT product, lot, first_test_time FROM lots WHERE lot = $1::VARCHAR LIMIT 1),
  baseline_lots AS (
    SELECT lot FROM (
      SELECT l.lot, row_number() OVER (ORDER BY l.first_test_time DESC, l.lot DESC) AS recency
      FROM lots l, target_lot t WHERE l.product = t.product AND l.lot <> t.lot AND l.first_test_time < t.first_test_time
        AND ($4::VARCHAR IS NULL OR NOT list_contains(string_split($4::VARCHAR, chr(31)), l.lot)))
    WHERE recency <= $3::INTEGER),
  members AS (
    SELECT DISTINCT lot, wafer, 'target' AS cohort FROM dies WHERE lot = $1::VARCHAR AND ($2::VARCHAR = '' OR wafer = $2::VARCHAR)
    UNION ALL
    SELECT DISTINCT d.lot, d.wafer, 'baseline' AS cohort FROM dies d JOIN baseline_lots b ON d.lot = b.lot),
  cohort_dies AS (SELECT m.cohort, d.* FROM dies d JOIN members m ON d.lot = m.lot AND d.wafer = m.wafer)`;

/** Lots of each cohort: product, first test time, wafers, dies, good dies. */
export const explainLotsSql = `WITH ${cohorts}
  SELECT cohort, lot, any_value(product) AS product, min(tested_at) AS first_test_time, count(DISTINCT wafer)::INTEGER AS wafers,
         count(*)::INTEGER AS dies, sum(pass::INTEGER)::INTEGER AS good
  FROM cohort_dies GROUP BY cohort, lot ORDER BY cohort DESC, first_test_time`;

/** Dies per soft bin (hard bin when there is no soft bin) and cohort, with the bin's name and pass flag. */
export const explainBinsSql = `WITH ${cohorts},
  counted AS (SELECT cohort, coalesce(soft_bin, hard_bin, -1) AS bin, any_value(product) AS product, bool_and(pass) AS all_pass,
                     (soft_bin IS NULL) AS hard_only, count(*)::INTEGER AS dies
              FROM cohort_dies GROUP BY cohort, coalesce(soft_bin, hard_bin, -1), soft_bin IS NULL)
  SELECT c.cohort, c.bin::INTEGER AS bin, coalesce(any_value(b.name), '') AS name, coalesce(bool_or(b.pass), any_value(c.all_pass)) AS pass, sum(c.dies)::INTEGER AS dies
  FROM counted c LEFT JOIN bins b ON b.product = c.product AND b.bin = c.bin AND b.bin_type = CASE WHEN c.hard_only THEN 'hard' ELSE 'soft' END
  GROUP BY c.cohort, c.bin ORDER BY c.cohort, c.bin`;

/** Tested and good dies per cohort and die position (x, y), for zone yields. */
export const explainPositionsSql = `WITH ${cohorts}
  SELECT cohort, x::INTEGER AS x, y::INTEGER AS y, count(*)::INTEGER AS tested, sum(pass::INTEGER)::INTEGER AS good
  FROM cohort_dies WHERE x IS NOT NULL AND y IS NOT NULL GROUP BY cohort, x, y ORDER BY cohort, y, x`;

/** Geometry of the target's wafers (center die, die size, wafer diameter; NULLs when unknown). */
export const explainGeometrySql = `WITH ${cohorts}
  SELECT any_value(w.center_x)::DOUBLE AS center_x, any_value(w.center_y)::DOUBLE AS center_y, any_value(w.die_width_mm)::DOUBLE AS die_width,
         any_value(w.die_height_mm)::DOUBLE AS die_height, any_value(w.wafer_size_mm)::DOUBLE AS wafer_size
  FROM wafers w JOIN members m ON w.lot = m.lot AND w.wafer = m.wafer WHERE m.cohort = 'target'`;

/** Every die of both cohorts (x, y, pass), wafer by wafer, for the spatial signature of each wafer. */
export const explainWaferDiesSql = `WITH ${cohorts}
  SELECT cohort, lot, wafer, x::INTEGER AS x, y::INTEGER AS y, pass::INTEGER::TINYINT AS pass
  FROM cohort_dies WHERE x IS NOT NULL AND y IS NOT NULL ORDER BY cohort, lot, wafer`;

/**
 * Per test, both cohorts' n, mean and sample sigma of the final values, the target's rank sum in the
 * pooled sample (average ranks for ties) and the tie term Σ(t³ − t), for Mann-Whitney. Ranks come
 * from cumulative counts over distinct values, so only distinct values are sorted, not every die.
 */
export const explainTestsSql = `WITH ${cohorts},
  final_values AS (${finalResultsSql({
    // Filtering each relation by lot first lets DuckDB skip most of the table before the joins (several times faster).
    wafers: (alias) => `${alias}.lot IN (SELECT lot FROM members)`,
    results: 'r.value IS NOT NULL AND isfinite(r.value)',
  })}),
  measured AS (
    SELECT c.cohort, r.test_num, r.value::DOUBLE AS value FROM final_values r
    JOIN cohort_dies c ON r.lot = c.lot AND r.wafer = c.wafer AND r.x = c.x AND r.y = c.y),
  moments AS (
    SELECT test_num,
           count(*) FILTER (WHERE cohort = 'target')::INTEGER AS target_n, count(*) FILTER (WHERE cohort = 'baseline')::INTEGER AS baseline_n,
           avg(value) FILTER (WHERE cohort = 'target')::DOUBLE AS target_mean, avg(value) FILTER (WHERE cohort = 'baseline')::DOUBLE AS baseline_mean,
           stddev_samp(value) FILTER (WHERE cohort = 'target')::DOUBLE AS target_sigma, stddev_samp(value) FILTER (WHERE cohort = 'baseline')::DOUBLE AS baseline_sigma
    FROM measured GROUP BY test_num),
  distinct_values AS (
    SELECT test_num, value, count(*)::DOUBLE AS total, count(*) FILTER (WHERE cohort = 'target')::DOUBLE AS in_target FROM measured GROUP BY test_num, value),
  ranked AS (
    SELECT test_num, total, in_target,
           coalesce(sum(total) OVER (PARTITION BY test_num ORDER BY value ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS below
    FROM distinct_values),
  rank_sums AS (
    SELECT test_num, sum(in_target * (below + (total + 1) / 2))::DOUBLE AS target_rank_sum, sum(total * total * total - total)::DOUBLE AS tie_term
    FROM ranked GROUP BY test_num),
  names AS (SELECT test_num, any_value(name) AS name, any_value(units) AS units FROM tests WHERE product = (SELECT product FROM target_lot) GROUP BY test_num)
  SELECT m.test_num::INTEGER AS test_num, coalesce(n.name, '') AS name, coalesce(n.units, '') AS units,
         m.target_n, m.baseline_n, m.target_mean, m.baseline_mean, m.target_sigma, m.baseline_sigma, r.target_rank_sum, r.tie_term
  FROM moments m JOIN rank_sums r USING (test_num) LEFT JOIN names n USING (test_num) ORDER BY m.test_num`;

/** Tested and good dies per cohort and test site. */
export const explainSitesSql = `WITH ${cohorts}
  SELECT cohort, coalesce(site, -1)::INTEGER AS site, count(*)::INTEGER AS tested, sum(pass::INTEGER)::INTEGER AS good
  FROM cohort_dies GROUP BY cohort, site ORDER BY cohort, site`;

/** Each wafer's route (step, tool, chamber, recipe) with its tested and good dies and its cohort. */
export const explainEquipmentSql = `WITH ${cohorts},
  wafer_yield AS (SELECT cohort, lot, wafer, count(*)::INTEGER AS tested, sum(pass::INTEGER)::INTEGER AS good FROM cohort_dies GROUP BY cohort, lot, wafer)
  SELECT w.cohort, w.lot, w.wafer, e.step, coalesce(e.tool, '') AS tool, coalesce(e.chamber, '') AS chamber, coalesce(e.recipe, '') AS recipe, w.tested, w.good
  FROM equipment_history e JOIN wafer_yield w ON e.lot = w.lot AND e.wafer = w.wafer
  ORDER BY w.cohort, w.lot, w.wafer, e.step`;

/** The target lot's product; binds $1 = lot. */
export const explainTargetSql = `SELECT any_value(product) AS product FROM dies WHERE lot = $1::VARCHAR`;
