/**
 * STDF V4 import: the reader's columnar result becomes Arrow tables (typed arrays, no row objects),
 * which are loaded into raw relations and turned into the canonical staging tables by SQL.
 */
import { makeData, makeVector, Table, tableToIPC, Utf8, type Vector } from 'apache-arrow';
import { quoteIdent, type SqlEngine } from '../engine/sqlEngine.ts';
import type { CanonicalTableName } from '../schema/canonical.ts';
import { defaultSliceRows, stagingTable, stdfBinsSql, stdfDiesSql, stdfInsertionsSql, stdfResultWafersSql, stdfResultsSql, stdfTestEquipmentSql, stdfTestsSql, stdfWafersSql, type StdfHeader } from '../sql/staging.ts';
import { checkStdf, consolidateInsertions, partPassed, readStdfBytes, type Bzip2Decoder, type MirRecord, type SdrRecord, type StdfFinding, type StdfResult } from '../stdf/index.ts';
import { stdfFileDetails, type StdfFileDetails } from './stdfFileDetails.ts';
import { orientationOfRow, waferGeometry } from '../wafer/lotWafers.ts';

/** Tables an STDF import fills. */
export const stdfTables: CanonicalTableName[] = ['die_insertions', 'dies', 'wafers', 'tests', 'result_wafers', 'result_values', 'bins', 'test_equipment'];

/** The outcome of staging one STDF file. */
export interface StdfStaging {
  rows: number;
  dies: number;
  warnings: string[];
  /** MIR, SDR, WCR, MRR and checker summary, for the manifest record. */
  details: StdfFileDetails;
  /** The MIR (only when staged from bytes or a read result in this thread). */
  mir?: MirRecord | null;
}

/** Raw Arrow relations of one STDF file, named by role. */
export interface StdfArrowTables {
  parts: Table;
  wafers: Table;
  tests: Table;
  results: Table;
  bins: Table;
  /** One row per piece of test equipment the MIR and SDRs name (kind, equipment_id). */
  equipment: Table;
}

/** A UTF-8 vector built from offsets and bytes (vectorFromArray compiles code with `new Function`, which the app's CSP forbids). */
function utf8(values: readonly string[]): Vector {
  const valueOffsets = new Int32Array(values.length + 1);
  // Part IDs are mostly short ASCII: sized by UTF-16 length first, encoded with TextEncoder only when that is not enough.
  let capacity = values.reduce((sum, value) => sum + value.length, 0);
  let data = new Uint8Array(capacity);
  const encoder = new TextEncoder();
  let end = 0;
  values.forEach((value, index) => {
    let ascii = end + value.length <= capacity;
    for (let char = 0; ascii && char < value.length; char++) {
      const code = value.charCodeAt(char);
      if (code < 0x80) data[end + char] = code;
      else ascii = false;
    }
    if (ascii) end += value.length;
    else {
      const bytes = encoder.encode(value);
      if (end + bytes.length > capacity) {
        capacity = Math.max(capacity * 2, end + bytes.length);
        const grown = new Uint8Array(capacity);
        grown.set(data.subarray(0, end));
        data = grown;
      }
      data.set(bytes, end);
      end += bytes.length;
    }
    valueOffsets[index + 1] = end;
  });
  return makeVector(makeData({ type: new Utf8(), length: values.length, nullCount: 0, valueOffsets, data: data.subarray(0, end) }));
}

function rowRange(count: number): Int32Array {
  const rows = new Int32Array(count);
  for (let index = 0; index < count; index++) rows[index] = index;
  return rows;
}

/** Per-PRR rows in file order, with the die index and insertion number from retest consolidation. */
function partsTable(result: StdfResult): Table {
  const parts = result.parts;
  const consolidation = consolidateInsertions(parts);
  const order = consolidation.order;
  const count = order.length;
  const columns = {
    waferIndex: new Int32Array(count), x: new Int16Array(count), y: new Int16Array(count), site: new Int32Array(count),
    hardBin: new Int32Array(count), softBin: new Int32Array(count), pass: new Uint8Array(count), testTime: new Float64Array(count),
    die: new Int32Array(count), insertion: new Int32Array(count),
  };
  const partIds: string[] = new Array<string>(count);
  // Dies are numbered below parts.count, parts without a die key get parts.count + ordinal.
  const insertionsSoFar = new Int32Array(parts.count + count);
  for (let ordinal = 0; ordinal < count; ordinal++) {
    const row = order[ordinal] ?? 0;
    columns.waferIndex[ordinal] = parts.waferIndex[row] ?? -1;
    columns.x[ordinal] = parts.x[row] ?? -32768;
    columns.y[ordinal] = parts.y[row] ?? -32768;
    columns.site[ordinal] = parts.site[row] ?? 0;
    columns.hardBin[ordinal] = parts.hardBin[row] ?? 65535;
    columns.softBin[ordinal] = parts.softBin[row] ?? 65535;
    columns.pass[ordinal] = partPassed(parts.partFlag[row] ?? 0) ? 1 : 0;
    columns.testTime[ordinal] = parts.testTime[row] ?? 0;
    // Parts without X/Y and PART_ID are their own die: give them indexes past the consolidated ones.
    const consolidated = consolidation.dieIndex[row] ?? -1;
    const die = consolidated >= 0 ? consolidated : parts.count + ordinal;
    columns.die[ordinal] = die;
    columns.insertion[ordinal] = ++insertionsSoFar[die]!;
    partIds[ordinal] = parts.partId[row] ?? '';
  }
  return new Table({
    row: makeVector(rowRange(count)), wafer_index: makeVector(columns.waferIndex), x: makeVector(columns.x), y: makeVector(columns.y),
    site: makeVector(columns.site), hard_bin: makeVector(columns.hardBin), soft_bin: makeVector(columns.softBin), pass: makeVector(columns.pass),
    test_time_ms: makeVector(columns.testTime), die: makeVector(columns.die), insertion: makeVector(columns.insertion), part_id: utf8(partIds),
  });
}

/** Seconds since 1970 as a double, NaN when missing. */
function seconds(value: number | null | undefined): number {
  return value === null || value === undefined || value === 0 ? Number.NaN : value;
}

/**
 * Per wafer: 'file' when the file's WCR geometry holds the wafer's dies, 'dies' when the outline has to be fitted to
 * them (issue #13 §1), as the wafer map decides it (waferGeometry); '' for a wafer without dies with X/Y.
 */
function outlineSources(result: StdfResult, header: StdfHeader): string[] {
  const coordinates = result.wafers.map(() => ({ xs: [] as number[], ys: [] as number[] }));
  const parts = result.parts;
  for (let part = 0; part < parts.count; part++) {
    const target = coordinates[parts.waferIndex[part] ?? -1];
    if (target === undefined || parts.x[part] === -32768 || parts.y[part] === -32768) continue;
    target.xs.push(parts.x[part] ?? 0);
    target.ys.push(parts.y[part] ?? 0);
  }
  const row = orientationOfRow({
    wafer_size_mm: header.waferSizeMm, die_width_mm: header.dieWidthMm, die_height_mm: header.dieHeightMm, flat: header.flat,
    pos_x: header.posX, pos_y: header.posY, center_x: header.centerX, center_y: header.centerY,
  });
  return coordinates.map(({ xs, ys }) => (xs.length === 0 ? '' : waferGeometry(row, xs, ys).source));
}

function wafersTable(result: StdfResult, header: StdfHeader): Table {
  const count = result.wafers.length;
  const start = new Float64Array(count);
  const finish = new Float64Array(count);
  result.wafers.forEach((wafer, index) => {
    start[index] = seconds(wafer.startTime);
    finish[index] = seconds(wafer.finishTime);
  });
  return new Table({
    wafer_index: makeVector(rowRange(count)), wafer_id: utf8(result.wafers.map((wafer) => wafer.waferId)),
    start_s: makeVector(start), finish_s: makeVector(finish), outline_source: utf8(outlineSources(result, header)),
  });
}

/**
 * Tests as the import keeps them: one per reader test (kind, TEST_NUM, TEST_TXT), and for an MPR one per
 * returned pin. Each gets a per-product key (issue #13 §1: testers reuse numbers; one 93K program numbers
 * every test 0): the first PTR of a number keeps the number as its key, so ordinary files look as before;
 * every other test of that number, every FTR and every MPR pin gets a key derived from (kind, number, name,
 * pin) alone, stable across files of the product. Derived keys are negative (FNV-1a, 31 bits), never a number.
 */
export interface ImportTest {
  /** Index into the reader's tests. */
  source: number;
  /** MPR pin (position in RTN_RSLT), null for PTR and FTR. */
  pin: number | null;
  key: number;
}

/** The derived key of a test that does not own its number: a negative 31-bit FNV-1a of (kind, number, name, pin). */
export function derivedTestKey(kind: string, testNum: number, name: string, pin: number | null): number {
  let hash = 0x811c9dc5;
  for (const char of `${kind}\u0000${testNum}\u0000${name}\u0000${pin ?? ''}`) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return -1 - (hash % 2147483646);
}

/** Largest magnitude a result may have to be a measurement: testers write -1e11, 9.9e37 ... for "not measured". */
export const sentinelMagnitude = 1e10;

/** True when a stored PTR/MPR value is a measurement: finite and below the sentinel magnitude. */
export function isMeasurement(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) < sentinelMagnitude;
}

/** The import's tests and, per result row, its import test index and value (see resultsTable). */
interface ImportTestPlan {
  tests: ImportTest[];
  /** Per reader test: its import test index (MPR: of pin 0). */
  firstEntry: Int32Array;
  /** Per reader test: import test indexes of MPR pins 1, 2, ... */
  pins: Map<number, number[]>;
}

function planTests(result: StdfResult): ImportTestPlan {
  const tests: ImportTest[] = [];
  const firstEntry = new Int32Array(result.tests.length);
  const ownedNumbers = new Set<number>();
  result.tests.forEach((test, index) => {
    const owns = test.kind === 'PTR' && !ownedNumbers.has(test.testNum) && test.testNum <= 0x7fffffff;
    if (owns) ownedNumbers.add(test.testNum);
    const pin = test.kind === 'MPR' ? 0 : null;
    firstEntry[index] = tests.length;
    tests.push({ source: index, pin, key: owns ? test.testNum : derivedTestKey(test.kind, test.testNum, test.name, pin) });
  });
  return { tests, firstEntry, pins: new Map() };
}

/** Import test index of pin `pin` of reader test `source` (an MPR), adding it when new. */
function pinEntry(plan: ImportTestPlan, source: number, pin: number, result: StdfResult): number {
  if (pin === 0) return plan.firstEntry[source] ?? 0;
  const entries = plan.pins.get(source) ?? [];
  plan.pins.set(source, entries);
  while (entries.length < pin) {
    const test = result.tests[source];
    const next = entries.length + 1;
    entries.push(plan.tests.length);
    plan.tests.push({ source, pin: next, key: derivedTestKey('MPR', test?.testNum ?? 0, test?.name ?? '', next) });
  }
  return entries[pin - 1] ?? 0;
}

/**
 * One row per import test: key, number, kind, pin, name and limits as stored, like the values. An FTR is a
 * pass/fail test: value 1 = pass, 0 = fail, low limit 1, so every fail count includes it. MPR pins are named
 * "name #pin" when the test has several, so pickers tell them apart.
 */
function testsTable(result: StdfResult, plan: ImportTestPlan): Table {
  const count = plan.tests.length;
  const keys = new Int32Array(count);
  const numbers = new Float64Array(count);
  const pins = new Int32Array(count);
  const low = new Float64Array(count);
  const high = new Float64Array(count);
  const names: string[] = [];
  const kinds: string[] = [];
  const units: string[] = [];
  plan.tests.forEach((entry, index) => {
    const test = result.tests[entry.source];
    const ftr = test?.kind === 'FTR';
    keys[index] = entry.key;
    numbers[index] = test?.testNum ?? 0;
    pins[index] = entry.pin ?? -1;
    low[index] = ftr ? 1 : (test?.lowLimit ?? Number.NaN);
    high[index] = ftr ? Number.NaN : (test?.highLimit ?? Number.NaN);
    const several = entry.pin !== null && (entry.pin > 0 || plan.pins.has(entry.source));
    names.push(several ? `${test?.name ?? ''} #${entry.pin}` : (test?.name ?? ''));
    kinds.push(test?.kind ?? 'PTR');
    units.push(ftr ? '' : (test?.units ?? ''));
  });
  return new Table({
    test_index: makeVector(rowRange(count)), test_key: makeVector(keys), test_num: makeVector(numbers), kind: utf8(kinds), pin: makeVector(pins),
    name: utf8(names), units: utf8(units), lo_limit: makeVector(low), hi_limit: makeVector(high),
  });
}

/** The part's PRR ordinal (its `row` in the parts relation), -1 for a result outside any part that has a PRR. */
function resultPart(source: StdfResult['results'], prrOrdinal: Int32Array, row: number): number {
  const part = source.partIndex[row] ?? -1;
  return part < 0 ? -1 : (prrOrdinal[part] ?? -1);
}

/**
 * Whether the reader's result columns can go to Arrow as they are: PTRs only, every value a valid measurement,
 * every result's part has a PRR whose ordinal is the part's own index. Test kinds and PRR ordinals are checked
 * once, then one pass over the values and flags (27M rows in ~0.1 s; with resultPart and the test kind per row ~1 s).
 */
function isPlain(source: StdfResult['results'], prrOrdinal: Int32Array, kinds: readonly number[]): boolean {
  const rows = source.count;
  const { partIndex, testIndex, flags, value } = source;
  if (kinds.some((kind) => kind !== 0)) {
    for (let row = 0; row < rows; row++) if (kinds[testIndex[row]!] !== 0) return false;
  }
  let inOrder = true;
  for (let part = 0; part < prrOrdinal.length && inOrder; part++) inOrder = prrOrdinal[part] === part;
  for (let row = 0; row < rows; row++) {
    if ((flags[row]! & 0x12) !== 0) return false;
    if (!isMeasurement(value[row]!)) return false;
    if (!inOrder && resultPart(source, prrOrdinal, row) !== partIndex[row]) return false;
  }
  return true;
}

/**
 * Results of parts with a PRR: the part's PRR ordinal, import test index and value. A value that is not a
 * measurement becomes NaN (NULL in the table), counted as invalid but never in a statistic: TEST_FLG bit 1
 * (invalid) or bit 4 (not executed), NaN, or a sentinel (see isMeasurement). An FTR's value is 1 (pass) or 0
 * (TEST_FLG bit 7, fail); an MPR's returned results go to their pin's test. The usual file (PTR only, one
 * site, all valid) goes to Arrow as the reader's columns, without a copy; otherwise the columns are rebuilt.
 */
function resultsTable(result: StdfResult, plan: ImportTestPlan): Table {
  const source = result.results;
  const rows = source.count;
  const prrOrdinal = result.parts.prrOrdinal;
  const kinds = result.tests.map((test) => (test.kind === 'PTR' ? 0 : test.kind === 'MPR' ? 1 : 2));
  if (isPlain(source, prrOrdinal, kinds)) return new Table({ row: makeVector(source.partIndex.subarray(0, rows)), test_index: makeVector(source.testIndex.subarray(0, rows)), value: makeVector(source.value.subarray(0, rows)) });
  const columns = { part: new Int32Array(rows), test: new Int32Array(rows), value: new Float32Array(rows) };
  let kept = 0;
  let mpr = -1;
  for (let row = 0; row < rows; row++) {
    const part = resultPart(source, prrOrdinal, row);
    const test = source.testIndex[row] ?? 0;
    while ((source.mprStarts[mpr + 1] ?? Infinity) <= row) mpr++;
    if (part < 0) continue;
    const flags = source.flags[row] ?? 0;
    const value = source.value[row] ?? Number.NaN;
    const kind = kinds[test] ?? 0;
    columns.part[kept] = part;
    columns.test[kept] = kind === 1 ? pinEntry(plan, test, row - (source.mprStarts[mpr] ?? row), result) : (plan.firstEntry[test] ?? 0);
    columns.value[kept++] = (flags & 0x12) !== 0 ? Number.NaN : kind === 2 ? ((flags & 0x80) !== 0 ? 0 : 1) : isMeasurement(value) ? value : Number.NaN;
  }
  return new Table({ row: makeVector(columns.part.subarray(0, kept)), test_index: makeVector(columns.test.subarray(0, kept)), value: makeVector(columns.value.subarray(0, kept)) });
}

/** HBR/SBR rows; P/F from the record, else -1 (decided in SQL from the parts that got the bin). */
function binsTable(result: StdfResult): Table {
  const records = [...result.hardBins.map((bin) => ({ type: 'hard', bin })), ...result.softBins.map((bin) => ({ type: 'soft', bin }))];
  const numbers = new Int32Array(records.length);
  const passFail = new Int8Array(records.length);
  records.forEach((record, index) => {
    numbers[index] = record.bin.bin;
    const flag = record.bin.passFail.trim().toUpperCase();
    passFail[index] = flag === 'P' ? 1 : flag === 'F' ? 0 : -1;
  });
  return new Table({
    bin_type: utf8(records.map((record) => record.type)), bin: makeVector(numbers),
    name: utf8(records.map((record) => record.bin.name)), pass_flag: makeVector(passFail),
  });
}

/** SDR fields per equipment kind: [kind, id field, type field]. */
const sdrEquipment = [
  ['handler', 'handlerId', 'handlerType'], ['probe_card', 'probeCardId', 'probeCardType'], ['load_board', 'loadBoardId', 'loadBoardType'],
  ['dib', 'dibId', 'dibType'], ['cable', 'cableId', 'cableType'], ['contactor', 'contactorId', 'contactorType'],
  ['laser', 'laserId', 'laserType'], ['extra', 'extraId', 'extraType'],
] as const satisfies readonly (readonly [string, keyof SdrRecord, keyof SdrRecord])[];

/**
 * Test equipment the file names: MIR tester (NODE_NAM) and tester type (TSTR_TYP), and per SDR each
 * equipment id (kind `handler`, `probe_card`, ...) and its type (`handler_type`, ...); distinct pairs.
 */
export function stdfEquipment(result: StdfResult): { kind: string; id: string }[] {
  const pairs: [string, string | undefined][] = [['tester', result.mir?.nodeName], ['tester_type', result.mir?.testerType]];
  for (const sdr of result.sdrs) {
    for (const [kind, idField, typeField] of sdrEquipment) pairs.push([kind, String(sdr[idField])], [`${kind}_type`, String(sdr[typeField])]);
  }
  const seen = new Map<string, { kind: string; id: string }>();
  for (const [kind, id] of pairs) {
    const trimmed = id?.trim() ?? '';
    if (trimmed !== '') seen.set(`${kind}\u0000${trimmed}`, { kind, id: trimmed });
  }
  return [...seen.values()];
}

function equipmentTable(result: StdfResult): Table {
  const equipment = stdfEquipment(result);
  return new Table({ kind: utf8(equipment.map((entry) => entry.kind)), equipment_id: utf8(equipment.map((entry) => entry.id)) });
}

/** Convert a read STDF result into the raw Arrow relations the staging SQL consumes. */
export function stdfToArrow(result: StdfResult, header: StdfHeader = stdfHeader(result, '')): StdfArrowTables {
  const plan = planTests(result);
  // Results before tests: MPR pins add their tests while the results are written.
  const results = resultsTable(result, plan);
  return {
    parts: partsTable(result), wafers: wafersTable(result, header), tests: testsTable(result, plan), results, bins: binsTable(result),
    equipment: equipmentTable(result),
  };
}

const wcrUnitsToMm: Record<number, number> = { 1: 25.4, 2: 10, 3: 1, 4: 0.0254 };

/** Header fields (MIR, SDR, WCR) the staging SQL uses as constants. */
export function stdfHeader(result: StdfResult, fileName: string): StdfHeader {
  const mir = result.mir;
  const wcr = result.wcr;
  const toMm = wcr ? wcrUnitsToMm[wcr.waferUnits] : undefined;
  const length = (value: number | undefined): number | null => (toMm === undefined || value === undefined || !(value > 0) ? null : value * toMm);
  const probeCard = result.sdrs.map((sdr) => sdr.probeCardId.trim()).find((id) => id !== '') ?? null;
  const text = (value: string | undefined): string | null => (value === undefined || value.trim() === '' ? null : value.trim());
  return {
    product: text(mir?.partType) ?? 'UNKNOWN',
    lot: text(mir?.lotId) ?? fileName.replace(/\.(stdf?|std)(\.(gz|bz2))?$|\.zip$/i, ''),
    tester: text(mir?.nodeName), program: text(mir?.jobName), probeCard,
    startSeconds: mir?.startTime ?? null, finishSeconds: result.mrr?.finishTime ?? null,
    waferSizeMm: length(wcr?.waferSize), dieWidthMm: length(wcr?.dieWidth), dieHeightMm: length(wcr?.dieHeight),
    flat: text(wcr?.flat), posX: text(wcr?.positiveX), posY: text(wcr?.positiveY),
    centerX: wcr && wcr.centerX !== -32768 ? wcr.centerX : null, centerY: wcr && wcr.centerY !== -32768 ? wcr.centerY : null,
  };
}

/** Relation names of the raw Arrow tables of one import. */
function rawNames(importId: string): Record<keyof StdfArrowTables, string> {
  const suffix = importId.replace(/[^A-Za-z0-9]/g, '_');
  return {
    parts: `raw_stdf_parts_${suffix}`, wafers: `raw_stdf_wafers_${suffix}`, tests: `raw_stdf_tests_${suffix}`, results: `raw_stdf_results_${suffix}`,
    bins: `raw_stdf_bins_${suffix}`, equipment: `raw_stdf_equipment_${suffix}`,
  };
}

/** One raw relation as Arrow IPC stream bytes (transferable between threads) and its row count. */
export interface StdfIpcTable {
  ipc: Uint8Array;
  rows: number;
}

/**
 * Everything staging needs from one read STDF file: the raw relations as Arrow IPC bytes (built in a
 * worker and transferred to the thread that owns the engine) or as Arrow tables (read in the engine's own
 * thread: no serialisation, and the plain results stay views of the reader's columns), and plain values.
 */
export interface StdfStagingInput {
  tables: Record<keyof StdfArrowTables, StdfIpcTable> | StdfArrowTables;
  header: StdfHeader;
  warnings: string[];
  details: StdfFileDetails;
}

/** A staging input whose relations are IPC bytes, to post to another thread. */
export interface StdfIpcStagingInput extends StdfStagingInput {
  tables: Record<keyof StdfArrowTables, StdfIpcTable>;
}

/**
 * A file without any PRR, or whose compressed container says its bytes were altered (gzip CRC-32/ISIZE),
 * cannot be imported: the error to show, or null when it can.
 */
export function stdfRejection(result: StdfResult, fileName: string): string | null {
  if (result.altered !== null) return `${fileName}: damaged compressed file, nothing imported: ${result.altered}`;
  if ((result.recordCounts.PRR ?? 0) > 0) return null;
  const fatal = result.errors.find((error) => error.offset === 0 && error.record === 0);
  return `${fileName}: no part results (PRR) found, nothing imported${fatal ? `: ${fatal.message}` : ''}`;
}

/**
 * Build the raw Arrow relations, header constants, warnings and file details of a read file. The results
 * relation may be a view of the reader's result columns: stage it before the same columns read another file.
 */
export function prepareStdfTables(result: StdfResult, fileName: string, extraFindings: readonly StdfFinding[] = []): StdfStagingInput & { tables: StdfArrowTables } {
  const header = stdfHeader(result, fileName);
  const tables = stdfToArrow(result, header);
  const findings = [...extraFindings, ...checkStdf(result)];
  const warnings = findings.map((finding) => `${finding.code}: ${finding.message}`);
  return { tables, header, warnings, details: stdfFileDetails(result, findings) };
}

/** prepareStdfTables with the relations as IPC streams (copies that outlive the reader's columns), to post to another thread. */
export function prepareStdfStaging(result: StdfResult, fileName: string, extraFindings: readonly StdfFinding[] = []): StdfIpcStagingInput {
  const prepared = prepareStdfTables(result, fileName, extraFindings);
  const tables = {} as Record<keyof StdfArrowTables, StdfIpcTable>;
  for (const key of Object.keys(prepared.tables) as (keyof StdfArrowTables)[]) tables[key] = { ipc: tableToIPC(prepared.tables[key], 'stream'), rows: prepared.tables[key].numRows };
  return { ...prepared, tables };
}

/** The ArrayBuffers of a staging input, to transfer instead of copy with postMessage. */
export function stdfStagingBuffers(input: StdfIpcStagingInput): ArrayBuffer[] {
  return [...new Set(Object.values(input.tables).map((table) => table.ipc.buffer as ArrayBuffer))];
}

/** Row count of one raw relation, as IPC bytes or as a table. */
function relationRows(table: StdfIpcTable | Table): number {
  return 'ipc' in table ? table.rows : table.numRows;
}

/**
 * Raw result rows staged per statement. Slicing exists for duckdb-wasm's 4 GB heap; native DuckDB (in
 * process, or behind the host's engine server) spills to disk instead, and there one statement over all
 * rows is 2.5x faster (27.6M results: 7 s against 17 s in 2M-row slices, each of which rescans the raw table).
 */
function resultSliceRows(engine: SqlEngine, requested: number | undefined): number {
  if (requested !== undefined) return requested;
  const kind = (engine as { kind?: string }).kind;
  return kind === 'native' || kind === 'remote' ? Number.MAX_SAFE_INTEGER : defaultSliceRows;
}

/** Load a prepared file's raw relations into the engine and build the import's canonical staging tables. */
export async function stageStdfInput(engine: SqlEngine, input: StdfStagingInput, importId: string, sliceRows?: number): Promise<StdfStaging> {
  const names = rawNames(importId);
  for (const key of Object.keys(names) as (keyof StdfArrowTables)[]) {
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(names[key])}`);
    // A file naming no equipment gives an empty table, which Arrow loading may not create: say its columns.
    const table = input.tables[key];
    if (key === 'equipment' && relationRows(table) === 0) await engine.exec(`CREATE TEMP TABLE ${quoteIdent(names.equipment)} (kind VARCHAR, equipment_id VARCHAR)`);
    else if ('ipc' in table) await engine.insertArrowIpc(names[key], table.ipc);
    else await engine.insertArrow(names[key], table);
  }
  const target = (table: CanonicalTableName): string => quoteIdent(stagingTable(table, importId));
  const context = { names, header: input.header, importId, target };
  const results = stdfResultsSql(context, relationRows(input.tables.results), resultSliceRows(engine, sliceRows));
  for (const statement of [stdfInsertionsSql(context), stdfDiesSql(context), stdfWafersSql(context), stdfTestsSql(context), stdfResultWafersSql(context), ...results, stdfBinsSql(context), stdfTestEquipmentSql(context)]) {
    await engine.exec(statement.sql, statement.params);
  }
  const counts = await engine.query(
    `SELECT (SELECT count(*) FROM ${target('die_insertions')})::BIGINT AS rows, (SELECT count(*) FROM ${target('dies')})::BIGINT AS dies`,
  );
  for (const name of Object.values(names)) await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
  const row = counts.get(0);
  return { rows: Number(row?.rows ?? 0), dies: Number(row?.dies ?? 0), warnings: input.warnings, details: input.details };
}

/**
 * Read (unless already read) and stage an STDF file into the import's canonical staging tables.
 * Damage and cross-check findings become warnings; a file without any PRR is rejected.
 */
export async function stageStdf(
  engine: SqlEngine,
  source: Uint8Array | StdfResult,
  options: { importId: string; fileName: string; bzip2?: Bzip2Decoder; sliceRows?: number },
): Promise<StdfStaging> {
  const result = source instanceof Uint8Array ? readStdfBytes(source, { bzip2: options.bzip2 }) : source;
  const rejection = stdfRejection(result, options.fileName);
  if (rejection !== null) throw new Error(rejection);
  const staging = await stageStdfInput(engine, prepareStdfTables(result, options.fileName), options.importId, options.sliceRows);
  return { ...staging, mir: result.mir };
}
