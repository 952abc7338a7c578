/** Pure builder of a test's histogram: equal-width buckets, the spec limits and a fitted normal curve. */

/** Buckets of a histogram: counts over equal-width intervals from lowest to highest. */
export interface HistogramData {
  lowest: number;
  highest: number;
  counts: number[];
  mean: number;
  sigma: number;
  lowLimit: number | null;
  highLimit: number | null;
}

/** Texts the UI supplies. */
export interface HistogramLabels {
  dies: string;
  normalFit: string;
  lowLimit: string;
  highLimit: string;
  valueAxis: string;
}

/** Points along the fitted normal curve. */
const curvePoints = 80;

/** Expected count per bucket of a normal(mean, sigma) at x, scaled to n values in buckets of `width`. */
export function normalFitCount(x: number, mean: number, sigma: number, total: number, width: number): number {
  if (!(sigma > 0)) return 0;
  const z = (x - mean) / sigma;
  return (total * width * Math.exp(-0.5 * z * z)) / (sigma * Math.sqrt(2 * Math.PI));
}

function limitLines(data: HistogramData, labels: HistogramLabels): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  if (data.lowLimit !== null) lines.push({ xAxis: data.lowLimit, name: labels.lowLimit, label: { formatter: labels.lowLimit } });
  if (data.highLimit !== null) lines.push({ xAxis: data.highLimit, name: labels.highLimit, label: { formatter: labels.highLimit } });
  return lines;
}

/** The x range shown: the data, widened to the limits when they are near (within half the data span). */
export function histogramRange(data: HistogramData): { min: number; max: number } {
  const span = Math.max(data.highest - data.lowest, Math.abs(data.highest) * 1e-6, 1e-12);
  const near = (limit: number | null): limit is number => limit !== null && limit >= data.lowest - span / 2 && limit <= data.highest + span / 2;
  return {
    min: Math.min(data.lowest, near(data.lowLimit) ? data.lowLimit : data.lowest) - span * 0.04,
    max: Math.max(data.highest, near(data.highLimit) ? data.highLimit : data.highest) + span * 0.04,
  };
}

/** ECharts option: bars as [start, end, count] rectangles (custom series) on a value axis, limit lines, normal fit line. */
export function buildHistogramOption(data: HistogramData, labels: HistogramLabels): Record<string, unknown> {
  const buckets = data.counts.length;
  const width = buckets > 0 && data.highest > data.lowest ? (data.highest - data.lowest) / buckets : Math.max(Math.abs(data.lowest) * 0.01, 1e-9);
  const total = data.counts.reduce((sum, count) => sum + count, 0);
  const bars = data.counts.map((count, index) => [data.lowest + index * width, data.lowest + (index + 1) * width, count]);
  const range = histogramRange(data);
  const curve = Array.from({ length: curvePoints + 1 }, (_, step) => {
    const x = range.min + ((range.max - range.min) * step) / curvePoints;
    return [x, normalFitCount(x, data.mean, data.sigma, total, width)];
  });
  return {
    animation: false,
    grid: { left: 56, right: 24, top: 36, bottom: 40 },
    legend: { top: 0, data: [labels.dies, labels.normalFit] },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', name: labels.valueAxis, nameLocation: 'middle', nameGap: 26, min: range.min, max: range.max, axisLabel: { hideOverlap: true, showMinLabel: false, showMaxLabel: false } },
    // The count axis needs no title: the legend names the bars, and a title would collide with the limit labels.
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: labels.dies, type: 'custom', data: bars, encode: { x: [0, 1], y: 2 }, itemStyle: { color: '#6b9bd1' },
        renderItem: (_params: unknown, api: { value(dimension: number): number; coord(point: number[]): number[]; style(): unknown }) => {
          const start = api.coord([api.value(0), api.value(2)]);
          const end = api.coord([api.value(1), 0]);
          const [left = 0, top = 0] = start;
          const [right = 0, bottom = 0] = end;
          return { type: 'rect', shape: { x: left, y: top, width: Math.max(1, right - left - 1), height: bottom - top }, style: api.style() };
        },
        markLine: { symbol: 'none', silent: true, lineStyle: { color: '#c62828', type: 'dashed', width: 2 }, data: limitLines(data, labels) },
      },
      { name: labels.normalFit, type: 'line', data: curve, showSymbol: false, smooth: true, color: '#e07b00', lineStyle: { width: 2 } },
    ],
  };
}
