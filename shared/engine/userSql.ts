/**
 * The guard every user-written statement passes (the SQL console, `yield-monitor sql`, SPC chart
 * metrics from imported definitions): one read-only query, no way to files or URLs outside the
 * workspace, and a time limit.
 *
 * Layers, each measured in tests/node/userSqlGuard.test.ts on both engines:
 * - here, on the text (every engine): one statement; a query (SELECT, WITH ... SELECT, FROM, VALUES,
 *   DESCRIBE, SUMMARIZE, SHOW, EXPLAIN of a query, PRAGMA table_info); no table function that
 *   reads files, URLs or SQL text; no file name in the place of a table. The query then runs as a
 *   subquery (`SELECT * FROM (...)`), so DuckDB's own parser refuses anything that is not a query.
 * - on native DuckDB (node/engine/consoleEngine.ts): DuckDB's parser counts the statements and
 *   names their type, and the engine itself is locked (enable_external_access = false,
 *   allowed_directories = the workspace, lock_configuration = true).
 * - a timeout: the statement is interrupted (native) or its pending query cancelled (duckdb-wasm).
 */
import type { Table } from 'apache-arrow';
import type { SqlEngine } from './sqlEngine.ts';
import { SqlLexError, sqlTokens, type SqlToken } from './sqlTokens.ts';

/** Why user SQL was refused or stopped (the console translates these; `message` is English). */
export type UserSqlRefusal = 'empty' | 'syntax' | 'multiple-statements' | 'not-read-only' | 'file-access' | 'timeout';

/** A refused or stopped user statement; `detail` names what (a keyword, a function, seconds). */
export class UserSqlError extends Error {
  override name = 'UserSqlError';
  constructor(readonly reason: UserSqlRefusal, message: string, readonly detail = '') {
    super(message);
  }
}

/** A checked user query: `query` may be embedded as a subquery; `explain` is the EXPLAIN prefix it had. */
export interface CheckedUserSql {
  query: string;
  explain: '' | 'EXPLAIN' | 'EXPLAIN ANALYZE';
}

/** Words a read-only query may start with (after an optional EXPLAIN [ANALYZE]). */
const queryStarts = new Set(['select', 'with', 'from', 'values', 'describe', 'summarize', 'show', 'table', 'pivot', 'unpivot', '(']);

/** Statement keywords that never belong in a query: named in the refusal. */
const writeOrSessionWords = new Set([
  'insert', 'update', 'delete', 'merge', 'create', 'drop', 'alter', 'truncate', 'attach', 'detach', 'copy', 'export', 'import',
  'install', 'load', 'set', 'reset', 'pragma', 'call', 'checkpoint', 'force', 'vacuum', 'analyze', 'use', 'begin', 'commit',
  'rollback', 'abort', 'start', 'end', 'prepare', 'execute', 'deallocate', 'comment', 'grant', 'revoke',
]);

/** Table functions that read files or URLs, or run SQL given as text (which would escape this check). */
const deniedFunctions = new Set([
  'glob', 'query', 'query_table', 'sniff_csv', 'json_execute_serialized_sql', 'load_aws_credentials', 'arrow_scan',
  'arrow_scan_dumb', 'from_substrait', 'from_substrait_json', 'getenv', 'httpfs_read', 'duckdb_secrets',
]);

/** Prefixes of file-, URL- and database-reading function families (DuckDB core and its extensions). */
const deniedPrefixes = ['read_', 'parquet_', 'iceberg_', 'delta_', 'sqlite_', 'postgres_', 'mysql_', 'st_read', 'ducklake_', 'excel_', 'azure_', 'http_'];

function isDeniedFunction(name: string): boolean {
  const lower = name.toLowerCase();
  return deniedFunctions.has(lower) || deniedPrefixes.some((prefix) => lower.startsWith(prefix));
}

/** Words after which a name is a relation: a string or quoted name there may be a file DuckDB opens by itself. */
const relationIntroducers = new Set(['from', 'join', 'describe', 'summarize', 'show', 'table', 'lateral', 'pivot', 'unpivot']);
/** Words that end a FROM clause at their depth (a comma after them separates expressions, not relations). */
const clauseWords = new Set(['select', 'where', 'group', 'having', 'order', 'limit', 'offset', 'qualify', 'window', 'union', 'except', 'intersect', 'on', 'using', 'returning', 'values']);

function refuse(reason: UserSqlRefusal, message: string, detail = ''): never {
  throw new UserSqlError(reason, message, detail);
}

/** Tokens of the text, or a syntax refusal naming what is left open. */
function tokensOf(text: string): SqlToken[] {
  try {
    return sqlTokens(text);
  } catch (error) {
    if (error instanceof SqlLexError) refuse('syntax', `syntax error: ${error.message}`);
    throw error;
  }
}

/** Exactly one statement with balanced parentheses: no `;` except at the end. */
function checkOneStatement(tokens: readonly SqlToken[]): SqlToken[] {
  let end = tokens.length;
  while (end > 0 && tokens[end - 1]?.kind === 'symbol' && tokens[end - 1]?.text === ';') end -= 1;
  const body = tokens.slice(0, end);
  if (body.length === 0) refuse('empty', 'the statement is empty');
  if (body.some((token) => token.kind === 'symbol' && token.text === ';')) {
    refuse('multiple-statements', 'only one statement may run at a time (remove the ";" between statements)');
  }
  let depth = 0;
  for (const token of body) {
    if (token.kind !== 'symbol') continue;
    if (token.text === '(') depth += 1;
    if (token.text === ')') depth -= 1;
    if (depth < 0) refuse('syntax', 'syntax error: ")" without "("');
  }
  if (depth !== 0) refuse('syntax', 'syntax error: "(" without ")"');
  return body;
}

/** File readers called as functions, and strings or path-like names in the place of a table. */
function checkNoFileAccess(tokens: readonly SqlToken[]): void {
  const clause: string[] = [''];
  const relation: boolean[] = [];
  tokens.forEach((token, index) => {
    const previous = tokens[index - 1];
    const following = tokens[index + 1];
    const named = token.kind === 'string' || token.kind === 'identifier' || token.kind === 'word';
    if (token.kind === 'symbol' && token.text === '(') clause.push('');
    if (token.kind === 'symbol' && token.text === ')') clause.pop();
    if (token.kind === 'word' && (token.lower === 'from' || token.lower === 'join' || clauseWords.has(token.lower))) clause[clause.length - 1] = token.lower === 'join' ? 'from' : token.lower;
    const called = following?.kind === 'symbol' && following.text === '(';
    if (called && (token.kind === 'word' || token.kind === 'identifier') && isDeniedFunction(token.text)) {
      refuse('file-access', `${token.text}() is not allowed here: it can read files or URLs outside the workspace`, token.text);
    }
    const afterIntroducer = previous?.kind === 'word' && relationIntroducers.has(previous.lower);
    const afterComma = previous?.kind === 'symbol' && previous.text === ',' && clause[clause.length - 1] === 'from';
    // schema."name" and catalog.schema."name" continue the relation name that started after FROM.
    const afterDot = previous?.kind === 'symbol' && previous.text === '.' && relation[index - 2] === true;
    relation[index] = named && (afterIntroducer || afterComma || afterDot);
    if (!relation[index] || (token.kind !== 'string' && token.kind !== 'identifier')) return;
    const pathLike = token.kind === 'string' || /[/\\:.~]/.test(token.text);
    if (pathLike && !called) refuse('file-access', `"${token.text}" is not a table of the workspace: files and URLs cannot be read here`, token.text);
  });
}

/** `PRAGMA table_info(x)` as the equivalent query; other PRAGMAs are refused. */
function pragmaAsQuery(tokens: readonly SqlToken[], text: string): string | null {
  const [first, second] = tokens;
  if (first?.kind !== 'word' || first.lower !== 'pragma') return null;
  if (second?.kind !== 'word' || second.lower !== 'table_info') refuse('not-read-only', 'only PRAGMA table_info(...) may run here; other PRAGMAs change settings', 'PRAGMA');
  const argument = /table_info\s*(\([\s\S]*\))\s*;*\s*$/i.exec(text)?.[1];
  if (!argument) refuse('syntax', 'syntax error: PRAGMA table_info needs a table name in parentheses');
  return `SELECT * FROM pragma_table_info${argument}`;
}

/**
 * Check user SQL without running it. Throws UserSqlError naming what is refused; returns the query
 * to embed as a subquery (see `userQuerySql`).
 */
export function checkUserSql(text: string): CheckedUserSql {
  const body = checkOneStatement(tokensOf(text));
  const pragma = pragmaAsQuery(body, text);
  if (pragma !== null) return checkUserSql(pragma);
  let start = 0;
  let explain: CheckedUserSql['explain'] = '';
  if (body[0]?.kind === 'word' && body[0].lower === 'explain') {
    const analyze = body[1]?.kind === 'word' && body[1].lower === 'analyze';
    explain = analyze ? 'EXPLAIN ANALYZE' : 'EXPLAIN';
    start = analyze ? 2 : 1;
  }
  const lead = body[start];
  const leadText = lead?.kind === 'word' ? lead.lower : lead?.text ?? '';
  if (!lead || !queryStarts.has(leadText)) {
    const named = lead?.kind === 'word' ? lead.text.toUpperCase() : (lead?.text ?? '');
    const kind = writeOrSessionWords.has(leadText) ? 'changes data or settings' : 'is not a query';
    refuse('not-read-only', `read-only: ${named} ${kind}; only SELECT, WITH ... SELECT, DESCRIBE, SUMMARIZE, SHOW, EXPLAIN and PRAGMA table_info may run`, named);
  }
  checkNoFileAccess(body.slice(start));
  const query = stripTrailingSemicolons(text.replace(/^\s*explain(\s+analyze)?\b/i, '')).trimStart();
  return { query, explain };
}

function stripTrailingSemicolons(text: string): string {
  return text.replace(/[\s;]+$/, '');
}

/**
 * The statement that runs a checked query: wrapped as a subquery (DuckDB's parser then refuses
 * anything that is not a query), a newline before `)` so a trailing `--` comment cannot swallow it.
 */
export function userQuerySql(checked: CheckedUserSql, maxRows?: number): string {
  const limit = maxRows === undefined ? '' : ` LIMIT ${Math.max(0, Math.trunc(maxRows))}`;
  const prefix = checked.explain ? `${checked.explain} ` : '';
  return `${prefix}SELECT * FROM (\n${checked.query}\n) AS user_query${checked.explain ? '' : limit}`;
}

/** How a user statement runs. */
export interface UserQueryOptions {
  /** Stop the statement after this many seconds (default 30). */
  timeoutSeconds?: number;
  /** Most rows returned (the statement is capped with LIMIT). */
  maxRows?: number;
  /** Aborting stops the statement (the console's Cancel). */
  signal?: AbortSignal;
}

/** Default time limit of a user statement. */
export const defaultUserSqlTimeoutSeconds = 30;

/** How often a stop is repeated while the engine has not stopped (an interrupt sent before the statement starts is lost). */
const interruptRepeatMs = 250;
/** How long a stopped statement may take to end before the caller is answered anyway. */
const stopGraceMs = 5000;

/**
 * Run a statement built around checked user SQL on `engine`, stopping it after the timeout or on
 * abort. Uses the engine's stoppable path where it has one (duckdb-wasm), its interrupt otherwise.
 */
export async function runStoppable(engine: SqlEngine, sql: string, options: UserQueryOptions = {}): Promise<Table> {
  const seconds = options.timeoutSeconds ?? defaultUserSqlTimeoutSeconds;
  let stopped: UserSqlError | null = null;
  let stoppedAt = 0;
  let repeat: ReturnType<typeof setInterval> | undefined;
  const stop = (error: UserSqlError): void => {
    if (stopped) return;
    stopped = error;
    stoppedAt = Date.now();
    engine.interrupt?.();
    repeat = setInterval(() => engine.interrupt?.(), interruptRepeatMs);
  };
  const timer = setTimeout(() => stop(new UserSqlError('timeout', `the query timed out after ${seconds} s and was stopped`, String(seconds))), seconds * 1000);
  const onAbort = (): void => stop(new UserSqlError('timeout', 'the query was cancelled', 'cancelled'));
  options.signal?.addEventListener('abort', onAbort);
  try {
    if (options.signal?.aborted) onAbort();
    const running = engine.queryStoppable ? engine.queryStoppable(sql) : engine.query(sql);
    // An engine that cannot stop (no interrupt) keeps running; the caller still gets its answer.
    const gaveUp = new Promise<never>((_, reject) => {
      const poll = setInterval(() => {
        if (stopped && Date.now() - stoppedAt > stopGraceMs) {
          clearInterval(poll);
          reject(stopped);
        }
      }, interruptRepeatMs);
      void running.finally(() => clearInterval(poll)).catch(() => undefined);
    });
    const result = await Promise.race([running, gaveUp]);
    if (stopped) throw stopped;
    return result;
  } catch (error) {
    throw stopped ?? error;
  } finally {
    clearTimeout(timer);
    clearInterval(repeat);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Check and run one user query (console, CLI); throws UserSqlError when refused or stopped. */
export async function runUserQuery(engine: SqlEngine, text: string, options: UserQueryOptions = {}): Promise<Table> {
  return runStoppable(engine, userQuerySql(checkUserSql(text), options.maxRows), options);
}
