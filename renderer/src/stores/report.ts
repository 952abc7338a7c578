import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { buildReport, shiftDay } from '@shared/report/buildReport';
import type { ReportData, ReportLanguage, ReportTemplate } from '@shared/report/model';
import { reportCsvZip } from '@shared/report/reportCsv';
import { renderReportHtml } from '@shared/report/reportHtml';
import { reportSources } from '@shared/report/reportSources';
import { reportChoicesSql } from '@shared/sql/reportSql';
import { host } from '../services/host';
import { useWorkspaceStore } from './workspace';

/** A lot offered by the lot picker. */
export interface LotChoice {
  product: string;
  lot: string;
  firstDay: string;
  lastDay: string;
}

/** Print an HTML document through the browser's print dialog from a hidden same-origin iframe. */
function printInHiddenFrame(html: string): Promise<void> {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.style.cssText = 'position:fixed;width:0;height:0;border:0;left:-10000px';
    frame.addEventListener('load', () => {
      frame.contentWindow?.focus();
      frame.contentWindow?.print();
      setTimeout(() => { frame.remove(); resolve(); }, 1000);
    }, { once: true });
    frame.srcdoc = html;
    document.body.appendChild(frame);
  });
}

/** The yield report: the form's choices, the built report and its HTML, and the exports. */
export const useReportStore = defineStore('report', () => {
  const workspace = useWorkspaceStore();
  const template = ref<ReportTemplate>('weekly');
  const from = ref('');
  const to = ref('');
  const products = ref<string[]>([]);
  const lot = ref<string | null>(null);
  const lots = ref<LotChoice[]>([]);
  const report = shallowRef<ReportData | null>(null);
  const html = ref('');
  const building = ref(false);
  const errorMessage = ref('');
  const availableProducts = computed(() => [...new Set(lots.value.map((choice) => choice.product))]);

  async function loadChoices(): Promise<void> {
    const engine = workspace.engine;
    if (!engine || workspace.phase !== 'ready') return;
    const table = await engine.query(reportChoicesSql);
    lots.value = table.toArray().map((row) => ({ product: String(row.product), lot: String(row.lot), firstDay: String(row.first_day), lastDay: String(row.last_day) }));
    const newest = lots.value.map((choice) => choice.lastDay).sort().at(-1);
    if (newest && !to.value) [from.value, to.value] = [shiftDay(newest, -6), newest];
    if (!lot.value || !lots.value.some((choice) => choice.lot === lot.value)) lot.value = lots.value.at(-1)?.lot ?? null;
  }

  async function generate(language: ReportLanguage): Promise<void> {
    const engine = workspace.engine;
    if (!engine || workspace.phase !== 'ready') return;
    building.value = true;
    errorMessage.value = '';
    try {
      const request = { template: template.value, from: from.value, to: to.value, products: [...products.value], lot: lot.value, language };
      const data = await buildReport(engine, request, reportSources(engine, host.workspace));
      report.value = data;
      html.value = renderReportHtml(data);
    } catch (error) {
      errorMessage.value = (error as Error).message;
    } finally {
      building.value = false;
    }
  }

  function fileStem(): string {
    const data = report.value;
    if (!data) return 'yield-report';
    return data.request.template === 'lot' ? `lot-report-${data.request.lot ?? ''}` : `yield-report-${data.request.from}-to-${data.request.to}`;
  }

  async function exportPdf(): Promise<void> {
    if (!html.value) return;
    // Electron prints the layout to PDF bytes (host.printToPdf); the browser opens its print dialog instead.
    if (host.printToPdf) await host.saveExport(`${fileStem()}.pdf`, await host.printToPdf(html.value), 'application/pdf');
    else await printInHiddenFrame(html.value);
  }

  async function exportXlsx(): Promise<void> {
    if (!report.value) return;
    // exceljs is large: loaded only when someone exports a workbook.
    const { reportXlsx } = await import('@shared/report/reportXlsx');
    await host.saveExport(`${fileStem()}.xlsx`, await reportXlsx(report.value), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  }

  async function exportCsv(): Promise<void> {
    if (!report.value) return;
    await host.saveExport(`${fileStem()}-csv.zip`, reportCsvZip(report.value), 'application/zip');
  }

  async function exportPng(name: string, png: Uint8Array): Promise<void> {
    await host.saveExport(`${fileStem()}-${name}.png`, png, 'image/png');
  }

  watch(() => [workspace.dataVersion, workspace.phase], () => void loadChoices(), { immediate: true });

  return {
    template, from, to, products, lot, lots, availableProducts, report, html, building, errorMessage,
    loadChoices, generate, exportPdf, exportXlsx, exportCsv, exportPng,
  };
});
