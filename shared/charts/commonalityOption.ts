/**
 * Pure builders of the commonality charts for one factor: box plots of the response by level, and
 * the time-sequence plot of units (x = step time, y = response) coloured by level with the worst
 * level's drop date marked. No ECharts import; options are plain objects.
 */
import { quantileType7 } from '../stats/index.ts';

/** One factor's units as columns: level index into `levels`, step time (epoch ms), response. */
export interface CommonalityPoints {
  /** Level names; `levelIndex` points into this list. */
  levels: readonly string[];
  /** Per unit: index of its level. */
  levelIndex: Int32Array;
  /** Per unit: step time, epoch ms (NaN when unknown). */
  time: Float64Array;
  /** Per unit: response. */
  response: Float64Array;
}

/** Texts and formatting supplied by the UI. */
export interface CommonalityChartLabels {
  /** Response axis name, e.g. "Wafer yield". */
  responseAxis: string;
  /** Time axis name, e.g. "Step time". */
  timeAxis: string;
  /** Level axis name, e.g. "Chamber". */
  levelAxis: string;
  /** Label of the drop-date marker, e.g. "ETCH-02/B from 2026-10-05". */
  dropLabel: string;
  /** Format a response value for axes and tooltips (percent for yields). */
  formatResponse(value: number): string;
}

/** Colour of the worst level; the others take the palette in level order. */
export const worstLevelColour = '#d62728';
const palette = ['#1f77b4', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#ff7f0e', '#393b79', '#637939', '#8c6d31'];

/** The colour of every level: red for the worst, palette colours for the rest in order. */
export function levelColours(levels: readonly string[], worstLevel: string | null): string[] {
  let next = 0;
  return levels.map((level) => (level === worstLevel ? worstLevelColour : (palette[next++ % palette.length] ?? '#7f7f7f')));
}

function responsesByLevel(points: CommonalityPoints): number[][] {
  const groups = points.levels.map((): number[] => []);
  points.levelIndex.forEach((level, index) => {
    const value = points.response[index] ?? Number.NaN;
    if (Number.isFinite(value)) groups[level]?.push(value);
  });
  return groups;
}

/** Box statistics [low whisker, Q1, median, Q3, high whisker] with Tukey 1.5 IQR whiskers, and the outliers. */
export function boxStatistics(values: readonly number[]): { box: [number, number, number, number, number]; outliers: number[] } {
  const q1 = quantileType7(values, 0.25);
  const middle = quantileType7(values, 0.5);
  const q3 = quantileType7(values, 0.75);
  const reach = 1.5 * (q3 - q1);
  const inside = values.filter((value) => value >= q1 - reach && value <= q3 + reach);
  const low = inside.length > 0 ? Math.min(...inside) : q1;
  const high = inside.length > 0 ? Math.max(...inside) : q3;
  return { box: [low, q1, middle, q3, high], outliers: values.filter((value) => value < q1 - reach || value > q3 + reach) };
}

/** Box plot of the response per level (one box per level, worst level in red, outliers as dots). */
export function buildCommonalityBoxOption(points: CommonalityPoints, worstLevel: string | null, labels: CommonalityChartLabels): Record<string, unknown> {
  const colours = levelColours(points.levels, worstLevel);
  const groups = responsesByLevel(points);
  const statistics = groups.map((values) => boxStatistics(values));
  const boxes = statistics.map((statistic, index) => ({ value: statistic.box, itemStyle: { color: `${colours[index]}33`, borderColor: colours[index] } }));
  const outliers = statistics.flatMap((statistic, index) => statistic.outliers.map((value) => [index, value]));
  const format = labels.formatResponse;
  return {
    animation: false,
    grid: { left: 72, right: 16, top: 16, bottom: points.levels.length > 6 ? 72 : 48 },
    tooltip: {
      trigger: 'item',
      formatter: (item: { seriesType?: string; dataIndex: number; value?: number[] }) => {
        if (item.seriesType !== 'boxplot') return `${points.levels[item.value?.[0] ?? 0] ?? ''}: ${format(item.value?.[1] ?? Number.NaN)}`;
        const box = statistics[item.dataIndex]?.box ?? [];
        return [`<b>${points.levels[item.dataIndex] ?? ''}</b> (n = ${groups[item.dataIndex]?.length ?? 0})`, `Q3 ${format(box[3] ?? Number.NaN)}`, `median ${format(box[2] ?? Number.NaN)}`, `Q1 ${format(box[1] ?? Number.NaN)}`].join('<br>');
      },
    },
    xAxis: { type: 'category', name: labels.levelAxis, nameLocation: 'middle', nameGap: points.levels.length > 6 ? 56 : 30, data: [...points.levels], axisLabel: { rotate: points.levels.length > 6 ? 30 : 0, fontSize: 11 } },
    yAxis: { type: 'value', name: labels.responseAxis, nameLocation: 'middle', nameGap: 52, scale: true, axisLabel: { formatter: (value: number) => format(value) } },
    series: [
      { type: 'boxplot', data: boxes, boxWidth: [8, 48] },
      { type: 'scatter', data: outliers, symbolSize: 5, itemStyle: { color: '#555' } },
    ],
  };
}

/**
 * Time-sequence plot: one scatter series per level (x = step time, y = response); each datum is
 * [time, response, unit index] so a click finds its unit. A vertical line marks the drop date.
 */
export function buildCommonalityTimeOption(points: CommonalityPoints, worstLevel: string | null, dropTime: number | null, labels: CommonalityChartLabels): Record<string, unknown> {
  const colours = levelColours(points.levels, worstLevel);
  const data = points.levels.map((): [number, number, number][] => []);
  points.levelIndex.forEach((level, index) => {
    const time = points.time[index] ?? Number.NaN;
    const value = points.response[index] ?? Number.NaN;
    if (Number.isFinite(time) && Number.isFinite(value)) data[level]?.push([time, value, index]);
  });
  const large = points.levelIndex.length > 5000;
  const series = points.levels.map((level, index) => ({
    name: level,
    type: 'scatter',
    data: data[index],
    symbolSize: level === worstLevel ? 8 : 6,
    z: level === worstLevel ? 3 : 2,
    large,
    itemStyle: { color: colours[index], opacity: level === worstLevel ? 0.95 : 0.6 },
    ...(level === worstLevel && dropTime !== null
      ? { markLine: { symbol: 'none', silent: true, lineStyle: { color: worstLevelColour, type: 'dashed', width: 2 }, label: { formatter: labels.dropLabel, position: 'end', color: worstLevelColour, fontWeight: 'bold' }, data: [{ xAxis: dropTime }] } }
      : {}),
  }));
  const format = labels.formatResponse;
  return {
    animation: false,
    grid: { left: 72, right: 24, top: 64, bottom: 48 },
    legend: { top: 0, type: 'scroll', data: [...points.levels] },
    tooltip: { trigger: 'item', formatter: (item: { seriesName?: string; value?: number[] }) => `${item.seriesName ?? ''}<br>${new Date(item.value?.[0] ?? 0).toISOString().slice(0, 16).replace('T', ' ')}<br>${format(item.value?.[1] ?? Number.NaN)}` },
    xAxis: { type: 'time', name: labels.timeAxis, nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'value', name: labels.responseAxis, nameLocation: 'middle', nameGap: 52, scale: true, axisLabel: { formatter: (value: number) => format(value) } },
    series,
  };
}
