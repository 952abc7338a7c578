import { appendFile, mkdir, mkdtemp, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WatchFolderService, type WatchedFolderFile, type WatchFolderEvent } from '../../node/watch/watchFolders.ts';

const stableMs = 300;
let folder = '';
let service: WatchFolderService | null = null;

const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the watcher');
    await sleep(25);
  }
}

function startService(options: { usePolling?: boolean; stableMs?: number } = {}): { ready: WatchedFolderFile[]; events: WatchFolderEvent[]; service: WatchFolderService } {
  const ready: WatchedFolderFile[] = [];
  const events: WatchFolderEvent[] = [];
  service = new WatchFolderService({ stableMs: options.stableMs ?? stableMs, pollIntervalMs: 50, usePolling: options.usePolling, onReady: (file) => ready.push(file), onEvent: (event) => events.push(event) });
  return { ready, events, service };
}

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'ym-watch-'));
});
afterEach(async () => {
  await service?.close();
  service = null;
  await rm(folder, { recursive: true, force: true });
});

describe('WatchFolderService', () => {
  it.each([false, true])('hands out a file growing in chunks once, at its final size (polling %s)', async (usePolling) => {
    // A generous stable time: the 100 ms gaps between chunks may stretch on a loaded machine.
    const chunkStableMs = 1000;
    const { ready, service } = startService({ usePolling, stableMs: chunkStableMs });
    await service.addFolder(folder);
    const target = path.join(folder, 'lot1.csv');
    const chunk = 'lot,wafer,x,y,hard_bin\n'.padEnd(1000, '#');
    const chunkTimes: number[] = [];
    for (let index = 0; index < 5; index++) {
      await appendFile(target, chunk);
      chunkTimes.push(Date.now());
      await sleep(100);
      expect(ready).toEqual([]);
    }
    await waitFor(() => ready.length > 0);
    const readyAt = Date.now();
    expect(ready).toHaveLength(1);
    expect(ready[0]).toMatchObject({ path: target, folder, size: 5000, status: 'ready' });
    expect(readyAt - chunkTimes[4]!).toBeGreaterThanOrEqual(chunkStableMs);
    service.settle(ready[0]!.key, { kind: 'imported' });
    await sleep(chunkStableMs * 2);
    expect(ready).toHaveLength(1);
    expect(service.snapshot(folder).map((file) => file.status)).toEqual(['imported']);
  });

  it('imports files already present at start, skips other names, and waits in subfolders too', async () => {
    await mkdir(path.join(folder, 'lot2'));
    await writeFile(path.join(folder, 'a.stdf'), 'x');
    await writeFile(path.join(folder, 'lot2', 'b.csv.gz'), 'y');
    await writeFile(path.join(folder, 'notes.xlsx'), 'z');
    await writeFile(path.join(folder, '.hidden.csv'), 'z');
    const { ready, service } = startService();
    await service.addFolder(folder);
    const idle = service.whenIdle();
    await waitFor(() => ready.length === 2);
    for (const file of ready) service.settle(file.key, { kind: 'imported' });
    await idle;
    expect(ready.map((file) => path.relative(folder, file.path)).sort()).toEqual(['a.stdf', path.join('lot2', 'b.csv.gz')]);
  });

  it('retries a failed file only after it changes', async () => {
    const { ready, events, service } = startService();
    const target = path.join(folder, 'bad.csv');
    await writeFile(target, 'lot,wafer\n?');
    await service.addFolder(folder);
    await waitFor(() => ready.length === 1);
    service.settle(ready[0]!.key, { kind: 'failed', error: 'bad.csv: line 2' });
    expect(service.snapshot()[0]).toMatchObject({ status: 'failed', error: 'bad.csv: line 2' });
    await sleep(stableMs * 3);
    expect(ready).toHaveLength(1);
    await appendFile(target, '\n');
    await waitFor(() => ready.length === 2);
    expect(ready[1]!.size).toBe(ready[0]!.size + 1);
    expect(events.some((event) => event.kind === 'state' && event.file.status === 'failed')).toBe(true);
  });

  it('offers a touched file again (the workspace then reports the duplicate) and reports deletions', async () => {
    const { ready, events, service } = startService();
    const target = path.join(folder, 'a.csv');
    await writeFile(target, 'same bytes');
    await service.addFolder(folder);
    await waitFor(() => ready.length === 1);
    service.settle(ready[0]!.key, { kind: 'imported' });
    const later = new Date(Date.now() + 60_000);
    await utimes(target, later, later);
    await waitFor(() => ready.length === 2);
    service.settle(ready[1]!.key, { kind: 'duplicate' });
    expect(service.snapshot()[0]?.status).toBe('duplicate');
    await unlink(target);
    await waitFor(() => events.some((event) => event.kind === 'removed'));
    expect(service.snapshot()).toEqual([]);
  });

  it('stops reporting a folder once it is removed', async () => {
    const { ready, service } = startService();
    await service.addFolder(folder);
    expect(service.folders()).toEqual([folder]);
    await service.removeFolder(folder);
    await writeFile(path.join(folder, 'late.csv'), 'x');
    await sleep(stableMs * 3);
    expect(ready).toEqual([]);
    expect(service.folders()).toEqual([]);
  });

  it('refuses a path that is not a folder', async () => {
    const { service } = startService();
    const plainFile = path.join(folder, 'a.csv');
    await writeFile(plainFile, 'x');
    await expect(service.addFolder(plainFile)).rejects.toThrow(/not a folder/);
    await expect(service.addFolder(path.join(folder, 'missing'))).rejects.toThrow();
  });
});
