import { dropStaging } from '@shared/import/dieCsvImport';
import { importFile, type MappingNeeds } from '@shared/import/importFile';
import { equipmentIdMismatches, type EquipmentIdMismatch } from '@shared/import/equipmentIdCheck';
import { importWarning, warningFields } from '@shared/import/importWarning';
import type { EquipmentRecordKind } from '@shared/equipment/columns';
import { equipmentPresenceSql } from '@shared/sql/equipmentSql';
import { joinSampleTableBytes, sampleTableFiles, sampleTables, stageSampleTables } from '@shared/import/sampleTablesImport';
import { stageStdfInput, stdfTables } from '@shared/import/stdfImport';
import { newImportId, type ImportRecord, type WorkspaceManifest } from '@shared/workspace/manifest';
import type { ImportDetails } from '@shared/workspace/workspace';
import { asSampleImports } from '@shared/workspace/sampleImports';
import type { SqlEngine } from '@shared/engine/sqlEngine';
import type { WorkspaceSession } from './engineStartup';
import { readAll, type ImportSource } from './importSource';
import { parseStdfInWorker } from './stdfImportClient';

/** Progress of one file's import, for the progress bar. */
export interface ImportProgress {
  fileName: string;
  stage: 'reading' | 'parsing' | 'writing' | 'done';
  bytesDone: number;
  bytesTotal: number;
  rows: number;
  /** STDF records parsed so far (STDF imports only). */
  records?: number;
}

/** What a file holds, as far as the mapping dialog is concerned. */
export type FileContent = 'die' | EquipmentRecordKind;

/** A file whose required columns were not all recognised: what the mapping dialog shows. */
export interface ColumnMappingNeeds {
  /** What the file was taken to hold. */
  content: FileContent;
  /** Its header names, in file order. */
  headers: string[];
  /** Role or field -> header, as detected. */
  mapping: Record<string, string>;
  /** Required roles or fields with no (or more than one) matching column. */
  missing: string[];
}

/** The user's (or a remembered) answer: what the file holds and which column plays which role. */
export interface ImportChoice {
  content: FileContent;
  columns: Record<string, string>;
}

/** What happened to one file. */
export type ImportOutcome =
  | { kind: 'imported'; record: ImportRecord }
  | { kind: 'duplicate'; record: ImportRecord }
  | { kind: 'needs-mapping'; needs: ColumnMappingNeeds; source: ImportSource };

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The open workspace (in this page's engine or the host's), and the import pipeline into it. */
/** What a watch folder says about the file it hands over (see WatchFolderFileState). */
export interface WatchedImport {
  /** The file never got its MRR within the limit: import it as partial. */
  final?: boolean;
  /** The id of the file's earlier partial import, which this import replaces. */
  replaces?: string;
}

/** A refused file: its English message and, when the refusal has one, a code and params the log translates (issue #13 §5). */
export class ImportRefusedError extends Error {
  override name = 'ImportRefusedError';
  constructor(message: string, readonly problem?: { code: string; params: Record<string, string | number> }) {
    super(message);
  }
}

export class WorkspaceService {
  constructor(private readonly engine: SqlEngine, private readonly workspace: WorkspaceSession) {}

  /** The manifest: every import so far. */
  get manifest(): WorkspaceManifest {
    return this.workspace.manifest;
  }

  /**
   * Start loading the deferred tables. Returns the names queries must wait for (the tables and the
   * views that read them) and the load itself; nothing when nothing was deferred.
   */
  async startDeferredLoad(onTable: (table: string, done: number, total: number) => void): Promise<{ names: Set<string>; loaded: Promise<void> } | null> {
    const workspace = this.opened;
    if (workspace.pendingTables.length === 0) return null;
    const names = await workspace.deferredNames();
    return { names, loaded: workspace.loadDeferred(onTable) };
  }

  private get opened(): WorkspaceSession {
    return this.workspace;
  }

  /** Import one die-level CSV of the bundled sample fab, marked as sample data. */
  importSampleDieCsv(source: ImportSource, onProgress: (progress: ImportProgress) => void, signal: AbortSignal): Promise<ImportOutcome> {
    return this.importTextFile(source, onProgress, signal, { content: 'die', columns: {} }, 'sample');
  }

  /**
   * Import a text file by its content: equipment history, events or sensor summaries (CSV or JSON
   * Lines), an SML log, or a die-level CSV; `choice` (the mapping dialog's answer) skips detection.
   * The shared import orchestrator does the work, as for the CLI and watch folders; a refused file
   * is thrown with its message (file:line:column where it applies).
   */
  async importTextFile(source: ImportSource, onProgress: (progress: ImportProgress) => void, signal: AbortSignal, choice?: ImportChoice, origin?: 'sample'): Promise<ImportOutcome> {
    const progress: ImportProgress = { fileName: source.name, stage: 'reading', bytesDone: 0, bytesTotal: source.size, rows: 0 };
    const workspace = origin === 'sample' ? asSampleImports(this.opened) : this.opened;
    const outcome = await importFile({ engine: this.engine, workspace, sha256 }, source, {
      choice,
      signal,
      onRead: (done) => onProgress({ ...progress, bytesDone: done }),
      onStage: (stage) => onProgress({ ...progress, bytesDone: source.size, stage }),
    });
    if (outcome.kind === 'rejected') throw new ImportRefusedError(outcome.message, outcome.problem);
    if (outcome.kind === 'incomplete') throw new Error(outcome.message);
    if (outcome.kind === 'needs-mapping') return { kind: 'needs-mapping', source, needs: mappingNeeds(outcome.needs) };
    if (outcome.kind === 'imported') onProgress({ ...progress, bytesDone: source.size, stage: 'done', rows: outcome.record.rows });
    return { kind: outcome.kind, record: outcome.record };
  }

  /** Remove imports (their records, files and rows) from the open workspace; the host refuses when it serves read-only. */
  removeImports(importIds: readonly string[]): Promise<ImportRecord[]> {
    return this.opened.removeImports(importIds);
  }

  /** Lot/wafer ids that do not meet between equipment and test data, and whether any equipment data exists. */
  async equipmentIdCheck(perIssue: number): Promise<{ mismatches: EquipmentIdMismatch[]; equipmentRows: number }> {
    const mismatches = await equipmentIdMismatches(this.engine, perIssue);
    const presence = await this.engine.query(equipmentPresenceSql());
    return { mismatches, equipmentRows: Number(presence.get(0)?.equipment_rows ?? 0) };
  }

  /**
   * Import one STDF V4 file (plain, gzip or zip; bzip2 is not supported in the app: its decoder needs
   * Node). A worker hashes and parses the chunks as they are read and hands back Arrow IPC bytes; this
   * thread loads them into DuckDB, stages and commits. Cancel stops the worker; nothing is written.
   */
  async importStdf(source: ImportSource, onProgress: (progress: ImportProgress) => void, signal: AbortSignal, origin?: 'sample', watched: WatchedImport = {}): Promise<ImportOutcome> {
    const progress: ImportProgress = { fileName: source.name, stage: 'parsing', bytesDone: 0, bytesTotal: source.size, rows: 0, records: 0 };
    const head = await source.read(0, Math.min(3, source.size));
    if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) {
      throw new Error(`${source.name}: bzip2-compressed STDF cannot be read in the app; decompress it first, or use "yield-monitor import"`);
    }
    onProgress(progress);
    const parsed = await parseStdfInWorker(source, {
      signal,
      onProgress: (parse) => onProgress({ ...progress, bytesDone: parse.bytes, records: parse.records }),
      isDuplicate: (contentHash) => this.opened.findDuplicate(contentHash) !== undefined,
    });
    const existing = this.opened.findDuplicate(parsed.contentHash);
    if (parsed.kind === 'duplicate' && existing) return { kind: 'duplicate', record: existing };
    if (parsed.kind === 'duplicate') throw new Error(`${source.name}: duplicate check changed during the import; import it again`);
    const importId = newImportId(new Date(), parsed.contentHash);
    const records = parsed.input.details.records;
    try {
      onProgress({ ...progress, bytesDone: source.size, records, stage: 'writing' });
      const staging = await stageStdfInput(this.engine, parsed.input, importId);
      onProgress({ ...progress, bytesDone: source.size, records, stage: 'writing', rows: staging.rows });
      signal.throwIfAborted();
      const described: ImportDetails = {
        sourceFile: source.name, contentHash: parsed.contentHash, format: 'stdf', rows: staging.rows, warnings: staging.warnings, details: staging.details,
      };
      // A damaged file that was partly read: the record says where and how much (the log shows it amber).
      if (staging.details.partial) described.partial = staging.details.partial;
      // A watched file that never got its MRR: what is there is imported, marked partial, as the CLI's watch does.
      if (watched.final && staging.details.mrr === null) {
        described.partial ??= { offset: source.size, unreadBytes: 0 };
        Object.assign(described, warningFields([importWarning('stdfIncomplete', { file: source.name, offset: source.size }), ...described.warnings]));
      }
      if (origin) described.origin = origin;
      // commitImport spreads what it is given into the record, so the file details reach the manifest.
      // A file that grew after its partial import replaces that import instead of adding its dies again as retests.
      const record = await this.opened.commitImport(importId, described, stdfTables, { replaces: watched.replaces });
      onProgress({ ...progress, bytesDone: source.size, records, stage: 'done', rows: staging.rows });
      return { kind: 'imported', record };
    } finally {
      await dropStaging(this.engine, importId);
    }
  }

  /** Import the table files of a sample-layout folder (wafer details, tests, bins, equipment history); `origin` 'sample' for the bundled fab's. */
  async importSampleTables(files: { wafers: ImportSource; tests: ImportSource; bins: ImportSource; equipment: ImportSource }, signal: AbortSignal, origin?: 'sample'): Promise<void> {
    const contents = await Promise.all(sampleTableFiles.map((name) => readAll(files[name], () => undefined, signal)));
    const contentHash = await sha256(joinSampleTableBytes(contents));
    if (this.opened.findDuplicate(contentHash)) return;
    const importId = newImportId(new Date(), contentHash);
    const names = sampleTableFiles.map((name) => `sample/${importId}/${name}.csv`);
    await Promise.all(contents.map((bytes, index) => this.engine.registerBuffer(names[index]!, bytes)));
    try {
      const rows = await stageSampleTables(this.engine, names, importId);
      const details: ImportDetails = { sourceFile: 'sample fab: wafers, tests, bins, equipment', contentHash, format: 'sample', rows, warnings: [] };
      await this.opened.commitImport(importId, origin ? { ...details, origin } : details, sampleTables);
    } finally {
      await dropStaging(this.engine, importId);
      for (const name of names) await this.engine.dropFile(name);
    }
  }
}

/** What the mapping dialog shows for a text file whose columns the importer could not place. */
function mappingNeeds(needs: MappingNeeds): ColumnMappingNeeds {
  if (needs.content !== 'die') {
    const staging = needs.staging;
    const missing = [...staging.detection.missing, ...staging.detection.ambiguous.map((entry) => entry.field)];
    return { content: staging.recordKind, headers: staging.headers, mapping: { ...staging.detection.mapping }, missing };
  }
  const staging = needs.staging;
  const mapping = Object.fromEntries(Object.entries(staging.detection.mapping.roles).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const missing = [...staging.detection.missing, ...staging.detection.ambiguous.map((entry) => entry.role)];
  return { content: 'die', headers: staging.columns.map((column) => column.name), mapping, missing };
}
