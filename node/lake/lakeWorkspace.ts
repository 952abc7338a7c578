/**
 * A published lake opened as a read-only "fab" workspace (issue #17 §1): what the engine host
 * (node/engine/engineServer.ts) holds open for the app, served or desktop, when the folder it is
 * given holds a lake catalog instead of a workspace manifest. DuckDB reads the lake's Parquet in
 * place through views (createLakeViews); the manifest lists the catalog's imports and says it is a
 * lake; imports and removals are refused with a message saying why.
 */
import type { NativeSqlEngine } from '../engine/nativeEngine.ts';
import type { CanonicalTableName } from '../../shared/schema/canonical.ts';
import { emptyManifest, type ImportRecord, type WorkspaceManifest } from '../../shared/workspace/manifest.ts';
import type { LakeCatalog } from './lakeLayout.ts';
import { createLakeViews } from './openLake.ts';

/** Why a lake takes no imports or removals (the engine host's error; the page says it in the user's language). */
export const lakeReadOnlyMessage = 'this is a published lake opened read-only (a fab workspace): import into the workspace it was published from, then publish again';

/** The import format a catalog's source name suggests (the catalog keeps only the name). */
function formatOfSource(source: string): ImportRecord['format'] {
  if (/\.(stdf|std)(\.(gz|bz2|zip))?$/i.test(source)) return 'stdf';
  if (/^sample fab/i.test(source)) return 'sample';
  return 'csv';
}

/** The manifest a lake shows: one record per published import, its rows summed over its parts. */
export function lakeManifest(catalog: LakeCatalog): WorkspaceManifest {
  const rows = new Map<string, number>();
  for (const table of Object.values(catalog.tables)) for (const part of table.partitions) rows.set(part.importId, (rows.get(part.importId) ?? 0) + part.rows);
  const imports = catalog.imports.map((entry): ImportRecord => ({
    importId: entry.id, sourceFile: entry.source, contentHash: '', format: formatOfSource(entry.source), rows: rows.get(entry.id) ?? 0,
    importedAt: entry.publishedAt, status: 'ok', warnings: [], files: {},
  }));
  return { ...emptyManifest(), imports, lake: { schemaVersion: catalog.schemaVersion } };
}

/** The part of Workspace the engine host uses, over a lake folder. */
export class LakeWorkspace {
  manifest: WorkspaceManifest = emptyManifest();

  constructor(private readonly engine: NativeSqlEngine, private readonly root: string) {}

  /** Create the lake's views and read its catalog; nothing is deferred (views read the Parquet when asked). */
  async open(onTable?: (table: string, done: number, total: number) => void): Promise<void> {
    this.manifest = lakeManifest(await createLakeViews(this.engine, this.root, onTable));
  }

  /** Nothing is loaded later: the views read the files in place. */
  get pendingTables(): CanonicalTableName[] {
    return [];
  }

  /** Nothing to load. */
  async loadDeferred(): Promise<void> {}

  /** No name waits. */
  async deferredNames(): Promise<Set<string>> {
    return new Set();
  }

  /** Refused: a lake is written by `lake publish` only. */
  async commitImport(): Promise<ImportRecord> {
    throw Object.assign(new Error(lakeReadOnlyMessage), { name: 'ReadOnlyError' });
  }

  /** Refused: a lake is written by `lake publish` only. */
  async removeImports(): Promise<ImportRecord[]> {
    throw Object.assign(new Error(lakeReadOnlyMessage), { name: 'ReadOnlyError' });
  }
}
