/**
 * Issue #12 §4: user-written SQL is read-only, cannot reach files outside the workspace and stops
 * after its timeout, on both engines. Native runs on the locked console engine; duckdb-wasm on the
 * app's own engine with the text guard and a cancellable pending query.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleEngine } from '../../node/engine/consoleEngine.ts';
import { NativeSqlEngine } from '../../node/engine/nativeEngine.ts';
import { openNodeWorkspace, type NodeSqlEngine } from '../../node/workspace/openWorkspace.ts';
import { runUserQuery, UserSqlError, type UserQueryOptions, type UserSqlRefusal } from '../../shared/engine/userSql.ts';
import { fetchSubgroups } from '../../shared/spc/monitor/subgroups.ts';
import type { ChartDefinition } from '../../shared/spc/monitor/types.ts';
import { tinyWorkspace } from '../support/tinyWorkspace.ts';

const dieCount = 3000;
const outside = mkdtempSync(join(tmpdir(), 'ym-outside-'));
const outsideParquet = join(outside, 'secret.parquet');
const copyTarget = join(outside, 'copied.csv');
const attachTarget = join(outside, 'attached.db');

/** What each hostile statement must meet (table-driven, as duckdb-wasm's own suites). */
const refusals: { name: string; sql: string; reason: UserSqlRefusal | 'duckdb' }[] = [
  { name: "read_csv('/etc/passwd')", sql: "SELECT * FROM read_csv('/etc/passwd', sep = ':')", reason: 'file-access' },
  { name: 'read_parquet outside the workspace', sql: `SELECT * FROM read_parquet('${outsideParquet}')`, reason: 'file-access' },
  { name: 'a file named in place of a table', sql: "SELECT * FROM '/etc/passwd'", reason: 'file-access' },
  { name: 'a quoted CSV file name as a table', sql: `SELECT * FROM main."${outside}/x.csv"`, reason: 'file-access' },
  { name: 'read_text', sql: "SELECT content FROM read_text('/etc/hostname')", reason: 'file-access' },
  { name: 'glob', sql: "SELECT * FROM glob('/etc/*')", reason: 'file-access' },
  { name: 'query() running SQL text', sql: "SELECT * FROM query('DROP TABLE dies')", reason: 'file-access' },
  { name: 'a quoted function name', sql: `SELECT * FROM "READ_CSV"('/etc/passwd')`, reason: 'file-access' },
  { name: 'COPY TO', sql: `COPY dies TO '${copyTarget}'`, reason: 'not-read-only' },
  { name: 'ATTACH', sql: `ATTACH '${attachTarget}' AS other`, reason: 'not-read-only' },
  { name: 'INSTALL', sql: 'INSTALL spatial', reason: 'not-read-only' },
  { name: 'LOAD', sql: 'LOAD spatial', reason: 'not-read-only' },
  { name: 'SET', sql: 'SET enable_external_access = true', reason: 'not-read-only' },
  { name: 'other PRAGMAs', sql: 'PRAGMA enable_profiling', reason: 'not-read-only' },
  { name: 'DROP', sql: 'DROP TABLE dies', reason: 'not-read-only' },
  { name: 'INSERT', sql: "INSERT INTO dies (lot) VALUES ('X')", reason: 'not-read-only' },
  { name: 'UPDATE', sql: 'UPDATE dies SET pass = false', reason: 'not-read-only' },
  { name: 'DELETE behind a CTE', sql: 'WITH doomed AS (SELECT 1) DELETE FROM dies', reason: 'duckdb' },
  { name: 'two statements', sql: 'SELECT 1; DROP TABLE dies', reason: 'multiple-statements' },
  { name: 'a ";" after an E-string with an escaped quote', sql: "SELECT E'\\''; DROP TABLE dies", reason: 'multiple-statements' },
  { name: 'closing the wrapping parenthesis', sql: 'SELECT 1) AS q; DROP TABLE dies; SELECT * FROM (SELECT 1', reason: 'multiple-statements' },
  { name: 'a parenthesis closed early', sql: 'SELECT 1) UNION ALL (SELECT 2', reason: 'syntax' },
];

const endless = 'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t';

function rows(table: Table): Record<string, unknown>[] {
  return table.toArray().map((row: { toJSON(): Record<string, unknown> }) => row.toJSON());
}

describe.each(['native', 'wasm'] as const)('user SQL guard (%s DuckDB)', (kind) => {
  let folder: string;
  let good: number;
  let run: (sql: string, options?: UserQueryOptions) => Promise<Table>;
  let consoleEngine: ConsoleEngine | null = null;
  let appEngine: NodeSqlEngine | null = null;

  beforeAll(async () => {
    ({ folder, good } = await tinyWorkspace(dieCount));
    const writer = await NativeSqlEngine.open();
    await writer.exec(`COPY (SELECT 'secret' AS s) TO '${outsideParquet}' (FORMAT parquet)`);
    writer.close();
    if (kind === 'native') {
      consoleEngine = await ConsoleEngine.open(folder);
      run = (sql, options) => consoleEngine!.run(sql, options);
    } else {
      appEngine = (await openNodeWorkspace(folder, { engine: 'wasm' })).engine;
      run = (sql, options) => runUserQuery(appEngine!, sql, options);
    }
  });
  afterAll(() => {
    consoleEngine?.close();
    appEngine?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs a normal query over the workspace (count and yield against the generator)', async () => {
    const result = rows(await run('SELECT count(*) AS dies, sum(pass::INTEGER)::BIGINT AS good, count(DISTINCT wafer) AS wafers FROM dies -- trailing comment'));
    expect(result).toEqual([{ dies: BigInt(dieCount), good: BigInt(good), wafers: 5n }]);
    expect(rows(await run('DESCRIBE dies')).map((row) => row.column_name)).toContain('pass');
    expect(rows(await run("PRAGMA table_info('dies')")).map((row) => row.name)).toContain('lot');
    expect((await run('EXPLAIN SELECT * FROM dies')).numRows).toBeGreaterThan(0);
    expect(rows(await run('SELECT wafer FROM dies GROUP BY wafer ORDER BY wafer DESC')).map((row) => row.wafer)).toEqual(['4', '3', '2', '1', '0']);
  });

  it.each(refusals)('refuses $name with a clear message', async ({ sql, reason }) => {
    const error = await run(sql).then(() => null, (caught: unknown) => caught as Error);
    expect(error, sql).toBeInstanceOf(Error);
    if (reason === 'duckdb') expect(error!.message).toMatch(/syntax error|Parser Error|read-only: a DELETE statement/i);
    else expect((error as UserSqlError).reason).toBe(reason);
    expect(error!.message.length).toBeGreaterThan(10);
  });

  it('left the workspace and the file system as they were', async () => {
    expect(rows(await run('SELECT count(*) AS n FROM dies WHERE pass'))).toEqual([{ n: BigInt(good) }]);
    expect(existsSync(copyTarget)).toBe(false);
    expect(existsSync(attachTarget)).toBe(false);
  });

  it('stops an endless recursive query after its timeout and keeps working', async () => {
    const started = Date.now();
    const error = await run(endless, { timeoutSeconds: 1 }).then(() => null, (caught: unknown) => caught as UserSqlError);
    expect(error?.reason).toBe('timeout');
    expect(error?.message).toBe('the query timed out after 1 s and was stopped');
    expect(Date.now() - started).toBeLessThan(4000);
    expect(rows(await run('SELECT 42 AS answer'))).toEqual([{ answer: 42 }]);
  });

  it('cancels a running query on abort', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const error = await run(endless, { timeoutSeconds: 30, signal: controller.signal }).then(() => null, (caught: unknown) => caught as UserSqlError);
    expect(error?.message).toBe('the query was cancelled');
  });

  it('guards SPC chart metrics from imported definitions the same way', async () => {
    const engine = consoleEngine?.native ?? appEngine!;
    const definition = (sql: string): ChartDefinition => ({
      id: 'imported', name: 'imported', chart: 'imr', metric: { kind: 'sql', sql }, filter: {}, rules: ['WE1'],
      limits: { mode: 'phase-one', baseline: { firstSubgroups: 10 }, dropOutOfControl: false },
    } as unknown as ChartDefinition);
    await expect(fetchSubgroups(engine, definition("SELECT 'L1' AS lot, now() AS subgroup_time, 1.0 AS value FROM read_csv('/etc/passwd')"))).rejects.toThrow(/read_csv\(\) is not allowed/);
    const error = await fetchSubgroups(engine, definition(`SELECT 'L1' AS lot, now() AS subgroup_time, n::DOUBLE AS value FROM (${endless}) AS e(n)`), undefined, { timeoutSeconds: 1 })
      .then(() => null, (caught: unknown) => caught as Error);
    expect(error?.message).toBe('the query timed out after 1 s and was stopped');
    const subgroups = await fetchSubgroups(engine, definition("SELECT lot, TIMESTAMP '2026-01-01' + to_days(wafer::INTEGER) AS subgroup_time, avg(pass::INTEGER) AS value FROM dies GROUP BY lot, wafer"));
    expect(subgroups).toHaveLength(5);
  });
});

describe('what each engine does without the text guard (measured)', () => {
  it('native: the locked console engine itself refuses files outside the workspace, settings and extensions', async () => {
    const { folder } = await tinyWorkspace(10);
    const locked = await ConsoleEngine.open(folder);
    try {
      const bare = locked.native;
      await expect(bare.query("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(/Permission Error.*disabled by configuration/);
      await expect(bare.query(`SELECT * FROM read_parquet('${outsideParquet}')`)).rejects.toThrow(/Permission Error/);
      await expect(bare.exec(`COPY (SELECT 1) TO '${copyTarget}'`)).rejects.toThrow(/Permission Error/);
      await expect(bare.exec(`ATTACH '${attachTarget}'`)).rejects.toThrow(/Permission Error/);
      await expect(bare.exec('SET enable_external_access = true')).rejects.toThrow(/configuration has been locked/);
      await expect(bare.exec('INSTALL spatial')).rejects.toThrow(/Permission Error/);
      await expect(bare.exec('LOAD spatial')).rejects.toThrow(/disabled/);
      expect(await bare.statementTypes('SELECT 1; EXPLAIN SELECT 2; DROP TABLE dies')).toEqual(['SELECT', 'EXPLAIN', 'DROP']);
    } finally {
      locked.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('wasm: a function of an extension that is not linked fails at once instead of autoloading it (which blocked Node for good)', async () => {
    const { folder } = await tinyWorkspace(10);
    const { engine } = await openNodeWorkspace(folder, { engine: 'wasm' });
    try {
      await expect(runUserQuery(engine, `SELECT json_extract('{"a": 1}', '$.a') AS v`, { timeoutSeconds: 5 })).rejects.toThrow(/exists in the json extension/);
    } finally {
      engine.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('wasm: the engine in Node reads /etc/passwd when asked, so there the text guard is the barrier', async () => {
    const { engine } = await openNodeWorkspace(mkdtempSync(join(tmpdir(), 'ym-empty-')), { engine: 'wasm' });
    try {
      const table = await engine.query("SELECT count(*) AS n FROM read_csv('/etc/passwd', sep = ':', header = false)");
      expect(Number(rows(table)[0]?.n)).toBeGreaterThan(0);
    } finally {
      engine.close();
    }
  });
});
