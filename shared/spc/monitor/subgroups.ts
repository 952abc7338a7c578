/**
 * Fetch one definition's subgroups from DuckDB (already aggregated per wafer or lot) as plain
 * objects: identity plus n, count, mean, stddev, range and the plotted value.
 */
import type { SqlEngine, SqlParam } from '../../engine/sqlEngine.ts';
import { checkUserSql, runStoppable, type UserQueryOptions } from '../../engine/userSql.ts';
import {
  checkUserMetricSql, lotYieldSql, parametricSubgroupsSql, userMetricColumnsSql, userMetricRowsSql, waferProportionSql,
} from '../../sql/spcSql.ts';
import type { ChartDefinition, MonitorChartKind, SubgroupIdentity } from './types.ts';

/** One subgroup's aggregate. Unused statistics are NaN (count for variables, mean for proportions). */
export interface SubgroupData {
  identity: SubgroupIdentity;
  n: number;
  count: number;
  mean: number;
  stddev: number;
  range: number;
  /** Plotted value for imr/threshold: count/n for proportions, the mean for variables, `value` for SQL. */
  value: number;
}

/** Query results reused across definitions with the same SQL and parameters (evaluateAll). */
export type SubgroupCache = Map<string, Record<string, unknown>[]>;

/** Most rows a free-SQL metric may return. */
export const USER_METRIC_MAX_ROWS = 100_000;

/** Columns a free-SQL metric must return for each chart type (besides `lot` and `subgroup_time`). */
export const USER_METRIC_COLUMNS: Record<MonitorChartKind, string[]> = {
  p: ['n', 'count'],
  np: ['n', 'count'],
  'xbar-s': ['n', 'mean', 'stddev'],
  'xbar-r': ['n', 'mean', 'range'],
  imr: ['value'],
  threshold: ['value'],
};

/** Rows of a query as plain objects (bigint kept; converted by `numberOf`). */
async function queryRows(engine: SqlEngine, sql: string, params: readonly SqlParam[]): Promise<Record<string, unknown>[]> {
  return (await engine.query(sql, params)).toArray().map((row) => (row as { toJSON(): Record<string, unknown> }).toJSON());
}

/** Rows through the cache. */
async function cachedRows(engine: SqlEngine, sql: string, params: readonly SqlParam[], cache?: SubgroupCache): Promise<Record<string, unknown>[]> {
  const key = `${sql}\u0000${JSON.stringify(params, (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}`;
  const hit = cache?.get(key);
  if (hit) return hit;
  const fetched = await queryRows(engine, sql, params);
  cache?.set(key, fetched);
  return fetched;
}

/** A number from an Arrow cell (number, bigint, numeric string); NaN when missing. */
function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

/** ISO-8601 text from epoch ms, a Date or a date string. */
function isoOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const milliseconds = typeof value === 'string' ? Date.parse(value) : numberOf(value);
  return Number.isFinite(milliseconds) ? new Date(milliseconds).toISOString() : '';
}

/** Text or null. */
function textOf(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Identity of a row: key `product/lot/wafer` (or `product/lot` for lots, or the SQL `subgroup`). */
function identityOf(row: Record<string, unknown>): SubgroupIdentity {
  const product = textOf(row.product) ?? '';
  const lot = textOf(row.lot) ?? '';
  const wafer = textOf(row.wafer);
  const key = textOf(row.subgroup) ?? (wafer === null ? `${product}/${lot}` : `${product}/${lot}/${wafer}`);
  const time = isoOf(row.subgroup_ms ?? row.subgroup_time);
  return { key, product, lot, wafer, time, tool: textOf(row.tool), chamber: textOf(row.chamber) };
}

/** Convert a query row to SubgroupData; `proportion` decides the plotted value. */
function subgroupOf(row: Record<string, unknown>, proportion: boolean): SubgroupData {
  const n = numberOf(row.n);
  const count = numberOf(row.count);
  const mean = numberOf(row.mean);
  const explicit = numberOf(row.value);
  const value = Number.isFinite(explicit) ? explicit : proportion ? count / n : mean;
  return { identity: identityOf(row), n, count, mean, stddev: numberOf(row.stddev), range: numberOf(row.range), value };
}

/** $1..$5: product, step, tool, chamber, whether an equipment filter applies. */
function filterParams(definition: ChartDefinition): SqlParam[] {
  const { product, step, tool, chamber } = definition.filter;
  const equipment = step !== undefined || tool !== undefined || chamber !== undefined;
  return [product ?? null, step ?? null, tool ?? null, chamber ?? null, equipment];
}

/**
 * Validate and run a free-SQL metric; errors name the missing columns. The metric comes from an
 * imported definition file, so it passes the user-SQL guard (no file or URL readers, one query) and
 * runs with its timeout (issue #12: a metric could read /etc/passwd or hang the engine).
 */
async function userMetricRows(engine: SqlEngine, definition: ChartDefinition, sql: string, guard: UserQueryOptions): Promise<Record<string, unknown>[]> {
  const text = checkUserSql(checkUserMetricSql(sql)).query;
  const schema = await runStoppable(engine, userMetricColumnsSql(text), guard);
  const columns = new Set(schema.schema.fields.map((field) => field.name));
  const required = ['lot', 'subgroup_time', ...USER_METRIC_COLUMNS[definition.chart]];
  const missing = required.filter((column) => !columns.has(column));
  if (missing.length > 0) {
    throw new Error(`definition "${definition.id}": the SQL metric must return column(s) ${missing.join(', ')} for a ${definition.chart} chart (it returns ${[...columns].join(', ')})`);
  }
  const rows = (await runStoppable(engine, userMetricRowsSql(text, USER_METRIC_MAX_ROWS + 1), guard)).toArray().map((row) => (row as { toJSON(): Record<string, unknown> }).toJSON());
  if (rows.length > USER_METRIC_MAX_ROWS) throw new Error(`definition "${definition.id}": the SQL metric returned more than ${USER_METRIC_MAX_ROWS} subgroups; aggregate it first`);
  return rows.sort((left, right) => Date.parse(isoOf(left.subgroup_time)) - Date.parse(isoOf(right.subgroup_time)));
}

/**
 * The definition's subgroups in time order. With a cache, parametric charts share one scan of
 * every test per filter; without one, only the chart's test is read.
 */
export async function fetchSubgroups(engine: SqlEngine, definition: ChartDefinition, cache?: SubgroupCache, guard: UserQueryOptions = {}): Promise<SubgroupData[]> {
  const metric = definition.metric;
  const params = filterParams(definition);
  switch (metric.kind) {
    case 'wafer-yield':
      return (await cachedRows(engine, waferProportionSql('good'), params, cache)).map((row) => subgroupOf(row, true));
    case 'lot-yield':
      return (await cachedRows(engine, lotYieldSql(), params, cache)).map((row) => subgroupOf(row, true));
    case 'bin-fraction': {
      const sql = waferProportionSql(metric.binType === 'hard' ? 'hard-bin' : 'soft-bin');
      return (await cachedRows(engine, sql, [...params, metric.bin], cache)).map((row) => subgroupOf(row, true));
    }
    case 'parametric': {
      const rows = await cachedRows(engine, parametricSubgroupsSql(), [...params, cache ? null : metric.testNum], cache);
      return rows.filter((row) => numberOf(row.test_num) === metric.testNum).map((row) => subgroupOf(row, false));
    }
    case 'sql':
      return (await userMetricRows(engine, definition, metric.sql, guard)).map((row) => subgroupOf(row, definition.chart === 'p' || definition.chart === 'np'));
  }
}
