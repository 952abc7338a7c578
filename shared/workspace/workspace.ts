import { quoteIdent, type ParquetCodec, type SqlEngine } from '../engine/sqlEngine.ts';
import { tableFilesOf, type TableFiles } from './tableFiles.ts';
import { orphanTableFiles, readManifest, writeManifest, type WorkspaceProblem } from './manifestFile.ts';
import type { WorkspaceStore } from '../host/hostApi.ts';
import { removeImports } from './removeImport.ts';
import { heldNames } from '../engine/deferredTables.ts';
import { canonicalTableNames, createEmptyRelationSql, refreshWaferSummarySql, resultsColumns, type CanonicalTableName } from '../schema/canonical.ts';
import {
  createEmptyWaferTestSummarySql, createTouchedLotsSql, noteImportLotsSql, noteStagedLotsSql, refreshTouchedLotsSql, refreshWaferTestSummarySql,
  touchedLotsTable, waferTestSummaryTable,
} from '../schema/waferTestSummary.ts';
import { defaultSliceRows, rowidSlices, splitWideResultsSql, stagingTable, wideResultsStaging } from '../sql/staging.ts';
import { appendStagedResultsSql, checkStagedResultKeys, offsetKeysSelect, ResultKeyRanges } from './resultKeys.ts';
import { collectRepeatedLotsSql, consolidateRepeatedDiesSql } from './dieConsolidation.ts';
import { hasSummaryCache, readSummaryCache, writeSummaryCache } from './summaryCache.ts';
import { sha256Hex } from '../util/sha256.ts';
import {
  createCanonicalTablesSql, deduplicateSql, emptyManifest, findImportByHash, importFiles, tableFilePath, type ImportFileTable, type ImportRecord,
  type WorkspaceManifest,
} from './manifest.ts';

/** Columns of a staging table that belong to the schema: die_insertions keeps file order in `__row` only while staging. */
function schemaColumns(table: CanonicalTableName): string {
  return table === 'die_insertions' ? '* EXCLUDE (__row)' : '*';
}

/** The stored halves of the results, whose keys are moved into an import's own range when loaded (resultKeys.ts). */
function isResultTable(table: ImportFileTable): table is 'result_wafers' | 'result_values' {
  return table === 'result_wafers' || table === 'result_values';
}

/** Tables in the order their rows go: result_values before the result_wafers their deletion looks up. */
const deletionOrder: readonly CanonicalTableName[] = [
  'result_values', ...canonicalTableNames.filter((table) => table !== 'result_values'),
];

/** The statement deleting the rows of imports (bound $1..$n: their ids) from a canonical table. */
function deleteImportRowsSql(table: CanonicalTableName, importCount: number): string {
  const ids = Array.from({ length: importCount }, (_, index) => `$${index + 1}::VARCHAR`).join(', ');
  if (table === 'result_values') return `DELETE FROM result_values WHERE wafer_key IN (SELECT wafer_key FROM result_wafers WHERE import_id IN (${ids}))`;
  return `DELETE FROM ${quoteIdent(table)} WHERE import_id IN (${ids})`;
}

/**
 * The canonical tables live in an in-memory database with DuckDB's compression switched on
 * (off by default for in-memory tables). Measured on 5M result rows in duckdb-wasm: 524 MB plain,
 * 47 MB compressed, and group-bys about 40 % faster; without it a 10M-die workspace with
 * parametric results exceeds wasm's memory.
 */
const compressedDatabaseSql = [`ATTACH IF NOT EXISTS ':memory:' AS workspace_data (COMPRESS)`, 'USE workspace_data'];

/** What an import says about itself when it is committed. */
export type ImportDetails = Pick<ImportRecord, 'sourceFile' | 'contentHash' | 'format' | 'rows' | 'warnings' | 'details' | 'partial' | 'origin'>;

/** How a commit relates to earlier imports. */
export interface CommitOptions {
  /**
   * The import id of an earlier import this one replaces: the same source file read again after it
   * grew (a watch folder imported it partially while the tester paused). The earlier record, its
   * rows and its Parquet files go, so its dies are not counted a second time as retests.
   */
  replaces?: string;
}

/**
 * A persistent engine database (duckdb-wasm's DuckDB file in the browser's OPFS) keeps the loaded
 * tables between starts; this table holds the stamp of the manifest and schema they were loaded
 * from. A start whose stamp matches uses them as they are instead of decoding every Parquet file
 * again; any other start, or a change in progress, rebuilds them from the files.
 */
const cacheStampTable = 'workspace_cache_stamp';

/**
 * Files of one table loaded by one statement at most (progress is reported between batches). Each file
 * costs DuckDB about 1 ms to open whatever its size: a workspace of 1,000 small imports showed its first
 * view after 3.6 s in batches of 16 and 2.9 s in batches of 64.
 */
const loadBatchFiles = 64;

/** The tables the final values come from: while one of them is deferred, `wafer_test_summary` waits for loadDeferred. */
const finalValueTables: readonly CanonicalTableName[] = ['result_values', 'result_wafers', 'die_insertions', 'dies'];

/**
 * The workspace: Parquet files (one per canonical table per import) plus a manifest written last.
 * At startup the files are loaded into DuckDB's in-memory tables (read in place by native DuckDB,
 * decoded by a codec for duckdb-wasm).
 */
export class Workspace {
  manifest: WorkspaceManifest = emptyManifest();
  /** What could not be used when the workspace was opened (a damaged manifest or Parquet file), by file and import. */
  problems: WorkspaceProblem[] = [];
  private deferred: [ImportFileTable, string][] = [];
  /** `wafer_test_summary` does not hold the loaded results (not built yet): the next refresh rebuilds it whole. */
  private testSummaryStale = true;
  private loading: Promise<void> = Promise.resolve();
  /** Each import's result key range in the tables (resultKeys.ts), so its deferred values land in its range. */
  private readonly keyRanges = new ResultKeyRanges();
  /** Which import lists each file, for the manifest it was built from (importOf). */
  private pathIndex: { manifest: WorkspaceManifest; byPath: Map<string, ImportRecord> } | null = null;
  /** The engine and file access the workspace works through (loadDeferred may lend it another connection's). */
  private engine: SqlEngine;
  private files: TableFiles;
  /**
   * The engine's own database persists between starts (duckdb-wasm over OPFS): the tables are kept
   * there under a stamp of the manifest, instead of an in-memory database filled at every start.
   */
  persistentDatabase = false;
  /** Whether the last open() found the tables already loaded in the persistent database. */
  openedFromCache = false;
  /**
   * Write the summaries to the workspace's `cache/` after each change (summaryCache.ts); a read-only
   * host turns it off (it still reads them).
   */
  summaryCacheWrites = true;
  /** The summaries came from the cache at open: `wafer_test_summary` need not wait for the deferred tables. */
  private summariesFromCache = false;
  /** The stamp whose summary cache this workspace read or wrote last (nothing to write while it is current). */
  private cacheStamp = '';

  constructor(
    engine: SqlEngine,
    private readonly store: WorkspaceStore,
    /** How Parquet files reach the engine: a codec (duckdb-wasm) or the engine's own reader and writer. */
    files: TableFiles | ParquetCodec,
    /** Most rows one step of a commit moves (one Parquet file, one append): bounds memory for large imports. */
    private readonly sliceRows = defaultSliceRows,
  ) {
    this.engine = engine;
    this.files = tableFilesOf(files, engine, store);
  }

  /**
   * Create the canonical tables and load the files the manifest lists. Tables named in `defer`
   * (the large per-result ones) are not loaded here: the first view can show without them, and
   * loadDeferred() brings them in afterwards (see `pendingTables`). `dies` is deferred only when the
   * summaries the first view reads come from the cache (summaryCache.ts); otherwise they are built from it now.
   */
  async open(onTable?: (table: string, done: number, total: number) => void, defer: readonly CanonicalTableName[] = []): Promise<void> {
    const read = await readManifest(this.store);
    this.manifest = read.manifest;
    this.problems = [...read.problems];
    await this.removeOrphans();
    this.openedFromCache = false;
    this.summariesFromCache = false;
    this.cacheStamp = '';
    if (this.persistentDatabase) {
      if (await this.cachedStamp() === this.currentStamp()) {
        this.openedFromCache = true;
        this.deferred = [];
        return;
      }
      await this.dropCachedObjects();
    } else {
      for (const statement of compressedDatabaseSql) await this.engine.exec(statement);
    }
    for (const statement of createCanonicalTablesSql()) await this.engine.exec(statement);
    const cached = await this.readSummaries();
    const files = this.listedFiles();
    // Files of the results written whole (older imports) load with result_values.
    const deferred = (table: ImportFileTable): boolean => {
      const name = table === 'results' ? 'result_values' : table;
      return defer.includes(name) && (name !== 'dies' || cached);
    };
    this.deferred = files.filter(([table]) => deferred(table));
    await this.loadFiles(files.filter(([table]) => !deferred(table)), onTable);
    this.summariesFromCache = cached && this.problems.length === 0;
    if (!this.summariesFromCache && this.pendingTables.includes('dies')) {
      // A damaged file left an import out: the cached summaries counted it, so the dies are needed now.
      await this.loadFiles(this.deferred.filter(([table]) => table === 'dies'), onTable);
      this.deferred = this.deferred.filter(([table]) => table !== 'dies');
    }
    if (!this.pendingTables.includes('dies')) await this.consolidateDies(null);
    this.testSummaryStale = !this.summariesFromCache;
    if (!this.summariesFromCache) {
      if (this.testSummaryWaits) await this.engine.exec(createEmptyWaferTestSummarySql);
      else await this.refreshTestSummary(true);
    }
    if (this.deferred.length === 0) await this.markCurrent();
  }

  /** The summaries of this manifest from the cache, when it has them (false: build them). */
  private async readSummaries(): Promise<boolean> {
    if (this.persistentDatabase || this.problems.length > 0) return false;
    const stamp = this.currentStamp();
    try {
      if (!(await hasSummaryCache(this.store, stamp))) return false;
      await readSummaryCache(this.engine, this.files, stamp);
      this.cacheStamp = stamp;
      return true;
    } catch {
      // An unreadable cache file is rebuilt like a missing one.
      return false;
    }
  }

  /** The tables and summaries hold the current manifest (after a load or a change): stamp the persistent database, write the summary cache. */
  private async markCurrent(): Promise<void> {
    // Every table is in: from now on the summaries follow the tables' changes.
    this.summariesFromCache = false;
    await this.writeStamp();
    await this.saveSummaries();
  }

  /** Write the summaries as the cache of the current manifest (not over damaged files, nor while anything is pending). */
  private async saveSummaries(): Promise<void> {
    if (!this.summaryCacheWrites || this.persistentDatabase || this.problems.length > 0 || this.deferred.length > 0 || this.testSummaryStale) return;
    const stamp = this.currentStamp();
    if (this.cacheStamp === stamp) return;
    try {
      await writeSummaryCache(this.store, this.files, stamp);
      this.cacheStamp = stamp;
    } catch {
      // Not written (a full disk, a folder another process holds): the next open builds the summaries.
    }
  }

  /** The stamp of what the tables hold when loaded from this manifest's files with this schema. */
  private currentStamp(): string {
    const text = JSON.stringify({ schema: [...createCanonicalTablesSql(), refreshWaferSummarySql, refreshWaferTestSummarySql], imports: this.manifest.imports });
    return sha256Hex([new TextEncoder().encode(text)]);
  }

  /** The stamp the persistent database was last left with ('' when none: never loaded, or a change was under way). */
  private async cachedStamp(): Promise<string> {
    const found = await this.engine.query('SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE database_name = current_database() AND table_name = $1', [cacheStampTable]);
    if (Number(found.get(0)?.n ?? 0) === 0) return '';
    const row = (await this.engine.query(`SELECT stamp FROM ${cacheStampTable} LIMIT 1`)).get(0);
    return row ? String(row.stamp) : '';
  }

  /** Mark the persistent database as holding this manifest's tables, and write it out. */
  private async writeStamp(): Promise<void> {
    if (!this.persistentDatabase || this.problems.length > 0) return;
    await this.engine.exec(`CREATE OR REPLACE TABLE ${cacheStampTable} (stamp VARCHAR)`);
    await this.engine.exec(`INSERT INTO ${cacheStampTable} VALUES ($1)`, [this.currentStamp()]);
    await this.engine.exec('CHECKPOINT');
  }

  /** Before the tables change: a start that finds no stamp rebuilds them, whatever happens next. */
  private async clearStamp(): Promise<void> {
    if (this.persistentDatabase) await this.engine.exec(`DROP TABLE IF EXISTS ${cacheStampTable}`);
  }

  /** Drop the persistent database's views and tables (left from a stale load) before loading again. */
  private async dropCachedObjects(): Promise<void> {
    const views = await this.engine.query("SELECT view_name AS name FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal");
    for (const row of views.toArray()) await this.engine.exec(`DROP VIEW IF EXISTS ${quoteIdent(String(row.name))} CASCADE`);
    const tables = await this.engine.query("SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary");
    for (const row of tables.toArray()) await this.engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(String(row.name))} CASCADE`);
  }

  /** Tables whose files are still to be loaded (after open with `defer`). */
  get pendingTables(): CanonicalTableName[] {
    return [...new Set(this.deferred.map(([table]): CanonicalTableName => (table === 'results' ? 'result_values' : table)))];
  }

  /**
   * Load the tables open() deferred; queries on them see all rows once this resolves. Deferred `dies`
   * come first: once they are in and consolidated, `onDies` is told (the host then lets the statements
   * that read only them run) before the per-result tables load. `via`: another connection to the same
   * database (and its file access) to load through, so statements on this one do not queue behind the
   * load's (native DuckDB runs one statement at a time per connection); nothing else may change the
   * workspace meanwhile (commits and removals wait for the load).
   */
  loadDeferred(onTable?: (table: string, done: number, total: number) => void, onDies?: () => Promise<void>, via?: { engine: SqlEngine; files: TableFiles }): Promise<void> {
    const dies = this.deferred.filter(([table]) => table === 'dies');
    const rest = this.deferred.filter(([table]) => table !== 'dies');
    const problemsBefore = this.problems.length;
    const own = { engine: this.engine, files: this.files };
    this.loading = (async () => {
      if (via) ({ engine: this.engine, files: this.files } = via);
      try {
        await this.loadDeferredFiles(dies, rest, problemsBefore, onTable, onDies);
      } finally {
        ({ engine: this.engine, files: this.files } = own);
      }
    })();
    return this.loading;
  }

  /**
   * Load only the deferred dies (and consolidate them), leaving the per-result tables deferred: a
   * command that reads dies but no results (loadOnDemand in node/workspace/openWorkspace.ts).
   */
  loadDeferredDies(onTable?: (table: string, done: number, total: number) => void): Promise<void> {
    const dies = this.deferred.filter(([table]) => table === 'dies');
    if (dies.length === 0) return this.loading;
    const rest = this.deferred.filter(([table]) => table !== 'dies');
    this.loading = (async () => {
      await this.loadDeferredDiesFiles(dies, rest, onTable);
      if (this.deferred.length > 0) return;
      if (this.testSummaryStale) await this.refreshTestSummary(true);
      await this.markCurrent();
    })();
    return this.loading;
  }

  /** loadDeferred's work: the dies first (then `onDies`), then the rest, then the summaries. */
  private async loadDeferredFiles(
    dies: [ImportFileTable, string][], rest: [ImportFileTable, string][], problemsBefore: number,
    onTable?: (table: string, done: number, total: number) => void, onDies?: () => Promise<void>,
  ): Promise<void> {
    if (dies.length > 0) {
      await this.loadDeferredDiesFiles(dies, rest, onTable);
      await onDies?.();
    }
    this.deferred = [];
    await this.loadFiles(rest, onTable);
    // A damaged file left an import out: the summaries (cached or built) counted it.
    const damaged = this.problems.length > problemsBefore;
    if (damaged) {
      this.summariesFromCache = false;
      await this.consolidateDies(null);
    }
    // The per-test summary is built from the final values once they are all in (its statements wait till then).
    if (this.testSummaryStale || damaged) await this.refreshTestSummary(true);
    await this.markCurrent();
  }

  /** The deferred dies in and consolidated, `rest` still deferred; a damaged dies file makes both summaries rebuild. */
  private async loadDeferredDiesFiles(dies: [ImportFileTable, string][], rest: [ImportFileTable, string][], onTable?: (table: string, done: number, total: number) => void): Promise<void> {
    const problemsBefore = this.problems.length;
    await this.loadFiles(dies, onTable);
    this.deferred = rest;
    if (this.problems.length > problemsBefore) {
      // The cached summaries counted the import the damaged file left out.
      this.summariesFromCache = false;
      this.testSummaryStale = true;
    }
    await this.consolidateDies(null);
  }

  /**
   * The deferred tables and every view that reads them (a query on either must wait for
   * loadDeferred), from DuckDB's own view definitions; `wafer_test_summary` too while it waits for them.
   */
  async deferredNames(): Promise<Set<string>> {
    const views = await this.engine.query('SELECT view_name AS name, sql FROM duckdb_views() WHERE NOT internal');
    const definitions = views.toArray().map((row: { name: string; sql: string }) => ({ name: String(row.name), sql: String(row.sql) }));
    return heldNames([...this.pendingTables, ...(this.testSummaryWaits ? [waferTestSummaryTable] : [])], definitions);
  }

  /** Some table the final values come from is still deferred: the per-test summary cannot be built yet. */
  private get testSummaryWaits(): boolean {
    return !this.summariesFromCache && this.pendingTables.some((table) => finalValueTables.includes(table));
  }

  /**
   * Bring `wafer_test_summary` in step with the final values: `full`, or while it is stale, rebuild
   * it; else recompute the lots noted in `touched_lots` (noteImportLots, noteStagedLots), or rebuild
   * when they are more than half the lots (one scan of every result then costs less than the
   * lot-filtered one plus the deletes). Measured on 10M dies in bench/README.md.
   */
  private async refreshTestSummary(full: boolean): Promise<void> {
    await this.engine.exec(createTouchedLotsSql);
    try {
      if (this.testSummaryWaits) {
        this.testSummaryStale = true;
        return;
      }
      if (!full && !this.testSummaryStale) {
        const counted = await this.engine.query(`SELECT (SELECT count(DISTINCT lot) FROM ${touchedLotsTable})::INTEGER AS touched,
          (SELECT count(DISTINCT lot) FROM wafer_summary)::INTEGER AS lots`);
        const touched = Number(counted.get(0)?.touched ?? 0);
        if (touched === 0) return;
        if (touched * 2 <= Number(counted.get(0)?.lots ?? 0)) {
          for (const statement of refreshTouchedLotsSql) await this.engine.exec(statement);
          return;
        }
      }
      await this.engine.exec(refreshWaferTestSummarySql);
      this.testSummaryStale = false;
    } finally {
      await this.engine.exec(`DROP TABLE IF EXISTS ${touchedLotsTable}`);
    }
  }

  /** Note the lots where these imports have rows in the final-value tables (before they go, or after they came). */
  private async noteImportLots(importIds: readonly string[]): Promise<void> {
    if (importIds.length === 0) return;
    await this.engine.exec(createTouchedLotsSql);
    await this.engine.exec(noteImportLotsSql(importIds.length), importIds);
  }

  private listedFiles(): [ImportFileTable, string][] {
    return this.manifest.imports.flatMap((entry) => (entry.status === 'ok' ? importFiles(entry) : []));
  }

  private async loadFiles(files: readonly [ImportFileTable, string][], onTable?: (table: string, done: number, total: number) => void): Promise<void> {
    let done = 0;
    // In the schema's order: an import's result_wafers take their key range before its result_values look it up.
    const tables = [...canonicalTableNames, 'results' as const].filter((table) => files.some(([each]) => each === table));
    if (tables.some((table) => table === 'results' || isResultTable(table))) await this.keyRanges.sync(this.engine);
    for (const table of tables) {
      const paths = files.filter(([each]) => each === table).map(([, path]) => path);
      for (const batch of this.loadBatches(table, paths)) {
        await this.appendOrFindDamaged(table, batch);
        done += batch.length;
        onTable?.(table, done, files.length);
      }
    }
    await this.dropDamagedImports();
    for (const table of tables) if (table !== 'results') await this.deduplicate(table);
  }

  /** Files loaded by one statement: up to loadBatchFiles, or one import's whole results (split in two with one key range). */
  private loadBatches(table: ImportFileTable, paths: readonly string[]): string[][] {
    if (table === 'results') {
      const byImport = new Map<string | undefined, string[]>();
      for (const path of paths) {
        const id = this.importOf(path)?.importId;
        byImport.set(id, [...(byImport.get(id) ?? []), path]);
      }
      return [...byImport.values()];
    }
    const batches: string[][] = [];
    for (let start = 0; start < paths.length; start += loadBatchFiles) batches.push(paths.slice(start, start + loadBatchFiles));
    return batches;
  }

  /** Append one batch of files to their table; the results' keys move into their import's range, whole results split in two. */
  private async append(table: ImportFileTable, batch: readonly string[]): Promise<void> {
    const importId = this.importOf(batch[0] ?? '')?.importId ?? null;
    if (table === 'results') {
      const id = `whole_${importId ?? 'unknown'}`;
      const wide = wideResultsStaging(id);
      await this.engine.exec(createEmptyRelationSql(wide, resultsColumns));
      try {
        await this.files.append(wide, batch);
        for (const statement of splitWideResultsSql(id)) await this.engine.exec(statement);
        for (const statement of appendStagedResultsSql(id, this.keyRanges.offsetOf(importId))) await this.engine.exec(statement);
      } finally {
        for (const name of [wide, stagingTable('result_wafers', id), stagingTable('result_values', id)]) await this.engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
      }
      return;
    }
    // Each file's keys move by its own import's offset (a batch may hold several imports' files).
    if (isResultTable(table)) await this.files.append(table, batch, (path) => offsetKeysSelect(this.keyRanges.offsetOf(this.importOf(path)?.importId ?? null)));
    else await this.files.append(table, batch);
  }

  /** Delete the rows of these imports from every canonical table. */
  private async deleteImportRows(importIds: readonly string[]): Promise<void> {
    if (importIds.length === 0) return;
    for (const table of deletionOrder) await this.engine.exec(deleteImportRowsSql(table, importIds.length), importIds);
  }

  /** The import that lists a file. */
  private importOf(path: string): ImportRecord | undefined {
    // Indexed once per manifest (every change replaces the object): a load asks for each of thousands of files.
    if (this.pathIndex?.manifest !== this.manifest) {
      const byPath = new Map<string, ImportRecord>();
      for (const record of this.manifest.imports) for (const [, listed] of importFiles(record)) if (!byPath.has(listed)) byPath.set(listed, record);
      this.pathIndex = { manifest: this.manifest, byPath };
    }
    return this.pathIndex.byPath.get(path);
  }

  /**
   * Append a batch of one table's files; when the batch fails, take its imports' rows out again and
   * load file by file, so the damaged file is named (with its import) and every other file loads.
   */
  private async appendOrFindDamaged(table: ImportFileTable, batch: readonly string[]): Promise<void> {
    try {
      await this.append(table, batch);
      return;
    } catch {
      const ids = [...new Set(batch.map((path) => this.importOf(path)?.importId).filter((id): id is string => id !== undefined))];
      if (ids.length === 0) {
        // Files of no listed import: nothing of theirs to take out.
      } else if (table === 'results' || isResultTable(table)) {
        await this.engine.exec(deleteImportRowsSql('result_values', ids.length), ids);
        if (table !== 'result_values') await this.engine.exec(deleteImportRowsSql('result_wafers', ids.length), ids);
      } else {
        await this.engine.exec(deleteImportRowsSql(table, ids.length), ids);
      }
    }
    for (const path of batch) {
      try {
        await this.append(table, [path]);
      } catch (error) {
        const message = (error as Error).message.split('\n')[0] ?? 'unreadable';
        this.problems.push({ file: path, importId: this.importOf(path)?.importId, message: `damaged or unreadable Parquet file: ${message}` });
      }
    }
  }

  /** Imports with a damaged file are left out whole (none of their rows stay), and named in `problems` for removal or re-import. */
  private async dropDamagedImports(): Promise<void> {
    await this.deleteImportRows([...new Set(this.problems.map((problem) => problem.importId).filter((id): id is string => id !== undefined))]);
  }

  /** Remove Parquet files no import names (an import killed before its manifest was written), when no other writer is busy. */
  private async removeOrphans(): Promise<void> {
    if (!this.store.lock) return;
    let release: (() => Promise<void>) | undefined;
    try {
      release = await this.store.lock(0);
    } catch {
      return;
    }
    try {
      for (const path of await orphanTableFiles(this.store, this.manifest)) await this.store.removeFile(path);
    } finally {
      await release();
    }
  }

  /** One row per die across imports (a retest file after a first-pass file); see dieConsolidation.ts. */
  private async consolidateDies(importId: string | null): Promise<void> {
    await this.engine.query(collectRepeatedLotsSql, [importId]);
    const repeated = await this.engine.query('SELECT count(*)::INTEGER AS lots FROM repeated_lots');
    if (Number(repeated.get(0)?.lots ?? 0) === 0) await this.engine.exec('DROP TABLE repeated_lots');
    else for (const statement of consolidateRepeatedDiesSql) await this.engine.exec(statement);
    // Every change of `dies` ends here: the per-wafer summary the overview reads follows it, unless the
    // summary came from the cache of this very manifest (built from these dies, consolidated).
    if (!this.summariesFromCache) await this.engine.exec(refreshWaferSummarySql);
  }

  /** WHERE clauses splitting a staged table into slices of at most `sliceRows` rows (one empty clause when it fits). */
  private async sliceRanges(staged: string): Promise<string[]> {
    const counted = await this.engine.query(`SELECT count(*)::BIGINT AS n FROM ${staged}`);
    return rowidSlices(Number(counted.get(0)?.n ?? 0), this.sliceRows);
  }

  private async deduplicate(table: CanonicalTableName): Promise<void> {
    const statement = deduplicateSql(table);
    if (statement) await this.engine.exec(statement);
  }

  /** The earlier import with this exact content, if any (re-import is then a no-op). */
  findDuplicate(contentHash: string): ImportRecord | undefined {
    return findImportByHash(this.manifest, contentHash);
  }

  /**
   * Persist an import's staging tables: each as Parquet (atomic write), the manifest last, then
   * append them to the in-memory tables. An interruption before the manifest is written leaves the
   * workspace as it was: the new files are not referenced by anything.
   */
  async commitImport(importId: string, details: ImportDetails, tables: readonly CanonicalTableName[], options: CommitOptions = {}): Promise<ImportRecord> {
    await this.settle();
    // Another process may commit to the same folder (a second CLI, `watch`, the app): one writer at a
    // time, and the manifest is re-read under the lock so neither import is lost.
    const release = await this.store.lock?.();
    try {
      const read = await readManifest(this.store);
      await this.clearStamp();
      await this.catchUp(read.manifest);
      const already = findImportByHash(read.manifest, details.contentHash);
      if (already) {
        await this.markCurrent();
        return already;
      }
      const replaced = options.replaces === undefined ? undefined : this.manifest.imports.find((record) => record.importId === options.replaces);
      const record = await this.writeImport(importId, details, tables, read.bytes, replaced);
      await this.markCurrent();
      return record;
    } finally {
      await release?.();
    }
  }

  /**
   * Record a file the importers refused (status 'rejected', no tables, the reason as its warning), so
   * the import log and the shift summary list it. The same content refused before is recorded once.
   */
  async recordRejection(importId: string, details: ImportDetails): Promise<ImportRecord> {
    await this.settle();
    const release = await this.store.lock?.();
    try {
      const read = await readManifest(this.store);
      await this.clearStamp();
      await this.catchUp(read.manifest);
      const earlier = this.manifest.imports.find((record) => record.status === 'rejected' && record.contentHash === details.contentHash);
      if (earlier) {
        await this.markCurrent();
        return earlier;
      }
      const record: ImportRecord = { importId, importedAt: new Date().toISOString(), status: 'rejected', files: {}, ...details };
      const next: WorkspaceManifest = { ...this.manifest, imports: [...this.manifest.imports, record] };
      await writeManifest(this.store, next, read.bytes);
      this.manifest = next;
      await this.markCurrent();
      return record;
    } finally {
      await release?.();
    }
  }

  /**
   * Remove imports (their records, files and rows) from this open workspace: the folder changes as
   * `yield-monitor remove` changes it, then this workspace catches up as it would after another writer.
   */
  async removeImports(importIds: readonly string[]): Promise<ImportRecord[]> {
    await this.settle();
    await this.clearStamp();
    const removed = await removeImports(this.store, importIds);
    const release = await this.store.lock?.();
    try {
      await this.catchUp((await readManifest(this.store)).manifest);
      await this.markCurrent();
    } finally {
      await release?.();
    }
    return removed;
  }

  /**
   * Before a change: every deferred table in, whether or not anyone started its load (appending to,
   * deduplicating or consolidating half-loaded tables would lose rows). A load that failed before is
   * tried again here, and its failure fails the change.
   */
  private async settle(): Promise<void> {
    await this.loading.catch(() => undefined);
    if (this.deferred.length > 0) await this.loadDeferred();
  }

  /** Load the imports another writer committed since this workspace was opened. */
  private async catchUp(onDisk: WorkspaceManifest): Promise<void> {
    const known = new Set(this.manifest.imports.map((record) => record.importId));
    const newcomers = onDisk.imports.filter((record) => !known.has(record.importId));
    const gone = this.manifest.imports.filter((record) => !onDisk.imports.some((each) => each.importId === record.importId));
    this.manifest = { ...onDisk, imports: [...this.manifest.imports.filter((record) => onDisk.imports.some((each) => each.importId === record.importId)), ...newcomers] };
    // Another writer replaced an import (a file that grew after a partial import): its rows go here too.
    if (gone.length > 0) await this.removeImportRows(gone, newcomers.map((record) => record.importId));
    const files = newcomers.flatMap((record) => (record.status === 'ok' ? importFiles(record) : []));
    if (files.length > 0) {
      await this.loadFiles(files);
      await this.noteImportLots(newcomers.map((record) => record.importId));
      for (const record of newcomers) if (record.files.dies) await this.consolidateDies(record.importId);
    }
    if (gone.length > 0 || files.length > 0) await this.refreshTestSummary(false);
  }

  /**
   * Take the rows of imports that left the manifest out of the in-memory tables. `dies` is rebuilt
   * from the remaining imports' files: consolidation may have merged a removed import's dies with
   * another import's (summed insertions, the latest row kept), which a DELETE alone cannot undo.
   */
  private async removeImportRows(removed: readonly ImportRecord[], loadedLater: readonly string[]): Promise<void> {
    const importIds = removed.map((record) => record.importId);
    // Their lots' per-test summary is recomputed by the caller (refreshTestSummary), after the rows are gone.
    await this.noteImportLots(importIds);
    const removedFiles = new Set(removed.flatMap((record) => importFiles(record).map(([, path]) => path)));
    this.deferred = this.deferred.filter(([, path]) => !removedFiles.has(path));
    // One statement per table (removing the sample's 30-odd imports per id took ~30 s on 2 cores).
    await this.deleteImportRows(importIds);
    await this.engine.exec('DELETE FROM dies');
    const reloaded = this.manifest.imports.filter((record) => record.status === 'ok' && !importIds.includes(record.importId) && !loadedLater.includes(record.importId));
    await this.loadFiles(reloaded.flatMap((record) => importFiles(record)).filter(([table]) => table === 'dies'));
    await this.consolidateDies(null);
  }

  private async writeImport(importId: string, details: ImportDetails, tables: readonly CanonicalTableName[], previous: Uint8Array | null, replaced?: ImportRecord): Promise<ImportRecord> {
    const files: ImportRecord['files'] = {};
    const slices = new Map<CanonicalTableName, string[]>();
    if (tables.includes('result_wafers')) {
      await checkStagedResultKeys(this.engine, importId);
      await this.keyRanges.sync(this.engine);
    }
    for (const table of tables) {
      const staged = quoteIdent(stagingTable(table, importId));
      const ranges = await this.sliceRanges(staged);
      slices.set(table, ranges);
      const paths: string[] = [];
      for (const [part, range] of ranges.entries()) {
        const path = tableFilePath(table, importId, part);
        await this.files.write(`SELECT ${schemaColumns(table)} FROM ${staged}${range}`, path);
        paths.push(path);
      }
      files[table] = paths.length === 1 ? paths[0] : paths;
    }
    const record: ImportRecord = { importId, importedAt: new Date().toISOString(), status: 'ok', files, ...details };
    const kept = this.manifest.imports.filter((each) => each.importId !== replaced?.importId);
    const next: WorkspaceManifest = { ...this.manifest, imports: [...kept, record] };
    await writeManifest(this.store, next, previous);
    this.manifest = next;
    if (replaced) {
      await this.removeImportRows([replaced], [importId]);
      // The manifest no longer names them; a failure here leaves orphans the next open removes.
      for (const [, path] of importFiles(replaced)) await this.store.removeFile(path).catch(() => undefined);
    }
    // The import's result_wafers take their key range before its result_values are moved into it.
    for (const table of canonicalTableNames.filter((each) => tables.includes(each))) {
      const staged = quoteIdent(stagingTable(table, importId));
      const columns = isResultTable(table) ? offsetKeysSelect(this.keyRanges.offsetOf(importId)) : schemaColumns(table);
      for (const range of slices.get(table) ?? ['']) {
        await this.engine.exec(`INSERT INTO ${quoteIdent(table)} BY NAME SELECT ${columns} FROM ${staged}${range}`);
      }
      await this.deduplicate(table);
    }
    // result_values has no lot: its import's lots are in its result_wafers.
    const staged = tables.filter((table) => finalValueTables.includes(table) && table !== 'result_values').map((table) => quoteIdent(stagingTable(table, importId)));
    if (staged.length > 0) {
      await this.engine.exec(createTouchedLotsSql);
      await this.engine.exec(noteStagedLotsSql(staged));
    }
    if (tables.includes('dies')) await this.consolidateDies(importId);
    await this.refreshTestSummary(false);
    return record;
  }
}
