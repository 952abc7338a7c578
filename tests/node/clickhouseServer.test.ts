import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommonality, parseCommonalityResponse, type CommonalityRequest } from '../../shared/analysis/commonality.ts';
import { clickhouseDialect } from '../../shared/sql/dialect.ts';
import { ClickHouseSqlEngine, clickhouseSettings } from '../../node/engine/clickhouseEngine.ts';
import { chdbTransport, loadChdb, serverTransport } from '../../node/engine/clickhouseTransports.ts';
import { clickhouseUserSqlRefusal } from '../../node/engine/clickhouseUserSql.ts';
import { NativeSqlEngine } from '../../node/engine/nativeEngine.ts';
import { sampleFinalDies } from '../support/sampleTruth.ts';
import { sampleWorkspaceDir } from '../support/sampleWorkspace.ts';
import { duckdbOverLake, removeLake, writeLake } from './clickhouseLake.ts';

const run = promisify(execFile);

// Table functions as ClickHouse 26 lists them (a subset): the guard gets the live list at run time.
const tableFunctions = new Set(['file', 'url', 's3', 'remote', 'mysql', 'numbers', 'generate_series', 'format', 'view']);

describe('user SQL on ClickHouse', () => {
  it.each([
    ['SELECT count(*) FROM dies', null],
    ['WITH t AS (SELECT * FROM numbers(3)) SELECT sum(number) FROM t;', null],
    ["SELECT 'file(' AS text FROM dies", null],
    ["SELECT * FROM file('/etc/passwd', LineAsString)", 'file-access'],
    ["SELECT * FROM view(SELECT * FROM URL('example.com', CSV))", 'file-access'],
    ["SELECT * FROM dies WHERE lot = 'a\\'' , s3('x') --'", 'syntax'],
    ['SELECT * FROM `file`(1)', 'syntax'],
    ['SELECT 7 // 2', 'syntax'],
    ['INSERT INTO dies SELECT * FROM dies', 'not-read-only'],
    ['SELECT 1; SELECT 2', 'multiple-statements'],
  ])('%s -> %s', (sql, reason) => {
    expect(clickhouseUserSqlRefusal(sql, tableFunctions)?.reason ?? null).toBe(reason);
  });
});

const chdb = await loadChdb();

describe.skipIf(chdb === null)('partition folders of the lake', () => {
  it('a lot id outside [A-Za-z0-9_-] and a NULL lot read back as DuckDB reads them', async () => {
    const lake = mkdtempSync(join(tmpdir(), 'ym-lake-encoded-'));
    const lots = ['A.1/x', 'B 2', null];
    const writer = await NativeSqlEngine.open();
    try {
      for (const [index, lot] of lots.entries()) {
        // The lake's folder names: bytes outside [A-Za-z0-9_-] as %XX, NULL as Hive's default partition.
        const folder = lot === null ? '__HIVE_DEFAULT_PARTITION__' : [...lot].map((char) => (/[A-Za-z0-9_-]/.test(char) ? char : `%${char.charCodeAt(0).toString(16).toUpperCase()}`)).join('');
        mkdirSync(join(lake, 'equipment_history', `lot=${folder}`), { recursive: true });
        await writer.exec(`COPY (SELECT 'W${index}' AS wafer, 'ETCH' AS step) TO '${join(lake, 'equipment_history', `lot=${folder}`, 'part-1.parquet')}' (FORMAT parquet)`);
      }
    } finally {
      writer.close();
    }
    const engine = await ClickHouseSqlEngine.open(await chdbTransport(), { url: lake });
    try {
      const rows = (await engine.query('SELECT lot, wafer FROM equipment_history ORDER BY wafer')).toArray().map((row: { lot: string | null }) => row.lot);
      expect(rows).toEqual(lots);
    } finally {
      engine.close();
      rmSync(lake, { recursive: true, force: true });
    }
  });
});
if (chdb === null) console.warn('clickhouseServer: chDB not installed (npm install --no-save chdb, Linux/macOS): server transport skipped');

/**
 * A loopback HTTP endpoint that speaks the part of ClickHouse's HTTP interface the official client
 * uses here (query text in the body; `param_*`, `database` in the URL) and answers with chDB.
 */
function chdbHttpServer(): Server {
  if (chdb === null) throw new Error('chDB is not installed');
  const session = new chdb.Session();
  for (const [name, value] of Object.entries(clickhouseSettings)) session.query(`SET ${name} = ${typeof value === 'number' ? value : `'${value}'`}`);
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const params: Record<string, string | null> = {};
      for (const [name, value] of url.searchParams) if (name.startsWith('param_')) params[name.slice('param_'.length)] = value === '\\N' ? null : value;
      const sql = Buffer.concat(chunks).toString('utf8') || (url.searchParams.get('query') ?? '');
      const database = url.searchParams.get('database');
      void (async () => {
        try {
          if (database) session.query(`USE ${database}`);
          const format = /FORMAT ArrowStream\s*$/.test(sql) ? 'ArrowStream' : 'TSV';
          const result = await session.queryBindAsync(sql.replace(/FORMAT ArrowStream\s*$/, ''), params, { format });
          response.writeHead(200, { 'Content-Type': 'application/octet-stream' });
          response.end(Buffer.from(result.bytes()));
        } catch (error) {
          response.writeHead(500, { 'Content-Type': 'text/plain' });
          response.end(`Code: 1. DB::Exception: ${(error as Error).message}`);
        }
      })();
    });
  });
}

describe.skipIf(chdb === null)('@clickhouse/client against a loopback endpoint over the lake', () => {
  let lake = '';
  let server: Server;
  let url = '';
  let duckdb: NativeSqlEngine;
  let clickhouse: ClickHouseSqlEngine;

  beforeAll(async () => {
    lake = await writeLake(sampleWorkspaceDir());
    duckdb = await duckdbOverLake(lake);
    server = chdbHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    clickhouse = await ClickHouseSqlEngine.open(await serverTransport(url), { url: lake });
  }, 600_000);

  afterAll(async () => {
    clickhouse?.close();
    duckdb?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (lake) removeLake(lake);
  });

  it('bound parameters and Arrow results cross HTTP: the same commonality as DuckDB', async () => {
    const request: CommonalityRequest = { response: parseCommonalityResponse('bin:3'), population: { product: 'ORION', from: null, to: null, lots: null } };
    const [onDuckdb, onServer] = [await runCommonality(duckdb, request), await runCommonality(clickhouse, request, clickhouseDialect)];
    expect(onDuckdb.findings.length).toBeGreaterThan(3);
    expect(onServer.findings).toEqual(onDuckdb.findings);
  }, 120_000);

  it('yield-monitor sql --engine clickhouse --clickhouse URL counts the dies of the sample', async () => {
    const { stdout } = await run(process.execPath, ['cli/bin.mjs', 'sql', '--engine', 'clickhouse', '--lake', lake, '--clickhouse', url, '--json',
      'SELECT product, count(*) AS dies FROM dies GROUP BY product ORDER BY product'], { encoding: 'utf8' });
    const expected = new Map<string, number>();
    for (const die of sampleFinalDies()) expected.set(die.product, (expected.get(die.product) ?? 0) + 1);
    expect(JSON.parse(stdout)).toEqual([...expected].sort(([a], [b]) => a.localeCompare(b)).map(([product, dies]) => ({ product, dies })));
  }, 120_000);
});
