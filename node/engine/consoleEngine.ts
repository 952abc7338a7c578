import path from 'node:path';
import { tableToIPC, type Table } from 'apache-arrow';
import { quoteLiteral, type SqlEngine, type SqlParam } from '../../shared/engine/sqlEngine.ts';
import { checkUserSql, runStoppable, userQuerySql, UserSqlError, type UserQueryOptions } from '../../shared/engine/userSql.ts';
import type { LoadOnDemandGate } from '../../shared/engine/deferredTables.ts';
import { openOnDemand } from '../workspace/openWorkspace.ts';
import { NativeSqlEngine } from './nativeEngine.ts';

/** Statement types (DuckDB's own) a user query may have. */
const queryStatementTypes = new Set(['SELECT', 'EXPLAIN']);

/**
 * A native DuckDB instance of its own for user-written SQL (`yield-monitor sql`, the served
 * console): the workspace's canonical tables and views as every other command sees them, then
 * the instance is locked. `enable_external_access = false` with `allowed_directories` = the
 * workspace (the only files its tables may read; today they are loaded at open), and
 * `lock_configuration = true` so no statement can undo either. Extensions are neither installed
 * nor autoloaded. Settings are per instance, which is why the app's own engine stays unlocked and
 * keeps importing and writing. Every statement also passes the shared text guard, DuckDB's parser
 * (one statement, type SELECT or EXPLAIN) and a timeout. The large tables load on the first
 * statement that reads them (openOnDemand), before its timeout starts.
 */
export class ConsoleEngine implements SqlEngine {
  private constructor(
    /** The locked engine underneath (tests measure the lock on it directly). */
    readonly native: NativeSqlEngine,
    private readonly defaults: UserQueryOptions,
    /** Loads the tables a statement reads that are still on disk. */
    readonly gate: LoadOnDemandGate,
  ) {}

  /** Open the workspace folder on a new engine and lock it. */
  static async open(folder: string, defaults: UserQueryOptions = {}): Promise<ConsoleEngine> {
    const native = await NativeSqlEngine.open({ config: { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' } });
    let gate: LoadOnDemandGate;
    try {
      ({ engine: { gate } } = await openOnDemand(native, folder));
      const root = path.resolve(folder) + path.sep;
      await native.exec(`SET allowed_directories = [${quoteLiteral(root)}]`);
      await native.exec('SET enable_external_access = false');
      await native.exec('SET lock_configuration = true');
    } catch (error) {
      native.close();
      throw error;
    }
    return new ConsoleEngine(native, defaults, gate);
  }

  /** Check and run one user query; UserSqlError when refused, stopped or timed out. */
  async run(text: string, options: UserQueryOptions = {}): Promise<Table> {
    const settings = { ...this.defaults, ...options };
    const checked = checkUserSql(text);
    const types = await this.native.statementTypes(`${checked.explain} ${checked.query}`);
    if (types.length !== 1) throw new UserSqlError('multiple-statements', `only one statement may run at a time (DuckDB found ${types.length})`);
    const type = types[0] ?? '';
    if (!queryStatementTypes.has(type)) throw new UserSqlError('not-read-only', `read-only: a ${type} statement may not run here`, type);
    await this.gate.wait(checked.query);
    return runStoppable(this.native, userQuerySql(checked, settings.maxRows), settings);
  }

  /** A user query (no parameters: user SQL has none). */
  query(sql: string, params: readonly SqlParam[] = []): Promise<Table> {
    if (params.length > 0) return Promise.reject(new Error('user SQL takes no parameters'));
    return this.run(sql);
  }

  async queryIpc(sql: string): Promise<Uint8Array> {
    return tableToIPC(await this.run(sql), 'stream');
  }

  queryStoppable(sql: string): Promise<Table> {
    return this.run(sql);
  }

  exec(): Promise<void> {
    return readOnly();
  }

  insertArrow(): Promise<void> {
    return readOnly();
  }

  insertArrowIpc(): Promise<void> {
    return readOnly();
  }

  registerBuffer(): Promise<void> {
    return readOnly();
  }

  dropFile(): Promise<void> {
    return readOnly();
  }

  interrupt(): void {
    this.native.interrupt();
  }

  /** Release the engine. */
  close(): void {
    this.native.close();
  }
}

function readOnly(): Promise<never> {
  return Promise.reject(new UserSqlError('not-read-only', 'read-only: the console engine runs queries only'));
}
