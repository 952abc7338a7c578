import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { quoteIdent, quoteLiteral, type SqlEngine } from '../../shared/engine/sqlEngine.ts';
import { fileSelectOf, type FileSelect, type TableFiles } from '../../shared/workspace/tableFiles.ts';
import { refuseSymbolicLinks, resolveWorkspacePath, temporaryFileSuffix } from './workspaceFiles.ts';

/**
 * Workspace Parquet files read and written by native DuckDB itself: `read_parquet` over the files
 * in place, `COPY ... TO` with zstd, no bytes through JavaScript. File names cannot be bound as
 * parameters in DuckDB's table functions and COPY, so the workspace paths (validated to stay inside
 * the root) are quoted as literals.
 */
export class NativeTableFiles implements TableFiles {
  constructor(private readonly engine: SqlEngine, private readonly root: string) {}

  async append(relation: string, paths: readonly string[], select: FileSelect = '*'): Promise<void> {
    const absolute = await Promise.all(paths.map(async (relative) => {
      const file = resolveWorkspacePath(this.root, relative);
      // DuckDB would follow a link planted inside the workspace; the host's own reads refuse them too.
      await refuseSymbolicLinks(this.root, file);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) throw new Error(`workspace file missing: ${relative} (listed in manifest.json)`);
      return file;
    }));
    if (typeof select === 'string') {
      const list = absolute.map((file) => quoteLiteral(file)).join(', ');
      await this.engine.exec(`INSERT INTO ${quoteIdent(relation)} BY NAME SELECT ${select} FROM read_parquet([${list}])`);
      return;
    }
    // One statement for the batch, each file through its own select list.
    const parts = absolute.map((file, index) => `SELECT ${fileSelectOf(select, paths[index]!)} FROM read_parquet([${quoteLiteral(file)}])`);
    await this.engine.exec(`INSERT INTO ${quoteIdent(relation)} BY NAME SELECT * FROM (${parts.join(' UNION ALL BY NAME ')})`);
  }

  async write(select: string, relative: string): Promise<void> {
    const target = resolveWorkspacePath(this.root, relative);
    const folder = path.dirname(target);
    await mkdir(folder, { recursive: true });
    await refuseSymbolicLinks(this.root, target);
    const temporary = path.join(folder, `.${path.basename(target)}.${randomBytes(6).toString('hex')}${temporaryFileSuffix}`);
    try {
      await this.engine.exec(`COPY (${select}) TO ${quoteLiteral(temporary)} (FORMAT parquet, COMPRESSION zstd)`);
      await syncPath(temporary);
      await rename(temporary, target);
      await syncPath(folder);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}

/** fsync a file or folder, so a rename is durable before the manifest names it. */
async function syncPath(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
