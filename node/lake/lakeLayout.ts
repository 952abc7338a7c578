import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ColumnSpec } from '../../shared/schema/canonical.ts';

/** Version of catalog.json's layout; a reader refuses one it does not know. */
export const lakeSchemaVersion = 1;

/** One Parquet part: the rows one import supplied to one (product, lot) of a table. */
export interface LakePartition {
  product: string | null;
  lot: string | null;
  /** Lake-relative path, `/`-separated. */
  file: string;
  importId: string;
  rows: number;
}

/** `<root>/catalog.json`: what the lake holds, written last so a reader never sees a part that is not listed. */
export interface LakeCatalog {
  schemaVersion: number;
  tables: Record<string, { columns: { name: string; type: string }[]; partitions: LakePartition[] }>;
  imports: { id: string; source: string; publishedAt: string }[];
}

/** Lake-relative path of the catalog. */
export const catalogPath = 'catalog.json';

/** Whether a folder holds a published lake (its catalog.json): the app and `serve` open it read-only as a fab workspace. */
export function isLakeFolder(root: string): boolean {
  return existsSync(join(resolve(root), catalogPath));
}

/** Hive's name for a NULL partition value. */
const nullPartition = '__HIVE_DEFAULT_PARTITION__';

/**
 * A partition value as one safe path segment: every byte outside [A-Za-z0-9_-] is %XX (so `/`,
 * `=`, `.`, `*`, `%` and NUL cannot split, escape or glob the table folder: "../x" becomes
 * "%2E%2E%2Fx"); NULL is Hive's default partition. decodePartitionValue inverts it.
 */
export function encodePartitionValue(value: string | null): string {
  if (value === null) return nullPartition;
  let encoded = '';
  for (const byte of new TextEncoder().encode(value)) {
    const char = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9_-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/** The value encodePartitionValue wrote. */
export function decodePartitionValue(segment: string): string | null {
  if (segment === nullPartition) return null;
  return decodeURIComponent(segment);
}

/** Which of product and lot a table has: its partition columns, in folder order. */
export function partitionColumns(columns: readonly ColumnSpec[]): ('product' | 'lot')[] {
  return (['product', 'lot'] as const).filter((name) => columns.some((column) => column.name === name));
}

/** Lake-relative path of one import's part of one partition: `<table>/product=P/lot=L/part-<importId>.parquet`. */
export function partFilePath(table: string, partition: { product?: string | null; lot?: string | null }, importId: string): string {
  const folders = (['product', 'lot'] as const)
    .filter((name) => name in partition)
    .map((name) => `${name}=${encodePartitionValue(partition[name] ?? null)}`);
  return [table, ...folders, `part-${encodePartitionValue(importId)}.parquet`].join('/');
}

/** An empty catalog. */
export function emptyCatalog(): LakeCatalog {
  return { schemaVersion: lakeSchemaVersion, tables: {}, imports: [] };
}

/** Parse catalog.json; a damaged or newer catalog is an error naming what was expected. */
export function parseCatalog(bytes: Uint8Array, where: string): LakeCatalog {
  let value: Partial<LakeCatalog>;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes)) as Partial<LakeCatalog>;
  } catch (error) {
    throw new Error(`${where}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (value.schemaVersion !== lakeSchemaVersion || typeof value.tables !== 'object' || value.tables === null || !Array.isArray(value.imports)) {
    throw new Error(`${where}: expected {"schemaVersion": ${lakeSchemaVersion}, "tables": {...}, "imports": [...]}`);
  }
  return value as LakeCatalog;
}
