/** The plain statistics behind "explain this excursion": proportions, effect sizes and a rank test from summaries. */
import { chiSquareContingency } from '../stats/contingency.ts';
import { normalSurvival } from '../stats/distributions.ts';

/** Two proportions compared: difference (target − baseline) and Pearson chi-square p of the 2x2 table (no continuity correction). */
export interface ProportionComparison {
  target: number;
  baseline: number;
  difference: number;
  chiSquare: number;
  p: number;
}

/** Compare `targetHits` of `targetTotal` with `baselineHits` of `baselineTotal`. */
export function compareProportions(targetHits: number, targetTotal: number, baselineHits: number, baselineTotal: number): ProportionComparison {
  const target = targetTotal > 0 ? targetHits / targetTotal : Number.NaN;
  const baseline = baselineTotal > 0 ? baselineHits / baselineTotal : Number.NaN;
  if (!(targetTotal > 0) || !(baselineTotal > 0)) return { target, baseline, difference: Number.NaN, chiSquare: Number.NaN, p: Number.NaN };
  const test = chiSquareContingency([[targetHits, targetTotal - targetHits], [baselineHits, baselineTotal - baselineHits]]);
  return { target, baseline, difference: target - baseline, chiSquare: test.chiSquare, p: Number.isNaN(test.p) ? 1 : test.p };
}

/** Summary of one sample: size, mean and sample standard deviation. */
export interface SampleSummary {
  n: number;
  mean: number;
  sigma: number;
}

/** Cohen's d: (target mean − baseline mean) / pooled sample standard deviation; NaN when undefined. */
export function cohensD(target: SampleSummary, baseline: SampleSummary): number {
  const degrees = target.n + baseline.n - 2;
  if (target.n < 2 || baseline.n < 2 || degrees <= 0) return Number.NaN;
  const pooled = Math.sqrt(((target.n - 1) * target.sigma ** 2 + (baseline.n - 1) * baseline.sigma ** 2) / degrees);
  return pooled > 0 ? (target.mean - baseline.mean) / pooled : Number.NaN;
}

/** Mann-Whitney U of the target sample with its two-sided normal-approximation p (tie-corrected, continuity-corrected, as scipy's default asymptotic test). */
export interface MannWhitneyResult {
  u: number;
  z: number;
  p: number;
}

/**
 * Mann-Whitney from the target's rank sum in the pooled sample (average ranks for ties) and the tie
 * term Σ(t³ − t) over groups of tied values; what SQL can compute without sending the values.
 */
export function mannWhitneyFromRankSum(targetRankSum: number, targetN: number, baselineN: number, tieTerm: number): MannWhitneyResult {
  const total = targetN + baselineN;
  const u = targetRankSum - (targetN * (targetN + 1)) / 2;
  if (targetN === 0 || baselineN === 0) return { u, z: Number.NaN, p: Number.NaN };
  const expected = (targetN * baselineN) / 2;
  const variance = ((targetN * baselineN) / 12) * (total + 1 - tieTerm / (total * (total - 1)));
  if (!(variance > 0)) return { u, z: 0, p: 1 };
  const distance = Math.max(0, Math.abs(u - expected) - 0.5);
  const z = (Math.sign(u - expected) * distance) / Math.sqrt(variance);
  return { u, z, p: Math.min(1, 2 * normalSurvival(Math.abs(z))) };
}
