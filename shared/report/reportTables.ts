/**
 * The report's tables as typed columns (one table per section): the single source of the XLSX
 * sheets and the CSV files, so both carry the same numbers. Fractions stay fractions (0.873),
 * formatted as percent in XLSX and written with full precision in CSV.
 */
import type { ReportData } from './model.ts';
import { reportText } from './reportText.ts';

/** How a column's numbers are shown: counts, fractions as percent, or plain decimals. */
export type ColumnKind = 'text' | 'count' | 'percent' | 'decimal';

/** One column of a section table. */
export interface ReportColumn {
  header: string;
  kind: ColumnKind;
  /** Width in characters for XLSX. */
  width: number;
}

/** A cell: text, a number, or empty. */
export type ReportCell = string | number | null;

/** One section as a table; `fileName` is the CSV name inside the zip (ASCII, stable across languages). */
export interface ReportTable {
  sheetName: string;
  fileName: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
  /** Number format per row, overriding the column's (the KPI table mixes counts and yields in one column). */
  rowKinds?: ColumnKind[];
}

function column(header: string, kind: ColumnKind, width?: number): ReportColumn {
  return { header, kind, width: width ?? Math.max(10, header.length + 2) };
}

function finite(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : value;
}

function kpiTable(data: ReportData): ReportTable {
  const text = reportText(data.request.language);
  const previous = data.previous?.kpis ?? null;
  const rows: ReportCell[][] = [
    [text.lots, data.kpis.lots, previous?.lots ?? null],
    [text.wafers, data.kpis.wafers, previous?.wafers ?? null],
    [text.dies, data.kpis.dies, previous?.dies ?? null],
    [text.good, data.kpis.good, previous?.good ?? null],
    [text.finalYield, finite(data.kpis.yield), finite(previous?.yield ?? null)],
    [text.firstPassYield, finite(data.kpis.firstPassYield), finite(previous?.firstPassYield ?? null)],
  ];
  const periodColumns = data.previous
    ? [column(`${text.current} ${data.request.from} – ${data.request.to}`, 'decimal', 26), column(`${text.previous} ${data.previous.from} – ${data.previous.to}`, 'decimal', 26)]
    : [column(text.current, 'decimal', 16)];
  return { sheetName: text.sheetKpis, fileName: 'kpis.csv', columns: [column('', 'text', 22), ...periodColumns], rows: rows.map((row) => row.slice(0, periodColumns.length + 1)),
    rowKinds: ['count', 'count', 'count', 'count', 'percent', 'percent'] };
}

/** Every section table of the report, in report order. */
export function reportTables(data: ReportData): ReportTable[] {
  const text = reportText(data.request.language);
  const tables: ReportTable[] = [kpiTable(data)];
  tables.push({
    sheetName: text.sheetLotTrend, fileName: 'trend-by-lot.csv',
    columns: [column(text.lot, 'text', 12), column(text.product, 'text'), column(text.firstTest, 'text', 18), column(text.wafers, 'count'),
      column(text.dies, 'count'), column(text.good, 'count'), column(text.finalYield, 'percent'), column(text.firstPassYield, 'percent', 18)],
    rows: data.lotTrend.map((row) => [row.lot, row.product, row.firstTest, row.wafers, row.dies, row.good, row.yield, row.firstPassYield]),
  });
  tables.push({
    sheetName: text.sheetWeekTrend, fileName: 'trend-by-week.csv',
    columns: [column(text.week, 'text', 12), column(text.wafers, 'count'), column(text.dies, 'count'), column(text.good, 'count'), column(text.finalYield, 'percent')],
    rows: data.weekTrend.map((row) => [row.week, row.wafers, row.dies, row.good, row.yield]),
  });
  tables.push({
    sheetName: text.sheetPareto, fileName: 'bin-pareto.csv',
    columns: [column(text.bin, 'count', 8), column(text.binName, 'text', 16), column(text.failDies, 'count', 14), column(text.shareOfFails, 'percent', 16),
      column(text.shareOfDies, 'percent', 16), column(text.cumulative, 'percent', 14)],
    rows: data.pareto.map((row) => [row.bin, row.name, row.dies, row.shareOfFails, row.shareOfDies, row.cumulativeShare]),
  });
  tables.push({
    sheetName: text.sheetWafers, fileName: 'wafers.csv',
    columns: [column(text.lot, 'text', 12), column(text.wafer, 'text', 8), column(text.product, 'text'), column(text.firstTest, 'text', 18),
      column(text.dies, 'count'), column(text.good, 'count'), column(text.finalYield, 'percent'), column(text.firstPassYield, 'percent', 18),
      column(text.topFailBin, 'count', 14), column(text.binName, 'text', 16), column(text.topFailDies, 'count', 14),
      column(text.signature, 'text', 14), column(text.edgeToCenter, 'percent', 20)],
    rows: data.wafers.map((row) => [row.lot, row.wafer, row.product, row.firstTest, row.dies, row.good, row.yield, row.firstPassYield,
      row.topFailBin, row.topFailName, row.topFailDies, row.signature, finite(row.edgeToCenterDelta)]),
  });
  tables.push({
    sheetName: text.sheetAlerts, fileName: 'spc-episodes.csv',
    columns: [column(text.chart, 'text', 24), column(text.rule, 'text'), column(text.severity, 'text'), column(text.state, 'text'), column(text.product, 'text'),
      column(text.lot, 'text', 16), column(text.firstTime, 'text', 20), column(text.lastTime, 'text', 20), column(text.points, 'count')],
    rows: data.alerts.rows.map((row) => [row.chartName, row.rule, row.severity, row.state, row.product, row.lots, row.firstTime, row.lastTime, row.points]),
  });
  tables.push({
    sheetName: text.sheetCommonality, fileName: 'commonality.csv',
    columns: [column(text.step, 'text', 12), column(text.factor, 'text', 12), column(text.worstLevel, 'text', 16), column(text.pValue, 'decimal'),
      column(text.pAdjusted, 'decimal', 12), column(text.effect, 'percent')],
    rows: data.commonality.rows.map((row) => [row.step, row.factor, row.worstLevel, row.p, row.pAdjusted, row.effect]),
  });
  return tables;
}
