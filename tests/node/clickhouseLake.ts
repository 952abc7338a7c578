import { expect } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteIdent, quoteLiteral } from '../../shared/engine/sqlEngine.ts';
import { NativeSqlEngine } from '../../node/engine/nativeEngine.ts';
import { createEmptyRelationSql, lakeTableNames, lakeTables, waferSummaryViewSql } from '../../shared/schema/canonical.ts';
import { oneRowPerKeySql } from '../../shared/workspace/manifest.ts';
import { waferTestSummaryViewSql } from '../../shared/schema/waferTestSummary.ts';
import type { ClickHouseTransport } from '../../node/engine/clickhouseEngine.ts';
import { publishLake } from '../../node/lake/publishLake.ts';
import { lakeTarget } from '../../node/lake/lakeTarget.ts';

/** A Parquet lake of a workspace folder, written by `lake publish` (node/lake/publishLake.ts) to a temporary folder. */
export async function writeLake(workspace: string): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'ym-lake-'));
  await publishLake(workspace, lakeTarget(root));
  return root;
}

/** Native DuckDB with one view per lake table (Hive partition folders as columns, one row per key of descriptive tables), as ClickHouse sees the lake. */
export async function duckdbOverLake(root: string): Promise<NativeSqlEngine> {
  const engine = await NativeSqlEngine.open();
  const folders = readdirSync(root).filter((name) => !name.endsWith('.json'));
  for (const table of folders) {
    await engine.exec(
      `CREATE VIEW ${quoteIdent(table)} AS SELECT * FROM read_parquet(${quoteLiteral(join(root, table, '**', '*.parquet'))}, hive_partitioning = true, union_by_name = true) ${oneRowPerKeySql(table)}`,
    );
  }
  // A table without files is empty, as in a workspace (ClickHouse's engine gives it an empty view too).
  for (const table of lakeTableNames.filter((name) => !folders.includes(name))) await engine.exec(createEmptyRelationSql(table, lakeTables[table] ?? []));
  // The per-wafer counts and test statistics every DuckDB workspace and lake has (node/lake/openLake.ts creates the same views).
  await engine.exec(waferSummaryViewSql);
  await engine.exec(waferTestSummaryViewSql);
  return engine;
}

/** Remove a lake written by writeLake. */
export function removeLake(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** `transport` that also appends every statement it is sent (queries and commands) to `statements`. */
export function recordingTransport(transport: ClickHouseTransport, statements: string[]): ClickHouseTransport {
  return {
    queryArrow: (sql, params) => {
      statements.push(sql);
      return transport.queryArrow(sql, params);
    },
    command: (sql) => {
      statements.push(sql);
      return transport.command(sql);
    },
    close: () => transport.close(),
  };
}

/**
 * The ClickHouse traps a statement holds outside its string literals (a lake URL's `s3://` is text, not
 * a comment): `median(` (approximate there) and `//` (a comment there). Empty when it holds neither.
 */
export function clickhouseTraps(sql: string): string[] {
  const code = sql.replace(/'(?:[^'\\]|\\.|'')*'/g, "''");
  return [/\bmedian\s*\(/i.test(code) ? 'median(' : '', code.includes('//') ? '//' : ''].filter(Boolean);
}

/** `expected` with every non-integer number replaced by a matcher within `relative` of it; integers, text and order compare exactly. */
export function within(expected: unknown, relative: number): unknown {
  if (typeof expected === 'number') {
    if (Number.isInteger(expected) || !Number.isFinite(expected)) return expected;
    const tolerance = Math.abs(expected) * relative;
    return expect.toSatisfy((actual: unknown) => typeof actual === 'number' && Math.abs(actual - expected) <= tolerance);
  }
  if (Array.isArray(expected)) return expected.map((item) => within(item, relative));
  if (expected !== null && typeof expected === 'object') return Object.fromEntries(Object.entries(expected).map(([key, item]) => [key, within(item, relative)]));
  return expected;
}
