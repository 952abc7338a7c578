import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { tableToIPC, type Table } from 'apache-arrow';
import type { SqlEngine, SqlParam } from '../shared/engine/sqlEngine.ts';

const require = createRequire(import.meta.url);

/** The wasm bundles shipped inside the duckdb-wasm package (no download). */
function localBundles(): duckdb.DuckDBBundles {
  const dist = join(dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs')));
  return {
    mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
  };
}

/** duckdb-wasm's synchronous Node bindings behind the async SqlEngine interface. */
export class NodeSqlEngine implements SqlEngine {
  private constructor(
    private readonly db: duckdb.DuckDBBindings,
    private readonly connection: duckdb.DuckDBConnection,
  ) {}

  /** Start an in-memory database. */
  static async open(): Promise<NodeSqlEngine> {
    const logger = new duckdb.VoidLogger();
    const db = await duckdb.createDuckDB(localBundles(), logger, duckdb.NODE_RUNTIME);
    await db.instantiate();
    db.open({ query: { castBigIntToDouble: false, castTimestampToDate: false } });
    return new NodeSqlEngine(db, db.connect());
  }

  async query(sql: string, params: readonly SqlParam[] = []): Promise<Table> {
    if (params.length === 0) return this.connection.query(sql) as unknown as Table;
    const statement = this.connection.prepare(sql);
    try {
      return statement.query(...params) as unknown as Table;
    } finally {
      statement.close();
    }
  }

  async exec(sql: string): Promise<void> {
    this.connection.query(sql);
  }

  async insertArrow(tableName: string, table: Table): Promise<void> {
    const exists = this.connection.query(
      `SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = '${tableName.replaceAll("'", "''")}'`,
    );
    const create = Number(exists.getChild('n')?.get(0) ?? 0) === 0;
    // Bytes, not the Table object: Node may load a second apache-arrow copy (ESM vs CJS), and
    // duckdb-wasm's insertArrowTable silently inserts nothing for a foreign copy's Table.
    this.connection.insertArrowFromIPCStream(tableToIPC(table, 'stream'), { name: tableName, create });
  }

  async registerBuffer(fileName: string, bytes: Uint8Array): Promise<void> {
    this.db.registerFileBuffer(fileName, bytes);
  }

  async copyFileToBuffer(fileName: string): Promise<Uint8Array> {
    return this.db.copyFileToBuffer(fileName);
  }

  async dropFile(fileName: string): Promise<void> {
    this.db.dropFile(fileName);
  }

  /** Release the connection and the database. */
  close(): void {
    this.connection.close();
    this.db.reset();
  }
}
