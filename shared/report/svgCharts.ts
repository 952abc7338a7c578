/** Inline SVG charts of the report (a line chart and a Pareto chart): pure strings, print-ready, no script. */
import { formatCount } from '../util/format.ts';

/** Escape text for SVG/HTML content and attribute values. */
export function escapeMarkup(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** One line of a line chart. */
export interface LineSeries {
  name: string;
  colour: string;
  values: number[];
}

/** A category line chart of fractions drawn as percent. */
export interface LineChartSpec {
  title: string;
  categories: string[];
  series: LineSeries[];
  width: number;
  height: number;
}

const margin = { left: 46, right: 12, top: 26, bottom: 58 };
const fontFamily = 'font-family="Helvetica, Arial, sans-serif"';

function round(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/** Axis range and grid step for fractions: whole 5% (or 10%) steps around the data, within 0..1. */
export function percentRange(values: readonly number[]): [number, number, number] {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return [0, 1, 0.25];
  let low = Math.max(0, Math.floor((Math.min(...finite) - 0.02) * 20) / 20);
  let high = Math.min(1, Math.ceil((Math.max(...finite) + 0.02) * 20) / 20);
  if (high - low < 0.1) [low, high] = [Math.max(0, high - 0.1), Math.max(0.1, high)];
  const step = high - low > 0.3 ? 0.1 : 0.05;
  return [Math.floor(low / step + 1e-9) * step, Math.ceil(high / step - 1e-9) * step, step];
}

function gridLines(low: number, high: number, stepSize: number, plotWidth: number, plotHeight: number, yOf: (value: number) => number): string {
  const steps = Math.round((high - low) / stepSize);
  const parts: string[] = [];
  for (let step = 0; step <= steps; step++) {
    const value = low + stepSize * step;
    const y = round(yOf(value));
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y}" y2="${y}" stroke="#d9dde3" stroke-width="0.8"/>`);
    parts.push(`<text x="${margin.left - 5}" y="${y}" dy="3.5" text-anchor="end" font-size="10" fill="#555">${Math.round(value * 100)}%</text>`);
  }
  parts.push(`<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotHeight}" stroke="#888" stroke-width="0.8"/>`);
  return parts.join('');
}

function categoryLabels(categories: readonly string[], xOf: (index: number) => number, baseline: number): string {
  const every = Math.max(1, Math.ceil(categories.length / 24));
  return categories.map((label, index) => index % every !== 0 ? '' :
    `<text transform="translate(${round(xOf(index))},${baseline + 8}) rotate(-40)" text-anchor="end" font-size="9.5" fill="#333">${escapeMarkup(label)}</text>`).join('');
}

/** A line chart of fractions (yield) over categories, with a legend. */
export function lineChartSvg(spec: LineChartSpec): string {
  const plotWidth = spec.width - margin.left - margin.right;
  const plotHeight = spec.height - margin.top - margin.bottom;
  const [low, high, stepSize] = percentRange(spec.series.flatMap((series) => series.values));
  const count = spec.categories.length;
  const xOf = (index: number): number => margin.left + (count <= 1 ? plotWidth / 2 : (plotWidth * index) / (count - 1));
  const yOf = (value: number): number => margin.top + plotHeight - ((value - low) / (high - low)) * plotHeight;
  const lines = spec.series.map((series) => {
    const points = series.values.map((value, index) => (Number.isFinite(value) ? `${round(xOf(index))},${round(yOf(value))}` : null)).filter((point) => point !== null);
    const dots = points.map((point) => `<circle cx="${point.split(',')[0]}" cy="${point.split(',')[1]}" r="2.6" fill="${series.colour}"/>`).join('');
    return `<polyline points="${points.join(' ')}" fill="none" stroke="${series.colour}" stroke-width="1.8"/>${dots}`;
  }).join('');
  const legend = spec.series.map((series, index) =>
    `<rect x="${margin.left + 8 + index * 150}" y="8" width="12" height="3" fill="${series.colour}"/><text x="${margin.left + 24 + index * 150}" y="12" font-size="10" fill="#333">${escapeMarkup(series.name)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${spec.width} ${spec.height}" width="${spec.width}" height="${spec.height}" role="img" aria-label="${escapeMarkup(spec.title)}" ${fontFamily}>`
    + gridLines(low, high, stepSize, plotWidth, plotHeight, yOf) + lines + categoryLabels(spec.categories, xOf, margin.top + plotHeight) + legend + '</svg>';
}

/** A bar of the Pareto chart. */
export interface ParetoBar {
  label: string;
  count: number;
  cumulativeShare: number;
  colour: string;
}

/** Pareto chart: bars of counts (left axis, in `language`'s number format) and the cumulative share line (right axis, 0-100%). */
export function paretoSvg(title: string, bars: readonly ParetoBar[], width: number, height: number, language = 'en'): string {
  const plotWidth = width - margin.left - margin.right - 24;
  const plotHeight = height - margin.top - margin.bottom;
  const largest = Math.max(1, ...bars.map((bar) => bar.count));
  const slot = plotWidth / Math.max(1, bars.length);
  const xOf = (index: number): number => margin.left + slot * (index + 0.5);
  const barParts = bars.map((bar, index) => {
    const barHeight = (bar.count / largest) * plotHeight;
    const y = margin.top + plotHeight - barHeight;
    return `<rect x="${round(xOf(index) - slot * 0.35)}" y="${round(y)}" width="${round(slot * 0.7)}" height="${round(barHeight)}" fill="${bar.colour}"/>`
      + `<text x="${round(xOf(index))}" y="${round(y - 3)}" text-anchor="middle" font-size="9.5" fill="#333">${formatCount(bar.count, language)}</text>`;
  }).join('');
  const yOfShare = (share: number): number => margin.top + plotHeight - share * plotHeight;
  const cumulative = bars.map((bar, index) => `${round(xOf(index))},${round(yOfShare(bar.cumulativeShare))}`).join(' ');
  const right = margin.left + plotWidth;
  const shareAxis = [0, 0.5, 1].map((share) =>
    `<text x="${right + 4}" y="${round(yOfShare(share))}" dy="3.5" font-size="10" fill="#555">${share * 100}%</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeMarkup(title)}" ${fontFamily}>`
    + `<line x1="${margin.left}" x2="${right}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="#888" stroke-width="0.8"/>`
    + barParts + `<polyline points="${cumulative}" fill="none" stroke="#222" stroke-width="1.5" stroke-dasharray="4 2"/>` + shareAxis
    + categoryLabels(bars.map((bar) => bar.label), xOf, margin.top + plotHeight) + '</svg>';
}
