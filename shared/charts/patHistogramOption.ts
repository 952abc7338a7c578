/**
 * A test's histogram on the screening panel: the passing dies' values with the spec limits (red,
 * dashed) and the PAT limits (orange, solid), from the same builder as the drill-down histogram.
 */
import { defaultBinCount, histogramBins } from './capabilityOption.ts';
import { buildHistogramOption, type HistogramLabels } from './histogramOption.ts';

/** Texts the UI supplies: the histogram's and the PAT limits'. */
export interface PatHistogramLabels extends HistogramLabels {
  patLow: string;
  patHigh: string;
}

/** Limits drawn on the histogram. */
export interface PatHistogramLimits {
  specLow: number | null;
  specHigh: number | null;
  patLow: number | null;
  patHigh: number | null;
}

/** ECharts option of the values with spec and PAT limit lines. */
export function buildPatHistogramOption(values: ArrayLike<number>, limits: PatHistogramLimits, labels: PatHistogramLabels): Record<string, unknown> {
  const finite = Array.from(values).filter(Number.isFinite);
  const histogram = histogramBins(finite, defaultBinCount(finite.length));
  const mean = finite.reduce((sum, value) => sum + value, 0) / Math.max(1, finite.length);
  const variance = finite.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, finite.length - 1);
  const option = buildHistogramOption({
    lowest: histogram.edges[0] ?? 0, highest: histogram.edges[histogram.edges.length - 1] ?? 0, counts: histogram.counts,
    mean, sigma: Math.sqrt(variance), lowLimit: limits.specLow, highLimit: limits.specHigh,
  }, labels);
  const bars = (option.series as Record<string, unknown>[])[0] as { markLine: { data: Record<string, unknown>[] } };
  const pat = (value: number | null, label: string): Record<string, unknown>[] =>
    value === null ? [] : [{ xAxis: value, name: label, label: { formatter: label, position: 'insideEndTop' }, lineStyle: { color: '#e07b00', type: 'solid', width: 2 } }];
  bars.markLine.data = [...bars.markLine.data, ...pat(limits.patLow, labels.patLow), ...pat(limits.patHigh, labels.patHigh)];
  // Both pairs of limits are the point of this chart: the axis always reaches them (with a margin),
  // where the drill-down histogram leaves out limits far from the data.
  const axis = option.xAxis as { min: number; max: number };
  const shown = [axis.min, axis.max, ...[limits.specLow, limits.specHigh, limits.patLow, limits.patHigh].filter((value): value is number => value !== null && Number.isFinite(value))];
  const low = Math.min(...shown);
  const high = Math.max(...shown);
  const margin = (high - low) * 0.04;
  axis.min = low - margin;
  axis.max = high + margin;
  return option;
}
