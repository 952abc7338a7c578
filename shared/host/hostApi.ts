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
}

/** Everything outside the page the renderer uses. */
export interface HostApi {
  readonly kind: 'electron' | 'browser';
  /** Show the Open dialog; resolves to the chosen files (empty when cancelled). */
  openFiles(options: OpenFilesOptions): Promise<PickedFile[]>;
  /** Read a picked file's bytes in chunks of at most `chunkSize` starting at `offset`. */
  readFileChunk(token: string, offset: number, chunkSize: number): Promise<Uint8Array>;
  /** The workspace store. */
  readonly workspace: WorkspaceStore;
  /** Save an export (PDF, XLSX, CSV, PNG) where the user chooses. */
  saveExport(suggestedName: string, bytes: Uint8Array, mimeType: string): Promise<SaveResult>;
  /** Show a desktop notification. */
  notify(title: string, body: string): Promise<void>;
}
