import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildReport, type ReportSources } from '../../shared/report/buildReport.ts';
import type { ReportData, ReportRequest } from '../../shared/report/model.ts';
import { reportCsvFiles, reportCsvZip } from '../../shared/report/reportCsv.ts';
import { renderReportHtml } from '../../shared/report/reportHtml.ts';
import { alertSource, commonalitySource, reportSources } from '../../shared/report/reportSources.ts';
import { reportXlsx } from '../../shared/report/reportXlsx.ts';
import { clickhouseDialect, duckdbDialect, type SqlDialect } from '../../shared/sql/dialect.ts';
import type { SqlEngine } from '../../shared/engine/sqlEngine.ts';
import { formatPercent } from '../../shared/util/format.ts';
import { openClickHouseEngine } from '../../node/engine/clickhouseTransports.ts';
import { openLakeEngine } from '../../node/lake/openLake.ts';
import { FolderWorkspaceStore } from '../../node/workspace/folderWorkspaceStore.ts';
import { openNodeEngine, openOnDemand } from '../../node/workspace/openWorkspace.ts';
import { htmlToPdf, PdfPrintError } from '../reportPdf.ts';

const usage = `usage: yield-monitor report --workspace DIR --from YYYY-MM-DD --to YYYY-MM-DD [--product P]... --format pdf|xlsx|csv|html --out PATH [--lang en|vi]
       yield-monitor report --workspace DIR --template lot --lot L --format pdf|xlsx|csv|html --out PATH [--lang en|vi]
       yield-monitor report --lake DIR [--workspace DIR] ...                                    (a published lake on DuckDB, read-only)
       yield-monitor report --engine clickhouse --lake DIR|URL [--clickhouse URL] [--endpoint URL] [--workspace DIR] ...
  --product may repeat or list products separated by commas (default: all products)
  --format csv writes one CSV per section into the folder PATH, or one zip when PATH ends in .zip
  --engine native (default), wasm, or clickhouse (over a published lake; chDB in-process unless --clickhouse URL)
  --lake a published lake (folder, or with clickhouse also s3://bucket/prefix or http(s)); the figures and the
         commonality come from it; with --workspace DIR the SPC episodes come from that folder's episode log,
         else the report says SPC is not available
`;

type Format = 'pdf' | 'xlsx' | 'csv' | 'html';

/** Parsed options of the report command. */
interface ReportOptions {
  /** The workspace folder (the data, or with a lake only the SPC episode log); null with a lake alone. */
  workspace: string | null;
  /** A published lake to read instead of the workspace's data. */
  lake: string | null;
  /** `clickhouse` runs the statements on ClickHouse over the lake. */
  engine: string;
  clickhouse: string | undefined;
  endpoint: string | undefined;
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
  const [workspace, lake, format, out] = [one('--workspace'), one('--lake'), one('--format'), one('--out')];
  const template = one('--template') ?? 'weekly';
  const language = one('--lang') ?? 'en';
  const engine = one('--engine') ?? 'native';
  if ((!workspace && !lake) || !format || !out) return 'missing --workspace (or --lake), --format or --out';
  if (!['native', 'wasm', 'clickhouse'].includes(engine)) return `unknown --engine ${engine} (native, wasm or clickhouse)`;
  if (engine === 'clickhouse' && !lake) return '--engine clickhouse needs --lake';
  if (!['pdf', 'xlsx', 'csv', 'html'].includes(format)) return `unknown --format ${format}`;
  if (template !== 'weekly' && template !== 'lot') return `unknown --template ${template} (weekly or lot)`;
  if (language !== 'en' && language !== 'vi') return `unknown --lang ${language} (en or vi)`;
  const lot = one('--lot') ?? null;
  if (template === 'lot' && !lot) return 'the lot template needs --lot L';
  const from = one('--from') ?? '';
  const to = one('--to') ?? '';
  if (template === 'weekly' && (!dayPattern.test(from) || !dayPattern.test(to) || from > to)) return '--from and --to must be dates YYYY-MM-DD with from <= to';
  const products = optionValues(args, '--product').flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
  return {
    workspace: workspace ?? null, lake: lake ?? null, engine, clickhouse: one('--clickhouse'), endpoint: one('--endpoint'),
    format: format as Format, out, request: { template, from, to, products, lot, language },
  };
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

/** The engine, its dialect and the report's optional sections for the options; the caller closes the engine. */
async function openReportEngine(options: ReportOptions): Promise<{ engine: SqlEngine & { close(): void }; dialect: SqlDialect; sources: ReportSources }> {
  if (options.lake === null) {
    const engine = await openNodeEngine(options.engine === 'wasm' ? 'wasm' : 'native');
    try {
      const { engine: onDemand } = await openOnDemand(engine, options.workspace ?? '');
      return { engine: onDemand, dialect: duckdbDialect, sources: reportSources(onDemand, new FolderWorkspaceStore(options.workspace ?? '')) };
    } catch (error) {
      engine.close();
      throw error;
    }
  }
  // A lake holds the data and the equipment history (commonality); the SPC episode log lives in a workspace folder.
  const clickhouse = options.engine === 'clickhouse';
  const engine = clickhouse
    ? await openClickHouseEngine({ lake: options.lake, server: options.clickhouse, endpoint: options.endpoint })
    : await openLakeEngine(options.lake);
  const dialect = clickhouse ? clickhouseDialect : duckdbDialect;
  const sources: ReportSources = { commonality: commonalitySource(engine, dialect) };
  if (options.workspace !== null) sources.alerts = alertSource(new FolderWorkspaceStore(options.workspace));
  return { engine, dialect, sources };
}

/** `yield-monitor report ...`: the yield report (weekly or lot disposition) as PDF, XLSX, CSV or HTML, headless. */
export async function run(args: string[]): Promise<number> {
  const options = parseOptions(args);
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n${usage}`);
    return 2;
  }
  let opened: Awaited<ReturnType<typeof openReportEngine>> | null = null;
  try {
    opened = await openReportEngine(options);
    const data = await buildReport(opened.engine, options.request, opened.sources, new Date(), opened.dialect);
    const written = await writeReport(data, options.format, options.out);
    const yieldText = data.kpis.yield === null ? 'no dies in scope' : `yield ${formatPercent(data.kpis.yield, 'en')}`;
    process.stdout.write(`report written: ${written} (${data.kpis.lots} lots, ${data.kpis.wafers} wafers, ${data.kpis.dies} dies, ${yieldText})\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof PdfPrintError ? error.message : `report failed: ${(error as Error).message}`}\n`);
    return 1;
  } finally {
    opened?.engine.close();
  }
}
