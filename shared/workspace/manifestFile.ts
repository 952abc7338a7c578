import type { WorkspaceStore } from '../host/hostApi.ts';
import { importFiles, manifestPath, parseManifest, serialiseManifest, type WorkspaceManifest } from './manifest.ts';

/** The manifest as it was before the last write: what the workspace opens when manifest.json is damaged. */
export const manifestBackupPath = 'manifest.json.bak';

/** Something in the workspace that could not be used, named for the user (file, import, what was wrong). */
export interface WorkspaceProblem {
  /** Workspace-relative file. */
  file: string;
  /** The import the file belongs to, when it is one of an import's files. */
  importId?: string;
  message: string;
}

/** A manifest read from the store, with the bytes it was read from (null: none yet) and what was wrong on the way. */
export interface ManifestRead {
  manifest: WorkspaceManifest;
  bytes: Uint8Array | null;
  problems: WorkspaceProblem[];
}

function parseNamed(bytes: Uint8Array, file: string): WorkspaceManifest {
  try {
    return parseManifest(bytes);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

/**
 * Read manifest.json; when it is damaged, open the previous manifest (manifest.json.bak) and say so.
 * Both damaged is an error naming both files.
 */
export async function readManifest(store: WorkspaceStore): Promise<ManifestRead> {
  const bytes = await store.readFile(manifestPath);
  if (!bytes) return { manifest: { formatVersion: 1, imports: [] }, bytes: null, problems: [] };
  try {
    return { manifest: parseNamed(bytes, manifestPath), bytes, problems: [] };
  } catch (error) {
    const message = (error as Error).message;
    const backup = await store.readFile(manifestBackupPath);
    if (!backup) throw new Error(`${message}; no ${manifestBackupPath} to fall back on`);
    try {
      const manifest = parseNamed(backup, manifestBackupPath);
      return { manifest, bytes: backup, problems: [{ file: manifestPath, message: `${message}; opened the previous manifest (${manifestBackupPath}) instead` }] };
    } catch (backupError) {
      throw new Error(`${message}; ${(backupError as Error).message}`);
    }
  }
}

/** Write a new manifest, keeping the one it replaces as manifest.json.bak (both writes atomic). */
export async function writeManifest(store: WorkspaceStore, next: WorkspaceManifest, previous: Uint8Array | null): Promise<void> {
  if (previous) await store.writeFile(manifestBackupPath, previous);
  await store.writeFile(manifestPath, serialiseManifest(next));
}

/**
 * Files under tables/ that no import of the manifest names: left by an import that was killed before
 * its manifest was written. Only safe to remove while holding the writer lock.
 */
export async function orphanTableFiles(store: WorkspaceStore, manifest: WorkspaceManifest): Promise<string[]> {
  const named = new Set(manifest.imports.flatMap((record) => importFiles(record).map(([, path]) => path)));
  return (await store.listFiles('tables')).filter((path) => !named.has(path));
}
