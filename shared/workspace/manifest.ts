import { quoteIdent, quoteLiteral } from '../engine/sqlEngine.ts';
import { canonicalTableNames, createEmptyTableSql, derivedViewsSql, type CanonicalTableName } from '../schema/canonical.ts';

/** One entry of the import log. */
export interface ImportRecord {
  importId: string;
  sourceFile: string;
  contentHash: string;
  format: 'csv' | 'stdf' | 'equipment-csv' | 'sample';
  rows: number;
  importedAt: string;
  status: 'ok' | 'rejected';
  warnings: string[];
  /** Workspace-relative Parquet file per canonical table this import supplied. */
  files: Partial<Record<CanonicalTableName, string>>;
}

/** The workspace manifest: written last, so an interrupted import leaves the previous state. */
export interface WorkspaceManifest {
  formatVersion: 1;
  imports: ImportRecord[];
}

/** Path of the manifest inside the workspace. */
export const manifestPath = 'manifest.json';

/** An empty workspace. */
export function emptyManifest(): WorkspaceManifest {
  return { formatVersion: 1, imports: [] };
}

/** Parse manifest bytes; a damaged manifest is an error naming what was expected. */
export function parseManifest(bytes: Uint8Array): WorkspaceManifest {
  const value = JSON.parse(new TextDecoder().decode(bytes)) as Partial<WorkspaceManifest>;
  if (value.formatVersion !== 1 || !Array.isArray(value.imports)) {
    throw new Error(`${manifestPath}: expected {"formatVersion": 1, "imports": [...]}`);
  }
  return value as WorkspaceManifest;
}

/** Serialise a manifest. */
export function serialiseManifest(manifest: WorkspaceManifest): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(manifest, null, 1));
}

/** Workspace-relative path of one import's Parquet file for a table. */
export function tableFilePath(table: CanonicalTableName, importId: string): string {
  return `tables/${table}/${importId}.parquet`;
}

/** The import already holding this content, if any (re-importing the same bytes is a no-op). */
export function findImportByHash(manifest: WorkspaceManifest, contentHash: string): ImportRecord | undefined {
  return manifest.imports.find((entry) => entry.contentHash === contentHash && entry.status === 'ok');
}

/**
 * Statements that define every canonical table as a view over the registered Parquet files
 * (`registeredName(path)` is how the engine knows each file), plus the derived views.
 */
export function workspaceViewsSql(manifest: WorkspaceManifest, registeredName: (path: string) => string): string[] {
  const statements: string[] = [];
  for (const table of canonicalTableNames) {
    const files = manifest.imports.flatMap((entry) => (entry.status === 'ok' && entry.files[table] ? [entry.files[table]] : []));
    if (files.length === 0) {
      statements.push(`DROP VIEW IF EXISTS ${quoteIdent(table)}`, createEmptyTableSql(table));
      continue;
    }
    const list = files.map((path) => quoteLiteral(registeredName(path))).join(', ');
    statements.push(`DROP TABLE IF EXISTS ${quoteIdent(table)}`, `CREATE OR REPLACE VIEW ${quoteIdent(table)} AS SELECT * FROM read_parquet([${list}], union_by_name = true)`);
  }
  statements.push(...derivedViewsSql);
  return statements;
}

/** A SQL-safe, sortable import id from a time and a content hash. */
export function newImportId(now: Date, contentHash: string): string {
  return `${now.toISOString().replace(/[-:.TZ]/g, '')}_${contentHash.slice(0, 12)}`;
}
