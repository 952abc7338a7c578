import type { SqlEngine } from '../../shared/engine/sqlEngine.ts';
import type { CanonicalTableName } from '../../shared/schema/canonical.ts';
import { Workspace } from '../../shared/workspace/workspace.ts';
import { NativeSqlEngine } from '../engine/nativeEngine.ts';
import { nodeParquetCodec } from '../engine/parquetCodec.ts';
import { WasmNodeSqlEngine } from '../engine/wasmNodeEngine.ts';
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
  return kind === 'native' ? NativeSqlEngine.open() : WasmNodeSqlEngine.open();
}

/**
 * A workspace folder in a Node process (CLI, served mode, tests, benchmarks): the engine, and the
 * workspace on it, not yet opened. Native DuckDB reads and writes the Parquet files in place.
 */
export function workspaceOn(engine: NodeSqlEngine, folder: string, sliceRows?: number): Workspace {
  const files = engine instanceof NativeSqlEngine ? new NativeTableFiles(engine, folder) : nodeParquetCodec;
  return new Workspace(engine, new FolderWorkspaceStore(folder), files, sliceRows);
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
