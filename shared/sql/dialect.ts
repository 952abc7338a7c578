/**
 * The few SQL constructs whose spelling differs between DuckDB (the embedded engine, the default)
 * and ClickHouse (a fab's server, reading the same Parquet lake). Builders ask a dialect for these
 * pieces instead of writing them; everything else they write is the portable subset both engines
 * run with identical results (measured: ../docs or the team's CLICKHOUSE.md notes, issue #17 §2).
 *
 * Two ClickHouse traps are never emitted: `median(` (approximate there) and `//` (a comment
 * there); {@link assertDialectSafe} refuses a statement holding either.
 */

/** Which engine a statement is written for. */
export type SqlDialectName = 'duckdb' | 'clickhouse';

/** Emitters for the constructs that differ; each returns SQL text around the caller's expressions. */
export interface SqlDialect {
  /** The engine. */
  name: SqlDialectName;
  /** Exact interpolated quantile (type 7, as `quantile_cont`); `q` is a numeric literal or bound placeholder. */
  quantileCont(expression: string, q: string): string;
  /** Exact median (the 0.5 interpolated quantile). */
  median(expression: string): string;
  /** Rows where `predicate` holds. */
  countIf(predicate: string): string;
  /** `value` of the row with the largest `orderBy`. */
  argMax(value: string, orderBy: string): string;
  /** Distinct non-NULL texts, sorted, joined by `separator` (a string literal). */
  distinctSortedText(expression: string, separator: string): string;
  /** Whether a DOUBLE is finite. */
  isFinite(expression: string): string;
  /** Whether a text starts with a prefix. */
  startsWith(text: string, prefix: string): string;
  /** A typed NULL text. */
  nullText: string;
  /** The Monday of the ISO week of a timestamp, as 'YYYY-MM-DD' text. */
  weekStartText(timestamp: string): string;
  /** Rows of one column `lot`, one per element of a text split on U+001F (NULL text: no rows). */
  splitRows(text: string): string;
  /** Whether a text split on U+001F holds `value`. */
  splitContains(text: string, value: string): string;
  /** `left SEMI JOIN right`: rows of left with a match, each once. */
  semiJoin: string;
  /** Integer division (never `//`: a comment in ClickHouse). */
  intDiv(dividend: string, divisor: string): string;
  /** A timestamp as 'YYYY-MM-DD' (`day`) or 'YYYY-MM-DD HH:MM' (`minute`) text. */
  timeText(timestamp: string, precision: 'day' | 'minute'): string;
  /** A text as INTEGER, NULL when it is not one. */
  tryInteger(text: string): string;
  /** Milliseconds since 1970-01-01 of a timestamp. */
  epochMs(timestamp: string): string;
  /** Appended to a statement whose joins must run in the order written ('' where the engine keeps it). */
  keepJoinOrder: string;
}

/** DuckDB: the embedded engine (native and wasm). */
export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  quantileCont: (expression, q) => `quantile_cont(${expression}, ${q})`,
  median: (expression) => `quantile_cont(${expression}, 0.5)`,
  countIf: (predicate) => `count_if(${predicate})`,
  argMax: (value, orderBy) => `arg_max(${value}, ${orderBy})`,
  distinctSortedText: (expression, separator) => `string_agg(DISTINCT ${expression}, ${separator} ORDER BY ${expression})`,
  isFinite: (expression) => `isfinite(${expression})`,
  startsWith: (text, prefix) => `starts_with(${text}, ${prefix})`,
  nullText: 'NULL::VARCHAR',
  weekStartText: (timestamp) => `strftime(date_trunc('week', ${timestamp}), '%Y-%m-%d')`,
  splitRows: (text) => `SELECT DISTINCT unnest(string_split(${text}, chr(31))) AS lot`,
  splitContains: (text, value) => `list_contains(string_split(${text}, chr(31)), ${value})`,
  semiJoin: 'SEMI JOIN',
  intDiv: (dividend, divisor) => `(${dividend}) // (${divisor})`,
  timeText: (timestamp, precision) => `strftime(${timestamp}, '${precision === 'day' ? '%Y-%m-%d' : '%Y-%m-%d %H:%M'}')`,
  tryInteger: (text) => `TRY_CAST(${text} AS INTEGER)`,
  epochMs: (timestamp) => `epoch_ms(${timestamp})`,
  keepJoinOrder: '',
};

/**
 * DuckDB's quantile_cont, bit for bit: the order statistics below and above position (n - 1) q,
 * interpolated as lo (1 - d) + hi d (measured with DuckDB 1.5.6). ClickHouse's
 * quantileExactInclusive computes lo + d (hi - lo), which differs in the last bit (a PAT limit of
 * sample lot OR26001 moved from 0.40975 to 0.40974999999999995), so it is written out here.
 * `arraySort(groupArray(x))` is one aggregate however often it is repeated (ClickHouse shares equal
 * expressions); NULLs are left out as in DuckDB, and an empty group gives NULL.
 */
function exactQuantileCont(expression: string, q: string): string {
  const sorted = `arraySort(groupArray(${expression}))`;
  const position = `((toFloat64(length(${sorted})) - 1) * (${q}))`;
  const fraction = `(${position} - floor(${position}))`;
  return `if(empty(${sorted}), NULL, ${sorted}[toUInt64(floor(${position})) + 1] * (1 - ${fraction}) + ${sorted}[toUInt64(ceil(${position})) + 1] * ${fraction})`;
}

/** ClickHouse 26.x (server, Cloud or chDB in-process). */
export const clickhouseDialect: SqlDialect = {
  name: 'clickhouse',
  // Exact like quantile_cont to the last bit (exactQuantileCont); quantile/median are sampled there.
  quantileCont: exactQuantileCont,
  median: (expression) => exactQuantileCont(expression, '0.5'),
  countIf: (predicate) => `countIf(${predicate})`,
  argMax: (value, orderBy) => `argMax(${value}, ${orderBy})`,
  distinctSortedText: (expression, separator) => `arrayStringConcat(arraySort(groupUniqArray(${expression})), ${separator})`,
  isFinite: (expression) => `isFinite(${expression})`,
  startsWith: (text, prefix) => `startsWith(${text}, ${prefix})`,
  // CAST(NULL AS String) is an error there: the type must be Nullable.
  nullText: 'CAST(NULL AS Nullable(String))',
  weekStartText: (timestamp) => `formatDateTime(toMonday(${timestamp}), '%Y-%m-%d')`,
  splitRows: (text) => `SELECT DISTINCT arrayJoin(splitByChar(char(31), coalesce(${text}, ''))) AS lot`,
  splitContains: (text, value) => `has(splitByChar(char(31), coalesce(${text}, '')), ${value})`,
  semiJoin: 'LEFT SEMI JOIN',
  intDiv: (dividend, divisor) => `intDiv(${dividend}, ${divisor})`,
  // %M is the month's name in ClickHouse; %i the minutes.
  timeText: (timestamp, precision) => `formatDateTime(${timestamp}, '${precision === 'day' ? '%Y-%m-%d' : '%Y-%m-%d %H:%i'}')`,
  tryInteger: (text) => `toInt32OrNull(${text})`,
  epochMs: (timestamp) => `toUnixTimestamp64Milli(${timestamp})`,
  // ClickHouse 26.7 reorders joins: a die's neighbour join (dies CROSS JOIN 8 offsets, then JOIN on
  // the shifted position) became a join on (wafer, test) first: 315 s instead of 0.8 s for sample lot OR26001's NNR.
  keepJoinOrder: 'SETTINGS query_plan_optimize_join_order_limit = 0',
};

/** The dialect of an engine name. */
export function sqlDialect(name: SqlDialectName): SqlDialect {
  return name === 'clickhouse' ? clickhouseDialect : duckdbDialect;
}

/**
 * Refuse a ClickHouse statement that holds one of the two silent traps: `median(` (approximate
 * there) or `//` (starts a comment there). DuckDB statements pass unchanged.
 */
export function assertDialectSafe(sql: string, dialect: SqlDialect): string {
  if (dialect.name !== 'clickhouse') return sql;
  if (/\bmedian\s*\(/i.test(sql)) throw new Error('ClickHouse statement uses median(), which is approximate there; use the dialect\'s median()');
  if (sql.includes('//')) throw new Error('ClickHouse statement holds "//", which starts a comment there; use the dialect\'s intDiv()');
  return sql;
}
