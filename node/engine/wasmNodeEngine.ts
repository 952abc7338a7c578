import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { arrowFileToStream, quoteIdent, type ParquetCodec, type SqlEngine, type SqlParam } from '../../shared/engine/sqlEngine.ts';
import { nodeParquetCodec } from './parquetCodec.ts';

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
  /** How workspace Parquet reaches this engine, which has no Parquet reader offline: decoded and encoded in Node. */
  readonly parquetCodec: ParquetCodec = nodeParquetCodec;
  /** The connection user SQL runs on (queryStoppable), opened at first use: cancelling it never touches the app's statements. */
  private userConnection: duckdb.DuckDBConnection | null = null;
  /** Whether a stoppable query is pending on the user connection. */
  private pending = false;

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
    // CommonJS copy beside our ESM one, and a foreign Table breaks tableToIPC and instanceof
    // (https://github.com/duckdb/duckdb-wasm/issues/1761).
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
    // duckdb-wasm's insertArrowTable silently inserts nothing for a foreign copy's Table
    // (https://github.com/duckdb/duckdb-wasm/issues/1708).
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

  /**
   * Run one query as a pending query polled from the event loop, so interrupt() (from a timer or a
   * Cancel) can cancel it between polls: a plain query() runs to the end inside one wasm call.
   */
  async queryStoppable(sql: string): Promise<Table> {
    if (!this.userConnection) {
      // Autoloading an extension a user query names (json_extract -> json) blocks the Node process
      // for good (measured: not even a timer fires), and the browser would fetch it from the network.
      this.connection.query('SET autoload_known_extensions = false');
      this.userConnection = this.db.connect();
    }
    const user = this.userConnection;
    // Each connection has its own default database: the user connection reads what the app's does.
    const current = await this.query('SELECT current_database() AS db, current_schema() AS s');
    const row = current.get(0) as { db: string; s: string } | null;
    if (row) user.query(`USE ${quoteIdent(String(row.db))}.${quoteIdent(String(row.s))}`);
    return user.useUnsafe(async (bindings, connectionId) => {
      this.pending = true;
      try {
        let header = bindings.startPendingQuery(connectionId, sql, false);
        while (header === null) {
          await new Promise((resolve) => setImmediate(resolve));
          if (!this.pending) throw new Error('INTERRUPT Error: Interrupted!');
          header = bindings.pollPendingQuery(connectionId);
        }
        const parts: Uint8Array[] = [header];
        // The chunks end with an empty buffer (null in some versions).
        for (let chunk = bindings.fetchQueryResults(connectionId); chunk && chunk.length > 0; chunk = bindings.fetchQueryResults(connectionId)) parts.push(chunk);
        return tableFromIPC(concatenate([...parts, endOfStream]));
      } finally {
        this.pending = false;
      }
    });
  }

  /** Cancel the stoppable query pending now (it then fails with an interrupt error). */
  interrupt(): void {
    if (!this.pending || !this.userConnection) return;
    this.pending = false;
    this.userConnection.useUnsafe((bindings, connectionId) => bindings.cancelPendingQuery(connectionId));
  }

  /** Release the connection and the database. */
  close(): void {
    this.userConnection?.close();
    this.connection.close();
    this.db.reset();
  }
}

/** Arrow IPC end-of-stream marker (the pending query's chunks do not end with one). */
const endOfStream = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

function concatenate(parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
