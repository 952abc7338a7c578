/**
 * Part Average Testing limits (AEC-Q001 Rev-D as commonly implemented). Quartiles use linear
 * interpolation (Hyndman-Fan type 7, the numpy/R default); other quartile rules move the limits
 * slightly.
 */
import { mean, median, quantileType7, robustSigmaIqr, robustSigmaMad, sampleStandardDeviation } from './descriptive';

/** Robust sigma estimator: (Q3 - Q1) / 1.35 ("iqr", AEC-Q001) or 1.4826 * MAD ("mad"). */
export type RobustSigmaMethod = 'iqr' | 'mad';

/** Options shared by static and dynamic PAT. */
export interface PatOptions {
  /** Sigma multiplier (default 6). */
  sigmaMultiplier?: number;
  /** Robust sigma estimator for static PAT (default "iqr"). */
  robustSigma?: RobustSigmaMethod;
  /** Lower specification limit; dynamic limits are clamped inside the spec. */
  lowerSpecLimit?: number;
  /** Upper specification limit; dynamic limits are clamped inside the spec. */
  upperSpecLimit?: number;
}

/** Static PAT limits and the parts outside them. */
export interface StaticPatResult {
  /** Robust centre (median). */
  median: number;
  /** First quartile (type 7). */
  q1: number;
  /** Third quartile (type 7). */
  q3: number;
  /** Robust sigma used. */
  robustSigma: number;
  /** Lower PAT limit. */
  lowerLimit: number;
  /** Upper PAT limit. */
  upperLimit: number;
  /** 0-based indexes of values outside the limits. */
  outlierIndexes: number[];
}

/** Dynamic PAT limits computed on the parts that passed static PAT (and spec limits). */
export interface DynamicPatResult {
  /** Mean of the surviving parts. */
  mean: number;
  /** Sample standard deviation (n - 1) of the surviving parts. */
  standardDeviation: number;
  /** Lower PAT limit (clamped to the lower spec limit if given). */
  lowerLimit: number;
  /** Upper PAT limit (clamped to the upper spec limit if given). */
  upperLimit: number;
  /** 0-based indexes of values outside the dynamic limits. */
  outlierIndexes: number[];
}

function outsideIndexes(values: readonly number[], lower: number, upper: number): number[] {
  const indexes: number[] = [];
  values.forEach((value, index) => {
    if (value < lower || value > upper) indexes.push(index);
  });
  return indexes;
}

/** Static PAT: median +/- k robust sigma (non-finite values are ignored). */
export function staticPatLimits(values: readonly number[], options: PatOptions = {}): StaticPatResult {
  const finite = values.filter(Number.isFinite);
  const multiplier = options.sigmaMultiplier ?? 6;
  const robustSigma = options.robustSigma === 'mad' ? robustSigmaMad(finite) : robustSigmaIqr(finite);
  const center = median(finite);
  const lowerLimit = center - multiplier * robustSigma;
  const upperLimit = center + multiplier * robustSigma;
  return {
    median: center,
    q1: quantileType7(finite, 0.25),
    q3: quantileType7(finite, 0.75),
    robustSigma,
    lowerLimit,
    upperLimit,
    outlierIndexes: outsideIndexes(values, lowerLimit, upperLimit),
  };
}

/** Dynamic PAT: mean +/- k sigma of the parts inside the static PAT and spec limits. */
export function dynamicPatLimits(values: readonly number[], options: PatOptions = {}): DynamicPatResult {
  const staticLimits = staticPatLimits(values, options);
  const lowerSpec = options.lowerSpecLimit ?? Number.NEGATIVE_INFINITY;
  const upperSpec = options.upperSpecLimit ?? Number.POSITIVE_INFINITY;
  const survivors = values.filter(
    (value) =>
      Number.isFinite(value) &&
      value >= Math.max(staticLimits.lowerLimit, lowerSpec) &&
      value <= Math.min(staticLimits.upperLimit, upperSpec),
  );
  const multiplier = options.sigmaMultiplier ?? 6;
  const center = mean(survivors);
  const standardDeviation = sampleStandardDeviation(survivors);
  const lowerLimit = Math.max(center - multiplier * standardDeviation, lowerSpec);
  const upperLimit = Math.min(center + multiplier * standardDeviation, upperSpec);
  return { mean: center, standardDeviation, lowerLimit, upperLimit, outlierIndexes: outsideIndexes(values, lowerLimit, upperLimit) };
}
