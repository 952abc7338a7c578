import { mayReadAnyTable } from '../../shared/engine/deferredTables.ts';
import type { NativeSqlEngine } from './nativeEngine.ts';

/**
 * Whether a statement reads one of the held tables or views, from DuckDB's own parse of it
 * (`json_serialize_sql`): `SELECT sum(dies) FROM wafer_summary` names the column `dies`, not the
 * table, so it loads nothing (the text check would load 10M dies for it). A table function, or a
 * statement the parser does not take (anything but SELECT), falls back to the conservative check on
 * the text (mayReadAnyTable). A CTE named like a held table counts as reading it.
 */
export async function readsHeldTable(engine: NativeSqlEngine, sql: string, held: ReadonlySet<string>): Promise<boolean> {
  const tables = await tablesRead(engine, sql);
  return tables === null ? mayReadAnyTable(sql, held) : tables.some((name) => held.has(name));
}

/**
 * The tables and views a statement names (lower case, CTE names included) from DuckDB's parse on
 * `engine` (any idle connection: nothing runs but the parser); null when only the text can tell (a
 * table function, a statement other than SELECT, a parse error).
 */
export async function tablesRead(engine: NativeSqlEngine, sql: string): Promise<string[] | null> {
  let tree: string;
  try {
    tree = String((await engine.query('SELECT json_serialize_sql($1::VARCHAR) AS tree', [sql])).get(0)?.tree ?? '');
  } catch {
    return null;
  }
  let conservative = false;
  const named: string[] = [];
  JSON.parse(tree, (key, value: unknown) => {
    if (key === 'error' && value === true) conservative = true;
    if (value !== null && typeof value === 'object') {
      const node = value as { type?: unknown; table_name?: unknown };
      if (node.type === 'BASE_TABLE' && typeof node.table_name === 'string') named.push(node.table_name.toLowerCase());
      if (node.type === 'TABLE_FUNCTION') conservative = true;
    }
    return value;
  });
  return conservative ? null : named;
}
