/** Pure builders of the point charts of the drill-down: two tests against each other, and a test in test order. */

/** Texts of a scatter of test B against test A. */
export interface ScatterLabels {
  xAxis: string;
  yAxis: string;
  title: string;
}

/** Brush and toolbox settings shared by the point charts: rectangle and lasso selection of points. */
export function brushSettings(seriesIndex = 0): Record<string, unknown> {
  return {
    brush: { toolbox: ['rect', 'polygon', 'clear'], xAxisIndex: 'all', yAxisIndex: 'all', seriesIndex, throttleType: 'debounce', throttleDelay: 200 },
    toolbox: { right: 8, top: 0, feature: { brush: { type: ['rect', 'polygon', 'clear'] } } },
  };
}

/** ECharts option: points from two Float64Arrays (dataset-free, typed and `large` when many). */
export function buildScatterOption(xValues: Float64Array, yValues: Float64Array, labels: ScatterLabels): Record<string, unknown> {
  const points = Array.from({ length: xValues.length }, (_, index) => [xValues[index] ?? 0, yValues[index] ?? 0]);
  return {
    animation: false,
    title: { text: labels.title, left: 'center', top: 0, textStyle: { fontSize: 12, fontWeight: 'normal' } },
    grid: { left: 60, right: 24, top: 36, bottom: 44 },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', name: labels.xAxis, nameLocation: 'middle', nameGap: 26, scale: true },
    yAxis: { type: 'value', name: labels.yAxis, scale: true },
    ...brushSettings(),
    series: [{ type: 'scatter', data: points, symbolSize: 4, large: points.length > 5000, itemStyle: { color: '#1f4e79', opacity: 0.6 } }],
  };
}
