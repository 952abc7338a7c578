/**
 * When did a level go bad? A single mean-shift change point on the level's responses in time order:
 * the split that maximises the Welch t statistic between "before" and "after" in the bad direction.
 */

/** A unit's response at the time it went through the step. */
export interface TimedResponse {
  /** Step time, epoch ms. */
  time: number;
  /** Response. */
  response: number;
}

/** Fewest points on either side of a split. */
const minimumSegment = 4;

/**
 * Welch t the best split must exceed. Taking the maximum over all splits inflates t, so the bar is
 * well above the usual 2: a few per cent of random series pass 3.5, a real step clears it easily.
 */
const minimumShiftT = 4;

/** Prefix sums of values and squares, so every split's means and variances cost O(1). */
function prefixSums(values: readonly number[]): { sums: Float64Array; squares: Float64Array } {
  const sums = new Float64Array(values.length + 1);
  const squares = new Float64Array(values.length + 1);
  values.forEach((value, index) => {
    sums[index + 1] = (sums[index] ?? 0) + value;
    squares[index + 1] = (squares[index] ?? 0) + value * value;
  });
  return { sums, squares };
}

/** Mean and sample variance of values[from, to) from prefix sums. */
function segmentMoments(prefix: { sums: Float64Array; squares: Float64Array }, from: number, to: number): { mean: number; variance: number; n: number } {
  const n = to - from;
  const sum = (prefix.sums[to] ?? 0) - (prefix.sums[from] ?? 0);
  const squares = (prefix.squares[to] ?? 0) - (prefix.squares[from] ?? 0);
  const segmentMean = sum / n;
  return { mean: segmentMean, variance: Math.max(0, (squares - n * segmentMean * segmentMean) / (n - 1)), n };
}

function welchT(before: { mean: number; variance: number; n: number }, after: { mean: number; variance: number; n: number }): number {
  const spread = before.variance / before.n + after.variance / after.n;
  const difference = after.mean - before.mean;
  if (spread > 1e-18) return difference / Math.sqrt(spread);
  return Math.abs(difference) < 1e-12 ? 0 : Math.sign(difference) * Number.POSITIVE_INFINITY;
}

/**
 * Time of the first point after the strongest shift in `direction` ("down": responses fell), or
 * null when no split is clear (too few points, or t below the bar).
 */
export function detectDropTime(points: readonly TimedResponse[], direction: 'down' | 'up'): number | null {
  const ordered = [...points].sort((left, right) => left.time - right.time);
  if (ordered.length < 2 * minimumSegment) return null;
  const prefix = prefixSums(ordered.map((point) => point.response));
  const sign = direction === 'down' ? -1 : 1;
  let bestT = minimumShiftT;
  let bestIndex = -1;
  for (let split = minimumSegment; split <= ordered.length - minimumSegment; split += 1) {
    const t = sign * welchT(segmentMoments(prefix, 0, split), segmentMoments(prefix, split, ordered.length));
    if (t > bestT) {
      bestT = t;
      bestIndex = split;
    }
  }
  return bestIndex < 0 ? null : (ordered[bestIndex]?.time ?? null);
}
