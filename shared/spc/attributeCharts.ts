/**
 * Attribute charts on plain count arrays (SPC_YIELD.md §2.4): p (variable n), np, c and u
 * (variable n). Centers are pooled ratios (Σcount/Σsize), never the mean of the per-subgroup ratios.
 * `options.target` fixes p̄ (p and np), c̄ (c) or ū (u) for phase II.
 */
import { estimationIndices, symmetricPoint, type ChartOptions, type ControlChart } from './chartTypes.ts';
import { finishSeries } from './variablesCharts.ts';

/** Σcounts/Σsizes over the estimation subgroups. */
function pooledRate(counts: readonly number[], sizes: readonly number[], options: ChartOptions): number {
  let countTotal = 0;
  let sizeTotal = 0;
  for (const index of estimationIndices(counts.length, options)) {
    countTotal += counts[index] ?? 0;
    sizeTotal += sizes[index] ?? 0;
  }
  return countTotal / sizeTotal;
}

/** Check that counts and sizes pair up. */
function requireSameLength(counts: readonly number[], sizes: readonly number[]): void {
  if (counts.length !== sizes.length) throw new Error(`counts (${counts.length}) and sizes (${sizes.length}) differ in length`);
}

/** p chart: fraction nonconforming Dᵢ/nᵢ, limits p̄ ± L√(p̄(1−p̄)/nᵢ) floored at 0 and capped at 1. */
export function pChart(counts: readonly number[], sizes: readonly number[], options: ChartOptions = {}): ControlChart {
  requireSameLength(counts, sizes);
  const center = options.target ?? pooledRate(counts, sizes, options);
  const multiplier = options.sigmaMultiplier ?? 3;
  const points = counts.map((count, index) => {
    const size = sizes[index] ?? Number.NaN;
    const sigma = Math.sqrt((center * (1 - center)) / size);
    return symmetricPoint(index, count / size, center, sigma, size, multiplier, { floor: 0, cap: 1 });
  });
  // qcc reports √(p̄(1−p̄)/n) for the first subgroup's n as the chart's standard deviation.
  return { chart: 'p', sigma: points[0]?.sigma ?? Number.NaN, ...finishSeries(center, points, options) };
}

/** np chart: number nonconforming, limits n·p̄ ± L√(n·p̄(1−p̄)) floored at 0 (meant for constant n). */
export function npChart(counts: readonly number[], sizes: readonly number[], options: ChartOptions = {}): ControlChart {
  requireSameLength(counts, sizes);
  const proportion = options.target ?? pooledRate(counts, sizes, options);
  const multiplier = options.sigmaMultiplier ?? 3;
  const points = counts.map((count, index) => {
    const size = sizes[index] ?? Number.NaN;
    const sigma = Math.sqrt(size * proportion * (1 - proportion));
    return symmetricPoint(index, count, size * proportion, sigma, size, multiplier, { floor: 0, cap: size });
  });
  const first = points[0];
  return { chart: 'np', sigma: first?.sigma ?? Number.NaN, ...finishSeries(first?.center ?? Number.NaN, points, options) };
}

/** c chart: nonconformities per constant inspection unit, limits c̄ ± L√c̄ floored at 0. */
export function cChart(counts: readonly number[], options: ChartOptions = {}): ControlChart {
  const units = counts.map(() => 1);
  const center = options.target ?? pooledRate(counts, units, options);
  const multiplier = options.sigmaMultiplier ?? 3;
  const sigma = Math.sqrt(center);
  const points = counts.map((count, index) => symmetricPoint(index, count, center, sigma, 1, multiplier, { floor: 0 }));
  return { chart: 'c', sigma, ...finishSeries(center, points, options) };
}

/** u chart: nonconformities per unit cᵢ/nᵢ, limits ū ± L√(ū/nᵢ) floored at 0; sigma reported is √ū. */
export function uChart(counts: readonly number[], sizes: readonly number[], options: ChartOptions = {}): ControlChart {
  requireSameLength(counts, sizes);
  const center = options.target ?? pooledRate(counts, sizes, options);
  const multiplier = options.sigmaMultiplier ?? 3;
  const points = counts.map((count, index) => {
    const size = sizes[index] ?? Number.NaN;
    return symmetricPoint(index, count / size, center, Math.sqrt(center / size), size, multiplier, { floor: 0 });
  });
  return { chart: 'u', sigma: Math.sqrt(center), ...finishSeries(center, points, options) };
}
