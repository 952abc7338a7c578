/**
 * The workspace's derived summaries kept on disk between opens: `wafer_summary` (the overview's
 * tiles, lot table and trend) and `wafer_test_summary` (the X-bar charts) as Parquet files in
 * `cache/`, named by the stamp of the manifest and schema they were built from
 * (Workspace.currentStamp). An open that finds both files of its own stamp reads them (a few thousand
 * rows) instead of building them from the dies and the final values: at 10M dies the first view
 * need not wait for `dies`, and the per-test summary is not rebuilt from 20M values at every start.
 * Any other stamp (another import, a removal, a schema change) misses the cache and rebuilds.
 * The files are a cache: never listed in the manifest, written atomically, and a failure to read or
 * write one only costs the rebuild.
 */
import { refreshWaferSummarySql } from '../schema/canonical.ts';
import { createEmptyWaferTestSummarySql, waferTestSummaryTable } from '../schema/waferTestSummary.ts';
import type { SqlEngine } from '../engine/sqlEngine.ts';
import type { WorkspaceStore } from '../host/hostApi.ts';
import type { TableFiles } from './tableFiles.ts';

/** The workspace folder the cached summaries live in. */
export const summaryCacheFolder = 'cache';

/** The cached tables, and the statement creating each one empty with its columns. */
const cachedTables = [
  // `dies` is still empty when the cache is read: the rebuild statement makes the table with its columns and no rows.
  { table: 'wafer_summary', create: refreshWaferSummarySql },
  { table: waferTestSummaryTable, create: createEmptyWaferTestSummarySql },
] as const;

/** Workspace-relative path of a cached table built under `stamp`. */
export function summaryCachePath(table: string, stamp: string): string {
  return `${summaryCacheFolder}/${table}.${stamp}.parquet`;
}

/** Whether both cached tables of this stamp are on disk. */
export async function hasSummaryCache(store: WorkspaceStore, stamp: string): Promise<boolean> {
  const present = new Set(await store.listFiles(summaryCacheFolder));
  return cachedTables.every(({ table }) => present.has(summaryCachePath(table, stamp)));
}

/**
 * Replace the engine's `wafer_summary` and `wafer_test_summary` with the cached files of this stamp.
 * Throws when a file is missing or unreadable (the caller then builds them as without a cache).
 */
export async function readSummaryCache(engine: SqlEngine, files: TableFiles, stamp: string): Promise<void> {
  for (const { table, create } of cachedTables) {
    await engine.exec(create);
    await files.append(table, [summaryCachePath(table, stamp)]);
  }
}

/** Write the engine's summaries as the cache of this stamp, then remove the files of other stamps. */
export async function writeSummaryCache(store: WorkspaceStore, files: TableFiles, stamp: string): Promise<void> {
  for (const { table } of cachedTables) await files.write(`SELECT * FROM ${table}`, summaryCachePath(table, stamp));
  const current = new Set(cachedTables.map(({ table }) => summaryCachePath(table, stamp)));
  for (const path of await store.listFiles(summaryCacheFolder)) if (!current.has(path)) await store.removeFile(path);
}
