/**
 * A workspace store kept in a Map (with an optional failure injected on one path, as a crash
 * mid-import) and a die CSV committed through the real staging and commit, for workspace tests.
 */
import type { WasmNodeSqlEngine } from '../../node/engine/wasmNodeEngine.ts';
import type { WorkspaceStore } from '../../shared/host/hostApi.ts';
import { dieCsvTables, dropStaging, stageDieCsv } from '../../shared/import/dieCsvImport.ts';
import type { ImportRecord } from '../../shared/workspace/manifest.ts';
import type { Workspace } from '../../shared/workspace/workspace.ts';

/** The workspace's files in memory; `failOn` makes writing that path throw. */
export class MemoryStore implements WorkspaceStore {
  readonly files = new Map<string, Uint8Array>();
  failOn: string | null = null;
  async describe() { return 'memory'; }
  async readFile(path: string) { return this.files.get(path) ?? null; }
  async writeFile(path: string, bytes: Uint8Array) {
    if (path === this.failOn) throw new Error(`simulated crash while writing ${path}`);
    this.files.set(path, bytes.slice());
  }
  async removeFile(path: string) { this.files.delete(path); }
  async listFiles(folder: string) { return [...this.files.keys()].filter((path) => path.startsWith(folder)); }
}

/** Stage `csv` as a die CSV of product P and commit it as import `importId` (its content hash too). */
export async function commitDieCsv(workspace: Workspace, engine: WasmNodeSqlEngine, csv: string, importId: string): Promise<ImportRecord> {
  await engine.registerBuffer(`${importId}.csv`, new TextEncoder().encode(csv));
  const staging = await stageDieCsv(engine, { registeredName: `${importId}.csv`, fileName: `${importId}.csv`, importId, defaultProduct: 'P' });
  if (staging.kind !== 'staged') throw new Error('expected staged');
  try {
    return await workspace.commitImport(importId, { sourceFile: `${importId}.csv`, contentHash: importId, format: 'csv', rows: staging.rows, warnings: [] }, dieCsvTables);
  } finally {
    await dropStaging(engine, importId);
  }
}
