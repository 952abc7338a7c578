/**
 * Pure builder of the capability histogram's ECharts option: the measured values binned into an
 * outlined histogram, the fitted normal curves (within and overall sigma) scaled to counts, and the
 * spec limits as vertical lines. No ECharts import, so unit tests can check the option.
 */

/** Histogram of values: `edges` has one more entry than `counts`. */
export interface Histogram {
  edges: number[];
  counts: number[];
}

/** What the histogram shows. */
export interface CapabilityChartInput {
  values: ArrayLike<number>;
  lowerSpec: number | null;
  upperSpec: number | null;
  mean: number;
  sigmaWithin: number | null;
  sigmaOverall: number | null;
  /** Number of bins; default from the square-root rule, between 8 and 40. */
  binCount?: number;
}

/** Texts and formatting from the UI. */
export interface CapabilityChartLabels {
  count: string;
  within: string;
  overall: string;
  lowerSpec: string;
  upperSpec: string;
  formatValue(value: number): string;
}

/** Bin count by the square-root rule, kept between 8 and 40. */
export function defaultBinCount(count: number): number {
  return Math.min(40, Math.max(8, Math.ceil(Math.sqrt(count))));
}

/** Equal-width bins from the smallest to the largest finite value; the largest falls in the last bin. */
export function histogramBins(values: ArrayLike<number>, binCount: number): Histogram {
  let minimum = Number.POSITIVE_INFINITY;
  let maximum = Number.NEGATIVE_INFINITY;
  for (let at = 0; at < values.length; at++) {
    const value = values[at] ?? Number.NaN;
    if (!Number.isFinite(value)) continue;
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }
  if (minimum > maximum) return { edges: [], counts: [] };
  if (minimum === maximum) {
    minimum -= 0.5;
    maximum += 0.5;
  }
  const width = (maximum - minimum) / binCount;
  const edges = Array.from({ length: binCount + 1 }, (_, index) => (index === binCount ? maximum : minimum + index * width));
  const counts = new Array<number>(binCount).fill(0);
  for (let at = 0; at < values.length; at++) {
    const value = values[at] ?? Number.NaN;
    if (!Number.isFinite(value)) continue;
    const bin = Math.min(binCount - 1, Math.floor((value - minimum) / width));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return { edges, counts };
}

/** Outline of the histogram as one polyline: up and across each bin, back to zero at the end. */
export function histogramOutline(histogram: Histogram): [number, number][] {
  const { edges, counts } = histogram;
  if (counts.length === 0) return [];
  const outline: [number, number][] = [[edges[0] ?? 0, 0]];
  counts.forEach((count, index) => {
    outline.push([edges[index] ?? 0, count], [edges[index + 1] ?? 0, count]);
  });
  outline.push([edges[edges.length - 1] ?? 0, 0]);
  return outline;
}

/** Normal density scaled to histogram counts (total × bin width), sampled at `samples` points. */
export function normalCurve(mean: number, sigma: number, total: number, binWidth: number, from: number, to: number, samples = 121): [number, number][] {
  const scale = (total * binWidth) / (sigma * Math.sqrt(2 * Math.PI));
  return Array.from({ length: samples }, (_, index) => {
    const x = from + ((to - from) * index) / (samples - 1);
    return [x, scale * Math.exp(-0.5 * ((x - mean) / sigma) ** 2)];
  });
}

/** Build the capability histogram option. */
export function buildCapabilityOption(input: CapabilityChartInput, labels: CapabilityChartLabels): Record<string, unknown> {
  const finite = Array.from(input.values).filter((value) => Number.isFinite(value));
  const histogram = histogramBins(finite, input.binCount ?? defaultBinCount(finite.length));
  const first = histogram.edges[0] ?? input.mean;
  const last = histogram.edges[histogram.edges.length - 1] ?? input.mean;
  const binWidth = histogram.counts.length > 0 ? (last - first) / histogram.counts.length : 1;
  const specs = [input.lowerSpec, input.upperSpec].filter((value): value is number => value !== null);
  const low = Math.min(first, ...specs);
  const high = Math.max(last, ...specs);
  const margin = (high - low) * 0.05 || 1;
  const curve = (name: string, sigma: number | null, color: string, dashed: boolean): Record<string, unknown>[] =>
    sigma !== null && sigma > 0
      ? [{ name, type: 'line', symbol: 'none', silent: true, animation: false, lineStyle: { color, width: 2, type: dashed ? 'dashed' : 'solid' },
          data: normalCurve(input.mean, sigma, finite.length, binWidth, low - margin, high + margin) }]
      : [];
  const specLines = [
    ...(input.lowerSpec === null ? [] : [{ xAxis: input.lowerSpec, label: { formatter: labels.lowerSpec } }]),
    ...(input.upperSpec === null ? [] : [{ xAxis: input.upperSpec, label: { formatter: labels.upperSpec } }]),
  ];
  return {
    animation: false,
    grid: { left: 60, right: 20, top: 24, bottom: 72 },
    legend: { bottom: 0, left: 0, data: [labels.within, labels.overall], textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', valueFormatter: (value: number) => labels.formatValue(value) },
    xAxis: { type: 'value', min: low - margin, max: high + margin, axisLabel: { fontSize: 10, hideOverlap: true, formatter: (value: number) => labels.formatValue(value) } },
    yAxis: { type: 'value', name: labels.count, nameLocation: 'middle', nameGap: 44, min: 0 },
    series: [
      {
        name: 'histogram', type: 'line', data: histogramOutline(histogram), symbol: 'none', animation: false,
        lineStyle: { color: '#1f4e79', width: 1 }, areaStyle: { color: 'rgba(31, 78, 121, 0.28)' },
        markLine: { symbol: 'none', silent: true, lineStyle: { color: '#c0392b', width: 2 }, label: { position: 'end', fontSize: 11 }, data: specLines },
      },
      ...curve(labels.within, input.sigmaWithin, '#2e7d32', false),
      ...curve(labels.overall, input.sigmaOverall, '#e67e22', true),
    ],
  };
}
