/** Pure builder of box plots of one test by group (wafer or site), with the spec limits. */

/** One box: quartiles and Tukey whiskers of a group. */
export interface BoxPlotGroup {
  label: string;
  n: number;
  lowerWhisker: number;
  q1: number;
  median: number;
  q3: number;
  upperWhisker: number;
  outliers: number;
}

/** Texts the UI supplies. */
export interface BoxPlotLabels {
  valueAxis: string;
  groupAxis: string;
  lowLimit: string;
  highLimit: string;
}

/** ECharts option: one boxplot series, horizontal dashed lines at the limits. */
export function buildBoxPlotOption(groups: readonly BoxPlotGroup[], limits: { low: number | null; high: number | null }, labels: BoxPlotLabels): Record<string, unknown> {
  const lines: Record<string, unknown>[] = [];
  if (limits.low !== null) lines.push({ yAxis: limits.low, label: { formatter: labels.lowLimit } });
  if (limits.high !== null) lines.push({ yAxis: limits.high, label: { formatter: labels.highLimit } });
  return {
    animation: false,
    grid: { left: 60, right: 40, top: 24, bottom: groups.length > 8 ? 64 : 40 },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'category', name: labels.groupAxis, nameLocation: 'middle', nameGap: groups.length > 8 ? 50 : 26, data: groups.map((group) => group.label), axisLabel: { rotate: groups.length > 8 ? 40 : 0, fontSize: 10 } },
    yAxis: { type: 'value', name: labels.valueAxis, scale: true },
    series: [{
      type: 'boxplot', name: labels.valueAxis, itemStyle: { color: '#dce9f6', borderColor: '#1f4e79' },
      data: groups.map((group) => [group.lowerWhisker, group.q1, group.median, group.q3, group.upperWhisker]),
      markLine: { symbol: 'none', silent: true, lineStyle: { color: '#c62828', type: 'dashed' }, data: lines },
    }],
  };
}
