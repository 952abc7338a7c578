/**
 * Time-weighted charts on subgroup arrays (individuals = subgroups of one): EWMA with exact
 * time-varying limits and the tabular CUSUM with strict "> H" decisions (SPC_YIELD.md §2.5–2.6).
 */
import { estimationIndices, zonesFor, type ChartOptions, type ChartPoint, type ControlChart } from './chartTypes.ts';
import { evaluateRules, WESTERN_ELECTRIC_RULES } from './runRules.ts';
import { individualsSigma, sigmaFromRanges, summarizeSubgroups, type SubgroupSummary } from './variablesCharts.ts';

/** Phase-I (or given) in-control mean and sigma of the individual observations. */
function inControlParameters(summaries: readonly SubgroupSummary[], options: ChartOptions): { mean: number; sigma: number } {
  const used = estimationIndices(summaries.length, options);
  let weighted = 0;
  let count = 0;
  for (const index of used) {
    const summary = summaries[index];
    if (!summary || summary.n === 0) continue;
    weighted += summary.n * summary.mean;
    count += summary.n;
  }
  const mean = options.target ?? weighted / count;
  if (options.sigma !== undefined) return { mean, sigma: options.sigma };
  const allSingles = summaries.every((summary) => summary.n <= 1);
  const sigma = allSingles
    ? individualsSigma(used.map((index) => summaries[index]?.mean ?? Number.NaN), options)
    : sigmaFromRanges(summaries, used, options);
  return { mean, sigma };
}

/** Options of the EWMA chart. */
export interface EwmaOptions extends ChartOptions {
  /** Smoothing weight λ in (0, 1]; default 0.2. */
  lambda?: number;
}

/**
 * EWMA chart: zᵢ = λx̄ᵢ + (1−λ)zᵢ₋₁, z₀ = μ0. Var(zᵢ) = Σⱼ λ²(1−λ)^{2(i−j)}σ²/nⱼ, which for constant n
 * equals λ/(2−λ)·[1−(1−λ)^{2i}]·σ²/n. Only rule 1 (beyond the limits) is evaluated.
 */
export function ewmaChart(subgroups: readonly (readonly number[])[], options: EwmaOptions = {}): ControlChart {
  const lambda = options.lambda ?? 0.2;
  if (!(lambda > 0 && lambda <= 1)) throw new Error(`EWMA lambda must be in (0, 1], got ${lambda}`);
  const summaries = summarizeSubgroups(subgroups);
  const { mean, sigma } = inControlParameters(summaries, options);
  const multiplier = options.sigmaMultiplier ?? 3;
  let smoothed = mean;
  let variance = 0;
  const points: ChartPoint[] = summaries.map((summary, index) => {
    smoothed = lambda * summary.mean + (1 - lambda) * smoothed;
    variance = (1 - lambda) ** 2 * variance + (lambda * lambda * sigma * sigma) / summary.n;
    const spread = Math.sqrt(variance);
    return { index, value: smoothed, center: mean, sigma: spread, n: summary.n, lcl: mean - multiplier * spread, ucl: mean + multiplier * spread };
  });
  const firstRule = (options.rules ?? WESTERN_ELECTRIC_RULES).filter((rule) => rule === 'WE1' || rule === 'N1');
  const violations = evaluateRules(points, firstRule);
  return { chart: 'ewma', center: mean, sigma, points, zones: points.map((point) => zonesFor(point.center, point.sigma)), violations };
}

/** Options of the tabular CUSUM. */
export interface CusumOptions extends ChartOptions {
  /** Reference value k in standard errors (half the shift to detect); default 0.5. */
  k?: number;
  /** Decision interval h in standard errors; default 5. */
  h?: number;
  /** Fast initial response: start both sums at this fraction of h (0.5 = classic FIR); default 0. */
  headStart?: number;
}

/** Build a CUSUM point in standard-error units with decision limits ±h. */
function cusumPoint(index: number, value: number, n: number, decision: number): ChartPoint {
  return { index, value, center: 0, sigma: 1, n, lcl: -decision, ucl: decision };
}

/**
 * Tabular CUSUM on standardized subgroup means zᵢ = (x̄ᵢ − μ0)/(σ/√nᵢ):
 * C⁺ᵢ = max(0, zᵢ − k + C⁺ᵢ₋₁), C⁻ᵢ = max(0, −k − zᵢ + C⁻ᵢ₋₁); signal when C > h (strict).
 * Primary points are C⁺, the secondary series holds −C⁻ (plotted below zero, like qcc).
 */
export function cusumChart(subgroups: readonly (readonly number[])[], options: CusumOptions = {}): ControlChart {
  const reference = options.k ?? 0.5;
  const decision = options.h ?? 5;
  const summaries = summarizeSubgroups(subgroups);
  const { mean, sigma } = inControlParameters(summaries, options);
  let upper = (options.headStart ?? 0) * decision;
  let lower = upper;
  const upperPoints: ChartPoint[] = [];
  const lowerPoints: ChartPoint[] = [];
  const upperViolations: ControlChart['violations'] = [];
  const lowerViolations: ControlChart['violations'] = [];
  summaries.forEach((summary, index) => {
    const standardized = (summary.mean - mean) / (sigma / Math.sqrt(summary.n));
    upper = Math.max(0, standardized - reference + upper);
    lower = Math.max(0, -reference - standardized + lower);
    upperPoints.push(cusumPoint(index, upper, summary.n, decision));
    lowerPoints.push(cusumPoint(index, lower === 0 ? 0 : -lower, summary.n, decision));
    if (upper > decision) upperViolations.push({ index, rule: 'CUSUM+' });
    if (lower > decision) lowerViolations.push({ index, rule: 'CUSUM-' });
  });
  const zones = upperPoints.map(() => zonesFor(0, 1));
  const violations = [...upperViolations, ...lowerViolations].sort((left, right) => left.index - right.index);
  return {
    chart: 'cusum',
    center: mean,
    sigma,
    points: upperPoints,
    zones,
    violations,
    secondary: { center: 0, points: lowerPoints, zones, violations: lowerViolations },
  };
}
