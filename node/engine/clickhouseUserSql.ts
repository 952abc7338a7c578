import type { Table } from 'apache-arrow';
import { sqlTokens } from '../../shared/engine/sqlTokens.ts';
import { UserSqlError, type UserSqlRefusal } from '../../shared/engine/userSql.ts';
import type { ClickHouseSqlEngine } from './clickhouseEngine.ts';

/** Table functions a user query may call: they read no file, URL, server or database outside the lake's views. */
const harmlessTableFunctions = new Set(['numbers', 'numbers_mt', 'zeros', 'zeros_mt', 'generate_series', 'generateseries', 'values', 'null', 'format', 'view', 'merge', 'loop', 'generaterandom']);

/** Statements a user query may start with. */
const readStatements = new Set(['select', 'with', 'describe', 'desc', 'show', 'explain']);

/**
 * Why a user's query may not run on ClickHouse, or null. ClickHouse has no "external access off":
 * its table functions (file, url, s3, remote, mysql...) reach the host's files and the network even
 * in readonly mode, so a query naming one (other than the harmless generators) is refused. Where
 * ClickHouse's lexer differs from the tokenizer here (backslash escapes in strings, backticks,
 * `//` and `#` comments, heredocs, nested block comments), the query is refused rather than read
 * two ways.
 */
export function clickhouseUserSqlRefusal(sql: string, tableFunctions: ReadonlySet<string>): { reason: UserSqlRefusal; message: string } | null {
  const unclear = ['\\', '`', '//', '#', '$', '/*'].find((text) => sql.includes(text));
  if (unclear) return { reason: 'syntax', message: `"${unclear}" is not accepted in a query run on ClickHouse` };
  const tokens = sqlTokens(sql);
  const first = tokens[0];
  if (first?.kind !== 'word' || !readStatements.has(first.lower)) return { reason: 'not-read-only', message: 'only a read-only query (SELECT, WITH, DESCRIBE, SHOW, EXPLAIN) may run' };
  const semicolon = tokens.findIndex((token) => token.kind === 'symbol' && token.text === ';');
  if (semicolon >= 0 && semicolon < tokens.length - 1) return { reason: 'multiple-statements', message: 'one statement at a time' };
  for (let index = 0; index + 1 < tokens.length; index += 1) {
    const token = tokens[index];
    const next = tokens[index + 1];
    if (token?.kind !== 'word' || next?.kind !== 'symbol' || next.text !== '(') continue;
    if (tableFunctions.has(token.lower) && !harmlessTableFunctions.has(token.lower)) return { reason: 'file-access', message: `${token.text}() reads outside the lake and is not allowed` };
  }
  return null;
}

/** Run one user-written query on ClickHouse after the guard; refused queries throw UserSqlError. */
export async function runClickHouseUserSql(engine: ClickHouseSqlEngine, sql: string, timeoutSeconds: number): Promise<Table> {
  const names = await engine.query('SELECT lower(name) AS name FROM system.table_functions');
  const tableFunctions = new Set(names.toArray().map((row: { name: string }) => row.name));
  const refusal = clickhouseUserSqlRefusal(sql.trim(), tableFunctions);
  if (refusal !== null) throw new UserSqlError(refusal.reason, refusal.message);
  await engine.exec(`SET max_execution_time = ${Math.max(1, Math.round(timeoutSeconds))}`);
  await engine.exec('SET readonly = 2');
  return engine.query(sql.trim().replace(/;$/, ''));
}
