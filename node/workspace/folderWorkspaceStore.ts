import type { WorkspaceStore } from '../../shared/host/hostApi.ts';
import { mkdir } from 'node:fs/promises';
import { acquireWorkspaceLock } from './workspaceLock.ts';
import { listWorkspaceFiles, readWorkspaceFile, removeWorkspaceFile, writeFileAtomic } from './workspaceFiles.ts';

/** A workspace folder on disk, with the same atomic writes and path checks as the desktop app. */
export class FolderWorkspaceStore implements WorkspaceStore {
  constructor(private readonly root: string) {}
  async describe(): Promise<string> { return this.root; }
  readFile(relativePath: string): Promise<Uint8Array | null> { return readWorkspaceFile(this.root, relativePath); }
  writeFile(relativePath: string, bytes: Uint8Array): Promise<void> { return writeFileAtomic(this.root, relativePath, bytes); }
  removeFile(relativePath: string): Promise<void> { return removeWorkspaceFile(this.root, relativePath); }
  listFiles(folder: string): Promise<string[]> { return listWorkspaceFiles(this.root, folder); }
  async lock(waitMs?: number): Promise<() => Promise<void>> {
    await mkdir(this.root, { recursive: true });
    return acquireWorkspaceLock(this.root, waitMs);
  }
}
