/**
 * The Node side of the import orchestrator (shared/import/importFile.ts): files on disk as import
 * sources and node:crypto's SHA-256, for the CLI's `import` and `watch`.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { ImportFileSource, ImportTarget } from '../../shared/import/importFile.ts';
import type { Bzip2Decoder } from '../../shared/stdf/decompress.ts';
import type { SqlEngine } from '../../shared/engine/sqlEngine.ts';
import type { Workspace } from '../../shared/workspace/workspace.ts';

/**
 * A file on disk as an import source named `name` (the path as given, by default). It is read whole
 * here, so its size is that of the bytes read even when a writer appends meanwhile.
 */
export async function fileImportSource(path: string, name = path): Promise<ImportFileSource> {
  if (!(await stat(path)).isFile()) throw new Error(`${name}: not a file`);
  const buffer = await readFile(path);
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return { name, size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

/** SHA-256 as lower-case hex. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return createHash('sha256').update(bytes).digest('hex');
}

/** An import target over a Node engine and workspace. */
export function nodeImportTarget(engine: SqlEngine, workspace: Workspace, bzip2?: Bzip2Decoder): ImportTarget {
  return bzip2 ? { engine, workspace, sha256: sha256Hex, bzip2 } : { engine, workspace, sha256: sha256Hex };
}
