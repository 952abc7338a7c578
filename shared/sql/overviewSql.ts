/** SQL for the yield overview. Every figure comes from the canonical tables. */

/** Optional product filter bound as parameter: NULL means all products. */
const productFilter = `(?::VARCHAR IS NULL OR product = ?::VARCHAR)`;

/**
 * KPI tiles: lots, wafers, tested die, die-weighted final yield, first-pass yield, from the per-wafer
 * counts of `wafer_summary` (2,000 rows instead of 10M dies at fab scale, bench/viewQueryBench.ts);
 * yields divide by the dies with a pass flag, as avg() does. Binds the product filter.
 */
export const kpiSql = `SELECT count(DISTINCT lot)::INTEGER AS lots, count(DISTINCT (lot, wafer))::INTEGER AS wafers,
         coalesce(sum(dies), 0)::BIGINT AS dies, sum(good)::BIGINT AS good, (sum(good) / sum(judged))::DOUBLE AS yield,
         (sum(first_good) / sum(first_judged))::DOUBLE AS first_pass_yield
  FROM wafer_summary WHERE ${productFilter}`;

/**
 * Per product: dies, final and first-pass yield, from the per-wafer counts of `wafer_summary`, so the
 * per-product yields show with the first view (they read no dies). Yields divide by the dies with a
 * pass flag, as avg() does. Binds the product filter.
 */
export const productYieldSql = `SELECT product, sum(dies)::BIGINT AS dies, (sum(good) / sum(judged))::DOUBLE AS yield,
         (sum(first_good) / sum(first_judged))::DOUBLE AS first_pass_yield
  FROM wafer_summary WHERE ${productFilter} GROUP BY product ORDER BY product`;

/**
 * Per product: the yield of the latest period and of the one before it (the period is `?` days ending
 * at the newest test time of the filtered data, the same calendar window for every product). Reads
 * only the dies of the two periods; a product without dies in them has no row. Binds the product
 * filter, the days three times, the filter again.
 */
export const productPeriodSql = `WITH bounds AS (SELECT max(last_test) AS newest FROM wafer_summary WHERE ${productFilter})
  SELECT product,
         avg(pass::INTEGER) FILTER (WHERE tested_at > newest - to_days(?::INTEGER))::DOUBLE AS current_yield,
         avg(pass::INTEGER) FILTER (WHERE tested_at <= newest - to_days(?::INTEGER))::DOUBLE AS previous_yield
  FROM dies, bounds WHERE tested_at > newest - to_days(2 * ?::INTEGER) AND ${productFilter} GROUP BY product ORDER BY product`;

/** Yield per lot in time order, for the trend chart (from the per-wafer counts of `wafer_summary`). */
export const lotTrendSql = `SELECT lot, product, min(first_test) AS first_test_time, (sum(good) / sum(judged))::DOUBLE AS yield, sum(dies)::BIGINT AS dies
  FROM wafer_summary WHERE ${productFilter} GROUP BY lot, product ORDER BY first_test_time, lot`;

/** Yield per ISO week, for the trend chart's week mode. */
export const weekTrendSql = `SELECT date_trunc('week', tested_at) AS week, avg(pass::INTEGER)::DOUBLE AS yield, count(*)::BIGINT AS dies
  FROM dies WHERE ${productFilter} GROUP BY week ORDER BY week`;

/**
 * The lot table: one row per lot with its worst wafer, from the per-wafer counts of `wafer_summary`
 * (bench/viewQueryBench.ts). Binds the product filter.
 */
export const lotTableSql = `SELECT lot, product, count(*)::INTEGER AS wafers, sum(dies)::BIGINT AS dies, (sum(good) / sum(judged))::DOUBLE AS yield,
         min(first_test) AS first_test_time, arg_min(wafer, good / judged) AS worst_wafer, min(good / judged)::DOUBLE AS worst_wafer_yield
  FROM wafer_summary WHERE ${productFilter} GROUP BY lot, product ORDER BY first_test_time DESC, lot`;

/** The wafers of one lot with yield, good/total and top fail bin (with its name). Binds the lot twice. */
export const lotWafersSql = `WITH per_wafer AS (
    SELECT wafer, any_value(product) AS product, count(*)::BIGINT AS dies, sum(pass::INTEGER)::BIGINT AS good,
           avg(pass::INTEGER)::DOUBLE AS yield FROM dies WHERE lot = ? GROUP BY wafer),
  fails AS (SELECT wafer, hard_bin, count(*) AS n FROM dies WHERE lot = ? AND NOT pass GROUP BY wafer, hard_bin),
  top_fail AS (SELECT wafer, arg_max(hard_bin, n * 100000 - hard_bin) AS bin, max(n)::BIGINT AS n FROM fails GROUP BY wafer)
  SELECT p.wafer, p.product, p.dies, p.good, p.yield, t.bin AS top_fail_bin, t.n AS top_fail_count, b.name AS top_fail_name
  FROM per_wafer p LEFT JOIN top_fail t USING (wafer)
  LEFT JOIN bins b ON b.bin_type = 'hard' AND b.bin = t.bin AND b.product = p.product
  ORDER BY TRY_CAST(p.wafer AS INTEGER), p.wafer`;

/** Products present, for the filter. */
export const productListSql = `SELECT DISTINCT product FROM wafer_summary ORDER BY product`;

/** Parameters for a query using the product filter once. */
export function productParams(product: string | null): [string | null, string | null] {
  return [product, product];
}
