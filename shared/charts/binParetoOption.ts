/** Pure builder of the bin Pareto chart: bars of die counts per bin, most frequent first, and the cumulative share line. */

/** One bar of the Pareto. */
export interface BinParetoBar {
  bin: number;
  name: string;
  pass: boolean;
  dies: number;
  cumulativeShare: number;
}

/** Axis titles the UI supplies in its language. */
export interface BinParetoLabels {
  diesAxis: string;
  cumulativeAxis: string;
}

/** Colour of a pass bar and a fail bar; the highlighted bin is drawn darker with an outline. */
const barColours = { pass: '#5fae6e', fail: '#d0605e', highlighted: '#1d2733' } as const;

/** Category label of a bin: number and name. */
export function binLabel(bar: Pick<BinParetoBar, 'bin' | 'name'>): string {
  return bar.name ? `${bar.bin} ${bar.name}` : String(bar.bin);
}

/**
 * The fail bins only, cumulative share recomputed over them (issue #13: the pass bin dwarfs the fail
 * bins a user opens the Pareto for, so they are what it shows by default).
 */
export function failBinsOnly(bars: readonly BinParetoBar[]): BinParetoBar[] {
  const fails = bars.filter((bar) => !bar.pass);
  const total = fails.reduce((sum, bar) => sum + bar.dies, 0);
  let running = 0;
  return fails.map((bar) => {
    running += bar.dies;
    return { ...bar, cumulativeShare: total > 0 ? running / total : 0 };
  });
}

/** ECharts option: bars in the order given (the SQL sorts them), cumulative % on a second axis. */
export function buildBinParetoOption(bars: readonly BinParetoBar[], labels: BinParetoLabels, highlightedBin: number | null = null): Record<string, unknown> {
  return {
    animation: false,
    grid: { left: 56, right: 52, top: 30, bottom: 64 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: bars.map(binLabel), axisLabel: { rotate: bars.length > 6 ? 30 : 0, fontSize: 11, interval: 0 } },
    yAxis: [
      { type: 'value', name: labels.diesAxis, minInterval: 1 },
      { type: 'value', name: labels.cumulativeAxis, min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      {
        name: labels.diesAxis, type: 'bar', barMaxWidth: 48, cursor: 'pointer',
        data: bars.map((bar) => ({
          value: bar.dies,
          itemStyle: {
            color: bar.pass ? barColours.pass : barColours.fail,
            borderColor: bar.bin === highlightedBin ? barColours.highlighted : 'transparent',
            borderWidth: bar.bin === highlightedBin ? 3 : 0,
          },
        })),
      },
      {
        name: labels.cumulativeAxis, type: 'line', yAxisIndex: 1, symbolSize: 6, color: '#1f4e79',
        data: bars.map((bar) => Math.round(bar.cumulativeShare * 1000) / 10),
        tooltip: { valueFormatter: (value: number) => `${value}%` },
      },
    ],
  };
}
