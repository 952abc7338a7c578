/** Pure builder of the yield-trend chart's ECharts option (unit-testable, no ECharts import). */

/** One point of the trend: a lot or a week. */
export interface YieldTrendPoint {
  label: string;
  yield: number;
  dies: number;
  product: string;
}

/** Texts and number formatting the chart needs from the UI. */
export interface YieldTrendLabels {
  yieldAxis: string;
  formatPercent(value: number): string;
}

/** Build the ECharts option: one line per product, yield in percent, lot or week on the x axis. */
export function buildYieldTrendOption(points: readonly YieldTrendPoint[], labels: YieldTrendLabels): Record<string, unknown> {
  const categories = [...new Set(points.map((point) => point.label))];
  const products = [...new Set(points.map((point) => point.product))].sort();
  const index = new Map(categories.map((label, position) => [label, position]));
  const series = products.map((product) => {
    const values: (number | null)[] = categories.map(() => null);
    for (const point of points) if (point.product === product) values[index.get(point.label) ?? 0] = Math.round(point.yield * 10000) / 100;
    return { name: product, type: 'line', data: values, connectNulls: true, showSymbol: categories.length < 120, symbolSize: 6, animation: false };
  });
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 32, bottom: 56 },
    legend: { top: 0, data: products },
    tooltip: { trigger: 'axis', valueFormatter: (value: number) => (value == null ? '—' : labels.formatPercent(value / 100)) },
    xAxis: { type: 'category', data: categories, axisLabel: { rotate: 35, fontSize: 10 } },
    yAxis: { type: 'value', name: labels.yieldAxis, min: (extent: { min: number }) => Math.max(0, Math.floor(extent.min / 5) * 5), max: 100, axisLabel: { formatter: '{value}%' } },
    series,
  };
}
