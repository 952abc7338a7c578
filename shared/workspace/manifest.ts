import { quoteIdent } from '../engine/sqlEngine.ts';
import type { StdfFileDetails } from '../import/stdfFileDetails.ts';
import { createBaseTablesSql, derivedViewsSql, type CanonicalTableName } from '../schema/canonical.ts';

/** A warning's code and the values its text names (the codes: shared/import/importWarning.ts). */
export interface CodedWarning {
  code: string;
  params: Record<string, string | number>;
  /**
   * The lines its `problems` param lists, each as a code and params (an equipment file's skipped rows:
   * shared/equipment/rowProblems.ts), so they are said in the UI's language too; absent in older manifests.
   */
  problems?: { code: string; params: Record<string, string | number> }[];
}

/** One entry of the import log. */
export interface ImportRecord {
  importId: string;
  sourceFile: string;
  contentHash: string;
  format: 'csv' | 'stdf' | 'equipment-csv' | 'equipment-jsonl' | 'sml' | 'sample' | 'wafer-map' | 'klarf';
  rows: number;
  importedAt: string;
  status: 'ok' | 'rejected';
  /** The warnings in English (what the CLI prints). */
  warnings: string[];
  /** Beside each warning, its code and params for a translated text (null: a plain text, e.g. an STDF finding); absent in older manifests. */
  warningCodes?: (CodedWarning | null)[];
  /**
   * Workspace-relative Parquet file per canonical table this import supplied; a large table is kept
   * as several files (consecutive slices of its rows, in order) so no step holds it whole.
   */
  files: Partial<Record<ImportFileTable, string | string[]>>;
  /** What the file said about itself (STDF: MIR, SDR, WCR, MRR, checker summary); absent in older manifests. */
  details?: StdfFileDetails;
  /**
   * Set when the file was damaged and only partly read: its rows are what could be read. Shown amber,
   * "partial: N bytes unread at offset X", never as a plain "ok" (the status stays 'ok': the rows are
   * in the workspace). Absent when the file was read whole.
   */
  partial?: PartialRead;
  /** 'sample': a file of the bundled sample fab (the app's first start, `import --sample`): labelled and removable together. */
  origin?: 'sample';
}

/**
 * Where a damaged file stopped being readable: `offset` of the first damage and `unreadBytes` not read
 * (skipped, cut, or after the damage). Both count STDF bytes, decompressed when the file is compressed;
 * when decompression itself failed, they count the compressed file's bytes.
 */
export interface PartialRead {
  offset: number;
  unreadBytes: number;
}

/**
 * A table an import's Parquet files hold: a canonical table, or `results` with the view's columns (imports
 * written before the results were stored as result_wafers and result_values; loaded into both).
 */
export type ImportFileTable = CanonicalTableName | 'results';

/** The workspace manifest: written last, so an interrupted import leaves the previous state. */
export interface WorkspaceManifest {
  formatVersion: 1;
  imports: ImportRecord[];
  /** Set once the user removed sample data: an empty workspace then stays empty instead of loading the sample again. */
  sampleRemoved?: boolean;
  /**
   * Set when the host opened a published Parquet lake (`yield-monitor lake publish`) as a read-only
   * "fab" workspace (issue #17 §1): the imports are the lake catalog's, and imports and removals are refused.
   */
  lake?: { schemaVersion: number };
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

/** Workspace-relative path of one import's Parquet file for a table (`part` > 0: a later slice of its rows). */
export function tableFilePath(table: CanonicalTableName, importId: string, part = 0): string {
  return part === 0 ? `tables/${table}/${importId}.parquet` : `tables/${table}/${importId}.part${part + 1}.parquet`;
}

/** Every (table, file) an import lists, slices of one table in row order. */
export function importFiles(record: ImportRecord): [ImportFileTable, string][] {
  return (Object.entries(record.files) as [ImportFileTable, string | string[]][]).flatMap(([table, paths]) =>
    (Array.isArray(paths) ? paths : [paths]).map((path): [ImportFileTable, string] => [table, path]));
}

/** The import already holding this content, if any (re-importing the same bytes is a no-op). */
export function findImportByHash(manifest: WorkspaceManifest, contentHash: string): ImportRecord | undefined {
  return manifest.imports.find((entry) => entry.contentHash === contentHash && entry.status === 'ok');
}

/**
 * Descriptive tables may be supplied by several imports (a die CSV derives its wafers and tests;
 * a wafer-details file or an STDF header knows more). Keep one row per key, preferring the
 * richest row, then the newest import.
 */
const descriptiveDedup: Partial<Record<CanonicalTableName, { keys: string; prefer: string }>> = {
  wafers: { keys: 'product, lot, wafer', prefer: '(tester IS NULL), (wafer_size_mm IS NULL)' },
  tests: { keys: 'product, coalesce(test_key, test_num)', prefer: '(lo_limit IS NULL AND hi_limit IS NULL), (units IS NULL)' },
  bins: { keys: 'product, bin_type, bin', prefer: '(name IS NULL)' },
  // Equipment exports overlap (daily dumps of a rolling window): the same record from two files is one record.
  equipment_history: { keys: 'lot, wafer, step, tool, chamber, start_time', prefer: '(recipe IS NULL), (end_time IS NULL)' },
  equipment_events: { keys: 'time, tool, chamber, kind, code, source', prefer: '(text IS NULL)' },
  sensor_summaries: { keys: 'lot, wafer, step, tool, chamber, parameter', prefer: '(value IS NULL)' },
  test_equipment: { keys: 'lot, wafer, kind, equipment_id', prefer: '(equipment_id IS NULL)' },
};

/** Statements creating every canonical table empty, plus the derived views (run once at startup). */
export function createCanonicalTablesSql(): string[] {
  return [...createBaseTablesSql(), ...derivedViewsSql];
}

/**
 * The QUALIFY clause that keeps one row per key of a descriptive table ('' for the others). Readers of
 * a published lake apply it too: the lake keeps every import's rows (DuckDB and ClickHouse run it alike).
 */
export function oneRowPerKeySql(table: string): string {
  const dedup = descriptiveDedup[table as CanonicalTableName];
  return dedup ? `QUALIFY row_number() OVER (PARTITION BY ${dedup.keys} ORDER BY ${dedup.prefer}, import_id DESC) = 1` : '';
}

/** After appending, keep one row per key in descriptive tables (no-op for the others). */
export function deduplicateSql(table: CanonicalTableName): string | null {
  const filter = oneRowPerKeySql(table);
  if (filter === '') return null;
  return `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM ${quoteIdent(table)}
    ${filter}`;
}

/** A SQL-safe, sortable import id from a time and a content hash. */
export function newImportId(now: Date, contentHash: string): string {
  return `${now.toISOString().replace(/[-:.TZ]/g, '')}_${contentHash.slice(0, 12)}`;
}
