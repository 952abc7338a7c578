/** Descriptive and robust statistics: mean, variance, median, type-7 quantiles, robust sigma, ranks. */

/** Arithmetic mean (NaN for an empty list). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Sample variance with n - 1 denominator (NaN for fewer than two values). */
export function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const center = mean(values);
  let sumSquares = 0;
  for (const value of values) sumSquares += (value - center) ** 2;
  return sumSquares / (values.length - 1);
}

/** Sample standard deviation with n - 1 denominator. */
export function sampleStandardDeviation(values: readonly number[]): number {
  return Math.sqrt(sampleVariance(values));
}

/** Ascending copy of the values. */
export function sortedAscending(values: readonly number[]): number[] {
  return [...values].sort((left, right) => left - right);
}

/** Quantile with linear interpolation between order statistics (Hyndman-Fan type 7, numpy/R default). */
export function quantileType7(values: readonly number[], probability: number): number {
  if (values.length === 0 || probability < 0 || probability > 1) return Number.NaN;
  const sorted = sortedAscending(values);
  const position = (sorted.length - 1) * probability;
  const lowerIndex = Math.floor(position);
  const lower = sorted[lowerIndex] ?? Number.NaN;
  const upper = sorted[Math.min(lowerIndex + 1, sorted.length - 1)] ?? Number.NaN;
  return lower + (position - lowerIndex) * (upper - lower);
}

/** Median (type-7 quantile at 0.5, i.e. the usual mid-point rule). */
export function median(values: readonly number[]): number {
  return quantileType7(values, 0.5);
}

/** Robust sigma from the interquartile range, (Q3 - Q1) / 1.35, quartiles by type 7 (AEC-Q001). */
export function robustSigmaIqr(values: readonly number[]): number {
  return (quantileType7(values, 0.75) - quantileType7(values, 0.25)) / 1.35;
}

/** Median absolute deviation from the median (unscaled). */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const center = median(values);
  return median(values.map((value) => Math.abs(value - center)));
}

/** Robust sigma as 1.4826 * MAD (consistent with sigma for normal data). */
export function robustSigmaMad(values: readonly number[]): number {
  return 1.4826 * medianAbsoluteDeviation(values);
}

/** Ranks (1-based) with ties given their average rank, plus the tie sizes found. */
export function averageRanks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((value, index) => ({ value, index })).sort((left, right) => left.value - right.value);
  const ranks = new Array<number>(values.length).fill(0);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]?.value === order[start]?.value) end += 1;
    const averageRank = (start + end) / 2 + 1;
    for (let position = start; position <= end; position += 1) {
      const entry = order[position];
      if (entry) ranks[entry.index] = averageRank;
    }
    if (end > start) tieSizes.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieSizes };
}
