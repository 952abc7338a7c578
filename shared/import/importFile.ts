/**
 * The import orchestrator: one file's bytes -> what it is (by content) -> staged -> committed to the
 * workspace, with its warnings, a partial read or a rejection recorded in the manifest. The CLI's
 * `import`, `watch` and the app's text imports all go through `importFile`; what differs between
 * them (how bytes are read, how they are hashed, bzip2) comes in through `ImportTarget`.
 */
import type { SqlEngine } from '../engine/sqlEngine.ts';
import type { EquipmentRecordKind } from '../equipment/columns.ts';
import { readStdfBytes } from '../stdf/readStdf.ts';
import { ResultColumnStorage } from '../stdf/resultTables.ts';
import type { Bzip2Decoder } from '../stdf/decompress.ts';
import type { CanonicalTableName } from '../schema/canonical.ts';
import { newImportId, type ImportRecord, type PartialRead } from '../workspace/manifest.ts';
import type { CommitOptions, ImportDetails } from '../workspace/workspace.ts';
import { CsvFormatError, csvText } from './csvStrict.ts';
import type { DieColumnRole } from './csvColumns.ts';
import { dieCsvTables, dropStaging, ImportError, stageDieCsv, type DieCsvStaging } from './dieCsvImport.ts';
import { sniffFileLayout, stageEquipmentFile, type EquipmentFileStaging } from './equipmentFile.ts';
import { classifyHeadBytes, importRoute } from './importableFile.ts';
import { stageDefects, stageMapDies } from './mapImport.ts';
import { partialRead } from './stdfFileDetails.ts';
import { importWarning, warningFields, type ImportWarning } from './importWarning.ts';
import { prepareStdfTables, stageStdfInput, stdfRejection, stdfTables } from './stdfImport.ts';
import { isKlarf, readKlarf } from '../wafermap/klarfFormat.ts';
import { mapFormatOf, readMapFile, type MapFormat } from '../wafermap/mapFile.ts';

/** A file to import, read through whoever holds it (Node's file system, a browser File, the host). */
export interface ImportFileSource {
  /** The file's name as the manifest records it (`sourceFile`). */
  name: string;
  /** Where it is, as messages name it (the path the user gave); `name` when absent. */
  location?: string;
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** The workspace an import commits to: `Workspace`, or a session over one held by another process. */
export interface ImportWorkspace {
  findDuplicate(contentHash: string): ImportRecord | undefined;
  commitImport(importId: string, details: ImportDetails, tables: readonly CanonicalTableName[], options?: CommitOptions): Promise<ImportRecord>;
  /** Record a refused file (status 'rejected'); a session without it does not record refusals. */
  recordRejection?(importId: string, details: ImportDetails): Promise<ImportRecord>;
}

/** Where imports go, and the host's pieces the orchestrator cannot have in shared/. */
export interface ImportTarget {
  engine: SqlEngine;
  workspace: ImportWorkspace;
  /** SHA-256 of the bytes as lower-case hex (node:crypto, or SubtleCrypto in a page). */
  sha256(bytes: Uint8Array): Promise<string>;
  /** bzip2 decoding (Node only); without it a bzip2 STDF file is rejected with a message saying so. */
  bzip2?: Bzip2Decoder;
}

/** The user's (or a remembered) answer for a text file: what it holds and which column plays which role. */
export interface ImportChoice {
  content: 'die' | EquipmentRecordKind;
  columns: Record<string, string>;
}

/** How one file is imported. */
export interface ImportFileOptions {
  /**
   * An STDF file without its MRR (the last record a tester writes): `import` it as read (the
   * default; the checker's warning says so), `wait` (nothing is written, the outcome is
   * `incomplete`: a writer may still be busy), or `partial` (imported, marked partial, with a
   * warning naming the file and the offset where it ends).
   */
  incompleteStdf?: 'import' | 'wait' | 'partial';
  /** An earlier import of the same source that this one replaces (see Workspace.commitImport). */
  replaces?: string;
  /** Column roles for a text file (the mapping dialog's answer or remembered roles). */
  choice?: ImportChoice;
  /** Record a refused file in the manifest with status 'rejected' (default true). */
  recordRejection?: boolean;
  /** Told how many bytes have been read so far. */
  onRead?(bytesDone: number): void;
  /** Told when the bytes have been read and when staging and writing start. */
  onStage?(stage: 'parsing' | 'writing'): void;
  /** Checked between steps; an aborted import writes nothing. */
  signal?: AbortSignal;
}

/** Columns a text file's importer could not place: what a mapping dialog (or an error) shows. */
export type MappingNeeds =
  | { content: 'die'; staging: Extract<DieCsvStaging, { kind: 'needs-mapping' }> }
  | { content: EquipmentRecordKind; staging: Extract<EquipmentFileStaging, { kind: 'needs-mapping' }> };

/** What happened to one file. Every outcome's `message` starts with the file's name. */
export type ImportFileOutcome =
  | { kind: 'imported'; record: ImportRecord; dies: number; message: string }
  | { kind: 'duplicate'; record: ImportRecord; message: string }
  | { kind: 'incomplete'; contentHash: string; message: string }
  | { kind: 'needs-mapping'; needs: MappingNeeds; message: string }
  | { kind: 'rejected'; record?: ImportRecord; message: string; problem?: { code: string; params: Record<string, string | number> } };

/** Read a whole source (in pieces small enough for any host's chunked reads). */
export async function readSource(source: ImportFileSource, signal?: AbortSignal, onRead?: (bytesDone: number) => void): Promise<Uint8Array> {
  const pieceBytes = 4 * 1024 * 1024;
  const bytes = new Uint8Array(source.size);
  let offset = 0;
  while (offset < source.size) {
    signal?.throwIfAborted();
    const piece = await source.read(offset, Math.min(pieceBytes, source.size - offset));
    if (piece.length === 0) break;
    bytes.set(piece, offset);
    offset += piece.length;
    onRead?.(offset);
  }
  // A file that shrank while it was read: import what was there.
  return offset === source.size ? bytes : bytes.subarray(0, offset);
}

/** Import one file into the target's workspace; see the module comment. Failures come back as `rejected`, never thrown (except an abort). */
export async function importFile(target: ImportTarget, source: ImportFileSource, options: ImportFileOptions = {}): Promise<ImportFileOutcome> {
  const label = source.location ?? source.name;
  const bytes = await readSource(source, options.signal, options.onRead);
  const contentHash = await target.sha256(bytes);
  const duplicate = target.workspace.findDuplicate(contentHash);
  if (duplicate) return { kind: 'duplicate', record: duplicate, message: `${label}: already imported as ${duplicate.importId} (same content), nothing to do` };
  // Wafer maps and KLARF files are known by their first bytes before the STDF/text rule (a map zip is no STDF zip).
  const mapFormat = mapFormatOf(bytes);
  const klarf = mapFormat === null && isKlarf(new TextDecoder().decode(bytes.subarray(0, 256)));
  const route = mapFormat !== null || klarf ? { route: mapFormat !== null ? 'wafer-map' as const : 'klarf' as const } : importRoute(source.name, bytes.subarray(0, classifyHeadBytes));
  const file = { label, sourceFile: source.name, bytes, contentHash };
  try {
    if (route.route === 'reject') throw new ImportError(label, route.message.replace(`${source.name}: `, ''));
    options.onStage?.('parsing');
    if (mapFormat !== null) return await importMaps(target, file, mapFormat, options);
    if (route.route === 'klarf') return await importKlarf(target, file, options);
    if (route.route === 'stdf') return await importStdf(target, file, options);
    return await importText(target, file, options);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    // Readers that name the file themselves (`file:line: ...`, the map and KLARF readers) keep their message as is.
    const known = error instanceof ImportError || error instanceof CsvFormatError || (error as Error).message.startsWith(`${label}:`);
    const message = known ? (error as Error).message : `${label}: ${(error as Error).message.replace(`${source.name}: `, '').replace(`${label}: `, '')}`;
    // A broken CSV rule also comes as a code and params, so the app can say it in the user's language (issue #13 §5).
    const problem = error instanceof CsvFormatError ? error.problem : undefined;
    if (options.recordRejection === false) return { kind: 'rejected', message, ...(problem ? { problem } : {}) };
    const details = { sourceFile: source.name, contentHash, format: formatOf(route.route), rows: 0, warnings: [message] };
    // The refusal is what counts; a workspace that cannot record it (e.g. read-only) does not change it.
    const record = await target.workspace.recordRejection?.(newImportId(new Date(), contentHash), details).catch(() => undefined);
    return { kind: 'rejected', ...(record ? { record } : {}), message, ...(problem ? { problem } : {}) };
  }
}

/** One file being imported: how messages name it, how the manifest names it, its bytes and hash. */
interface FileBeingImported {
  label: string;
  sourceFile: string;
  bytes: Uint8Array;
  contentHash: string;
}

function formatOf(route: 'stdf' | 'text' | 'reject' | 'wafer-map' | 'klarf'): ImportRecord['format'] {
  return route === 'stdf' || route === 'wafer-map' || route === 'klarf' ? route : 'csv';
}

async function importMaps(target: ImportTarget, file: FileBeingImported, format: MapFormat, options: ImportFileOptions): Promise<ImportFileOutcome> {
  const { label, bytes, contentHash, sourceFile } = file;
  const maps = readMapFile(bytes, format, label);
  if (maps.every((map) => map.dies.length === 0)) throw new ImportError(label, `a ${format} wafer map without any tested die, nothing imported`);
  const importId = newImportId(new Date(), contentHash);
  try {
    const dies = await stageMapDies(target.engine, maps, format, importId);
    const record = await commit(target, importId, { sourceFile, contentHash, format: 'wafer-map', rows: dies, warnings: [] }, ['map_dies'], options);
    const lots = [...new Set(maps.map((map) => map.lot))].join(', ');
    return { kind: 'imported', record, dies: 0, message: `${label}: ${format} wafer map, ${maps.length} wafer(s), ${dies} map dies (lot ${lots}) imported as ${record.importId}` };
  } finally {
    await dropStaging(target.engine, importId);
  }
}

async function importKlarf(target: ImportTarget, file: FileBeingImported, options: ImportFileOptions): Promise<ImportFileOutcome> {
  const { label, bytes, contentHash, sourceFile } = file;
  const klarf = readKlarf(new TextDecoder().decode(bytes), label);
  const importId = newImportId(new Date(), contentHash);
  try {
    const defects = await stageDefects(target.engine, klarf, importId);
    const record = await commit(target, importId, { sourceFile, contentHash, format: 'klarf', rows: defects, warnings: [] }, ['defects'], options);
    return { kind: 'imported', record, dies: 0, message: `${label}: KLARF ${klarf.version}, ${klarf.wafers.length} wafer(s), ${defects} defects (lot ${klarf.lotId}) imported as ${record.importId}` };
  } finally {
    await dropStaging(target.engine, importId);
  }
}

async function commit(target: ImportTarget, importId: string, details: ImportDetails, tables: readonly CanonicalTableName[], options: ImportFileOptions): Promise<ImportRecord> {
  options.signal?.throwIfAborted();
  options.onStage?.('writing');
  return target.workspace.commitImport(importId, details, tables, { replaces: options.replaces });
}

/**
 * Result columns the STDF imports of this process read into, file after file (issue #12 §3): fresh memory
 * costs a page fault per page on first write, ~1 s for a 487 MB file's 360 MB of columns on a small VM. One
 * import holds them from the read until its raw relations are in the engine; an import running meanwhile
 * reads into fresh columns.
 */
let idleResultStorage: ResultColumnStorage | null = new ResultColumnStorage();

async function importStdf(target: ImportTarget, file: FileBeingImported, options: ImportFileOptions): Promise<ImportFileOutcome> {
  const storage = idleResultStorage;
  idleResultStorage = null;
  try {
    return await readAndImportStdf(target, file, options, storage ?? undefined);
  } finally {
    if (storage !== null) idleResultStorage = storage;
  }
}

async function readAndImportStdf(target: ImportTarget, file: FileBeingImported, options: ImportFileOptions, resultStorage: ResultColumnStorage | undefined): Promise<ImportFileOutcome> {
  const { label: name, bytes, contentHash, sourceFile } = file;
  const result = readStdfBytes(bytes, { bzip2: target.bzip2, resultStorage });
  const mode = options.incompleteStdf ?? 'import';
  // The MRR is the last record a tester writes: without it the file may still be growing.
  const endsAt = result.errors[0]?.offset ?? result.bytesRead;
  if (result.mrr === null && mode === 'wait') return { kind: 'incomplete', contentHash, message: `${name}: no MRR yet (${endsAt} bytes of records read); waiting for the rest` };
  // The lot falls back to the file's own name when the MIR has none.
  const rejection = stdfRejection(result, sourceFile);
  if (rejection !== null) throw new ImportError(name, rejection.replace(`${sourceFile}: `, ''));
  const importId = newImportId(new Date(), contentHash);
  try {
    // Arrow tables, not IPC bytes: the engine is in this thread or serialises them itself (a served engine).
    const staging = await stageStdfInput(target.engine, prepareStdfTables(result, sourceFile), importId);
    const warnings: (ImportWarning | string)[] = [...staging.warnings];
    let partial: PartialRead | undefined = staging.details.partial ?? partialRead(result);
    if (result.mrr === null && mode === 'partial') {
      partial ??= { offset: endsAt, unreadBytes: 0 };
      warnings.unshift(importWarning('stdfIncomplete', { file: name, offset: endsAt }));
    }
    const fields = warningFields(warnings);
    const details: ImportDetails = { sourceFile, contentHash, format: 'stdf', rows: staging.rows, ...fields, details: staging.details };
    if (partial) details.partial = partial;
    const record = await commit(target, importId, details, stdfTables, options);
    const warned = fields.warnings.length > 0 ? `, ${fields.warnings.length} warning(s), first: ${fields.warnings[0]}` : '';
    // A damaged or cut file says so first: what was imported is only what could be read.
    const state = partial ? `partial: ${partial.unreadBytes} bytes unread at offset ${partial.offset}; ` : '';
    return { kind: 'imported', record, dies: staging.dies, message: `${name}: ${state}${staging.rows} insertions (${staging.dies} dies, lot ${result.mir?.lotId ?? '?'}) imported as ${record.importId}${warned}` };
  } finally {
    await dropStaging(target.engine, importId);
  }
}

async function importText(target: ImportTarget, file: FileBeingImported, options: ImportFileOptions): Promise<ImportFileOutcome> {
  const { label: name, bytes, contentHash, sourceFile } = file;
  const importId = newImportId(new Date(), contentHash);
  // Compression by magic bytes, not by name: DuckDB's CSV reader picks it from the registered name.
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const registeredName = `import/${importId}${gzipped ? '.csv.gz' : '.csv'}`;
  // Sniff and take the text first: registering may hand the bytes to a worker, detaching them here.
  const layout = sniffFileLayout(bytes);
  const text = layout === 'csv' ? csvText(bytes) : undefined;
  const registered = layout === 'csv' || options.choice?.content === 'die';
  if (registered) await target.engine.registerBuffer(registeredName, bytes);
  try {
    const choice = options.choice;
    const equipment = await stageEquipmentFile(target.engine, bytes, { importId, fileName: name, registeredName, recordKind: choice?.content, overrides: choice?.columns, layout });
    if (equipment?.kind === 'needs-mapping') {
      const missing = [...equipment.detection.missing, ...equipment.detection.ambiguous.map((entry) => `${entry.field} (ambiguous: ${entry.headers.join(', ')})`)];
      return { kind: 'needs-mapping', needs: { content: equipment.recordKind, staging: equipment }, message: `${name}: ${equipment.recordKind} columns not recognised: ${missing.join(', ')}` };
    }
    if (equipment) {
      const record = await commit(target, importId, { sourceFile, contentHash, format: equipment.format, rows: equipment.rows, ...warningFields(equipment.warnings) }, [equipment.table], options);
      const warnings = equipment.warnings.map((warning) => `\n  warning: ${warning.message}`).join('');
      return { kind: 'imported', record, dies: 0, message: `${name}: ${equipment.rows} ${equipment.table} rows imported as ${record.importId}${warnings}` };
    }
    const remembered = choice?.content === 'die' ? (choice.columns as Partial<Record<DieColumnRole, string>>) : undefined;
    const staging = await stageDieCsv(target.engine, { registeredName, fileName: name, importId, defaultProduct: 'UNKNOWN', remembered, text });
    if (staging.kind === 'needs-mapping') {
      const missing = [...staging.detection.missing, ...staging.detection.ambiguous.map((entry) => `${entry.role} (ambiguous: ${entry.candidates.join(', ')})`)];
      return { kind: 'needs-mapping', needs: { content: 'die', staging }, message: `${name}: columns not recognised: ${missing.join(', ')}` };
    }
    const record = await commit(target, importId, { sourceFile, contentHash, format: 'csv', rows: staging.rows, warnings: staging.warnings }, dieCsvTables, options);
    return { kind: 'imported', record, dies: staging.dies, message: `${name}: ${staging.rows} rows (${staging.dies} dies) imported as ${record.importId}` };
  } finally {
    await dropStaging(target.engine, importId);
    if (registered) await target.engine.dropFile(registeredName);
  }
}
