import type { SqlDialect } from './dialect.ts';

/**
 * Dies, good dies and first test time per (product, lot, wafer), for the wafers `where` keeps (it may
 * name product and lot). DuckDB reads the per-wafer counts of `wafer_summary` (a table an open
 * workspace rebuilds with `dies`, a view over a lake): the numbers grouping the dies gives (count,
 * passing, min tested_at), 2,000 rows instead of 10M at fab scale, so a statement on it never waits
 * for the dies to load. ClickHouse over a lake has no such view and groups the dies.
 */
export function waferCountsSql(dialect: SqlDialect, where: string): string {
  if (dialect.name === 'duckdb') return `SELECT product, lot, wafer, dies, good, first_test FROM wafer_summary WHERE ${where}`;
  return `SELECT product, lot, wafer, count(*)::BIGINT AS dies, ${dialect.countIf('pass')}::BIGINT AS good, min(tested_at) AS first_test
      FROM dies WHERE ${where} GROUP BY product, lot, wafer`;
}
