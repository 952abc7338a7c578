/** Variables charts on plain subgroup arrays: X̄–R, X̄–S and individuals with moving range (I-MR). */
import { c4, d2, d3 } from './chartConstants.ts';
import {
  estimationIndices,
  symmetricPoint,
  zonesFor,
  type ChartOptions,
  type ChartPoint,
  type ChartSeries,
  type ControlChart,
} from './chartTypes.ts';
import { evaluateRules, WESTERN_ELECTRIC_RULES } from './runRules.ts';

/** Size, mean, range and sample SD (divisor n − 1) of one subgroup. */
export interface SubgroupSummary {
  n: number;
  mean: number;
  range: number;
  standardDeviation: number;
}

/** Summaries of each subgroup (NaN values are dropped). */
export function summarizeSubgroups(subgroups: readonly (readonly number[])[]): SubgroupSummary[] {
  return subgroups.map((raw) => {
    const values = raw.filter((value) => Number.isFinite(value));
    const n = values.length;
    const mean = values.reduce((sum, value) => sum + value, 0) / n;
    const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
    const range = n > 0 ? Math.max(...values) - Math.min(...values) : Number.NaN;
    return { n, mean, range, standardDeviation: n > 1 ? Math.sqrt(squares / (n - 1)) : Number.NaN };
  });
}

/** Weighted grand mean Σnᵢx̄ᵢ/Σnᵢ over the given subgroups. */
function grandMean(summaries: readonly SubgroupSummary[], indices: readonly number[]): number {
  let weighted = 0;
  let count = 0;
  for (const index of indices) {
    const summary = summaries[index];
    if (!summary || summary.n === 0) continue;
    weighted += summary.n * summary.mean;
    count += summary.n;
  }
  return weighted / count;
}

/** σ̂ = mean of Rᵢ/d2(nᵢ) (qcc "UWAVE-R"; = R̄/d2 for equal n) over subgroups with n ≥ 2. */
export function sigmaFromRanges(
  summaries: readonly SubgroupSummary[],
  indices: readonly number[],
  options: ChartOptions = {},
): number {
  const ratios = indices
    .map((index) => summaries[index])
    .filter((summary): summary is SubgroupSummary => summary !== undefined && summary.n >= 2)
    .map((summary) => summary.range / d2(summary.n, options.constants));
  return ratios.reduce((sum, ratio) => sum + ratio, 0) / ratios.length;
}

/** σ̂ = mean of sᵢ/c4(nᵢ) (qcc "UWAVE-SD"; = S̄/c4 for equal n) over subgroups with n ≥ 2. */
export function sigmaFromStandardDeviations(summaries: readonly SubgroupSummary[], indices: readonly number[]): number {
  const ratios = indices
    .map((index) => summaries[index])
    .filter((summary): summary is SubgroupSummary => summary !== undefined && summary.n >= 2)
    .map((summary) => summary.standardDeviation / c4(summary.n));
  return ratios.reduce((sum, ratio) => sum + ratio, 0) / ratios.length;
}

/** Attach zones and rule violations to a list of points. */
export function finishSeries(center: number, points: ChartPoint[], options: ChartOptions): ChartSeries {
  const zones = points.map((point) => zonesFor(point.center, point.sigma));
  const rules = options.rules ?? WESTERN_ELECTRIC_RULES;
  const found = evaluateRules(points, rules);
  const violations = found.map((violation) => ({ index: points[violation.index]?.index ?? violation.index, rule: violation.rule }));
  return { center, points, zones, violations };
}

/** Secondary (dispersion) series: per-point center and sigma from σ̂, LCL floored at 0, rule 1 only. */
function dispersionSeries(
  values: readonly { index: number; value: number; n: number; center: number; sigma: number }[],
  multiplier: number,
  options: ChartOptions,
): ChartSeries {
  const points = values.map((entry) =>
    symmetricPoint(entry.index, entry.value, entry.center, entry.sigma, entry.n, multiplier, { floor: 0 }),
  );
  const firstRule = (options.rules ?? WESTERN_ELECTRIC_RULES).filter((rule) => rule === 'WE1' || rule === 'N1');
  return finishSeries(points[0]?.center ?? Number.NaN, points, { ...options, rules: firstRule });
}

/** X̄ chart points around `center` with σ̂/√nᵢ limits. */
function meanPoints(summaries: readonly SubgroupSummary[], center: number, sigma: number, multiplier: number): ChartPoint[] {
  return summaries.map((summary, index) =>
    symmetricPoint(index, summary.mean, center, sigma / Math.sqrt(summary.n), summary.n, multiplier),
  );
}

/** X̄–R chart from subgroups of raw values (σ̂ from ranges unless options.sigma is given). */
export function xbarRChart(subgroups: readonly (readonly number[])[], options: ChartOptions = {}): ControlChart {
  const summaries = summarizeSubgroups(subgroups);
  const used = estimationIndices(summaries.length, options);
  const center = options.target ?? grandMean(summaries, used);
  const sigma = options.sigma ?? sigmaFromRanges(summaries, used, options);
  const multiplier = options.sigmaMultiplier ?? 3;
  const primary = finishSeries(center, meanPoints(summaries, center, sigma, multiplier), options);
  const ranges = summaries.map((summary, index) => ({
    index,
    value: summary.range,
    n: summary.n,
    center: d2(summary.n, options.constants) * sigma,
    sigma: d3(summary.n) * sigma,
  }));
  return { chart: 'xbar-r', sigma, ...primary, secondary: dispersionSeries(ranges, multiplier, options) };
}

/** X̄–S chart from subgroups of raw values (σ̂ from standard deviations unless options.sigma is given). */
export function xbarSChart(subgroups: readonly (readonly number[])[], options: ChartOptions = {}): ControlChart {
  const summaries = summarizeSubgroups(subgroups);
  const used = estimationIndices(summaries.length, options);
  const center = options.target ?? grandMean(summaries, used);
  const sigma = options.sigma ?? sigmaFromStandardDeviations(summaries, used);
  const multiplier = options.sigmaMultiplier ?? 3;
  const primary = finishSeries(center, meanPoints(summaries, center, sigma, multiplier), options);
  const deviations = summaries.map((summary, index) => {
    const c4Value = c4(summary.n);
    return {
      index,
      value: summary.standardDeviation,
      n: summary.n,
      center: c4Value * sigma,
      sigma: Math.sqrt(1 - c4Value * c4Value) * sigma,
    };
  });
  return { chart: 'xbar-s', sigma, ...primary, secondary: dispersionSeries(deviations, multiplier, options) };
}

/** How the individuals chart estimates σ: MR̄/d2(2), median MR/0.954 (exact d4), or SD/c4(N). */
export type IndividualsSigmaMethod = 'moving-range' | 'median-moving-range' | 'standard-deviation';

/** Options of the I-MR chart. */
export interface IndividualsOptions extends ChartOptions {
  sigmaMethod?: IndividualsSigmaMethod;
}

/** Median of a non-empty list. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * σ̂ of individuals from the retained values, in order; moving ranges join consecutive retained
 * values (as qcc does when points are dropped for revised limits).
 */
export function individualsSigma(retained: readonly number[], options: IndividualsOptions = {}): number {
  const mean = retained.reduce((sum, value) => sum + value, 0) / retained.length;
  if (options.sigmaMethod === 'standard-deviation') {
    const squares = retained.reduce((sum, value) => sum + (value - mean) ** 2, 0);
    return Math.sqrt(squares / (retained.length - 1)) / c4(retained.length);
  }
  const movingRanges = retained.slice(1).map((value, index) => Math.abs(value - (retained[index] ?? value)));
  if (options.sigmaMethod === 'median-moving-range') return median(movingRanges) / 0.954;
  const average = movingRanges.reduce((sum, value) => sum + value, 0) / movingRanges.length;
  return average / d2(2, options.constants);
}

/** Individuals and moving-range chart (MR of span 2) from single observations. */
export function individualsChart(values: readonly number[], options: IndividualsOptions = {}): ControlChart {
  const retained = estimationIndices(values.length, options).map((index) => values[index] ?? Number.NaN);
  const center = options.target ?? retained.reduce((sum, value) => sum + value, 0) / retained.length;
  const sigma = options.sigma ?? individualsSigma(retained, options);
  const multiplier = options.sigmaMultiplier ?? 3;
  const points = values.map((value, index) => symmetricPoint(index, value, center, sigma, 1, multiplier));
  const primary = finishSeries(center, points, options);
  const movingRanges = values.slice(1).map((value, offset) => ({
    index: offset + 1,
    value: Math.abs(value - (values[offset] ?? value)),
    n: 2,
    center: d2(2, options.constants) * sigma,
    sigma: d3(2) * sigma,
  }));
  return { chart: 'imr', sigma, ...primary, secondary: dispersionSeries(movingRanges, multiplier, options) };
}
