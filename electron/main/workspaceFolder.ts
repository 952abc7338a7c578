/** The workspace folder the user last opened from the app, kept in a small JSON file in userData. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { emptyManifest, manifestPath } from '../../shared/workspace/manifest.ts';
import { isLakeFolder } from '../../node/lake/lakeLayout.ts';

/** The remembered folder, or null when none was saved, the file is damaged or the folder is gone. */
export function savedWorkspaceFolder(settingsFile: string): string | null {
  try {
    const saved = JSON.parse(readFileSync(settingsFile, 'utf8')) as { folder?: unknown };
    return typeof saved.folder === 'string' && path.isAbsolute(saved.folder) && existsSync(saved.folder) ? saved.folder : null;
  } catch {
    return null;
  }
}

/** Remember `folder` as the workspace to open at the next start. */
export function saveWorkspaceFolder(settingsFile: string, folder: string): void {
  writeFileSync(settingsFile, `${JSON.stringify({ folder })}\n`);
}

/**
 * Prepare a folder the user chose as a workspace: one without a manifest is a new workspace, and gets an
 * empty manifest marked `sampleRemoved`, so it opens empty and offers the sample fab as an action instead
 * of filling the user's folder with demo data on first open (issue #13). A workspace already there is left
 * as it is. Returns whether the folder was new.
 */
export function prepareChosenWorkspace(folder: string): boolean {
  // A published lake opens read-only as a fab workspace (issue #17 §1): nothing is written into it.
  if (isLakeFolder(folder)) return false;
  const manifestFile = path.join(folder, manifestPath);
  if (existsSync(manifestFile)) return false;
  writeFileSync(manifestFile, `${JSON.stringify({ ...emptyManifest(), sampleRemoved: true }, null, 1)}\n`, { flag: 'wx' });
  return true;
}

/**
 * Where the app keeps its own files for a workspace folder (SPC chart definitions and the alert audit
 * log, saved queries, screening limits and scenarios): the folder itself, except a published lake,
 * which the app never writes into (it may be shared with a whole fab): a folder of its own under
 * `userData`, one per lake path, so each lake keeps its charts and alerts from one start to the next.
 */
export function appStateFolder(folder: string, userData: string): string {
  if (!isLakeFolder(folder)) return folder;
  const key = createHash('sha256').update(path.resolve(folder)).digest('hex').slice(0, 16);
  return path.join(userData, 'lake-state', key);
}
