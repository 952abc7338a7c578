import { rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderWorkspaceStore } from '../../../node/workspace/folderWorkspaceStore.ts';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { nodeParquetCodec } from '../../../node/engine/parquetCodec.ts';
import { buildReport, previousPeriod } from '../../../shared/report/buildReport.ts';
import type { ReportData, ReportRequest } from '../../../shared/report/model.ts';
import { reportCsvZip } from '../../../shared/report/reportCsv.ts';
import { renderReportHtml } from '../../../shared/report/reportHtml.ts';
import { reportXlsx } from '../../../shared/report/reportXlsx.ts';
import { Workspace } from '../../../shared/workspace/workspace.ts';
import { copySampleWorkspace } from '../../support/sampleWorkspace.ts';
import { diesInPeriod, figuresOf, sampleFinalDies, type TruthDie } from '../../support/sampleTruth.ts';

const weekly: ReportRequest = { template: 'weekly', from: '2026-10-05', to: '2026-10-18', products: ['ORION'], lot: null, language: 'en' };
const lotRequest: ReportRequest = { template: 'lot', from: '', to: '', products: [], lot: 'OR26007', language: 'en' };

let engine: WasmNodeSqlEngine;
let folder: string;
let truthDies: TruthDie[];
let weeklyReport: ReportData;

beforeAll(async () => {
  folder = copySampleWorkspace();
  engine = await WasmNodeSqlEngine.open();
  await new Workspace(engine, new FolderWorkspaceStore(folder), nodeParquetCodec).open();
  truthDies = sampleFinalDies();
  weeklyReport = await buildReport(engine, weekly, {}, new Date('2026-10-19T06:00:00Z'));
}, 480_000);

afterAll(() => {
  engine?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('buildReport on the sample fab', () => {
  it('has the KPIs of an independent count of the die CSV files, and the previous period of equal length', () => {
    const now = figuresOf(diesInPeriod(truthDies, weekly.from, weekly.to, weekly.products));
    expect(now.wafers).toBeGreaterThan(0);
    expect(weeklyReport.kpis).toMatchObject({ lots: now.lots, wafers: now.wafers, dies: now.dies, good: now.good });
    expect(weeklyReport.kpis.yield).toBeCloseTo(now.yield, 12);
    expect(weeklyReport.kpis.firstPassYield).toBeCloseTo(now.firstPassYield, 12);
    expect(previousPeriod(weekly)).toEqual({ from: '2026-09-21', to: '2026-10-04' });
    const before = figuresOf(diesInPeriod(truthDies, '2026-09-21', '2026-10-04', weekly.products));
    expect(weeklyReport.previous?.kpis).toMatchObject({ lots: before.lots, wafers: before.wafers, dies: before.dies, good: before.good });
  });

  it('ranks failing hard bins by count with a cumulative share ending at 100%', () => {
    const fails = figuresOf(diesInPeriod(truthDies, weekly.from, weekly.to, weekly.products)).failsByBin;
    const expected = [...fails].sort(([binA, a], [binB, b]) => b - a || binA - binB);
    expect(weeklyReport.pareto.map((row) => [row.bin, row.dies])).toEqual(expected);
    expect(weeklyReport.pareto.at(-1)?.cumulativeShare).toBeCloseTo(1, 12);
    expect(weeklyReport.pareto.every((row) => row.name.length > 0)).toBe(true);
  });

  it('draws the six worst wafers with all their dies', () => {
    const perWafer = new Map<string, { good: number; dies: number }>();
    for (const die of diesInPeriod(truthDies, weekly.from, weekly.to, weekly.products)) {
      const entry = perWafer.get(`${die.lot}|${die.wafer}`) ?? { good: 0, dies: 0 };
      entry.dies++;
      if (die.pass) entry.good++;
      perWafer.set(`${die.lot}|${die.wafer}`, entry);
    }
    const worst = [...perWafer].sort(([, a], [, b]) => a.good / a.dies - b.good / b.dies).slice(0, 6);
    expect(weeklyReport.waferMaps.map((map) => `${map.lot}|${map.wafer}`)).toEqual(worst.map(([key]) => key));
    expect(weeklyReport.waferMaps.map((map) => map.xs.length)).toEqual(worst.map(([, entry]) => entry.dies));
    expect(weeklyReport.stackedMaps.map((map) => map.product)).toEqual(['ORION']);
  });

  it('says the SPC and commonality sections have no source instead of failing', () => {
    expect(weeklyReport.alerts).toEqual({ available: false, rows: [] });
    const html = renderReportHtml(weeklyReport);
    expect(html).toContain('SPC episodes');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('writes an XLSX with one sheet per section and the KPIs stored as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await reportXlsx(weeklyReport)).buffer as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['KPIs', 'Trend by lot', 'Trend by week', 'Bin Pareto', 'Wafers', 'SPC episodes', 'Commonality']);
    const kpis = workbook.getWorksheet('KPIs')!;
    const now = figuresOf(diesInPeriod(truthDies, weekly.from, weekly.to, weekly.products));
    const valueOf = (label: string): unknown => kpis.getColumn(1).values.indexOf(label) > 0 ? kpis.getRow(kpis.getColumn(1).values.indexOf(label)).getCell(2).value : undefined;
    expect(valueOf('Dies')).toBe(now.dies);
    expect(valueOf('Wafers')).toBe(now.wafers);
    expect(valueOf('Final yield')).toBeCloseTo(now.yield, 12);
    expect(kpis.getRow(6).getCell(2).numFmt).toBe('0.0%');
    expect(kpis.getRow(1).font?.bold).toBe(true);
    expect(kpis.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('writes every table as CSV into one zip', () => {
    const files = unzipSync(reportCsvZip(weeklyReport));
    expect(Object.keys(files).sort()).toEqual(['bin-pareto.csv', 'commonality.csv', 'kpis.csv', 'spc-episodes.csv', 'trend-by-lot.csv', 'trend-by-week.csv', 'wafers.csv']);
    const wafers = strFromU8(files['wafers.csv']!).trim().split('\r\n');
    expect(wafers).toHaveLength(weeklyReport.kpis.wafers + 1);
  });

  it('builds the lot disposition report with every wafer, its signature and a line to sign', async () => {
    const report = await buildReport(engine, lotRequest);
    const lotDies = truthDies.filter((die) => die.lot === 'OR26007');
    const truth = figuresOf(lotDies);
    expect(report.kpis).toMatchObject({ lots: 1, wafers: truth.wafers, dies: truth.dies, good: truth.good });
    expect(report.waferMaps.map((map) => map.wafer)).toEqual(Array.from({ length: truth.wafers }, (_, index) => String(index + 1)));
    expect(report.wafers.every((wafer) => wafer.signature !== null)).toBe(true);
    const html = renderReportHtml({ ...report, request: { ...lotRequest, language: 'vi' } });
    expect(html).toContain('Báo cáo xử lý lô');
    expect(html).toContain('Ký tên');
  });
});
