/**
 * The watch-folder policy as a pure state machine: it is fed observations of files
 * (path, size, mtime) with the time they were made, and decides when a file is complete
 * (unchanged for `stableMs`), that it is imported once, and that a failed file is retried only
 * after it changes. An STDF file that stopped changing without its MRR is incomplete: it waits
 * (the tester may only have paused) until it changes or `incompleteLimitMs` pass, and is then
 * handed out `final` (to be imported as partial). A file that grows after such a partial import is
 * handed out with `replaces`, the partial import's id, so its dies are not added twice (issue #12 §6).
 * No clock, no file system: the Node service (node/watch/watchFolders.ts) stats files and passes
 * `now`, and tests drive it with made-up observations.
 */

import { isImportableName } from '../import/importableFile.ts';

/** How long a file's size and mtime must stay unchanged before it counts as complete. */
export const defaultStableMs = 2000;

/** How long an STDF file without its MRR is waited for after its last change before it is imported as partial. */
export const defaultIncompleteLimitMs = 10 * 60 * 1000;

/** What a stat of a file said at one moment. */
export interface FileObservation {
  /** Absolute path (or any stable identifier of the file). */
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * Where a file stands: `settling` (still changing, or not stable for long enough yet), `ready`
 * (complete, handed to the importer, outcome pending), then `imported`, `duplicate` (the
 * workspace already held the same content) or `failed` (waits for the file to change).
 */
export type WatchFileStatus = 'settling' | 'ready' | 'imported' | 'duplicate' | 'failed';

/** The policy's view of one file. */
export interface WatchedFile extends FileObservation {
  status: WatchFileStatus;
  /** Identity of this version of the file (path + size + mtime); outcomes are reported against it. */
  key: string;
  /** When the current size and mtime were first seen. */
  unchangedSince: number;
  /** The importer's reason, for `failed`. */
  error?: string;
  /** Stopped changing without its end (an STDF file without MRR): waits until it changes or the limit passes. */
  incomplete?: boolean;
  /** Handed out after the incomplete limit: import what is there, as partial. */
  final?: boolean;
  /** Import id of a partial import of this path that an import of this version replaces. */
  replaces?: string;
}

/**
 * What the importer reports for a file it was given. `imported` may name the import and say it was
 * partial (the file was cut): a later, longer version of the file then replaces that import.
 */
export type WatchImportResult = { kind: 'imported'; importId?: string; partial?: boolean } | { kind: 'duplicate' } | { kind: 'failed'; error: string };

/** Settings of a policy. */
export interface WatchPolicyOptions {
  /** Milliseconds a file must stay unchanged (default 2000). */
  stableMs?: number;
  /** Milliseconds an incomplete file is waited for after its last change (default 10 minutes). */
  incompleteLimitMs?: number;
  /** Keys of file versions imported earlier (e.g. remembered across restarts). */
  completedKeys?: Iterable<string>;
}

/**
 * True when a file name is one the watcher imports: the importers' own name rule (shared/import/importableFile.ts),
 * so the watcher, the app and the CLI take the same files; content then decides what each one is.
 */
export const isImportableFileName = isImportableName;

/** The identity of one version of a file: path, size and mtime. */
export function fileVersionKey(observation: FileObservation): string {
  return `${observation.path}\u0000${observation.size}\u0000${observation.mtimeMs}`;
}

/** The state machine for every file of the watched folders. */
export class WatchPolicy {
  /** Milliseconds a file must stay unchanged. */
  readonly stableMs: number;
  /** Milliseconds an incomplete file is waited for after its last change. */
  readonly incompleteLimitMs: number;
  private readonly files = new Map<string, WatchedFile>();
  /** Path -> the import id of its partial import, replaced when the file grows. */
  private readonly partialImports = new Map<string, string>();
  private readonly completed = new Map<string, 'imported' | 'duplicate'>();
  private readonly failures = new Map<string, string>();

  constructor(options: WatchPolicyOptions = {}) {
    this.stableMs = options.stableMs ?? defaultStableMs;
    if (!Number.isFinite(this.stableMs) || this.stableMs < 0) throw new RangeError(`stable time must be a non-negative number of ms, got ${this.stableMs}`);
    this.incompleteLimitMs = options.incompleteLimitMs ?? defaultIncompleteLimitMs;
    if (!Number.isFinite(this.incompleteLimitMs) || this.incompleteLimitMs < 0) throw new RangeError(`incomplete limit must be a non-negative number of ms, got ${this.incompleteLimitMs}`);
    for (const key of options.completedKeys ?? []) this.completed.set(key, 'imported');
  }

  /**
   * Record what a stat said at `now`. Returns the file's new state when it changed, else null
   * (also null for names the watcher does not import). A version already imported or failed
   * takes that status again at once; any other change restarts the stable-time wait.
   */
  observe(observation: FileObservation, now: number): WatchedFile | null {
    if (!isImportableFileName(observation.path)) return null;
    const key = fileVersionKey(observation);
    const current = this.files.get(observation.path);
    if (current && current.key === key) return null;
    const next: WatchedFile = { ...observation, key, status: 'settling', unchangedSince: now };
    const partialImport = this.partialImports.get(observation.path);
    if (partialImport !== undefined) next.replaces = partialImport;
    const completedAs = this.completed.get(key);
    const failure = this.failures.get(key);
    if (completedAs) next.status = completedAs;
    else if (failure !== undefined) Object.assign(next, { status: 'failed', error: failure });
    this.files.set(observation.path, next);
    return { ...next };
  }

  /** Forget a file that was deleted (what was imported stays remembered by its key). */
  remove(path: string): boolean {
    return this.files.delete(path);
  }

  /**
   * Files that have been unchanged for the stable time at `now` and are not empty: they become
   * `ready` and are returned once, for the caller to import. An incomplete file is returned once it
   * has been unchanged for the incomplete limit, `final`.
   */
  takeReady(now: number): WatchedFile[] {
    const ready: WatchedFile[] = [];
    for (const file of this.files.values()) {
      if (file.status !== 'settling' || file.size === 0) continue;
      if (now - file.unchangedSince < (file.incomplete ? this.incompleteLimitMs : this.stableMs)) continue;
      file.status = 'ready';
      if (file.incomplete) file.final = true;
      ready.push({ ...file });
    }
    return ready;
  }

  /**
   * The caller found the ready version `key` incomplete (no MRR yet): it goes back to settling and
   * is handed out again when it changes, or `final` once the incomplete limit has passed.
   */
  awaitRest(key: string): WatchedFile | null {
    for (const file of this.files.values()) {
      if (file.key !== key || file.status !== 'ready') continue;
      file.status = 'settling';
      file.incomplete = true;
      return { ...file };
    }
    return null;
  }

  /**
   * Record the importer's result for the file version `key`. The version is remembered (so it is
   * never imported again, or, when failed, retried only once the file changes). Returns the
   * file's new state, or null when the file has changed or gone since it was handed out.
   */
  settle(key: string, result: WatchImportResult): WatchedFile | null {
    if (result.kind === 'failed') this.failures.set(key, result.error);
    else this.completed.set(key, result.kind);
    for (const file of this.files.values()) {
      if (file.key !== key || file.status !== 'ready') continue;
      if (result.kind === 'imported' && result.partial && result.importId !== undefined) this.partialImports.set(file.path, result.importId);
      else if (result.kind === 'imported') this.partialImports.delete(file.path);
      file.status = result.kind;
      if (result.kind === 'failed') file.error = result.error;
      return { ...file };
    }
    return null;
  }

  /** The state of one file, or undefined when it is not tracked. */
  get(path: string): WatchedFile | undefined {
    const file = this.files.get(path);
    return file ? { ...file } : undefined;
  }

  /** Every tracked file, sorted by path. */
  snapshot(): WatchedFile[] {
    return [...this.files.values()].map((file) => ({ ...file })).sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
  }

  /** Paths still settling, which the caller should stat again before the next takeReady. */
  settlingPaths(): string[] {
    return [...this.files.values()].filter((file) => file.status === 'settling').map((file) => file.path);
  }

  /**
   * True at `now` when no file is settling or waiting for its import outcome. An empty file that
   * has stayed empty for the stable time does not count: it may never be written.
   */
  isIdle(now: number): boolean {
    for (const file of this.files.values()) {
      if (file.status === 'ready') return false;
      const emptyAndStable = file.size === 0 && now - file.unchangedSince >= this.stableMs;
      if (file.status === 'settling' && !emptyAndStable) return false;
    }
    return true;
  }

  /** Keys of every version imported or found duplicate, to remember across restarts. */
  completedKeys(): string[] {
    return [...this.completed.keys()];
  }
}
