/** The report's sections as HTML fragments (tables, inline SVG charts and maps); reportHtml.ts assembles them into pages. */
import { binColour } from '../charts/waferMapLayout.ts';
import type { ReportData, ReportKpis } from './model.ts';
import { formatCount, formatCountChange, formatPercent, formatPointChange, formatProbability, missingValue } from '../util/format.ts';
import type { ReportText } from './reportText.ts';
import { escapeMarkup as esc, lineChartSvg, paretoSvg } from './svgCharts.ts';
import { stackedLegendSvg, stackedMapSvg, stackedScaleTop, waferMapSvg } from './svgWaferMap.ts';

/** Width of charts on an A4 page (CSS px). */
const chartWidth = 700;

/** An HTML table; cells are already-escaped HTML; `numeric` columns align right. */
export function tableHtml(headers: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[], testId: string): string {
  const head = headers.map((header, index) => `<th class="${numeric[index] ? 'num' : ''}">${esc(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell, index) => `<td class="${numeric[index] ? 'num' : ''}">${cell}</td>`).join('')}</tr>`).join('');
  return `<table data-section="${testId}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function kpiTile(label: string, value: string, change: string | null, testId: string): string {
  const changeLine = change === null ? '' : `<div class="kpi-change">${esc(change)}</div>`;
  return `<div class="kpi" data-kpi="${testId}"><div class="kpi-label">${esc(label)}</div><div class="kpi-value">${esc(value)}</div>${changeLine}</div>`;
}

/** KPI tiles, each with its change against the previous period when there is one. */
export function kpiSection(data: ReportData, text: ReportText): string {
  const language = data.request.language;
  const now = data.kpis;
  const before: ReportKpis | null = data.previous && data.previous.kpis.dies > 0 ? data.previous.kpis : null;
  const withChange = data.previous !== null;
  const countChange = (current: number, previous: number | undefined): string | null =>
    withChange ? `${text.change}: ${previous === undefined ? missingValue : formatCountChange(current, previous, language)}` : null;
  const yieldChange = (current: number | null, previous: number | null | undefined): string | null =>
    withChange ? `${text.change}: ${previous === undefined ? missingValue : formatPointChange(current, previous, language)}` : null;
  const tiles = [
    kpiTile(text.lots, formatCount(now.lots, language), countChange(now.lots, before?.lots), 'lots'),
    kpiTile(text.wafers, formatCount(now.wafers, language), countChange(now.wafers, before?.wafers), 'wafers'),
    kpiTile(text.dies, formatCount(now.dies, language), countChange(now.dies, before?.dies), 'dies'),
    kpiTile(text.finalYield, formatPercent(now.yield, language), yieldChange(now.yield, before?.yield), 'yield'),
    kpiTile(text.firstPassYield, formatPercent(now.firstPassYield, language), yieldChange(now.firstPassYield, before?.firstPassYield), 'first-pass-yield'),
  ].join('');
  const previousLine = data.previous
    ? `<p class="note">${esc(text.previousPeriod)}: ${esc(data.previous.from)} – ${esc(data.previous.to)}: ${before
      ? `${esc(formatCount(before.wafers, language))} ${esc(text.wafers.toLowerCase())}, ${esc(text.finalYield.toLowerCase())} ${esc(formatPercent(before.yield, language))}, ${esc(text.firstPassYield.toLowerCase())} ${esc(formatPercent(before.firstPassYield, language))}`
      : esc(text.noPrevious)}</p>` : '';
  return `<h2>${esc(text.kpiSection)}</h2><div class="kpis">${tiles}</div>${previousLine}`;
}

/** Yield trend charts by lot and by week (final and first-pass yield). */
export function trendSection(data: ReportData, text: ReportText): string {
  const byLot = lineChartSvg({
    title: `${text.trendSection} – ${text.byLot}`, categories: data.lotTrend.map((row) => row.lot), width: chartWidth, height: 230,
    series: [
      { name: text.finalYield, colour: '#1f5fbf', values: data.lotTrend.map((row) => row.yield) },
      { name: text.firstPassYield, colour: '#e08a00', values: data.lotTrend.map((row) => row.firstPassYield) },
    ],
  });
  const byWeek = lineChartSvg({
    title: `${text.trendSection} – ${text.byWeek}`, categories: data.weekTrend.map((row) => row.week), width: chartWidth, height: 200,
    series: [{ name: text.finalYield, colour: '#1f5fbf', values: data.weekTrend.map((row) => row.yield) }],
  });
  return `<h2>${esc(text.trendSection)}</h2><h3>${esc(text.byLot)}</h3><figure data-chart="trend-lot">${byLot}</figure>`
    + `<h3>${esc(text.byWeek)}</h3><figure data-chart="trend-week">${byWeek}</figure>`;
}

/** The lots of the scope as a table. */
export function lotTableSection(data: ReportData, text: ReportText): string {
  const language = data.request.language;
  const rows = data.lotTrend.map((row) => [esc(row.lot), esc(row.product), esc(row.firstTest), formatCount(row.wafers, language),
    formatCount(row.dies, language), formatPercent(row.yield, language), formatPercent(row.firstPassYield, language)]);
  return tableHtml([text.lot, text.product, text.firstTest, text.wafers, text.dies, text.finalYield, text.firstPassYield], rows,
    [false, false, false, true, true, true, true], 'lots');
}

/** Bin Pareto chart and table. */
export function paretoSection(data: ReportData, text: ReportText): string {
  const language = data.request.language;
  const shown = data.pareto.slice(0, 12);
  const chart = paretoSvg(text.paretoSection, shown.map((row) => ({
    label: `${row.bin} ${row.name}`.trim(), count: row.dies, cumulativeShare: row.cumulativeShare, colour: binColour(row.bin, false),
  })), chartWidth, 240, language);
  const rows = shown.map((row) => [String(row.bin), esc(row.name), formatCount(row.dies, language), formatPercent(row.shareOfFails, language),
    formatPercent(row.shareOfDies, language, 2), formatPercent(row.cumulativeShare, language)]);
  const table = tableHtml([text.bin, text.binName, text.failDies, text.shareOfFails, text.shareOfDies, text.cumulative], rows,
    [true, false, true, true, true, true], 'pareto');
  return `<h2>${esc(text.paretoSection)}</h2><figure data-chart="pareto">${chart}</figure>${table}`;
}

/** Gallery of wafer maps with their yield and top fail bin, and a legend of the bins drawn. */
export function gallerySection(data: ReportData, text: ReportText, title: string, mapSize: number): string {
  const language = data.request.language;
  const waferOf = new Map(data.wafers.map((wafer) => [`${wafer.lot}|${wafer.wafer}`, wafer]));
  const cards = data.waferMaps.map((map) => {
    const wafer = waferOf.get(`${map.lot}|${map.wafer}`);
    const geometry = data.geometry.find((entry) => entry.product === map.product) ?? null;
    const topBin = wafer?.topFailBin !== null && wafer?.topFailBin !== undefined ? `${text.bin} ${wafer.topFailBin} ${wafer.topFailName}` : '';
    return `<div class="map-card" data-wafer="${esc(map.lot)}/${esc(map.wafer)}">${waferMapSvg(map, geometry, mapSize)}`
      + `<div class="map-caption"><b>${esc(map.lot)} / ${esc(map.wafer)}</b> ${esc(formatPercent(map.yield, language))}</div>`
      + `<div class="map-caption small">${esc(topBin)}</div></div>`;
  }).join('');
  return `<h2>${esc(title)}</h2><div class="gallery">${cards}</div>${binLegend(data, text)}`;
}

/** The worst wafers of the scope as a table (at most `limit` rows). */
export function worstWaferTableSection(data: ReportData, text: ReportText, limit: number): string {
  const language = data.request.language;
  const rows = data.wafers.slice(0, limit).map((wafer) => [esc(wafer.lot), esc(wafer.wafer), esc(wafer.product), formatCount(wafer.dies, language),
    formatPercent(wafer.yield, language), formatPercent(wafer.firstPassYield, language),
    esc(wafer.topFailBin === null ? '' : `${wafer.topFailBin} ${wafer.topFailName}`), formatCount(wafer.topFailDies, language)]);
  return tableHtml([text.lot, text.wafer, text.product, text.dies, text.finalYield, text.firstPassYield, text.topFailBin, text.topFailDies], rows,
    [false, false, false, true, true, true, false, true], 'worst-wafers');
}

function binLegend(data: ReportData, text: ReportText): string {
  const seen = new Map<number, boolean>();
  for (const map of data.waferMaps) map.bins.forEach((bin, index) => seen.set(bin, map.passes[index] ?? false));
  const nameOf = new Map(data.pareto.map((row) => [row.bin, row.name]));
  const items = [...seen].sort(([a], [b]) => a - b).map(([bin, pass]) =>
    `<span class="legend-item"><span class="swatch" style="background:${binColour(bin, pass)}"></span>${esc(`${text.bin} ${bin}${pass ? ` (${text.legendPass})` : ` ${nameOf.get(bin) ?? ''}`}`)}</span>`).join('');
  return `<div class="legend">${items}</div>`;
}

/** Stacked fail-share map per product with its colour scale. */
export function stackedSection(data: ReportData, text: ReportText, mapSize: number): string {
  const language = data.request.language;
  const maps = data.stackedMaps.slice(0, 4).map((map) => {
    const geometry = data.geometry.find((entry) => entry.product === map.product) ?? null;
    return `<div class="map-card">${stackedMapSvg(map, geometry, mapSize)}<div class="map-caption"><b>${esc(map.product)}</b> – ${formatCount(map.wafers, language)} ${esc(text.wafersStacked)}</div>`
      + `${stackedLegendSvg(stackedScaleTop(map), Math.min(mapSize, 220))}</div>`;
  }).join('');
  return `<h2>${esc(text.stackedSection)}</h2><p class="note">${esc(text.stackedNote)}</p><div class="gallery">${maps}</div>`;
}

/** Minute-precision UTC text of an ISO time. */
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** SPC episodes of the scope: counts by chart and severity, then the ones not closed; a note when the monitor is missing or quiet. */
export function alertsSection(data: ReportData, text: ReportText): string {
  const heading = `<h2>${esc(text.alertsSection)}</h2>`;
  if (!data.alerts.available) return `${heading}<p class="note">${esc(text.alertsUnavailable)}</p>`;
  if (data.alerts.rows.length === 0) return `${heading}<p class="note">${esc(text.noAlerts)}</p>`;
  const severities = ['critical', 'warning', 'info'] as const;
  const counts = new Map<string, Map<string, number>>();
  for (const row of data.alerts.rows) {
    const byChart = counts.get(row.chartName) ?? new Map<string, number>();
    byChart.set(row.severity, (byChart.get(row.severity) ?? 0) + 1);
    counts.set(row.chartName, byChart);
  }
  const countRows = [...counts].sort(([left], [right]) => left.localeCompare(right))
    .map(([chart, bySeverity]) => [esc(chart), ...severities.map((severity) => String(bySeverity.get(severity) ?? 0)), String([...bySeverity.values()].reduce((sum, count) => sum + count, 0))]);
  const countTable = tableHtml([text.chart, text.severityCritical, text.severityWarning, text.severityInfo, text.episodes], countRows, [false, true, true, true, true], 'episode-counts');
  const open = data.alerts.rows.filter((row) => row.state !== 'closed');
  const openTable = open.length === 0 ? `<p class="note">${esc(text.noOpenEpisodes)}</p>`
    : tableHtml([text.chart, text.rule, text.severity, text.state, text.lot, text.firstTime, text.lastTime, text.points],
      open.map((row) => [esc(row.chartName), esc(row.rule), esc(row.severity), esc(row.state), esc(row.lots), esc(minute(row.firstTime)), esc(minute(row.lastTime)), String(row.points)]),
      [false, false, false, false, false, false, false, true], 'open-episodes');
  return `${heading}${countTable}<h3>${esc(text.openEpisodes)} (${open.length})</h3>${openTable}`;
}

/** Top commonality findings, or a note when the analysis is missing or found nothing. */
export function commonalitySection(data: ReportData, text: ReportText): string {
  const heading = `<h2>${esc(text.commonalitySection)}</h2>`;
  if (!data.commonality.available) return `${heading}<p class="note">${esc(text.commonalityUnavailable)}</p>`;
  if (data.commonality.rows.length === 0) return `${heading}<p class="note">${esc(text.noCommonality)}</p>`;
  const rows = data.commonality.rows.map((row) => [esc(row.step), esc(row.factor), esc(row.worstLevel), formatProbability(row.p),
    formatProbability(row.pAdjusted), formatPointChange(row.effect, 0, data.request.language)]);
  return heading + tableHtml([text.step, text.factor, text.worstLevel, text.pValue, text.pAdjusted, text.effect], rows,
    [false, false, false, true, true, true], 'commonality');
}

/** The lot report's wafer table with signatures and zonal deltas. */
export function waferTableSection(data: ReportData, text: ReportText): string {
  const language = data.request.language;
  const ordered = [...data.wafers].sort((a, b) => (Number(a.wafer) - Number(b.wafer)) || a.wafer.localeCompare(b.wafer));
  const rows = ordered.map((wafer) => [esc(wafer.wafer), formatCount(wafer.dies, language), formatPercent(wafer.yield, language),
    formatPercent(wafer.firstPassYield, language), esc(wafer.topFailBin === null ? '' : `${wafer.topFailBin} ${wafer.topFailName}`),
    formatCount(wafer.topFailDies, language), esc(wafer.signature ?? missingValue), formatPointChange(wafer.edgeToCenterDelta, 0, language)]);
  return `<h2>${esc(text.wafersSection)}</h2>` + tableHtml([text.wafer, text.dies, text.finalYield, text.firstPassYield, text.topFailBin,
    text.topFailDies, text.signature, text.edgeToCenter], rows, [false, true, true, true, false, true, false, true], 'wafers');
}
