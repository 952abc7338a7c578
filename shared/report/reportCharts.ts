/** Every chart and map of a report as a standalone SVG with a title and a file-friendly id, for PNG export. */
import { binColour } from '../charts/waferMapLayout.ts';
import type { ReportData } from './model.ts';
import { reportText } from './reportText.ts';
import { lineChartSvg, paretoSvg } from './svgCharts.ts';
import { stackedMapSvg, waferMapSvg } from './svgWaferMap.ts';

/** One exportable chart. */
export interface ReportChart {
  id: string;
  title: string;
  svg: string;
  width: number;
  height: number;
}

/** The report's charts: trends, Pareto, stacked maps and the drawn wafer maps. */
export function reportCharts(data: ReportData): ReportChart[] {
  const text = reportText(data.request.language);
  const charts: ReportChart[] = [];
  const width = 900;
  charts.push({ id: 'trend-by-lot', title: `${text.trendSection} – ${text.byLot}`, width, height: 320, svg: lineChartSvg({
    title: text.byLot, categories: data.lotTrend.map((row) => row.lot), width, height: 320,
    series: [
      { name: text.finalYield, colour: '#1f5fbf', values: data.lotTrend.map((row) => row.yield) },
      { name: text.firstPassYield, colour: '#e08a00', values: data.lotTrend.map((row) => row.firstPassYield) },
    ],
  }) });
  charts.push({ id: 'trend-by-week', title: `${text.trendSection} – ${text.byWeek}`, width, height: 280, svg: lineChartSvg({
    title: text.byWeek, categories: data.weekTrend.map((row) => row.week), width, height: 280,
    series: [{ name: text.finalYield, colour: '#1f5fbf', values: data.weekTrend.map((row) => row.yield) }],
  }) });
  charts.push({ id: 'bin-pareto', title: text.paretoSection, width, height: 320, svg: paretoSvg(text.paretoSection, data.pareto.slice(0, 12).map((row) => ({
    label: `${row.bin} ${row.name}`.trim(), count: row.dies, cumulativeShare: row.cumulativeShare, colour: binColour(row.bin, false),
  })), width, 320, data.request.language) });
  for (const map of data.stackedMaps) {
    const geometry = data.geometry.find((entry) => entry.product === map.product) ?? null;
    charts.push({ id: `stacked-map-${map.product}`, title: `${text.stackedSection} – ${map.product}`, width: 600, height: 600, svg: stackedMapSvg(map, geometry, 600) });
  }
  for (const map of data.waferMaps) {
    const geometry = data.geometry.find((entry) => entry.product === map.product) ?? null;
    charts.push({ id: `wafer-map-${map.lot}-${map.wafer}`, title: `${text.wafer} ${map.lot} / ${map.wafer}`, width: 600, height: 600, svg: waferMapSvg(map, geometry, 600) });
  }
  return charts;
}
