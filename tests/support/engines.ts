import { openNodeEngine, type NodeEngineKind, type NodeSqlEngine } from '../../node/workspace/openWorkspace.ts';

/**
 * The engines every SQL contract runs on: native DuckDB (desktop host, CLI, served mode) and
 * duckdb-wasm (the browser build). `describe.each(engineKinds)` runs one suite on both, so their
 * dialects (wasm 1.4.x, native 1.5.x) never drift apart unnoticed.
 */
export const engineKinds: readonly NodeEngineKind[] = ['native', 'wasm'];

/** A fresh engine of the kind (close it when done). */
export function openEngine(kind: NodeEngineKind): Promise<NodeSqlEngine> {
  return openNodeEngine(kind);
}
