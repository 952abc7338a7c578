import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../shared/report/buildReport.ts';
import type { ReportData, ReportRequest } from '../../shared/report/model.ts';
import { commonalitySource } from '../../shared/report/reportSources.ts';
import {
  reportBinParetoSql, reportKpiSql, reportLotTrendSql, reportProductGeometrySql, reportStackedMapSql, reportWaferDiesSql,
  reportWaferTableSql, reportWeekTrendSql,
} from '../../shared/sql/reportSql.ts';
import { clickhouseDialect } from '../../shared/sql/dialect.ts';
import { ClickHouseSqlEngine } from '../../node/engine/clickhouseEngine.ts';
import { chdbTransport, loadChdb } from '../../node/engine/clickhouseTransports.ts';
import type { NativeSqlEngine } from '../../node/engine/nativeEngine.ts';
import { sampleWorkspaceDir } from '../support/sampleWorkspace.ts';
import { diesInPeriod, figuresOf, sampleFinalDies } from '../support/sampleTruth.ts';
import { clickhouseTraps, duckdbOverLake, recordingTransport, removeLake, within, writeLake } from './clickhouseLake.ts';

// Issue #17 §2: the two ClickHouse traps (approximate median(), `//` comments) must never reach a report statement.
describe('ClickHouse statements of the report', () => {
  const builders = [reportKpiSql, reportLotTrendSql, reportWeekTrendSql, reportBinParetoSql, reportWaferTableSql, reportWaferDiesSql, reportStackedMapSql, reportProductGeometrySql];
  it.each(builders.map((builder) => [builder.name, builder] as const))('%s holds neither median( nor //', (_name, builder) => {
    const sql = builder(clickhouseDialect);
    expect(sql).not.toMatch(/median\s*\(/i);
    expect(sql).not.toContain('//');
  });
});

const chdbAvailable = (await loadChdb()) !== null;
if (!chdbAvailable) console.warn('clickhouseReport: chDB not installed (npm install --no-save chdb, Linux/macOS): ClickHouse parity skipped');

const weekly: ReportRequest = { template: 'weekly', from: '2026-10-05', to: '2026-10-18', products: ['ORION'], lot: null, language: 'en' };
const lotRequest: ReportRequest = { template: 'lot', from: '', to: '', products: [], lot: 'OR26007', language: 'vi' };
const now = new Date('2026-10-19T06:00:00Z');
const runCli = promisify(execFile);

describe.skipIf(!chdbAvailable)('the report on DuckDB and ClickHouse (chDB) over the same lake', () => {
  let lake = '';
  let duckdb: NativeSqlEngine;
  let clickhouse: ClickHouseSqlEngine;
  const sent: string[] = [];

  beforeAll(async () => {
    lake = await writeLake(sampleWorkspaceDir());
    duckdb = await duckdbOverLake(lake);
    clickhouse = await ClickHouseSqlEngine.open(recordingTransport(await chdbTransport(), sent), { url: lake });
  }, 600_000);

  afterAll(() => {
    duckdb?.close();
    clickhouse?.close();
    if (lake) removeLake(lake);
  });

  it.each([['weekly', weekly], ['lot', lotRequest]] as const)('%s report: KPIs, trends, Pareto, wafers, maps and commonality are the same', async (_name, request) => {
    const onDuckdb = await buildReport(duckdb, request, { commonality: commonalitySource(duckdb) }, now);
    const onClickhouse = await buildReport(clickhouse, request, { commonality: commonalitySource(clickhouse, clickhouseDialect) }, now, clickhouseDialect);

    // What a user checks first: the KPIs against an independent count of the sample's die CSV files.
    const truth = figuresOf(request.template === 'lot'
      ? sampleFinalDies().filter((die) => die.lot === request.lot)
      : diesInPeriod(sampleFinalDies(), request.from, request.to, request.products));
    expect(onClickhouse.kpis).toMatchObject({ lots: truth.lots, wafers: truth.wafers, dies: truth.dies, good: truth.good });
    expect(onClickhouse.kpis.yield).toBeCloseTo(truth.yield, 12);
    expect(onClickhouse.pareto.map((row) => [row.bin, row.dies])).toEqual([...truth.failsByBin].sort((a, b) => b[1] - a[1] || a[0] - b[0]));

    expect(onDuckdb.wafers.length).toBeGreaterThan(10);
    expect(onDuckdb.waferMaps.length).toBeGreaterThan(0);
    expect(onDuckdb.commonality.available).toBe(true);
    expect(onDuckdb.commonality.rows.length).toBeGreaterThan(0);
    // Every figure of the report, in order: counts and texts exactly, ratios to 1e-12.
    expect(onClickhouse).toEqual(within(onDuckdb, 1e-12) as ReportData);
  }, 120_000);

  it('yield-monitor report --engine clickhouse --lake writes the report; the period holds in any time zone of the ClickHouse process', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ym-report-ch-'));
    try {
      // chDB reads the process's zone: a period bound read in it instead of UTC moved the weekly scope by hours.
      const { stdout } = await runCli(process.execPath, [
        'cli/bin.mjs', 'report', '--engine', 'clickhouse', '--lake', lake, '--from', weekly.from, '--to', weekly.to, '--product', 'ORION',
        '--format', 'csv', '--out', out,
      ], { env: { ...process.env, TZ: 'America/Los_Angeles' } });
      const truth = figuresOf(diesInPeriod(sampleFinalDies(), weekly.from, weekly.to, weekly.products));
      expect(stdout).toContain(`(${truth.lots} lots, ${truth.wafers} wafers, ${truth.dies} dies`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  // Runs after the tests above: every statement they sent to ClickHouse, the lake's views included.
  it('no statement sent to ClickHouse holds median( or // outside a string literal', () => {
    expect(sent.length).toBeGreaterThan(10);
    expect(sent.filter((sql) => clickhouseTraps(sql).length > 0)).toEqual([]);
    expect(clickhouseTraps("SELECT median(x), 7 // 2 FROM t WHERE u = 's3://b'")).toEqual(['median(', '//']);
    expect(clickhouseTraps("SELECT 's3://bucket/x' AS url")).toEqual([]);
  });
});
