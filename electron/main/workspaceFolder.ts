/** The workspace folder the user last opened from the app, kept in a small JSON file in userData. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

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
