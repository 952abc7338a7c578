/**
 * An engine in another dialect behind code that builds DuckDB statements (issue #17 §2): each
 * statement the caller sends is looked up in a table of pairs made by the same builders
 * (e.g. `monitorStatements` in spcSql.ts) and the other dialect's text runs instead, with the same
 * bound values. A statement without a pair is refused by name rather than run as DuckDB SQL.
 */
import type { Table } from 'apache-arrow';
import type { SqlEngine, SqlParam } from '../engine/sqlEngine.ts';

/** `engine` answering DuckDB statements through their paired texts; `engineName` names it in errors. */
export function pairedStatementEngine(engine: SqlEngine, statements: ReadonlyMap<string, string>, engineName: string): SqlEngine {
  // async: an unpaired statement rejects like a failed query instead of throwing at the call.
  const paired = async (sql: string): Promise<string> => {
    const other = statements.get(sql);
    if (other === undefined) {
      const start = sql.trim().replace(/\s+/g, ' ').slice(0, 60);
      throw new Error(`not available on ${engineName}: this statement has no ${engineName} version (free-SQL metrics run on the embedded engine only): ${start}...`);
    }
    return other;
  };
  return {
    query: async (sql: string, params?: readonly SqlParam[]): Promise<Table> => engine.query(await paired(sql), params),
    queryIpc: async (sql: string): Promise<Uint8Array> => engine.queryIpc(await paired(sql)),
    exec: async (): Promise<void> => {
      throw new Error(`${engineName} reads a published lake: statements that change it are not run`);
    },
    insertArrow: (tableName, table) => engine.insertArrow(tableName, table),
    insertArrowIpc: (tableName, bytes) => engine.insertArrowIpc(tableName, bytes),
    registerBuffer: (fileName, bytes) => engine.registerBuffer(fileName, bytes),
    dropFile: (fileName) => engine.dropFile(fileName),
  };
}
