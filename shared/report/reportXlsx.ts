/**
 * The report as an XLSX workbook (exceljs, which runs in Node and in the browser): one sheet per
 * section, numbers stored as numbers with number formats, a bold filled header row that stays
 * frozen, column widths. No chart images: the charts are in the PDF, the sheets carry their data.
 */
import ExcelJS from 'exceljs';
import type { ReportData } from './model.ts';
import { reportText } from './reportText.ts';
import { reportTables, type ColumnKind, type ReportTable } from './reportTables.ts';

const numberFormats: Record<ColumnKind, string | undefined> = { text: undefined, count: '#,##0', percent: '0.0%', decimal: '0.0000' };

/** Excel's sheet-name rules: at most 31 characters, none of []:*?/\ . */
export function safeSheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim() || 'Sheet';
}

function addSheet(workbook: ExcelJS.Workbook, table: ReportTable): void {
  const sheet = workbook.addWorksheet(safeSheetName(table.sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((column, index) => ({ header: column.header, key: `c${index}`, width: column.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true, color: { argb: 'FF12386F' } };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F4' } };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF9AAAC4' } } };
  });
  table.rows.forEach((cells, rowIndex) => {
    const row = sheet.addRow(cells);
    cells.forEach((cell, columnIndex) => {
      if (typeof cell !== 'number') return;
      const kind = table.rowKinds?.[rowIndex] ?? table.columns[columnIndex]?.kind ?? 'decimal';
      const format = numberFormats[kind];
      if (format) row.getCell(columnIndex + 1).numFmt = format;
    });
  });
}

/** Build the workbook of a report. */
export function reportWorkbook(data: ReportData): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const text = reportText(data.request.language);
  workbook.creator = 'Yield Monitor';
  workbook.created = new Date(data.generatedAt);
  workbook.title = data.request.template === 'lot' ? `${text.lotTitle} ${data.request.lot ?? ''}` : `${text.weeklyTitle} ${data.request.from} – ${data.request.to}`;
  for (const table of reportTables(data)) addSheet(workbook, table);
  return workbook;
}

/** The report as XLSX file bytes. */
export async function reportXlsx(data: ReportData): Promise<Uint8Array> {
  const buffer = await reportWorkbook(data).xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
