/**
 * Remove one import from a workspace folder (issue #13 §4): its manifest record goes first, under the
 * writer lock and re-read there so a concurrent commit is kept, then its table files. An open workspace
 * drops the import's rows at its next commit (Workspace.catchUp sees the record gone); a failure after
 * the manifest is written leaves orphan files that the next open removes.
 */
import type { WorkspaceStore } from '../host/hostApi.ts';
import { importFiles, type ImportRecord } from './manifest.ts';
import { readManifest, writeManifest } from './manifestFile.ts';

/** Remove the import `importId` (its record and its files); returns the removed record. Throws when no import has that id. */
export async function removeImport(store: WorkspaceStore, importId: string): Promise<ImportRecord> {
  const release = await store.lock?.();
  try {
    const read = await readManifest(store);
    const record = read.manifest.imports.find((each) => each.importId === importId);
    if (!record) throw new Error(`no import ${importId} in this workspace (${read.manifest.imports.length} imports)`);
    const imports = read.manifest.imports.filter((each) => each !== record);
    await writeManifest(store, { ...read.manifest, imports }, read.bytes);
    for (const [, path] of importFiles(record)) await store.removeFile(path).catch(() => undefined);
    return record;
  } finally {
    await release?.();
  }
}
