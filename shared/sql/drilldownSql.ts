/**
 * SQL of the bin and parametric drill-down over a selection of lots (optionally of wafers), always on
 * the dies' final results. A selection binds as two strings, so any number of lots stays one
 * parameter: $1 = lots joined by U+001F, $2 = "lot U+001E wafer" pairs joined by U+001F ('' = every wafer).
 */
import type { SqlParam } from '../engine/sqlEngine.ts';
import { finalResultsSql, testKeyOf } from '../schema/canonical.ts';

/** What the drill-down looks at: lots, and optionally only some of their wafers. */
export interface DrilldownSelection {
  lots: string[];
  wafers?: { lot: string; wafer: string }[];
}

/** Which bin column a Pareto counts. */
export type BinKind = 'hard' | 'soft';

const unitSeparator = '\u001f';
const recordSeparator = '\u001e';

/** The two bound strings of a selection ($1 lots, $2 wafers). */
export function selectionParams(selection: DrilldownSelection): [string, string] {
  const wafers = (selection.wafers ?? []).map((entry) => `${entry.lot}${recordSeparator}${entry.wafer}`);
  return [selection.lots.join(unitSeparator), wafers.join(unitSeparator)];
}

/** Predicate on a relation aliased `alias` with lot and wafer columns: in the bound selection. */
function inSelection(alias: string): string {
  return `list_contains(string_split($1::VARCHAR, chr(31)), ${alias}.lot)
    AND ($2::VARCHAR = '' OR list_contains(string_split($2::VARCHAR, chr(31)), ${alias}.lot || chr(30) || ${alias}.wafer))`;
}

/**
 * Final results of the selected dies, packaged parts without x/y included (issue #13 §1: a final-test lot has no
 * coordinates, and its Pareto must count the lot table's parts).
 */
const selectedDies = `selected AS (
    SELECT d.product, d.lot, d.wafer, d.x, d.y, d.site, d.pass, d.tested_at,
           coalesce(d.hard_bin, -1) AS hard_bin, coalesce(d.soft_bin, d.hard_bin, -1) AS soft_bin
    FROM dies d WHERE ${inSelection('d')})`;

/** Limits of each product's tests (one row per product and test key, see testKeyOf). */
const testLimits = `limits AS (
    SELECT product, ${testKeyOf('tests')} AS test_key, any_value(test_num) AS test_num, any_value(name) AS name, any_value(units) AS units,
           any_value(lo_limit)::DOUBLE AS lo_limit, any_value(hi_limit)::DOUBLE AS hi_limit
    FROM tests GROUP BY ALL)`;

/**
 * Results of the selected dies at their final test (see finalResultsSql), by test key, including those that are
 * not measurements (`invalid`: NULL or not finite), which only the statistics table counts.
 */
const selectedResults = `${selectedDies},
  final_values AS (${finalResultsSql({ wafers: inSelection })}),
  results_of_selection AS (
    SELECT s.product, s.lot, s.wafer, s.x, s.y, s.site, s.tested_at, r.test_key, r.test_num, r.value::DOUBLE AS value,
           (r.value IS NULL OR NOT isfinite(r.value)) AS invalid
    FROM final_values r JOIN selected s ON r.lot = s.lot AND r.wafer = s.wafer AND r.x = s.x AND r.y = s.y
    UNION ALL
    -- Results of parts without coordinates cannot be tied to a part (results carry no part id): they count for
    -- the lot with the first insertion's values (finalResultsSql), without site or time.
    SELECT r.product, r.lot, r.wafer, NULL, NULL, NULL, NULL, r.test_key, r.test_num, r.value::DOUBLE,
           (r.value IS NULL OR NOT isfinite(r.value))
    FROM final_values r WHERE (r.x IS NULL OR r.y IS NULL) AND ${inSelection('r')})`;

/** Measurements of the selected dies (finite values only): what every statistic and chart uses. */
const selectedValues = `${selectedResults},
  measured AS (SELECT * FROM results_of_selection WHERE NOT invalid)`;

/**
 * Bin Pareto: dies per bin, most frequent first, with the bin's name and pass flag from the bins
 * table of each die's own product (issue #13 §1: bins belong to a product; one bin number named or
 * judged differently by two products gives two bars), its share and the cumulative share. Binds the selection.
 */
export function binParetoSql(kind: BinKind): string {
  const column = kind === 'soft' ? 'soft_bin' : 'hard_bin';
  return `WITH ${selectedDies},
  product_bins AS (
    SELECT product, bin, any_value(name) AS name, bool_or(pass) AS pass FROM bins WHERE bin_type = '${kind}' GROUP BY product, bin),
  counted AS (SELECT product, ${column} AS bin, count(*)::BIGINT AS dies, bool_and(pass) AS all_pass FROM selected GROUP BY product, ${column}),
  named AS (
    SELECT c.bin, coalesce(b.name, '') AS name, coalesce(b.pass, c.all_pass) AS pass, sum(c.dies)::BIGINT AS dies
    FROM counted c LEFT JOIN product_bins b ON b.product = c.product AND b.bin = c.bin
    GROUP BY ALL)
  SELECT bin::INTEGER AS bin, name, pass, dies,
         (dies / sum(dies) OVER ())::DOUBLE AS share,
         (sum(dies) OVER (ORDER BY dies DESC, bin, name, pass ROWS UNBOUNDED PRECEDING) / sum(dies) OVER ())::DOUBLE AS cumulative_share
  FROM named ORDER BY dies DESC, bin, name, pass`;
}

/** Dies of the selection in one bin: lot, wafer, x, y. Binds the selection and $3 = bin. */
export function binDiesSql(kind: BinKind): string {
  const column = kind === 'soft' ? 'soft_bin' : 'hard_bin';
  return `WITH ${selectedDies}
  SELECT lot, wafer, x::INTEGER AS x, y::INTEGER AS y FROM selected
  WHERE ${column} = $3::INTEGER AND x IS NOT NULL AND y IS NOT NULL ORDER BY lot, wafer, y, x`;
}

/**
 * Statistics of every test (by key, see testKeyOf) over the selection: the key and the number users see, n, mean,
 * sample sigma, min, max, limits, the count of values outside them and the count of results that are not
 * measurements (invalid: flagged, NaN or sentinel; in no other column). Binds the selection.
 */
export const testStatisticsSql = `WITH ${selectedResults}, ${testLimits}
  SELECT m.test_key::INTEGER AS test_key, any_value(m.test_num)::INTEGER AS test_num, coalesce(any_value(l.name), '') AS name,
         coalesce(any_value(l.units), '') AS units,
         count(*) FILTER (WHERE NOT m.invalid)::INTEGER AS n, avg(m.value) FILTER (WHERE NOT m.invalid)::DOUBLE AS mean,
         stddev_samp(m.value) FILTER (WHERE NOT m.invalid)::DOUBLE AS sigma,
         min(m.value) FILTER (WHERE NOT m.invalid)::DOUBLE AS minimum, max(m.value) FILTER (WHERE NOT m.invalid)::DOUBLE AS maximum,
         any_value(l.lo_limit) AS lo_limit, any_value(l.hi_limit) AS hi_limit,
         count(*) FILTER (WHERE NOT m.invalid AND (m.value < l.lo_limit OR m.value > l.hi_limit))::INTEGER AS fails,
         count(*) FILTER (WHERE m.invalid)::INTEGER AS invalid
  FROM results_of_selection m LEFT JOIN limits l ON l.product = m.product AND l.test_key = m.test_key
  GROUP BY m.test_key ORDER BY any_value(m.test_num), m.test_key DESC`;

/**
 * Histogram of one test: $4 equal-width buckets between the smallest and largest value; returns
 * bucket index, count, and the range (lowest, highest). Binds the selection, $3 = test key, $4 = buckets.
 */
export const testHistogramSql = `WITH ${selectedValues},
  chosen AS (SELECT value FROM measured WHERE test_key = $3::INTEGER),
  span AS (SELECT min(value) AS lowest, max(value) AS highest FROM chosen)
  SELECT least(CASE WHEN highest > lowest THEN floor((value - lowest) / ((highest - lowest) / $4::INTEGER)) ELSE 0 END, $4::INTEGER - 1)::INTEGER AS bucket,
         count(*)::INTEGER AS dies, any_value(lowest)::DOUBLE AS lowest, any_value(highest)::DOUBLE AS highest
  FROM chosen, span GROUP BY bucket ORDER BY bucket`;

/** Most outlier points a box plot draws per group (the most extreme; the count says how many there are). */
export const maximumBoxOutliers = 200;

/** What box plots group by. */
export type BoxGrouping = 'wafer' | 'site';

/**
 * Box plot of one test per wafer or per site: quartiles (quantile_cont), Tukey whiskers (the most
 * extreme values within 1.5 IQR of the box), the count outside them and their values, the most extreme
 * first, at most maximumBoxOutliers per group (issue #13 §2: without them a wafer whose dies fail
 * this test drew the same box as every other). Binds the selection, $3 = test.
 */
export function testBoxPlotSql(grouping: BoxGrouping): string {
  const group = grouping === 'site' ? `coalesce(site, -1)::VARCHAR` : `lot || ' / ' || wafer`;
  const order = grouping === 'site' ? `coalesce(try_cast(label AS INTEGER), 0), label` : `any_value(lot), try_cast(any_value(wafer) AS INTEGER) NULLS LAST, label`;
  return `WITH ${selectedValues},
  chosen AS (SELECT ${group} AS label, lot, wafer, value FROM measured WHERE test_key = $3::INTEGER),
  quartiles AS (SELECT label, quantile_cont(value, 0.25) AS q1, quantile_cont(value, 0.5) AS median, quantile_cont(value, 0.75) AS q3
    FROM chosen GROUP BY label)
  SELECT c.label, count(*)::INTEGER AS n, any_value(q.q1)::DOUBLE AS q1, any_value(q.median)::DOUBLE AS median, any_value(q.q3)::DOUBLE AS q3,
         min(c.value) FILTER (WHERE c.value >= q.q1 - 1.5 * (q.q3 - q.q1))::DOUBLE AS lower_whisker,
         max(c.value) FILTER (WHERE c.value <= q.q3 + 1.5 * (q.q3 - q.q1))::DOUBLE AS upper_whisker,
         count(*) FILTER (WHERE c.value < q.q1 - 1.5 * (q.q3 - q.q1) OR c.value > q.q3 + 1.5 * (q.q3 - q.q1))::INTEGER AS outliers,
         coalesce(list_slice(list(c.value::DOUBLE ORDER BY abs(c.value - q.median) DESC, c.value)
           FILTER (WHERE c.value < q.q1 - 1.5 * (q.q3 - q.q1) OR c.value > q.q3 + 1.5 * (q.q3 - q.q1)), 1, ${maximumBoxOutliers}), []::DOUBLE[]) AS outlier_values
  FROM chosen c JOIN quartiles q USING (label) GROUP BY c.label ORDER BY ${order}`;
}

/** Most points a trend or scatter sends to the chart (the statistics use every value). */
export const maximumChartPoints = 20_000;

/**
 * One test's values in test order (tested_at, then wafer and position), thinned evenly to at most
 * $4 points: order, lot, wafer, x, y, value. Binds the selection, $3 = test key, $4 = most points.
 */
export const testTrendSql = `WITH ${selectedValues},
  ordered AS (SELECT lot, wafer, x, y, value, row_number() OVER (ORDER BY tested_at, lot, wafer, y, x) - 1 AS sequence,
                     count(*) OVER () AS total FROM measured WHERE test_key = $3::INTEGER)
  SELECT sequence::INTEGER AS sequence, lot, wafer, x::INTEGER AS x, y::INTEGER AS y, value FROM ordered
  WHERE total <= $4::INTEGER OR sequence % ceil(total / $4::INTEGER)::BIGINT = 0 ORDER BY sequence`;

/**
 * Two tests on the same dies: at most $5 pairs (an even thinning in die order) and Pearson r over
 * every pair. Binds the selection, $3 = test key on x, $4 = test key on y, $5 = most points.
 */
export const testScatterSql = `WITH ${selectedValues},
  pairs AS (SELECT a.lot, a.wafer, a.x, a.y, a.value AS x_value, b.value AS y_value
    FROM measured a JOIN measured b ON a.lot = b.lot AND a.wafer = b.wafer AND a.x = b.x AND a.y = b.y
    WHERE a.test_key = $3::INTEGER AND b.test_key = $4::INTEGER),
  numbered AS (SELECT *, row_number() OVER (ORDER BY lot, wafer, y, x) - 1 AS sequence, count(*) OVER () AS total,
                      corr(x_value, y_value) OVER () AS pearson FROM pairs)
  SELECT lot, wafer, x::INTEGER AS x, y::INTEGER AS y, x_value, y_value, pearson::DOUBLE AS pearson, total::INTEGER AS total FROM numbered
  WHERE total <= $5::INTEGER OR sequence % ceil(total / $5::INTEGER)::BIGINT = 0 ORDER BY sequence`;

/** Parameters of a selection followed by extra values ($3, $4, ...). */
export function drilldownParams(selection: DrilldownSelection, ...extra: SqlParam[]): SqlParam[] {
  return [...selectionParams(selection), ...extra];
}
