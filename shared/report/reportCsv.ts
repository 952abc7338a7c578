/** CSV of every report table (RFC 4180, UTF-8), one file per section, or all of them in one zip (fflate). */
import { strToU8, zipSync } from 'fflate';
import type { ReportData } from './model.ts';
import { reportTables, type ReportCell, type ReportTable } from './reportTables.ts';

function csvField(cell: ReportCell): string {
  if (cell === null) return '';
  const text = typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : '') : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One table as CSV text: header row, then one line per row (CRLF line ends). */
export function tableCsv(table: ReportTable): string {
  const lines = [table.columns.map((column) => csvField(column.header)), ...table.rows.map((row) => row.map(csvField))];
  return `${lines.map((line) => line.join(',')).join('\r\n')}\r\n`;
}

/** Every table of the report as { fileName: CSV text }. */
export function reportCsvFiles(data: ReportData): Map<string, string> {
  return new Map(reportTables(data).map((table) => [table.fileName, tableCsv(table)]));
}

/** Every table of the report as CSV files in one zip. */
export function reportCsvZip(data: ReportData): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, text] of reportCsvFiles(data)) entries[name] = strToU8(`\ufeff${text}`);
  return zipSync(entries, { level: 6, mtime: new Date(data.generatedAt) });
}
