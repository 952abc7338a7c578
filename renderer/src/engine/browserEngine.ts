import * as duckdb from '@duckdb/duckdb-wasm';
import { Table as ArrowTable, tableToIPC, type Table } from 'apache-arrow';
import mvpWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { arrowFileToStream, quoteIdent, type SqlEngine, type SqlParam } from '@shared/engine/sqlEngine';

/** Bundles served from our own origin (never a CDN). */
const bundles: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasmUrl, mainWorker: mvpWorkerUrl },
  eh: { mainModule: ehWasmUrl, mainWorker: ehWorkerUrl },
};

/** duckdb-wasm in a Web Worker behind the SqlEngine interface; the only module that imports duckdb-wasm. */
export class BrowserSqlEngine implements SqlEngine {
  private userConnection: duckdb.AsyncDuckDBConnection | null = null;

  private constructor(
    private readonly db: duckdb.AsyncDuckDB,
    private readonly connection: duckdb.AsyncDuckDBConnection,
    /** The database is a file that outlives the page (OPFS), not memory. */
    readonly persistent: boolean,
  ) {}

  /**
   * Start the worker and open the database: the DuckDB file at `databasePath` (an `opfs://` path,
   * kept between starts) when given and free, else an in-memory one. Another tab holding the file
   * (OPFS access handles are exclusive), or a browser without OPFS, gets memory, as before.
   * The file is opened as the main database: attaching an `opfs://` file to an open database fails
   * in duckdb-wasm 1.32 (the registered handle is an empty file, "not a valid DuckDB database
   * file", as users of https://github.com/duckdb/duckdb-wasm/pull/1856 report).
   */
  static async open(options: { databasePath?: string } = {}): Promise<BrowserSqlEngine> {
    const bundle = await duckdb.selectBundle(bundles);
    const start = async (path: string | undefined): Promise<duckdb.AsyncDuckDB> => {
      const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker!));
      try {
        await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
        const file = path === undefined ? {} : { path, accessMode: duckdb.DuckDBAccessMode.READ_WRITE };
        await db.open({ ...file, query: { castBigIntToDouble: false, castDecimalToDouble: true } });
        return db;
      } catch (error) {
        await db.terminate();
        throw error;
      }
    };
    if (options.databasePath !== undefined) {
      try {
        const db = await start(options.databasePath);
        return new BrowserSqlEngine(db, await db.connect(), true);
      } catch (error) {
        console.warn(`tables kept in memory for this page: ${options.databasePath} could not be opened (${(error as Error).message})`);
      }
    }
    const db = await start(undefined);
    return new BrowserSqlEngine(db, await db.connect(), false);
  }

  async query(sql: string, params: readonly SqlParam[] = []): Promise<Table> {
    if (params.length === 0) return (await this.connection.query(sql)) as unknown as Table;
    const statement = await this.connection.prepare(sql);
    try {
      return (await statement.query(...params)) as unknown as Table;
    } finally {
      await statement.close();
    }
  }

  async queryIpc(sql: string): Promise<Uint8Array> {
    // runQuery hands back the Arrow IPC *file* format; Parquet encoding and inserts want a stream.
    return arrowFileToStream(await this.connection.useUnsafe((bindings, connectionId) => bindings.runQuery(connectionId, sql)));
  }

  async exec(sql: string, params: readonly SqlParam[] = []): Promise<void> {
    if (params.length === 0) {
      await this.connection.query(sql);
      return;
    }
    await this.query(sql, params);
  }

  async insertArrow(tableName: string, table: Table): Promise<void> {
    await this.insertArrowIpc(tableName, tableToIPC(table, 'stream'));
  }

  async insertArrowIpc(tableName: string, ipcStream: Uint8Array): Promise<void> {
    const exists = await this.query(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = ?`, [tableName]);
    const create = Number(exists.getChild('n')?.get(0) ?? 0) === 0;
    await this.connection.insertArrowFromIPCStream(ipcStream, { name: tableName, create });
  }

  async registerBuffer(fileName: string, bytes: Uint8Array): Promise<void> {
    await this.db.registerFileBuffer(fileName, bytes);
  }

  async dropFile(fileName: string): Promise<void> {
    await this.db.dropFile(fileName);
  }

  /**
   * Run one query as a polled pending query on a connection of its own (user SQL: the console, SPC
   * metrics), so interrupt() can cancel it between polls without touching the app's statements;
   * query() runs to the end inside one worker call.
   */
  async queryStoppable(sql: string): Promise<Table> {
    if (!this.userConnection) {
      // An extension a user query names (json_extract -> json) would otherwise be fetched from the
      // network; in Node the same autoload blocks the process for good (tests/node/userSqlGuard.test.ts).
      await this.connection.query('SET autoload_known_extensions = false');
      this.userConnection = await this.db.connect();
    }
    const user = this.userConnection;
    // Each connection has its own default database: the user connection reads what the app's does.
    const current = (await this.connection.query('SELECT current_database() AS db, current_schema() AS s')).get(0) as { db: string; s: string } | null;
    if (current) await user.query(`USE ${quoteIdent(String(current.db))}.${quoteIdent(String(current.s))}`);
    const reader = await user.send(sql, false);
    if (!reader) throw new Error('INTERRUPT Error: Interrupted!');
    const batches = [];
    for await (const batch of reader) batches.push(batch);
    return (batches.length > 0 ? new ArrowTable(batches) : new ArrowTable(reader.schema)) as unknown as Table;
  }

  /** Cancel the stoppable query pending now (it then fails). */
  interrupt(): void {
    void this.userConnection?.cancelSent();
  }

  /** Ask DuckDB to cancel the running query (used by the import Cancel button). */
  async cancel(): Promise<void> {
    await this.connection.cancelSent();
  }
}
