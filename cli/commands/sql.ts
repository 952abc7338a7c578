/**
 * `yield-monitor sql --workspace DIR [--json|--csv] [--timeout S] "SELECT ..."`: one read-only
 * query over the workspace on the locked native console engine (node/engine/consoleEngine.ts).
 * --json prints one JSON array of row objects, --csv a CSV with a header, otherwise a text table.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import type { ClickHouseSqlEngine } from '../../node/engine/clickhouseEngine.ts';
import { openClickHouseEngine } from '../../node/engine/clickhouseTransports.ts';
import { runClickHouseUserSql } from '../../node/engine/clickhouseUserSql.ts';
import { ConsoleEngine } from '../../node/engine/consoleEngine.ts';
import type { NativeSqlEngine } from '../../node/engine/nativeEngine.ts';
import { openLakeEngine, runLakeQuery } from '../../node/lake/openLake.ts';
import { resultCsv, resultTextTable, plainRows } from '../../shared/engine/resultText.ts';
import { defaultUserSqlTimeoutSeconds, UserSqlError } from '../../shared/engine/userSql.ts';

const usage = `Usage: yield-monitor sql --workspace DIR [--json | --csv] [--timeout SECONDS] "SELECT ..."
       yield-monitor sql --lake DIR [--json | --csv] "SELECT ..."
       yield-monitor sql --engine clickhouse --lake DIR|URL [--clickhouse URL] [--json | --csv] "SELECT ..."

  One read-only query (SELECT, WITH ... SELECT, DESCRIBE, SUMMARIZE, SHOW, EXPLAIN, PRAGMA table_info)
  over the workspace's canonical tables and views. Files outside the workspace cannot be read.
  --json          print one JSON array of row objects (numbers as numbers)
  --csv           print CSV with a header line
  --timeout S     stop the query after S seconds (default ${defaultUserSqlTimeoutSeconds})
  --lake DIR      a published lake (yield-monitor lake publish) instead of a workspace, read-only
  --engine clickhouse --lake L [--clickhouse URL] [--endpoint URL]
                  run it on ClickHouse over a published lake (chDB in-process without --clickhouse);
                  table functions that read files or the network are refused
`;

interface SqlArguments {
  workspace: string;
  /** A published lake folder opened read-only on native DuckDB (issue #17 §1), instead of the workspace. */
  lake: string;
  /** With --engine clickhouse: the lake, the server (or chDB) and the S3 endpoint. */
  clickhouse: { lake: string; server?: string; endpoint?: string } | null;
  format: 'table' | 'json' | 'csv';
  timeoutSeconds: number;
  sql: string;
}

/** Parsed command line, or an error message. */
export function parseSqlArguments(args: readonly string[]): SqlArguments | string {
  let workspace = '';
  const clickhouse: Record<string, string> = {};
  let format: SqlArguments['format'] = 'table';
  let timeoutSeconds = defaultUserSqlTimeoutSeconds;
  const texts: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (arg === '--json' || arg === '--csv') {
      if (format !== 'table') return 'choose one of --json and --csv';
      format = arg === '--json' ? 'json' : 'csv';
    } else if (arg === '--workspace' || arg === '--timeout') {
      const value = args[index + 1];
      if (value === undefined) return `${arg} needs a value`;
      index += 1;
      if (arg === '--workspace') workspace = value;
      else {
        timeoutSeconds = Number(value);
        if (!(timeoutSeconds > 0)) return `--timeout: expected a number of seconds, got ${value}`;
      }
    } else if (arg === '--engine' || arg === '--lake' || arg === '--clickhouse' || arg === '--endpoint') {
      const value = args[index + 1];
      if (value === undefined) return `${arg} needs a value`;
      index += 1;
      clickhouse[arg.slice(2)] = value;
    } else if (arg.startsWith('--')) {
      return `unknown argument "${arg}"`;
    } else {
      texts.push(arg);
    }
  }
  if (clickhouse.engine !== undefined && clickhouse.engine !== 'clickhouse') return `--engine: expected clickhouse, got ${clickhouse.engine}`;
  const onClickHouse = clickhouse.engine === 'clickhouse' ? { lake: clickhouse.lake ?? '', server: clickhouse.clickhouse, endpoint: clickhouse.endpoint } : null;
  if (onClickHouse && !onClickHouse.lake) return '--engine clickhouse needs --lake';
  const lake = !onClickHouse && clickhouse.lake ? clickhouse.lake : '';
  if (lake && workspace) return 'choose one of --workspace and --lake';
  if (!workspace && !onClickHouse && !lake) return '--workspace is required';
  if (texts.length !== 1) return texts.length === 0 ? 'the query is missing' : 'give the query as one argument (quote it)';
  return { workspace, lake, clickhouse: onClickHouse, format, timeoutSeconds, sql: texts[0] ?? '' };
}

function printResult(table: Table, format: SqlArguments['format']): void {
  if (format === 'json') process.stdout.write(`${JSON.stringify(plainRows(table))}\n`);
  else if (format === 'csv') process.stdout.write(resultCsv(table));
  else process.stdout.write(`${resultTextTable(table)}\n`);
}

/** The query on ClickHouse over a published lake (issue #17 §2). */
async function runOnClickHouse(parsed: SqlArguments, options: NonNullable<SqlArguments['clickhouse']>): Promise<number> {
  let engine: ClickHouseSqlEngine | null = null;
  try {
    engine = await openClickHouseEngine(options);
    printResult(await runClickHouseUserSql(engine, parsed.sql, parsed.timeoutSeconds), parsed.format);
    return 0;
  } catch (error) {
    const prefix = error instanceof UserSqlError ? 'refused' : 'query failed';
    process.stderr.write(`${prefix}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    engine?.close();
  }
}

/** The query on native DuckDB over a lake folder's catalog, locked to the lake root. */
async function runOnLake(parsed: SqlArguments): Promise<number> {
  let engine: NativeSqlEngine | null = null;
  try {
    engine = await openLakeEngine(parsed.lake);
    printResult(await runLakeQuery(engine, parsed.sql, { timeoutSeconds: parsed.timeoutSeconds }), parsed.format);
    return 0;
  } catch (error) {
    const prefix = error instanceof UserSqlError ? 'refused' : 'query failed';
    process.stderr.write(`${prefix}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    engine?.close();
  }
}

/** Entry point: 0 on success, 1 when the query is refused or fails, 2 on a usage error. */
export async function run(args: string[]): Promise<number> {
  const parsed = parseSqlArguments(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n${usage}`);
    return 2;
  }
  if (parsed.clickhouse) return runOnClickHouse(parsed, parsed.clickhouse);
  if (parsed.lake) return runOnLake(parsed);
  if (!existsSync(join(parsed.workspace, 'manifest.json'))) {
    process.stderr.write(`${parsed.workspace}: not a workspace (no manifest.json); import data first with yield-monitor import\n`);
    return 1;
  }
  const engine = await ConsoleEngine.open(parsed.workspace, { timeoutSeconds: parsed.timeoutSeconds });
  try {
    printResult(await engine.run(parsed.sql), parsed.format);
    return 0;
  } catch (error) {
    const prefix = error instanceof UserSqlError ? 'refused' : 'query failed';
    process.stderr.write(`${prefix}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    engine.close();
  }
}
