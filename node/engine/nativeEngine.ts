import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { DuckDBInstance, StatementType, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { quoteIdent, type SqlEngine, type SqlParam } from '../../shared/engine/sqlEngine.ts';
import { arrowTableOf } from './arrowFromDuckDB.ts';
import { appendArrowTable, columnDefinitions } from './duckdbFromArrow.ts';

/** How a native engine is opened. */
export interface NativeEngineOptions {
  /** A database file, or in memory (default). */
  path?: string;
  /** Worker threads (default: DuckDB's, one per core). */
  threads?: number;
  /** Further settings at creation (e.g. autoload_known_extensions: 'false' for the locked console engine). */
  config?: Record<string, string>;
}

/**
 * Native DuckDB (`@duckdb/node-api`: the binary ships inside the npm package, with Parquet, JSON
 * and ICU built in) behind the SqlEngine interface: the engine of the desktop app's host, the CLI
 * and the served mode. Reads Parquet files in place; results come back as Arrow.
 */
export class NativeSqlEngine implements SqlEngine {
  readonly kind = 'native' as const;
  /** Statements run one at a time on the one connection (callers may issue them concurrently). */
  private queue: Promise<unknown> = Promise.resolve();
  /** Statements issued and not yet settled (the one running and those queued behind it). */
  private pending = 0;
  private closing = false;
  private released: Promise<void> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** Where registered buffers live as files; relative file names in SQL resolve here. */
    private readonly bufferFolder: string,
    /** Whether close() ends the database too (false: another connection to it, see connect()). */
    private readonly ownsInstance = true,
  ) {}

  /** Open an engine (in memory unless a database file is named). */
  static async open(options: NativeEngineOptions = {}): Promise<NativeSqlEngine> {
    const config: Record<string, string> = { ...options.config };
    if (options.threads) config.threads = String(options.threads);
    const instance = await DuckDBInstance.create(options.path ?? ':memory:', config);
    const connection = await instance.connect();
    const bufferFolder = mkdtempSync(join(tmpdir(), 'ym-engine-'));
    await connection.run(`SET file_search_path = ${sqlString(bufferFolder)}`);
    return new NativeSqlEngine(instance, connection, bufferFolder);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const closed = (): Promise<T> => Promise.reject(new Error('the database engine is closed'));
    if (this.closing) return closed();
    const guarded = (): Promise<T> => (this.closing ? closed() : work());
    this.pending += 1;
    const run = this.queue.then(guarded, guarded);
    this.queue = run.catch(() => undefined).finally(() => { this.pending -= 1; });
    return run;
  }

  query(sql: string, params: readonly SqlParam[] = []): Promise<Table> {
    return this.serial(async () => arrowTableOf(await this.connection.run(sql, params.length > 0 ? bound(params) : undefined)));
  }

  async queryIpc(sql: string): Promise<Uint8Array> {
    return tableToIPC(await this.query(sql), 'stream');
  }

  exec(sql: string, params: readonly SqlParam[] = []): Promise<void> {
    return this.serial(async () => {
      await this.connection.run(sql, params.length > 0 ? bound(params) : undefined);
    });
  }

  insertArrow(tableName: string, table: Table): Promise<void> {
    return this.serial(async () => {
      const exists = await this.connection.run('SELECT 1 FROM duckdb_tables() WHERE table_name = $1 AND database_name = current_database()', [tableName]);
      if ((await exists.getRows()).length === 0) {
        await this.connection.run(`CREATE TABLE ${quoteIdent(tableName)} (${columnDefinitions(table, quoteIdent)})`);
      }
      if (table.numRows === 0) return;
      const appender = await this.connection.createAppender(tableName);
      try {
        appendArrowTable(appender, table);
      } finally {
        appender.closeSync();
      }
    });
  }

  insertArrowIpc(tableName: string, ipcStream: Uint8Array): Promise<void> {
    return this.insertArrow(tableName, tableFromIPC(ipcStream));
  }

  async registerBuffer(fileName: string, bytes: Uint8Array): Promise<void> {
    const path = this.bufferPath(fileName);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }

  async dropFile(fileName: string): Promise<void> {
    rmSync(this.bufferPath(fileName), { force: true });
  }

  /**
   * The type of each statement in `sql` by DuckDB's own parser and binder (`SELECT`, `EXPLAIN`,
   * `COPY`, ...), without running any: what the user-SQL guard asks of the native engine.
   */
  statementTypes(sql: string): Promise<string[]> {
    return this.serial(async () => {
      const extracted = await this.connection.extractStatements(sql);
      const types: string[] = [];
      for (let index = 0; index < extracted.count; index += 1) {
        const prepared = await extracted.prepare(index);
        types.push(StatementType[prepared.statementType] ?? String(prepared.statementType));
        prepared.destroySync();
      }
      return types;
    });
  }

  /** Stop the statement that is running (it fails with an interrupt error). */
  interrupt(): void {
    this.connection.interrupt();
  }

  /**
   * Another connection to the same database, in the same current database (`USE`): its statements run
   * beside this engine's instead of queueing behind them (a background load while a page queries).
   * Temporary tables are its own. close() closes only the connection.
   */
  async connect(): Promise<NativeSqlEngine> {
    const current = await this.query('SELECT current_database() AS name');
    const connection = await this.instance.connect();
    await connection.run(`USE ${quoteIdent(String(current.get(0)?.name ?? 'memory'))}`);
    return new NativeSqlEngine(this.instance, connection, this.bufferFolder, false);
  }

  /**
   * Release the connection, and for the engine that opened it the database and the registered buffers.
   * A statement still running is interrupted and the connection closed once it has stopped: closing a
   * connection under a running statement leaves DuckDB's worker waiting on a lock it holds itself,
   * and the process never exits. Statements queued behind it, or issued after, fail as closed.
   */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    const release = (): void => {
      this.connection.closeSync();
      if (!this.ownsInstance) return;
      this.instance.closeSync();
      rmSync(this.bufferFolder, { recursive: true, force: true });
    };
    if (this.pending === 0) return release();
    this.connection.interrupt();
    this.released = this.queue.then(release);
  }

  /** Settles once close() has released the connection (at once when nothing was running). */
  closed(): Promise<void> {
    return this.released;
  }

  private bufferPath(fileName: string): string {
    const path = resolve(this.bufferFolder, fileName);
    if (!path.startsWith(this.bufferFolder + sep)) throw new Error(`registered file name leaves the engine's folder: ${fileName}`);
    return path;
  }
}

/** Bound values as node-api takes them (its own type for each JS value, as duckdb-wasm binds them). */
function bound(params: readonly SqlParam[]): DuckDBValue[] {
  return [...params];
}

/** A string literal for the few settings that take no parameters. */
function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
