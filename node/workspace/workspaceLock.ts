import { open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** What a lock file says about its holder. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/** Name of the writer lock inside the workspace folder. */
export const lockFileName = 'workspace.lock';

/** How long a lock may be held before another writer takes it over anyway (a hung writer, another host). */
const staleAfterMs = 10 * 60_000;

/**
 * True when the holder cannot still be writing: a process of this host that no longer exists, or a
 * lock older than ten minutes (another host's process cannot be checked).
 */
export function isStale(holder: LockHolder, now = Date.now()): boolean {
  if (holder.host === os.hostname()) {
    try {
      process.kill(holder.pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
    }
  }
  const since = Date.parse(holder.since);
  return !Number.isFinite(since) || now - since > staleAfterMs;
}

async function readHolder(file: string): Promise<LockHolder | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

/**
 * Take the workspace's writer lock (a file created exclusively, holding PID, host and time), waiting
 * for another writer to finish; a stale lock (dead process, or held past ten minutes) is taken over.
 * Returns the release function. Two processes committing imports to one folder (two CLIs, the app
 * and `watch`, a cron job) then write the manifest one after the other instead of overwriting.
 */
export async function acquireWorkspaceLock(root: string, timeoutMs = 15 * 60_000): Promise<() => Promise<void>> {
  const file = path.join(root, lockFileName);
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx');
      const holder: LockHolder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
      await handle.writeFile(JSON.stringify(holder));
      await handle.sync();
      await handle.close();
      return async () => {
        const current = await readHolder(file);
        if (current && current.pid === holder.pid && current.host === holder.host && current.since === holder.since) await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error(`workspace folder missing: ${root}`);
      }
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(file);
    // A lock file being written this instant has no content yet: not stale, try again shortly.
    if (holder && isStale(holder)) {
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`workspace ${root} is locked by ${holder ? `process ${holder.pid} on ${holder.host} since ${holder.since}` : 'another writer'}; gave up after ${Math.round(timeoutMs / 1000)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** Math.min(attempt, 4), 500)));
  }
}
