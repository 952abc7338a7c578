import type { EngineReply, EngineRequest, EngineTransport } from '../engine/engineProtocol.ts';
import type { WatchFileStatus, WatchImportResult } from '../watch/watchPolicy.ts';

/**
 * What the renderer may ask of the world outside the page. Two implementations: the Electron
 * preload (typed IPC, validated in main) and the browser (file inputs, OPFS, downloads).
 */

/** A file the user chose or dropped; `token` lets the host read it later without exposing paths. */
export interface PickedFile {
  token: string;
  name: string;
  size: number;
}

/** Filters for the Open dialog. */
export interface OpenFilesOptions {
  title: string;
  filters: { name: string; extensions: string[] }[];
}

/** Result of saving an export. */
export interface SaveResult {
  saved: boolean;
  location?: string;
}

/** The workspace folder: Parquet files plus a manifest, written atomically. */
export interface WorkspaceStore {
  /** Human-readable location (a folder path, or "browser storage"). */
  describe(): Promise<string>;
  /** Read a file by workspace-relative path (forward slashes), or null when it does not exist. */
  readFile(relativePath: string): Promise<Uint8Array | null>;
  /** Write a file atomically (temporary name, then rename). */
  writeFile(relativePath: string, bytes: Uint8Array): Promise<void>;
  /** Delete a file; missing files are ignored. */
  removeFile(relativePath: string): Promise<void>;
  /** List workspace-relative paths under a folder. */
  listFiles(folder: string): Promise<string[]>;
  /**
   * Take the workspace's writer lock across processes (where several can write the folder: a CLI,
   * `watch`, the app); resolves with its release. Stores with one writer (the browser's) omit it.
   */
  lock?(waitMs?: number): Promise<() => Promise<void>>;
}

/** One file of a watched folder as the renderer sees it (no absolute path). */
export interface WatchFolderFileState {
  /** Path below the watched folder, forward slashes. */
  name: string;
  size: number;
  /** `removed` is only ever sent in events, when the file was deleted. */
  status: WatchFileStatus | 'removed';
  /** Why the import failed, for `failed`. */
  error?: string;
  /** For `ready`: the token to import the file with (readFileChunk), then to report the outcome. */
  picked?: PickedFile;
  /** For `ready`: an STDF file that never got its MRR within the limit; import what is there, marked partial. */
  final?: boolean;
  /** For `ready`: the id of this file's earlier partial import, which this import replaces (the file grew). */
  replaces?: string;
}

/** A watched folder and its files. */
export interface WatchFolderState {
  id: string;
  /** The folder's location, for display. */
  location: string;
  files: WatchFolderFileState[];
}

/** A change of one file of a watched folder, pushed by the host. */
export interface WatchFolderFileEvent {
  folderId: string;
  file: WatchFolderFileState;
}

/**
 * Watch folders (desktop only): the host watches the folders and says when a file is complete;
 * the renderer imports it through its token and reports the outcome, so a failed file is retried
 * only after it changes.
 */
export interface WatchFoldersApi {
  /** Ask the user for a folder and start watching it; null when cancelled. */
  add(): Promise<WatchFolderState | null>;
  /** Stop watching a folder. */
  remove(folderId: string): Promise<void>;
  /** The watched folders with their files. */
  list(): Promise<WatchFolderState[]>;
  /** Report what importing a `ready` file (by its token) gave. */
  reportOutcome(token: string, outcome: WatchImportResult): Promise<void>;
  /** Run `listener` on every file change; returns an unsubscribe function. */
  onFileEvent(listener: (event: WatchFolderFileEvent) => void): () => void;
}

/** Everything outside the page the renderer uses. */
export interface HostApi {
  readonly kind: 'electron' | 'browser';
  /** Show the Open dialog; resolves to the chosen files (empty when cancelled). */
  openFiles(options: OpenFilesOptions): Promise<PickedFile[]>;
  /** Read a picked file's bytes in chunks of at most `chunkSize` starting at `offset`. */
  readFileChunk(token: string, offset: number, chunkSize: number): Promise<Uint8Array>;
  /** The import of a picked file has ended: the host forgets its token (reading it again fails). */
  releaseFile(token: string): Promise<void>;
  /** The workspace store. */
  readonly workspace: WorkspaceStore;
  /** Save an export (PDF, XLSX, CSV, PNG) where the user chooses. */
  saveExport(suggestedName: string, bytes: Uint8Array, mimeType: string): Promise<SaveResult>;
  /** Show a desktop notification. */
  notify(title: string, body: string): Promise<void>;
  /** Watch folders; absent in the browser (use `yield-monitor watch` there). */
  readonly watchFolders?: WatchFoldersApi;
  /**
   * Render self-contained HTML (no scripts run, nothing fetched) to an A4 PDF; absent in the
   * browser, where reports use window.print().
   */
  printToPdf?(html: string): Promise<Uint8Array>;
  /**
   * A channel to the host's own engine (native DuckDB holding the workspace open, spoken to with
   * shared/engine/engineProtocol.ts): present in the served mode and the desktop app; absent in the
   * browser build, whose engine (duckdb-wasm) runs in the page.
   */
  connectEngine?(): Promise<EngineTransport<EngineRequest, EngineReply>>;
  /**
   * Ask the user for another workspace folder and reopen the app on it (remembered across restarts);
   * resolves to the folder, or null when cancelled. Desktop only: absent in the browser and served builds.
   */
  openWorkspaceFolder?(): Promise<string | null>;
  /**
   * Whether the workspace takes writes (imports, removals): false for a served workspace without
   * --allow-import, so the page turns those controls off and says why (issue #13). Absent: writable.
   */
  workspaceWritable?(): Promise<boolean>;
  /**
   * The workspace is a folder the user named (the served mode's --workspace): empty, it opens empty and
   * offers the sample instead of loading it. The desktop marks a folder chosen in the app in its manifest.
   */
  readonly namedWorkspace?: boolean;
}
