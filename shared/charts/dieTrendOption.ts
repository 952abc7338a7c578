/** Pure builder of a test's trend in die test order, with the spec limits; points can be brushed. */
import { boxPlotValueRange, limitLabelRoom } from './boxPlotOption.ts';
import { brushSettings } from './scatterOption.ts';

/** Texts of the trend chart. */
export interface DieTrendLabels {
  orderAxis: string;
  valueAxis: string;
  lowLimit: string;
  highLimit: string;
}

/** ECharts option: value against the die's position in test order. */
export function buildDieTrendOption(sequence: Int32Array, values: Float64Array, limits: { low: number | null; high: number | null }, labels: DieTrendLabels): Record<string, unknown> {
  const points = Array.from({ length: values.length }, (_, index) => [sequence[index] ?? index, values[index] ?? 0]);
  const lines: Record<string, unknown>[] = [];
  if (limits.low !== null) lines.push({ yAxis: limits.low, label: { formatter: labels.lowLimit } });
  if (limits.high !== null) lines.push({ yAxis: limits.high, label: { formatter: labels.highLimit } });
  let [lowest, highest] = [Infinity, -Infinity];
  for (const value of values) if (Number.isFinite(value)) [lowest, highest] = [Math.min(lowest, value), Math.max(highest, value)];
  // The limits stay on the axis even when every value is far from them (issue #13 §2), as in the box plots.
  const range = Number.isFinite(lowest) ? boxPlotValueRange([], limits, [[lowest, highest]]) : null;
  return {
    animation: false,
    grid: { left: 60, right: limitLabelRoom([labels.lowLimit, labels.highLimit]), top: 36, bottom: 44 },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', name: labels.orderAxis, nameLocation: 'middle', nameGap: 26, min: 'dataMin', max: 'dataMax' },
    yAxis: { type: 'value', name: labels.valueAxis, scale: true, ...(range ? { min: range.min, max: range.max } : {}), axisLabel: { showMinLabel: false, showMaxLabel: false } },
    ...brushSettings(),
    series: [{
      type: 'scatter', data: points, symbolSize: 3, large: points.length > 5000, itemStyle: { color: '#2a7f62', opacity: 0.7 },
      markLine: { symbol: 'none', silent: true, lineStyle: { color: '#c62828', type: 'dashed' }, data: lines },
    }],
  };
}
