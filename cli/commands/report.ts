import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildReport } from '../../shared/report/buildReport.ts';
import type { ReportData, ReportRequest } from '../../shared/report/model.ts';
import { reportCsvFiles, reportCsvZip } from '../../shared/report/reportCsv.ts';
import { renderReportHtml } from '../../shared/report/reportHtml.ts';
import { reportSources } from '../../shared/report/reportSources.ts';
import { reportXlsx } from '../../shared/report/reportXlsx.ts';
import { formatPercent } from '../../shared/util/format.ts';
import { FolderWorkspaceStore } from '../../node/workspace/folderWorkspaceStore.ts';
import { engineKindOption, openNodeEngine, workspaceOn } from '../../node/workspace/openWorkspace.ts';
import { htmlToPdf, PdfPrintError } from '../reportPdf.ts';

const usage = `usage: yield-monitor report --workspace DIR --from YYYY-MM-DD --to YYYY-MM-DD [--product P]... --format pdf|xlsx|csv|html --out PATH [--lang en|vi]
       yield-monitor report --workspace DIR --template lot --lot L --format pdf|xlsx|csv|html --out PATH [--lang en|vi]
  --product may repeat or list products separated by commas (default: all products)
  --format csv writes one CSV per section into the folder PATH, or one zip when PATH ends in .zip
`;

type Format = 'pdf' | 'xlsx' | 'csv' | 'html';

/** Parsed options of the report command. */
interface ReportOptions {
  workspace: string;
  request: ReportRequest;
  format: Format;
  out: string;
}

function optionValues(args: string[], name: string): string[] {
  return args.flatMap((arg, index) => (arg === name && args[index + 1] !== undefined ? [args[index + 1]!] : []));
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

function parseOptions(args: string[]): ReportOptions | string {
  const one = (name: string): string | undefined => optionValues(args, name).at(-1);
  const [workspace, format, out] = [one('--workspace'), one('--format'), one('--out')];
  const template = one('--template') ?? 'weekly';
  const language = one('--lang') ?? 'en';
  if (!workspace || !format || !out) return 'missing --workspace, --format or --out';
  if (!['pdf', 'xlsx', 'csv', 'html'].includes(format)) return `unknown --format ${format}`;
  if (template !== 'weekly' && template !== 'lot') return `unknown --template ${template} (weekly or lot)`;
  if (language !== 'en' && language !== 'vi') return `unknown --lang ${language} (en or vi)`;
  const lot = one('--lot') ?? null;
  if (template === 'lot' && !lot) return 'the lot template needs --lot L';
  const from = one('--from') ?? '';
  const to = one('--to') ?? '';
  if (template === 'weekly' && (!dayPattern.test(from) || !dayPattern.test(to) || from > to)) return '--from and --to must be dates YYYY-MM-DD with from <= to';
  const products = optionValues(args, '--product').flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
  return { workspace, format: format as Format, out, request: { template, from, to, products, lot, language } };
}

async function writeReport(data: ReportData, format: Format, out: string): Promise<string> {
  if (format === 'html') {
    await writeFile(out, renderReportHtml(data), 'utf8');
  } else if (format === 'pdf') {
    await writeFile(out, await htmlToPdf(renderReportHtml(data)));
  } else if (format === 'xlsx') {
    await writeFile(out, await reportXlsx(data));
  } else if (out.toLowerCase().endsWith('.zip')) {
    await writeFile(out, reportCsvZip(data));
  } else {
    await mkdir(out, { recursive: true });
    const files = reportCsvFiles(data);
    for (const [name, text] of files) await writeFile(join(out, name), `\ufeff${text}`, 'utf8');
    return `${out}: ${files.size} CSV files`;
  }
  return out;
}

/** `yield-monitor report ...`: the yield report (weekly or lot disposition) as PDF, XLSX, CSV or HTML, headless. */
export async function run(args: string[]): Promise<number> {
  const options = parseOptions(args);
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n${usage}`);
    return 2;
  }
  const engine = await openNodeEngine(engineKindOption(args));
  try {
    const store = new FolderWorkspaceStore(options.workspace);
    const workspace = workspaceOn(engine, options.workspace);
    await workspace.open();
    const data = await buildReport(engine, options.request, reportSources(engine, store));
    const written = await writeReport(data, options.format, options.out);
    const yieldText = data.kpis.yield === null ? 'no dies in scope' : `yield ${formatPercent(data.kpis.yield, 'en')}`;
    process.stdout.write(`report written: ${written} (${data.kpis.lots} lots, ${data.kpis.wafers} wafers, ${data.kpis.dies} dies, ${yieldText})\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof PdfPrintError ? error.message : `report failed: ${(error as Error).message}`}\n`);
    return 1;
  } finally {
    engine.close();
  }
}
