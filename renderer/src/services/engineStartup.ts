/**
 * Which engine answers this page, chosen by the host: the host's native DuckDB (served mode,
 * desktop) through the engine protocol, with the workspace held open in that process; otherwise
 * duckdb-wasm in a worker here, with the workspace loaded into it from the host's file store.
 * Stores get a SqlEngine and a WorkspaceSession either way and never ask which.
 */
import type { StartupStep } from '@shared/engine/engineProtocol';
import type { SqlEngine } from '@shared/engine/sqlEngine';
import type { CanonicalTableName } from '@shared/schema/canonical';
import type { ImportRecord, WorkspaceManifest } from '@shared/workspace/manifest';
import { Workspace, type CommitOptions, type ImportDetails } from '@shared/workspace/workspace';
import { remoteEngineSession } from '../engine/remoteEngine';
import { host } from './host';

/** The DuckDB file (OPFS, outside the workspace folder) that keeps the browser build's loaded tables. */
const tablesDatabase = 'opfs://yield-monitor-tables.duckdb';

/** Tables the in-page workspace loads after the first view shows (the largest, per test result). */
const deferredTables: CanonicalTableName[] = ['result_values', 'die_insertions'];

/** The open workspace the import pipeline commits to (Workspace here, or RemoteWorkspace in the engine's process). */
export interface WorkspaceSession {
  readonly manifest: WorkspaceManifest;
  readonly pendingTables: CanonicalTableName[];
  loadDeferred(onTable?: (table: string, done: number, total: number) => void): Promise<void>;
  deferredNames(): Promise<Set<string>>;
  findDuplicate(contentHash: string): ImportRecord | undefined;
  commitImport(importId: string, details: ImportDetails, tables: readonly CanonicalTableName[], options?: CommitOptions): Promise<ImportRecord>;
  /** Remove imports: records, files, and their rows from the open tables. */
  removeImports(importIds: readonly string[]): Promise<ImportRecord[]>;
}

/** A started engine with its workspace open. */
export interface StartedEngine {
  engine: SqlEngine;
  workspace: WorkspaceSession;
  /** Where the engine runs, for the status line. */
  where: 'page' | 'host';
  /** Stop the statement running now (the import Cancel button). */
  cancel(): void;
}

/** Start the engine this host calls for and open the workspace on it, telling `onStep` what it is doing. */
export async function startEngine(onStep: (step: StartupStep) => void): Promise<StartedEngine> {
  if (host.connectEngine) {
    onStep({ stage: 'connect' });
    const session = remoteEngineSession(await host.connectEngine());
    await session.workspace.open(onStep);
    return { engine: session.engine, workspace: session.workspace, where: 'host', cancel: () => session.engine.interrupt() };
  }
  onStep({ stage: 'engine' });
  // duckdb-wasm and the Parquet codec load only here: a host with its own engine never fetches them.
  const [{ BrowserSqlEngine }, { loadParquetCodec }] = await Promise.all([import('../engine/browserEngine'), import('../engine/parquetCodec')]);
  // The browser build keeps its loaded tables in a DuckDB file beside the workspace in OPFS: the next
  // start finds them there instead of decoding every Parquet file again (Workspace.persistentDatabase).
  const engine = await BrowserSqlEngine.open(host.kind === 'browser' ? { databasePath: tablesDatabase } : {});
  onStep({ stage: 'manifest' });
  const workspace = new Workspace(engine, host.workspace, await loadParquetCodec());
  workspace.persistentDatabase = engine.persistent;
  await workspace.open((table, done, total) => onStep({ stage: 'load', table, done, total }), deferredTables);
  return { engine, workspace, where: 'page', cancel: () => void engine.cancel() };
}
