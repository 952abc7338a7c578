/** Tests that compare a response across groups: one-way ANOVA and Kruskal-Wallis. */
import { averageRanks, mean } from './descriptive';
import { chiSquareSurvival, fSurvival } from './distributions';

/** Result of a one-way analysis of variance. */
export interface AnovaResult {
  /** F statistic (Infinity when all within-group spread is zero but means differ). */
  f: number;
  /** Between-group degrees of freedom, k - 1. */
  dfBetween: number;
  /** Within-group degrees of freedom, N - k. */
  dfWithin: number;
  /** Upper-tail p-value of F. */
  p: number;
  /** Between-group sum of squares. */
  sumSquaresBetween: number;
  /** Within-group sum of squares. */
  sumSquaresWithin: number;
  /** Effect size: between / total sum of squares. */
  etaSquared: number;
}

/** Result of the Kruskal-Wallis rank test. */
export interface KruskalWallisResult {
  /** H statistic, tie-corrected. */
  h: number;
  /** Degrees of freedom, k - 1. */
  df: number;
  /** Chi-square approximation p-value. */
  p: number;
  /** Tie correction factor 1 - sum(t^3 - t) / (N^3 - N). */
  tieCorrection: number;
  /** Effect size epsilon squared, H / (N - 1). */
  epsilonSquared: number;
  /** Effect size eta squared (H), (H - k + 1) / (N - k). */
  etaSquaredH: number;
}

function nonEmpty(groups: readonly (readonly number[])[]): (readonly number[])[] {
  return groups.filter((group) => group.length > 0);
}

/** One-way ANOVA over groups of observations (empty groups are ignored). */
export function oneWayAnova(groups: readonly (readonly number[])[]): AnovaResult {
  const used = nonEmpty(groups);
  const all = used.flat();
  const total = all.length;
  const grandMean = mean(all);
  let sumSquaresBetween = 0;
  let sumSquaresWithin = 0;
  for (const group of used) {
    const groupMean = mean(group);
    sumSquaresBetween += group.length * (groupMean - grandMean) ** 2;
    for (const value of group) sumSquaresWithin += (value - groupMean) ** 2;
  }
  const dfBetween = used.length - 1;
  const dfWithin = total - used.length;
  const f = dfBetween > 0 && dfWithin > 0 ? varianceRatio(sumSquaresBetween / dfBetween, sumSquaresWithin / dfWithin) : Number.NaN;
  const p = Number.isNaN(f) ? Number.NaN : fSurvival(f, dfBetween, dfWithin);
  const sumSquaresTotal = sumSquaresBetween + sumSquaresWithin;
  const etaSquared = sumSquaresTotal > 0 ? sumSquaresBetween / sumSquaresTotal : Number.NaN;
  return { f, dfBetween, dfWithin, p, sumSquaresBetween, sumSquaresWithin, etaSquared };
}

function varianceRatio(meanSquareBetween: number, meanSquareWithin: number): number {
  if (meanSquareWithin > 0) return meanSquareBetween / meanSquareWithin;
  // Zero within-group spread: any between-group difference is infinitely significant.
  return meanSquareBetween > 0 ? Number.POSITIVE_INFINITY : Number.NaN;
}

/** Kruskal-Wallis H test with average ranks for ties and the usual tie correction. */
export function kruskalWallis(groups: readonly (readonly number[])[]): KruskalWallisResult {
  const used = nonEmpty(groups);
  const all = used.flat();
  const total = all.length;
  const { ranks, tieSizes } = averageRanks(all);
  let offset = 0;
  let rankTerm = 0;
  for (const group of used) {
    let rankSum = 0;
    for (let index = 0; index < group.length; index += 1) rankSum += ranks[offset + index] ?? 0;
    rankTerm += (rankSum * rankSum) / group.length;
    offset += group.length;
  }
  const uncorrected = (12 / (total * (total + 1))) * rankTerm - 3 * (total + 1);
  const tieSum = tieSizes.reduce((sum, size) => sum + size ** 3 - size, 0);
  const tieCorrection = total > 1 ? 1 - tieSum / (total ** 3 - total) : Number.NaN;
  const df = used.length - 1;
  const h = df > 0 && tieCorrection > 0 ? uncorrected / tieCorrection : Number.NaN;
  const p = Number.isNaN(h) ? Number.NaN : chiSquareSurvival(h, df);
  const epsilonSquared = total > 1 ? h / (total - 1) : Number.NaN;
  const etaSquaredH = total > used.length ? (h - used.length + 1) / (total - used.length) : Number.NaN;
  return { h, df, p, tieCorrection, epsilonSquared, etaSquaredH };
}

/**
 * Mann-Whitney z of sample `first` against `second` (normal approximation, tie-corrected, no
 * continuity correction): positive when `first` tends to be larger. 0 when either sample is empty
 * or every value ties.
 */
export function mannWhitneyZ(first: readonly number[], second: readonly number[]): number {
  const [n1, n2] = [first.length, second.length];
  if (n1 === 0 || n2 === 0) return 0;
  const { ranks, tieSizes } = averageRanks([...first, ...second]);
  let rankSum = 0;
  for (let index = 0; index < n1; index += 1) rankSum += ranks[index] ?? 0;
  const u = rankSum - (n1 * (n1 + 1)) / 2;
  const total = n1 + n2;
  const tieSum = tieSizes.reduce((sum, size) => sum + size ** 3 - size, 0);
  const variance = ((n1 * n2) / 12) * (total + 1 - tieSum / (total * (total - 1)));
  return variance > 0 ? (u - (n1 * n2) / 2) / Math.sqrt(variance) : 0;
}
