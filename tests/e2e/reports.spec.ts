import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { test, expect } from './fixtures';
import { ReportsPage } from './reportsPage';
import { diesInPeriod, figuresOf, sampleFinalDies } from '../support/sampleTruth';

const period = { from: '2026-10-05', to: '2026-10-18' };
const truth = figuresOf(diesInPeriod(sampleFinalDies(), period.from, period.to));

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

test('a weekly report on the sample shows KPIs equal to an independent count and exports XLSX', async ({ page }) => {
  test.setTimeout(600_000);
  const reports = new ReportsPage(page);
  await reports.open();
  await reports.generateWeekly(period.from, period.to);
  await expect(reports.previewFrame).toBeVisible({ timeout: 60_000 });
  await expect(reports.kpiValue('wafers')).toHaveText(truth.wafers.toLocaleString('en-US'));
  await expect(reports.kpiValue('dies')).toHaveText(truth.dies.toLocaleString('en-US'));
  await expect(reports.kpiValue('lots')).toHaveText(String(truth.lots));
  await expect(reports.kpiValue('yield')).toHaveText(percent(truth.good / truth.dies));
  await expect(reports.preview.locator('[data-wafer]')).toHaveCount(6);
  await reports.screenshot('reports');

  const download = await reports.download(reports.exportXlsxButton);
  expect(download.suggestedFilename()).toBe(`yield-report-${period.from}-to-${period.to}.xlsx`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
  expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['KPIs', 'Trend by lot', 'Trend by week', 'Bin Pareto', 'Wafers', 'SPC episodes', 'Commonality']);
  const kpis = workbook.getWorksheet('KPIs')!;
  expect(kpis.getRow(4).getCell(1).value).toBe('Dies');
  expect(kpis.getRow(4).getCell(2).value).toBe(truth.dies);
  expect(kpis.getRow(6).getCell(2).value).toBeCloseTo(truth.yield, 12);

  const csv = await reports.download(reports.exportCsvButton);
  expect(csv.suggestedFilename()).toMatch(/-csv\.zip$/);
  const png = await reports.download(reports.exportPngButton);
  expect(readFileSync(await png.path()).subarray(1, 4).toString()).toBe('PNG');
});
