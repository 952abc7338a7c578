/**
 * The watch-folder service: chokidar watches folders (native events, polling where those are not
 * available), every new or changed test-data file is stat'ed until the shared WatchPolicy says it
 * has stopped changing; an STDF file must also have its MRR (else it waits, see WatchPolicy), and
 * complete files are handed to `onReady` once. Plain Node, no Electron import: the desktop main
 * process and `yield-monitor watch` both use it.
 */
import { watch, type FSWatcher } from 'chokidar';
import type { Stats } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { classifyHeadBytes, classifyImportFile } from '../../shared/import/importableFile.ts';
import { stdfCompleteness } from '../../shared/import/stdfCompleteness.ts';
import type { Bzip2Decoder } from '../../shared/stdf/decompress.ts';
import { isImportableFileName, WatchPolicy, type FileObservation, type WatchedFile, type WatchImportResult } from '../../shared/watch/watchPolicy.ts';

/** A file's state together with the watched folder it was found in. */
export interface WatchedFolderFile extends WatchedFile {
  folder: string;
}

/** What the service reports: a file's new state, or that a file went away. */
export type WatchFolderEvent = { kind: 'state'; file: WatchedFolderFile } | { kind: 'removed'; folder: string; path: string };

/** Settings and callbacks of a service. */
export interface WatchFolderServiceOptions {
  /** Milliseconds a file must stay unchanged before it is complete (default 2000). */
  stableMs?: number;
  /** Milliseconds an STDF file without its MRR is waited for after its last change, then handed out `final` (default 10 min). */
  incompleteLimitMs?: number;
  /** Decodes bzip2, so a compressed STDF file's MRR can be looked for (without it the stable time decides). */
  bzip2?: Bzip2Decoder;
  /** How often settling files are stat'ed again (default a quarter of the stable time, 50..500 ms). */
  pollIntervalMs?: number;
  /** Poll the folders instead of native file events from the start (network shares). */
  usePolling?: boolean;
  /** Keys of file versions imported earlier (see WatchPolicy). */
  completedKeys?: Iterable<string>;
  /** Called once for each complete file version; the callee imports it and calls settle(). */
  onReady(file: WatchedFolderFile): void;
  /** Called on every change of a file's state. */
  onEvent?(event: WatchFolderEvent): void;
  /** Called when a folder cannot be watched or stat'ed (the service keeps running). */
  onError?(folder: string, error: Error): void;
  /** The clock (tests may pass a fake one). */
  now?: () => number;
}

/** Errors after which native watching is given up for polling (inotify or descriptor limits). */
const fallbackErrorCodes: ReadonlySet<string> = new Set(['ENOSPC', 'EMFILE', 'ENFILE', 'EPERM', 'EACCES']);

/** Folders deeper than this below a watched folder are not watched. */
const maximumFolderDepth = 16;

/** Watches folders and reports complete files; see the module comment. */
export class WatchFolderService {
  private readonly policy: WatchPolicy;
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly folderOfPath = new Map<string, string>();
  private readonly scanning = new Set<string>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout;
  private polling = false;

  constructor(private readonly options: WatchFolderServiceOptions) {
    this.policy = new WatchPolicy({ stableMs: options.stableMs, incompleteLimitMs: options.incompleteLimitMs, completedKeys: options.completedKeys });
    this.now = options.now ?? Date.now;
    const interval = options.pollIntervalMs ?? Math.min(500, Math.max(50, this.policy.stableMs / 4));
    this.timer = setInterval(() => void this.poll(), interval);
  }

  /** The watched folders (absolute paths). */
  folders(): string[] {
    return [...this.watchers.keys()].sort();
  }

  /** Start watching `folder`; resolves once its files present now have been seen. */
  async addFolder(folder: string): Promise<void> {
    const absolute = path.resolve(folder);
    if (this.watchers.has(absolute)) return;
    const details = await stat(absolute);
    if (!details.isDirectory()) throw new Error(`not a folder: ${absolute}`);
    await this.startWatcher(absolute, this.options.usePolling ?? false);
  }

  /** Stop watching `folder` and forget its files' states. */
  async removeFolder(folder: string): Promise<void> {
    const absolute = path.resolve(folder);
    const watcher = this.watchers.get(absolute);
    this.watchers.delete(absolute);
    this.scanning.delete(absolute);
    await watcher?.close();
    for (const [filePath, owner] of this.folderOfPath) {
      if (owner !== absolute) continue;
      this.folderOfPath.delete(filePath);
      this.policy.remove(filePath);
    }
    this.wakeIdleWaiters();
  }

  /** Record the import outcome of the file version `key` that onReady handed out. */
  settle(key: string, result: WatchImportResult): void {
    const file = this.policy.settle(key, result);
    if (file) this.emitState(file);
    this.wakeIdleWaiters();
  }

  /** Every tracked file, optionally of one folder only. */
  snapshot(folder?: string): WatchedFolderFile[] {
    const files = this.policy.snapshot().map((file) => this.withFolder(file));
    return folder === undefined ? files : files.filter((file) => file.folder === path.resolve(folder));
  }

  /** Keys of every file version imported so far (to remember across restarts). */
  completedKeys(): string[] {
    return this.policy.completedKeys();
  }

  /** Resolves when every folder has been scanned and no file is settling or being imported. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wakeIdleWaiters();
    });
  }

  /** Stop every watcher and the poll timer. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const watchers = [...this.watchers.values()];
    this.watchers.clear();
    await Promise.all(watchers.map((watcher) => watcher.close()));
  }

  private async startWatcher(folder: string, usePolling: boolean): Promise<void> {
    const watcher = watch(folder, {
      ignoreInitial: false,
      alwaysStat: true,
      usePolling,
      interval: 1000,
      depth: maximumFolderDepth,
      ignorePermissionErrors: true,
      // Directories must pass so their files are seen; the policy filters file names again.
      ignored: (candidate: string, details?: Stats) => details?.isFile() === true && !isImportableFileName(candidate),
    });
    this.watchers.set(folder, watcher);
    this.scanning.add(folder);
    const observed = (filePath: string, details?: Stats): void => void this.observe(folder, filePath, details);
    watcher.on('add', observed).on('change', observed);
    watcher.on('unlink', (filePath) => this.forget(folder, filePath));
    watcher.on('error', (error) => void this.handleWatcherError(folder, watcher, usePolling, error as Error));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    this.scanning.delete(folder);
    this.wakeIdleWaiters();
  }

  /** Native watching failed (e.g. the inotify limit): restart this folder with polling. */
  private async handleWatcherError(folder: string, watcher: FSWatcher, usingPolling: boolean, error: Error): Promise<void> {
    this.options.onError?.(folder, error);
    const code = 'code' in error ? String(error.code) : '';
    if (usingPolling || !fallbackErrorCodes.has(code) || this.watchers.get(folder) !== watcher) return;
    await watcher.close();
    await this.startWatcher(folder, true);
  }

  private async observe(folder: string, filePath: string, details?: Stats): Promise<void> {
    if (!this.watchers.has(folder) || !isImportableFileName(filePath)) return;
    const current = details ?? (await stat(filePath).catch(() => null));
    if (!current?.isFile()) return;
    this.folderOfPath.set(filePath, folder);
    const observation: FileObservation = { path: filePath, size: current.size, mtimeMs: current.mtimeMs };
    const file = this.policy.observe(observation, this.now());
    if (file) this.emitState(file);
  }

  private forget(folder: string, filePath: string): void {
    if (!this.policy.remove(filePath)) return;
    this.folderOfPath.delete(filePath);
    this.options.onEvent?.({ kind: 'removed', folder, path: filePath });
    this.wakeIdleWaiters();
  }

  /** Stat every settling file again (events can be coalesced or missed), then hand out complete ones. */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const filePath of this.policy.settlingPaths()) {
        const details = await stat(filePath).catch(() => null);
        const folder = this.folderOfPath.get(filePath);
        if (folder === undefined) continue;
        if (details?.isFile()) await this.observe(folder, filePath, details);
        else this.forget(folder, filePath);
      }
      for (const file of this.policy.takeReady(this.now())) {
        if (!file.final && !(await this.hasEnded(file.path))) {
          const waiting = this.policy.awaitRest(file.key);
          if (waiting) this.emitState(waiting);
          continue;
        }
        const located = this.withFolder(file);
        this.options.onEvent?.({ kind: 'state', file: located });
        this.options.onReady(located);
      }
      this.wakeIdleWaiters();
    } finally {
      this.polling = false;
    }
  }

  /** False for an STDF file whose MRR has not arrived (other files: true; the stable time decided). */
  private async hasEnded(filePath: string): Promise<boolean> {
    try {
      const handle = await open(filePath, 'r');
      let head: Uint8Array;
      try {
        const buffer = new Uint8Array(classifyHeadBytes);
        head = buffer.subarray(0, (await handle.read(buffer, 0, buffer.length, 0)).bytesRead);
      } finally {
        await handle.close();
      }
      if (classifyImportFile(head).content !== 'stdf') return true;
      return stdfCompleteness(new Uint8Array(await readFile(filePath)), this.options.bzip2).state !== 'incomplete';
    } catch {
      // Unreadable now (gone, locked): the importer reports what is wrong with it.
      return true;
    }
  }

  private wakeIdleWaiters(): void {
    if (this.idleWaiters.length === 0 || this.scanning.size > 0 || !this.policy.isIdle(this.now())) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private emitState(file: WatchedFile): void {
    this.options.onEvent?.({ kind: 'state', file: this.withFolder(file) });
  }

  private withFolder(file: WatchedFile): WatchedFolderFile {
    return { ...file, folder: this.folderOfPath.get(file.path) ?? path.dirname(file.path) };
  }
}
