/** Shapes shared by every control chart in shared/spc. */
import type { ConstantsConvention } from './chartConstants.ts';
import type { RuleName } from './runRules.ts';

/** One plotted statistic with its limits; `sigma` is the SD of that statistic (zone width). */
export interface ChartPoint {
  /** 0-based position in the input (subgroup or observation order). */
  index: number;
  value: number;
  lcl: number;
  ucl: number;
  center: number;
  sigma: number;
  n: number;
}

/** Zone boundaries around one point's center line (C within 1σ, B 1σ–2σ, A 2σ–3σ). */
export interface ZoneBoundaries {
  lowerTwoSigma: number;
  lowerOneSigma: number;
  upperOneSigma: number;
  upperTwoSigma: number;
}

/** A run rule (or CUSUM decision) firing at a 0-based point index. */
export interface RuleViolation {
  index: number;
  rule: RuleName | 'CUSUM+' | 'CUSUM-';
}

/** A plotted series: its points, zones and the violations found on it. */
export interface ChartSeries {
  center: number;
  points: ChartPoint[];
  zones: ZoneBoundaries[];
  violations: RuleViolation[];
}

/** The result of a chart computation; `sigma` is the process (within) sigma estimate. */
export interface ControlChart extends ChartSeries {
  chart: ChartKind;
  sigma: number;
  /** The R, S or MR chart of xbar-r, xbar-s and imr; the lower CUSUM for cusum. */
  secondary?: ChartSeries;
}

/** Chart types understood by the engine. */
export type ChartKind = 'xbar-r' | 'xbar-s' | 'imr' | 'p' | 'np' | 'c' | 'u' | 'ewma' | 'cusum';

/** Options common to all charts. */
export interface ChartOptions {
  /** Width of the limits in sigmas (L); default 3. */
  sigmaMultiplier?: number;
  /** Rules evaluated on the primary series; default Western Electric 1–4. */
  rules?: readonly RuleName[];
  /** d2 convention for range-based sigma; default 'exact'. */
  constants?: ConstantsConvention;
  /** Phase II: in-control center (mean, p̄, c̄, ū) fixed instead of estimated. */
  target?: number;
  /** Phase II: in-control process sigma fixed instead of estimated (variables charts). */
  sigma?: number;
  /** 0-based indices left out of the estimation of center and sigma (still plotted). */
  exclude?: readonly number[];
  /** Estimation window [start, end) of 0-based indices; points outside it are only plotted. */
  baseline?: { start: number; end: number };
}

/** Zone boundaries for a point with the given center and statistic sigma. */
export function zonesFor(center: number, sigma: number): ZoneBoundaries {
  return {
    lowerTwoSigma: center - 2 * sigma,
    lowerOneSigma: center - sigma,
    upperOneSigma: center + sigma,
    upperTwoSigma: center + 2 * sigma,
  };
}

/** Whether point `index` takes part in estimating the limits under `options`. */
export function isInEstimation(index: number, options: ChartOptions): boolean {
  if (options.exclude?.includes(index)) return false;
  const window = options.baseline;
  return !window || (index >= window.start && index < window.end);
}

/** Indices 0..count−1 that take part in estimation. */
export function estimationIndices(count: number, options: ChartOptions): number[] {
  const indices: number[] = [];
  for (let index = 0; index < count; index += 1) if (isInEstimation(index, options)) indices.push(index);
  return indices;
}

/** Build a point with symmetric limits center ± L·sigma, the LCL optionally floored / UCL capped. */
export function symmetricPoint(
  index: number,
  value: number,
  center: number,
  sigma: number,
  n: number,
  multiplier: number,
  bounds: { floor?: number; cap?: number } = {},
): ChartPoint {
  let lcl = center - multiplier * sigma;
  let ucl = center + multiplier * sigma;
  if (bounds.floor !== undefined) lcl = Math.max(bounds.floor, lcl);
  if (bounds.cap !== undefined) ucl = Math.min(bounds.cap, ucl);
  return { index, value, lcl, ucl, center, sigma, n };
}
