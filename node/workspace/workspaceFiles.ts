/**
 * The workspace folder on disk: path validation that keeps every workspace-relative path inside
 * the root, and atomic writes (temporary file in the same folder, fsync, then rename) so a crash
 * mid-write leaves the previous version intact. Symbolic links inside the workspace are never
 * followed (the root itself may be one): a link planted in the folder must not let a read, write,
 * removal or listing reach files elsewhere. Plain Node; no Electron import, so Vitest runs it.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Thrown when a workspace-relative path is malformed or would leave the workspace root. */
export class WorkspacePathError extends Error {
  override name = 'WorkspacePathError';
}

/** Suffix of in-flight temporary files; listings skip them and they never replace real files. */
export const temporaryFileSuffix = '.ym-tmp';

/** True for names produced by writeFileAtomic's temporary files. */
export function isTemporaryFileName(fileName: string): boolean {
  return fileName.startsWith('.') && fileName.endsWith(temporaryFileSuffix);
}

/**
 * Resolve a workspace-relative path (forward slashes) to an absolute path inside `workspaceRoot`.
 * Rejects NUL, backslashes, absolute and drive paths, and any empty, '.' or '..' segment.
 * An empty path means the root itself and is accepted only when `allowRoot` is true.
 */
export function resolveWorkspacePath(workspaceRoot: string, relativePath: string, allowRoot = false): string {
  if (relativePath.includes('\0')) throw new WorkspacePathError('path contains a NUL character');
  if (relativePath.includes('\\')) throw new WorkspacePathError('use forward slashes in workspace paths');
  if (relativePath.startsWith('/') || /^[A-Za-z]:/.test(relativePath)) {
    throw new WorkspacePathError(`absolute paths are not allowed: ${relativePath}`);
  }
  const trimmed = relativePath.endsWith('/') ? relativePath.slice(0, -1) : relativePath;
  if (trimmed === '') {
    if (allowRoot) return path.resolve(workspaceRoot);
    throw new WorkspacePathError('empty workspace path');
  }
  const segments = trimmed.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new WorkspacePathError(`invalid path segment in ${relativePath}`);
    }
  }
  const root = path.resolve(workspaceRoot);
  const absolute = path.resolve(root, ...segments);
  const fromRoot = path.relative(root, absolute);
  const leavesRoot = fromRoot === '..' || fromRoot.startsWith(`..${path.sep}`);
  if (fromRoot === '' || leavesRoot || path.isAbsolute(fromRoot)) {
    throw new WorkspacePathError(`path escapes the workspace: ${relativePath}`);
  }
  return absolute;
}

/**
 * Refuse `absolutePath` (inside `workspaceRoot`, from resolveWorkspacePath) when any existing
 * folder or file between the root and it is a symbolic link. Parts that do not exist yet pass.
 */
export async function refuseSymbolicLinks(workspaceRoot: string, absolutePath: string): Promise<void> {
  const root = path.resolve(workspaceRoot);
  const segments = path.relative(root, absolutePath).split(path.sep).filter((segment) => segment !== '');
  let current = root;
  for (const segment of segments) {
    current = path.join(current, segment);
    let details;
    try {
      details = await lstat(current);
    } catch (error) {
      if (isMissingFileError(error) || isNotFolderError(error)) return;
      throw error;
    }
    if (details.isSymbolicLink()) {
      throw new WorkspacePathError(`symbolic links are not followed in the workspace: ${path.relative(root, current).split(path.sep).join('/')}`);
    }
  }
}

/** Resolve a workspace-relative path and refuse it when it goes through a symbolic link. */
async function resolveWithoutLinks(workspaceRoot: string, relativePath: string, allowRoot = false): Promise<string> {
  const absolutePath = resolveWorkspacePath(workspaceRoot, relativePath, allowRoot);
  await refuseSymbolicLinks(workspaceRoot, absolutePath);
  return absolutePath;
}

/** Open flags for reading a file without following a link at its own name (O_NOFOLLOW is POSIX-only). */
const readWithoutFollowing = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/** The rename step, injectable so tests can simulate a crash between write and rename. */
export type RenameFile = (fromPath: string, toPath: string) => Promise<void>;

/**
 * Write `bytes` to `relativePath` atomically: write and fsync a temporary file in the same folder,
 * then rename it over the target. If anything fails the temporary file is removed and the
 * previous file (if any) is untouched.
 */
export async function writeFileAtomic(
  workspaceRoot: string,
  relativePath: string,
  bytes: Uint8Array,
  renameFile: RenameFile = rename,
): Promise<void> {
  const targetPath = await resolveWithoutLinks(workspaceRoot, relativePath);
  const folder = path.dirname(targetPath);
  await mkdir(folder, { recursive: true });
  // Checked again once the folders exist: a link created meanwhile must not receive the file.
  await refuseSymbolicLinks(workspaceRoot, targetPath);
  const temporaryName = `.${path.basename(targetPath)}.${randomBytes(6).toString('hex')}${temporaryFileSuffix}`;
  const temporaryPath = path.join(folder, temporaryName);
  try {
    const handle = await open(temporaryPath, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameFile(temporaryPath, targetPath);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
}

/** Read a workspace file, or null when it does not exist. */
export async function readWorkspaceFile(workspaceRoot: string, relativePath: string): Promise<Uint8Array | null> {
  const absolutePath = await resolveWithoutLinks(workspaceRoot, relativePath);
  let handle;
  try {
    handle = await open(absolutePath, readWithoutFollowing);
  } catch (error) {
    if (isMissingFileError(error)) return null;
    if (isLinkRefusedError(error)) throw new WorkspacePathError(`symbolic links are not followed in the workspace: ${relativePath}`);
    throw error;
  }
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Delete a workspace file; a missing file is not an error. */
export async function removeWorkspaceFile(workspaceRoot: string, relativePath: string): Promise<void> {
  // rm removes a link itself, never its target; the check refuses links in the folders above.
  await rm(await resolveWithoutLinks(workspaceRoot, relativePath), { force: true });
}

/**
 * List workspace-relative paths (forward slashes, sorted) of all files under `folder`
 * ('' for the whole workspace), skipping temporary files. A missing folder lists as empty.
 * Links are neither listed nor descended into (readdir's recursion does not follow them, and
 * only regular files are kept).
 */
export async function listWorkspaceFiles(workspaceRoot: string, folder: string): Promise<string[]> {
  const root = path.resolve(workspaceRoot);
  const start = await resolveWithoutLinks(root, folder, true);
  const found: string[] = [];
  let entries;
  try {
    entries = await readdir(start, { recursive: true, withFileTypes: true });
  } catch (error) {
    if (isMissingFileError(error) || isNotFolderError(error)) return [];
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isFile() || isTemporaryFileName(entry.name)) continue;
    const absolutePath = path.join(entry.parentPath, entry.name);
    found.push(path.relative(root, absolutePath).split(path.sep).join('/'));
  }
  return found.sort();
}

function isMissingFileError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/** ELOOP is what open(O_NOFOLLOW) gives for a link (EMLINK on FreeBSD). */
function isLinkRefusedError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ELOOP' || error.code === 'EMLINK');
}

function isNotFolderError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOTDIR';
}
