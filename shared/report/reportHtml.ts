/**
 * The report's print layout: one self-contained HTML document (inline CSS, inline SVG, no script,
 * no external resource) on A4 pages. The app previews and prints it, the CLI prints it with
 * headless Chromium: the same function makes both.
 */
import type { ReportData } from './model.ts';
import { formatCount } from '../util/format.ts';
import {
  alertsSection, commonalitySection, gallerySection, kpiSection, lotTableSection, paretoSection, stackedSection, trendSection, waferTableSection, worstWaferTableSection,
} from './reportSections.ts';
import { reportText, type ReportText } from './reportText.ts';
import { escapeMarkup as esc } from './svgCharts.ts';

const styles = `
@page { size: A4; margin: 12mm 12mm 14mm 12mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; }
body { font-family: "DejaVu Sans", "Noto Sans", Helvetica, Arial, sans-serif; font-size: 10.5px; color: #1d2430; }
.page { width: 186mm; margin: 0 auto; break-after: page; page-break-after: always; }
.page:last-child { break-after: auto; page-break-after: auto; }
@media screen { body { background: #e9ecf1; padding: 12px 0; } .page { background: #fff; padding: 10mm 12mm; margin-bottom: 12px; width: 210mm; min-height: 287mm; box-shadow: 0 1px 4px rgba(0,0,0,.15); } }
header.report-head { border-bottom: 2px solid #1f5fbf; padding-bottom: 6px; margin-bottom: 8px; }
h1 { font-size: 20px; margin: 0 0 4px 0; color: #12386f; }
h2 { font-size: 14px; margin: 12px 0 6px 0; color: #12386f; border-bottom: 1px solid #d5dbe5; padding-bottom: 2px; }
h3 { font-size: 11.5px; margin: 6px 0 2px 0; color: #333; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 18px; color: #444; }
.meta b { color: #1d2430; }
.kpis { display: grid; grid-template-columns: repeat(5, 1fr); gap: 6px; }
.kpi { border: 1px solid #d5dbe5; border-radius: 4px; padding: 6px 8px; }
.kpi-label { color: #555; font-size: 10px; }
.kpi-value { font-size: 18px; font-weight: bold; margin-top: 2px; }
.kpi-change { color: #555; font-size: 9.5px; margin-top: 2px; }
figure { margin: 0; }
svg { display: block; max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin-top: 4px; break-inside: auto; }
th, td { border-bottom: 1px solid #e1e5ec; padding: 2.5px 5px; text-align: left; white-space: nowrap; }
th { background: #eef2f8; font-weight: bold; font-size: 10px; }
tr { break-inside: avoid; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #555; margin: 4px 0; }
.gallery { display: flex; flex-wrap: wrap; gap: 8px 10px; }
.map-card { break-inside: avoid; text-align: center; }
.map-card svg { margin: 0 auto; }
.map-caption { font-size: 10px; margin-top: 2px; }
.map-caption.small { color: #555; font-size: 9.5px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin-top: 8px; font-size: 10px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px; border: 1px solid #999; }
.disposition { margin-top: 18px; font-size: 12px; line-height: 2.4; }
footer.report-foot { margin-top: 10px; color: #777; font-size: 9px; }
`;

function headerHtml(data: ReportData, text: ReportText): string {
  const request = data.request;
  const title = request.template === 'lot' ? text.lotTitle : text.weeklyTitle;
  const products = request.products.length > 0 ? request.products.join(', ') : text.allProducts;
  const items = request.template === 'lot'
    ? [[text.lot, request.lot ?? ''], [text.products, data.lotTrend.map((row) => row.product).join(', ')]]
    : [[text.period, `${request.from} – ${request.to}`], [text.products, products]];
  items.push([text.generated, data.generatedAt.slice(0, 16).replace('T', ' ') + ' UTC']);
  const meta = items.map(([label, value]) => `<span>${esc(label ?? '')}: <b>${esc(value ?? '')}</b></span>`).join('');
  return `<header class="report-head"><h1>${esc(title)}</h1><div class="meta">${meta}</div></header>`;
}

function page(content: string, name: string): string {
  return `<section class="page" data-page="${name}">${content}</section>`;
}

function weeklyPages(data: ReportData, text: ReportText): string[] {
  return [
    page(headerHtml(data, text) + kpiSection(data, text) + trendSection(data, text) + lotTableSection(data, text), 'summary'),
    page(paretoSection(data, text) + stackedSection(data, text, 250), 'bins'),
    page(gallerySection(data, text, text.galleryWeekly, 220) + worstWaferTableSection(data, text, 15), 'gallery'),
    page(alertsSection(data, text) + commonalitySection(data, text), 'findings'),
  ];
}

function lotPages(data: ReportData, text: ReportText): string[] {
  const disposition = `<h2>${esc(text.dispositionSection)}</h2><div class="disposition">${esc(text.dispositionLine)}<br>${esc(text.signedBy)}</div>`;
  return [
    page(headerHtml(data, text) + kpiSection(data, text) + waferTableSection(data, text), 'summary'),
    page(paretoSection(data, text) + stackedSection(data, text, 250), 'bins'),
    page(gallerySection(data, text, text.galleryLot, 128), 'gallery'),
    page(alertsSection(data, text) + disposition, 'disposition'),
  ];
}

/** The report as one self-contained HTML document (A4 pages when printed). */
export function renderReportHtml(data: ReportData): string {
  const text = reportText(data.request.language);
  const title = data.request.template === 'lot' ? `${text.lotTitle} ${data.request.lot ?? ''}` : `${text.weeklyTitle} ${data.request.from} – ${data.request.to}`;
  const pages = data.kpis.dies === 0
    ? [page(headerHtml(data, text) + `<p class="note" data-empty="true">${esc(text.noData)}</p>`, 'empty')]
    : data.request.template === 'lot' ? lotPages(data, text) : weeklyPages(data, text);
  const footer = `<footer class="report-foot">Yield Monitor · ${esc(text.dies)}: ${esc(formatCount(data.kpis.dies, data.request.language))}</footer>`;
  const last = pages.length - 1;
  pages[last] = (pages[last] ?? '').replace(/<\/section>$/, `${footer}</section>`);
  return `<!doctype html><html lang="${data.request.language}"><head><meta charset="utf-8"><title>${esc(title)}</title>`
    + `<style>${styles}</style></head><body>${pages.join('')}</body></html>`;
}
