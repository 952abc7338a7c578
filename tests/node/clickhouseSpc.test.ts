import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../shared/engine/sqlEngine.ts';
import { episodeJson, evaluateAll, listEpisodes } from '../../shared/spc/monitor/index.ts';
import type { EvaluateAllResult } from '../../shared/spc/monitor/types.ts';
import { clickhouseDialect } from '../../shared/sql/dialect.ts';
import { pairedStatementEngine } from '../../shared/sql/dialectEngine.ts';
import { monitorStatements } from '../../shared/sql/spcSql.ts';
import { ClickHouseSqlEngine } from '../../node/engine/clickhouseEngine.ts';
import { chdbTransport, loadChdb } from '../../node/engine/clickhouseTransports.ts';
import type { NativeSqlEngine } from '../../node/engine/nativeEngine.ts';
import { FolderWorkspaceStore } from '../../node/workspace/folderWorkspaceStore.ts';
import { openLakeEngine } from '../../node/lake/openLake.ts';
import { quoteLiteral } from '../../shared/engine/sqlEngine.ts';
import { sampleWorkspaceDir } from '../support/sampleWorkspace.ts';
import { sampleFinalDies } from '../support/sampleTruth.ts';
import { clickhouseTraps, duckdbOverLake, recordingTransport, removeLake, within, writeLake } from './clickhouseLake.ts';

// Issue #17 §2: no statement spc evaluate sends to ClickHouse may hold an approximate median( or a `//` (a comment there).
describe('ClickHouse statements of spc evaluate', () => {
  it('every paired statement holds neither median( nor //', () => {
    const statements = [...monitorStatements(clickhouseDialect).values()];
    expect(statements.length).toBeGreaterThanOrEqual(11);
    for (const sql of statements) {
      expect(sql).not.toMatch(/median\s*\(/i);
      expect(sql).not.toContain('//');
    }
  });
});

const chdbAvailable = (await loadChdb()) !== null;
if (!chdbAvailable) console.warn('clickhouseSpc: chDB not installed (npm install --no-save chdb, Linux/macOS): ClickHouse parity skipped');

describe.skipIf(!chdbAvailable)('spc evaluate on DuckDB and ClickHouse (chDB) over the same lake', () => {
  const at = new Date('2026-11-02T06:00:00Z');
  let lake = '';
  let states: string[] = [];
  let duckdb: NativeSqlEngine;
  let clickhouseEngine: ClickHouseSqlEngine;
  let clickhouse: SqlEngine;
  const sent: string[] = [];

  beforeAll(async () => {
    lake = await writeLake(sampleWorkspaceDir());
    duckdb = await duckdbOverLake(lake);
    clickhouseEngine = await ClickHouseSqlEngine.open(recordingTransport(await chdbTransport(), sent), { url: lake });
    clickhouse = pairedStatementEngine(clickhouseEngine, monitorStatements(clickhouseDialect), 'ClickHouse');
    states = [mkdtempSync(join(tmpdir(), 'ym-spc-duckdb-')), mkdtempSync(join(tmpdir(), 'ym-spc-clickhouse-'))];
  }, 600_000);

  afterAll(() => {
    duckdb?.close();
    clickhouseEngine?.close();
    for (const folder of states) rmSync(folder, { recursive: true, force: true });
    if (lake) removeLake(lake);
  });

  it('same charts, points and episodes; wafer yields as the die CSV files count them', async () => {
    const [duckdbStore, clickhouseStore] = states.map((folder) => new FolderWorkspaceStore(folder)) as [FolderWorkspaceStore, FolderWorkspaceStore];
    const onDuckdb: EvaluateAllResult = await evaluateAll(duckdb, duckdbStore, { at });
    const onClickhouse: EvaluateAllResult = await evaluateAll(clickhouse, clickhouseStore, { at });
    expect(onClickhouse.failures).toEqual([]);
    expect(onDuckdb.failures).toEqual([]);

    // The default charts' definitions come from the lake's tests and bins, the same on both engines.
    expect(onClickhouse.evaluations.map((evaluation) => evaluation.definition)).toEqual(onDuckdb.evaluations.map((evaluation) => evaluation.definition));
    expect(onDuckdb.evaluations.length).toBeGreaterThan(3);

    // Wafer yield points against an independent count of the final dies in the sample's CSV files.
    const dies = sampleFinalDies();
    const yieldChart = onClickhouse.evaluations.find((evaluation) => evaluation.definition.metric.kind === 'wafer-yield' && evaluation.definition.filter.product === 'ORION');
    expect(yieldChart).toBeDefined();
    for (const point of yieldChart?.points ?? []) {
      const wafer = dies.filter((die) => die.product === 'ORION' && die.lot === point.subgroup.lot && die.wafer === point.subgroup.wafer);
      expect(point.n).toBe(wafer.length);
      expect(point.value).toBeCloseTo(wafer.filter((die) => die.pass).length / wafer.length, 12);
    }

    // Every point, limit and violation: equal (means and SDs of doubles summed in another order to 1e-9).
    const pointsOf = (result: EvaluateAllResult): unknown => result.evaluations.map(({ evaluatedAt: _evaluatedAt, limitsRecord: _limitsRecord, ...evaluation }) => evaluation);
    expect(pointsOf(onClickhouse)).toEqual(within(pointsOf(onDuckdb), 1e-9));

    // The same episodes, raised in the same order, and the same board in each workspace folder.
    expect(onDuckdb.newEpisodes.length).toBeGreaterThan(0);
    expect(onClickhouse.newEpisodes.map(episodeJson)).toEqual(onDuckdb.newEpisodes.map(episodeJson));
    expect((await listEpisodes(clickhouseStore)).map(episodeJson)).toEqual((await listEpisodes(duckdbStore)).map(episodeJson));
  }, 300_000);

  it('yield-monitor spc evaluate --engine clickhouse --lake raises the episodes evaluateAll raised on DuckDB', async () => {
    const folder = join(states[0] ?? '', '..', `${states[0]?.split('/').pop()}-cli`);
    states.push(folder);
    const failed = await promisify(execFile)(process.execPath, ['cli/bin.mjs', 'spc', 'evaluate', '--engine', 'clickhouse', '--lake', lake, '--workspace', folder, '--json'])
      .catch((error: { code: number; stdout: string }) => error);
    // Exit status 1: new episodes were raised.
    expect(failed).toMatchObject({ code: 1 });
    const printed = JSON.parse((failed as { stdout: string }).stdout) as { charts: number; episodes: ReturnType<typeof episodeJson>[] };
    const onDuckdb = (await listEpisodes(new FolderWorkspaceStore(states[0] ?? ''))).map(episodeJson);
    expect(printed.charts).toBeGreaterThan(3);
    // The CLI evaluates now, the test at a fixed time: the state (all open) and the episodes' points are the same.
    expect(printed.episodes).toEqual(onDuckdb);
  }, 120_000);

  it('a lake read on either engine holds each test and bin once, as a workspace does (every import published its own rows)', async () => {
    const parts = (table: string): string => `read_parquet(${quoteLiteral(join(lake, table, '**', '*.parquet'))}, union_by_name = true)`;
    const [published, tests, bins] = await Promise.all([
      duckdb.query(`SELECT count(*)::INTEGER AS n FROM ${parts('tests')}`),
      duckdb.query(`SELECT count(*)::INTEGER AS n FROM (SELECT DISTINCT product, coalesce(test_key, test_num) FROM ${parts('tests')})`),
      duckdb.query(`SELECT count(*)::INTEGER AS n FROM (SELECT DISTINCT product, bin_type, bin FROM ${parts('bins')})`),
    ]);
    const count = (table: { get(index: number): unknown }): number => Number((table.get(0) as { n: number }).n);
    expect(count(published)).toBeGreaterThan(count(tests));
    const lakeEngine = await openLakeEngine(lake);
    try {
      for (const engine of [lakeEngine, clickhouseEngine]) {
        expect(count(await engine.query('SELECT count(*)::INTEGER AS n FROM tests'))).toBe(count(tests));
        expect(count(await engine.query('SELECT count(*)::INTEGER AS n FROM bins'))).toBe(count(bins));
      }
    } finally {
      lakeEngine.close();
    }
  });

  it('a free-SQL metric is refused on ClickHouse with a message, not run as DuckDB SQL', async () => {
    await expect(clickhouse.query('SELECT lot, min(tested_at) AS subgroup_time, avg(pass::INTEGER) AS value FROM dies GROUP BY lot'))
      .rejects.toThrow(/not available on ClickHouse/);
  });

  // Runs after the tests above: every statement they sent to ClickHouse, the lake's views included.
  it('no statement sent to ClickHouse holds median( or // outside a string literal', () => {
    expect(sent.length).toBeGreaterThan(10);
    expect(sent.filter((sql) => clickhouseTraps(sql).length > 0)).toEqual([]);
    expect(clickhouseTraps("SELECT median(x), 7 // 2 FROM t WHERE u = 's3://b'")).toEqual(['median(', '//']);
    expect(clickhouseTraps("SELECT 's3://bucket/x' AS url")).toEqual([]);
  });
});
