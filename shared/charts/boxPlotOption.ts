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
  /** Values outside the whiskers, the most extreme first (possibly fewer than `outliers`). */
  outlierValues?: readonly number[];
}

/** Texts the UI supplies. */
export interface BoxPlotLabels {
  valueAxis: string;
  groupAxis: string;
  lowLimit: string;
  highLimit: string;
  /** Series name of the outlier points (tooltip and legend). */
  outliers?: string;
}

/**
 * The value axis range: every whisker and the limits, with 5 % padding (issue #13: a limit outside
 * the data's range used to fall off the chart). Null when there is nothing to show.
 */
export function boxPlotValueRange(groups: readonly BoxPlotGroup[], limits: { low: number | null; high: number | null }, outlierValues: readonly (readonly number[])[] = []): { min: number; max: number } | null {
  const values = [...groups.flatMap((group) => [group.lowerWhisker, group.upperWhisker]), ...outlierValues.flat(), ...[limits.low, limits.high].filter((limit): limit is number => limit !== null)].filter(Number.isFinite);
  if (values.length === 0) return null;
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const pad = (high - low) * 0.05 || Math.abs(high) * 0.05 || 1;
  return { min: low - pad, max: high + pad };
}

/**
 * Right margin that holds the limit lines' labels (drawn past the plot's right edge): the Vietnamese
 * "Giới hạn dưới" was cut at a fixed 72 px.
 */
export function limitLabelRoom(labels: readonly string[]): number {
  return Math.max(56, Math.ceil(14 + 6.5 * Math.max(0, ...labels.map((label) => label.length))));
}

/**
 * Group labels as the axis shows them: "LOT / wafer" labels of one lot lose the lot (said once in the axis
 * name instead), so 25 wafers of a lot read as 1..25 rather than 25 overlapping copies of the lot id.
 */
export function boxGroupAxis(groups: readonly BoxPlotGroup[], axisName: string): { names: string[]; axisName: string } {
  const lots = new Set(groups.map((group) => /^(.*) \/ [^/]*$/.exec(group.label)?.[1] ?? null));
  const [lot] = lots;
  if (lots.size !== 1 || lot === null || lot === undefined) return { names: groups.map((group) => group.label), axisName };
  return { names: groups.map((group) => group.label.slice(lot.length + 3)), axisName: `${axisName} (${lot})` };
}

/** Outlier points as [group index, value], the form a scatter series on the category axis takes. */
export function boxPlotOutlierPoints(groups: readonly BoxPlotGroup[]): [number, number][] {
  return groups.flatMap((group, index) => (group.outlierValues ?? []).filter(Number.isFinite).map((value): [number, number] => [index, value]));
}

/**
 * ECharts option: one boxplot series, the outliers as points (issue #13 §2: a wafer whose dies fail
 * must stand out), horizontal dashed lines at the limits; the value axis holds all of them.
 */
export function buildBoxPlotOption(groups: readonly BoxPlotGroup[], limits: { low: number | null; high: number | null }, labels: BoxPlotLabels): Record<string, unknown> {
  const lines: Record<string, unknown>[] = [];
  if (limits.low !== null) lines.push({ yAxis: limits.low, label: { formatter: labels.lowLimit } });
  if (limits.high !== null) lines.push({ yAxis: limits.high, label: { formatter: labels.highLimit } });
  const outlierPoints = boxPlotOutlierPoints(groups);
  const range = boxPlotValueRange(groups, limits, [outlierPoints.map(([, value]) => value)]);
  const axis = boxGroupAxis(groups, labels.groupAxis);
  const many = groups.length > 12;
  return {
    animation: false,
    grid: { left: 60, right: limitLabelRoom([labels.lowLimit, labels.highLimit]), top: 24, bottom: many ? 64 : 40 },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'category', name: axis.axisName, nameLocation: 'middle', nameGap: many ? 50 : 26, data: axis.names, axisLabel: { rotate: many ? 40 : 0, fontSize: 10 } },
    // The padded range's own ends are not round numbers: only the regular ticks get labels.
    yAxis: { type: 'value', name: labels.valueAxis, scale: true, ...(range ? { min: range.min, max: range.max } : {}), axisLabel: { showMinLabel: false, showMaxLabel: false } },
    series: [{
      type: 'boxplot', name: labels.valueAxis, itemStyle: { color: '#dce9f6', borderColor: '#1f4e79' },
      data: groups.map((group) => [group.lowerWhisker, group.q1, group.median, group.q3, group.upperWhisker]),
      markLine: { symbol: 'none', silent: true, lineStyle: { color: '#c62828', type: 'dashed' }, data: lines },
    }, {
      type: 'scatter', name: labels.outliers ?? 'outliers', data: outlierPoints, symbolSize: 4,
      itemStyle: { color: '#c62828', opacity: 0.6 }, large: outlierPoints.length > 2000,
    }],
  };
}
