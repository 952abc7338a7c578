import { GatedSqlEngine, LoadOnDemandGate } from '../../shared/engine/deferredTables.ts';
import type { ParquetCodec, SqlEngine } from '../../shared/engine/sqlEngine.ts';
import type { CanonicalTableName } from '../../shared/schema/canonical.ts';
import { Workspace } from '../../shared/workspace/workspace.ts';
import { readsHeldTable } from '../engine/heldTables.ts';
import { NativeSqlEngine } from '../engine/nativeEngine.ts';
import { FolderWorkspaceStore } from './folderWorkspaceStore.ts';
import { NativeTableFiles } from './nativeTableFiles.ts';

/** Which DuckDB runs a Node-side workspace: native (default) or duckdb-wasm (the browser's engine, for comparison). */
export type NodeEngineKind = 'native' | 'wasm';

/** An engine with the close() both Node engines have. */
export type NodeSqlEngine = SqlEngine & { close(): void };

/** `--engine native|wasm` from a command's arguments (native when absent). */
export function engineKindOption(args: readonly string[]): NodeEngineKind {
  const at = args.indexOf('--engine');
  const value = at >= 0 ? args[at + 1] : undefined;
  if (value === undefined) return 'native';
  if (value === 'native' || value === 'wasm') return value;
  throw new Error(`--engine: expected native or wasm, got ${value}`);
}

/** A new engine of the given kind. */
export async function openNodeEngine(kind: NodeEngineKind = 'native'): Promise<NodeSqlEngine> {
  if (kind === 'native') return NativeSqlEngine.open();
  // Loaded only when asked for: duckdb-wasm and the Parquet codec took 0.3 s of every native command's start.
  const { WasmNodeSqlEngine } = await import('../engine/wasmNodeEngine.ts');
  return WasmNodeSqlEngine.open();
}

/**
 * A workspace folder in a Node process (CLI, served mode, tests, benchmarks): the engine, and the
 * workspace on it, not yet opened. Native DuckDB reads and writes the Parquet files in place.
 */
export function workspaceOn(engine: NodeSqlEngine, folder: string, sliceRows?: number): Workspace {
  const files = engine instanceof NativeSqlEngine ? new NativeTableFiles(engine, folder) : codecOf(engine);
  return new Workspace(engine, new FolderWorkspaceStore(folder), files, sliceRows);
}

/** The Parquet codec a Node engine without Parquet access carries (duckdb-wasm). */
function codecOf(engine: NodeSqlEngine): ParquetCodec {
  const codec = (engine as { parquetCodec?: ParquetCodec }).parquetCodec;
  if (!codec) throw new Error('this engine reads no Parquet and carries no codec for it');
  return codec;
}

/** Open a workspace folder on a new engine; close the engine when done. */
export async function openNodeWorkspace(
  folder: string,
  options: { engine?: NodeEngineKind; defer?: readonly CanonicalTableName[] } = {},
): Promise<{ engine: NodeSqlEngine; workspace: Workspace }> {
  const engine = await openNodeEngine(options.engine);
  const workspace = workspaceOn(engine, folder);
  await workspace.open(undefined, options.defer ?? []);
  return { engine, workspace };
}

/**
 * The tables a command loads only when one of its statements reads them: the dies (only when the
 * per-wafer summaries come from the workspace's cache; otherwise they are built from the dies at
 * open) and the per-result tables. `sql ... FROM wafer_summary` on 10M dies then needs no dies.
 */
export const onDemandTables: readonly CanonicalTableName[] = ['dies', 'result_values', 'die_insertions'];

/**
 * Open the workspace on `engine` with its large tables loaded on demand: the returned engine runs
 * a statement that reads a table still on disk after loading it (the dies first, and the
 * per-result tables only when the statement still reads one). Commands run their analyses on the
 * returned engine (its close() closes `engine`); the workspace keeps `engine` for its own work.
 * Commits load what is left first.
 */
export async function openOnDemand(engine: NodeSqlEngine, folder: string): Promise<{ engine: GatedSqlEngine<LoadOnDemandGate> & NodeSqlEngine; workspace: Workspace }> {
  const workspace = workspaceOn(engine, folder);
  await workspace.open(undefined, onDemandTables);
  // Native DuckDB parses the statement to tell tables from columns of the same name; duckdb-wasm's text check is conservative.
  const reads = engine instanceof NativeSqlEngine ? (sql: string, held: ReadonlySet<string>) => readsHeldTable(engine, sql, held) : undefined;
  const gate = new LoadOnDemandGate(() => workspace.deferredNames(), [() => workspace.loadDeferredDies(), () => workspace.loadDeferred()], reads);
  return { engine: Object.assign(new GatedSqlEngine(engine, gate), { close: () => engine.close() }), workspace };
}
