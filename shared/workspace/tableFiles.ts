import { quoteIdent, type ParquetCodec, type SqlEngine } from '../engine/sqlEngine.ts';
import type { WorkspaceStore } from '../host/hostApi.ts';

/**
 * How the workspace's Parquet files reach the engine and back. Two ways: the engine reads and writes
 * the files itself (native DuckDB, `read_parquet`/`COPY ... TO`), or the bytes travel through the
 * host's file store and a Parquet codec (duckdb-wasm, which has no Parquet reader offline).
 */
export interface TableFiles {
  /**
   * Append the rows of these workspace-relative Parquet files (one table, in order) to `relation`, created by the
   * caller, through the select list `select` (our own SQL over the file's columns; `*` when omitted), or each
   * file through its own select list (a function of its path).
   */
  append(relation: string, paths: readonly string[], select?: FileSelect): Promise<void>;
  /** Write the rows of a SELECT to a workspace-relative Parquet file, atomically (a reader never sees half a file). */
  write(select: string, path: string): Promise<void>;
}

/** The select list over a file's columns: one for every file, or one per file path. */
export type FileSelect = string | ((path: string) => string);

/** The select list of one file. */
export function fileSelectOf(select: FileSelect, path: string): string {
  return typeof select === 'string' ? select : select(path);
}

/** Files through the host's store and a Parquet codec (duckdb-wasm in the browser and in Node). */
export class CodecTableFiles implements TableFiles {
  constructor(private readonly engine: SqlEngine, private readonly store: WorkspaceStore, private readonly codec: ParquetCodec) {}

  async append(relation: string, paths: readonly string[], select: FileSelect = '*'): Promise<void> {
    for (const path of paths) {
      const parquet = await this.store.readFile(path);
      if (!parquet) throw new Error(`workspace file missing: ${path} (listed in manifest.json)`);
      const loading = `load_${relation}`;
      await this.engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(loading)}`);
      await this.engine.insertArrowIpc(loading, this.codec.decode(parquet));
      await this.engine.exec(`INSERT INTO ${quoteIdent(relation)} BY NAME SELECT ${fileSelectOf(select, path)} FROM ${quoteIdent(loading)}`);
      await this.engine.exec(`DROP TABLE ${quoteIdent(loading)}`);
    }
  }

  async write(select: string, path: string): Promise<void> {
    await this.store.writeFile(path, this.codec.encode(await this.engine.queryIpc(select)));
  }
}

/** Either kind of file access: a codec is wrapped into CodecTableFiles. */
export function tableFilesOf(files: TableFiles | ParquetCodec, engine: SqlEngine, store: WorkspaceStore): TableFiles {
  return 'encode' in files ? new CodecTableFiles(engine, store, files) : files;
}
