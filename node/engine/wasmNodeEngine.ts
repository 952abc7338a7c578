import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { arrowFileToStream, type SqlEngine, type SqlParam } from '../../shared/engine/sqlEngine.ts';

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
export class WasmNodeSqlEngine implements SqlEngine {
  private constructor(
    private readonly db: duckdb.DuckDBBindings,
    private readonly connection: duckdb.DuckDBConnection,
  ) {}

  /** Start an in-memory database. */
  static async open(): Promise<WasmNodeSqlEngine> {
    const logger = new duckdb.VoidLogger();
    const db = await duckdb.createDuckDB(localBundles(), logger, duckdb.NODE_RUNTIME);
    await db.instantiate();
    db.open({ query: { castBigIntToDouble: false, castTimestampToDate: false, castDecimalToDouble: true } });
    return new WasmNodeSqlEngine(db, db.connect());
  }

  async query(sql: string, params: readonly SqlParam[] = []): Promise<Table> {
    // Results come back as IPC bytes decoded by *our* apache-arrow: Node may load duckdb-wasm's
    // CommonJS copy beside our ESM one, and a foreign Table breaks tableToIPC and instanceof.
    return this.connection.useUnsafe((bindings, connectionId) => {
      if (params.length === 0) return tableFromIPC(bindings.runQuery(connectionId, sql));
      const statement = bindings.createPrepared(connectionId, sql);
      try {
        return tableFromIPC(bindings.runPrepared(connectionId, statement, [...params]));
      } finally {
        bindings.closePrepared(connectionId, statement);
      }
    });
  }

  async queryIpc(sql: string): Promise<Uint8Array> {
    // runQuery hands back the Arrow IPC *file* format; Parquet encoding and inserts want a stream.
    return arrowFileToStream(await this.connection.useUnsafe((bindings, connectionId) => bindings.runQuery(connectionId, sql)));
  }

  async exec(sql: string, params: readonly SqlParam[] = []): Promise<void> {
    if (params.length === 0) this.connection.query(sql);
    else await this.query(sql, params);
  }

  async insertArrow(tableName: string, table: Table): Promise<void> {
    // Bytes, not the Table object: Node may load a second apache-arrow copy (ESM vs CJS), and
    // duckdb-wasm's insertArrowTable silently inserts nothing for a foreign copy's Table.
    await this.insertArrowIpc(tableName, tableToIPC(table, 'stream'));
  }

  async insertArrowIpc(tableName: string, ipcStream: Uint8Array): Promise<void> {
    const exists = await this.query(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = ?`, [tableName]);
    const create = Number(exists.getChild('n')?.get(0) ?? 0) === 0;
    this.connection.insertArrowFromIPCStream(ipcStream, { name: tableName, create });
  }

  async registerBuffer(fileName: string, bytes: Uint8Array): Promise<void> {
    this.db.registerFileBuffer(fileName, bytes);
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
