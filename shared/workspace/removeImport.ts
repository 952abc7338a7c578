/**
 * Remove imports from a workspace folder (issue #13 §4): their manifest records go first, under the
 * writer lock and re-read there so a concurrent commit is kept, then their table files. An open workspace
 * drops the imports' rows at its next commit (Workspace.catchUp sees the records gone; Workspace.removeImports
 * catches up at once); a failure after the manifest is written leaves orphan files that the next open removes.
 */
import type { WorkspaceStore } from '../host/hostApi.ts';
import { importFiles, type ImportRecord } from './manifest.ts';
import { readManifest, writeManifest } from './manifestFile.ts';

/** Remove the import `importId` (its record and its files); returns the removed record. Throws when no import has that id. */
export async function removeImport(store: WorkspaceStore, importId: string): Promise<ImportRecord> {
  const [record] = await removeImports(store, [importId]);
  return record!;
}

/**
 * Remove several imports with one manifest write (removing the sample fab's lots one by one would rebuild
 * an open workspace's dies once per lot). Throws, removing nothing, when an id names no import. Removing a
 * sample import records `sampleRemoved`, so the app does not load the sample again into the emptied folder.
 */
export async function removeImports(store: WorkspaceStore, importIds: readonly string[]): Promise<ImportRecord[]> {
  const release = await store.lock?.();
  try {
    const read = await readManifest(store);
    const wanted = new Set(importIds);
    const records = read.manifest.imports.filter((each) => wanted.has(each.importId));
    const missing = importIds.find((id) => !records.some((record) => record.importId === id));
    if (missing !== undefined) throw new Error(`no import ${missing} in this workspace (${read.manifest.imports.length} imports)`);
    const imports = read.manifest.imports.filter((each) => !wanted.has(each.importId));
    const sampleRemoved = read.manifest.sampleRemoved === true || records.some((record) => record.origin === 'sample');
    await writeManifest(store, { ...read.manifest, imports, ...(sampleRemoved ? { sampleRemoved } : {}) }, read.bytes);
    for (const [, path] of records.flatMap(importFiles)) await store.removeFile(path).catch(() => undefined);
    return records;
  } finally {
    await release?.();
  }
}
