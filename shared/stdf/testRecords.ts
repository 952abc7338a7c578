import type { FieldCursor } from './fieldCursor.ts';
import type { FindingLog } from './findingLog.ts';
import type { ResultTable, TestTable } from './resultTables.ts';
import type { TestDefinition } from './types.ts';

/** What the test-record decoders need from the reader's state. */
export interface TestRecordContext {
  cursor: FieldCursor;
  view: DataView;
  bytes: Uint8Array;
  littleEndian: boolean;
  results: ResultTable;
  tests: TestTable;
  findings: FindingLog;
  /** Part index for a result on (head, site) at a byte offset. */
  partFor(head: number, site: number, offset: number): number;
}

/** Read a PTR's optional fields honoring OPT_FLAG bits 0 (scale), 4/6 (low) and 5/7 (high); false when absent. */
function readPtrDefaults(cursor: FieldCursor, definition: TestDefinition): boolean {
  if (!cursor.has(1)) return false;
  const optFlag = cursor.u1();
  const resultScale = cursor.i1();
  const lowScale = cursor.i1();
  const highScale = cursor.i1();
  const low = cursor.r4();
  const high = cursor.r4();
  const units = cursor.cn();
  {
    definition.resultScale = (optFlag & 0x01) === 0 ? resultScale : null;
    definition.lowLimit = (optFlag & 0x50) === 0 && Number.isFinite(low) ? low : null;
    definition.highLimit = (optFlag & 0xa0) === 0 && Number.isFinite(high) ? high : null;
    definition.lowLimitScale = (optFlag & 0x50) === 0 ? lowScale : null;
    definition.highLimitScale = (optFlag & 0xa0) === 0 ? highScale : null;
    definition.units = units;
  }
  return true;
}

function newDefinition(kind: TestDefinition['kind'], testNum: number, name: string, offset: number): TestDefinition {
  return { kind, testNum, name, units: '', lowLimit: null, highLimit: null, resultScale: null, lowLimitScale: null, highLimitScale: null, offset };
}

/** Decode a PTR: one result row; the first PTR of a test supplies its limits, units and scales. */
export function handlePtr(context: TestRecordContext, start: number, length: number, offset: number): void {
  if (length < 13) {
    handleShortPtr(context, start, length, offset);
    return;
  }
  const bytes = context.bytes;
  const littleEndian = context.littleEndian;
  const b0 = bytes[start] ?? 0;
  const b1 = bytes[start + 1] ?? 0;
  const b2 = bytes[start + 2] ?? 0;
  const b3 = bytes[start + 3] ?? 0;
  const testNum = littleEndian ? (b0 | (b1 << 8) | (b2 << 16) | (b3 << 24)) >>> 0 : ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
  const value = context.view.getFloat32(start + 8, littleEndian);
  let textLength = bytes[start + 12] ?? 0;
  if (textLength > length - 13) textLength = length - 13;
  storePtr(context, testNum, bytes[start + 4] ?? 0, bytes[start + 5] ?? 0, bytes[start + 6] ?? 0, value, start, length, textLength, offset);
}

/** A PTR that ends before TEST_TXT (rare): missing fields take their "missing" values. */
function handleShortPtr(context: TestRecordContext, start: number, length: number, offset: number): void {
  const { bytes, view, littleEndian } = context;
  if (length < 12) {
    context.findings.add('short-ptr', offset, `PTR of ${length} bytes has no RESULT field: the record is kept as an unexecuted result.`, { length });
  }
  const testNum = length >= 4 ? view.getUint32(start, littleEndian) : 0;
  const head = length >= 5 ? (bytes[start + 4] ?? 0) : 0;
  const site = length >= 6 ? (bytes[start + 5] ?? 0) : 0;
  const testFlags = length >= 7 ? (bytes[start + 6] ?? 0) : 0x10;
  const value = length >= 12 ? view.getFloat32(start + 8, littleEndian) : Number.NaN;
  storePtr(context, testNum, head, site, testFlags, value, start, length, 0, offset);
}

/** Find (or define) the PTR's test and append its result row. */
function storePtr(
  context: TestRecordContext, testNum: number, head: number, site: number, testFlags: number, value: number,
  start: number, length: number, textLength: number, offset: number,
): void {
  const tests = context.tests;
  const bytes = context.bytes;
  const slot = (head << 8) | site;
  let testIndex = tests.findPtrOnSlot(slot, testNum, bytes, start + 13, textLength);
  if (testIndex < 0 || (tests.needsDefaults[testIndex] === 1 && hasOptionalFields(bytes, start, length, textLength))) {
    testIndex = definePtr(context, testIndex, testNum, start, length, offset);
  }
  tests.notePtr(slot, testIndex);
  if (value !== value && (testFlags & 0x12) === 0) {
    context.findings.add('nan-result', offset, `PTR test ${testNum} has a non-finite RESULT although TEST_FLG marks it valid: it is excluded from statistics.`, { testNum });
  }
  context.results.push(context.partFor(head, site, offset), testIndex, value, testFlags);
}

/** True when a PTR goes on past TEST_TXT and ALARM_ID, i.e. carries OPT_FLAG and the defaults. */
function hasOptionalFields(bytes: Uint8Array, start: number, length: number, textLength: number): boolean {
  const alarmAt = start + 13 + textLength;
  if (alarmAt >= start + length) return false;
  return alarmAt + 1 + (bytes[alarmAt] ?? 0) < start + length;
}

function definePtr(context: TestRecordContext, known: number, testNum: number, start: number, length: number, offset: number): number {
  const { cursor, tests } = context;
  cursor.reset(context.bytes, start + 12, start + length);
  const textStart = cursor.position + 1;
  const name = cursor.cn();
  const rawText = context.bytes.slice(textStart, cursor.position);
  cursor.cn(); // ALARM_ID
  const definition = known >= 0 ? tests.definitions[known] : newDefinition('PTR', testNum, name, offset);
  if (definition === undefined) return known;
  const complete = readPtrDefaults(cursor, definition);
  const sameNumber = known < 0 && !complete ? tests.definitions[tests.findPtr(testNum, context.bytes, 0, 0)] : undefined;
  if (sameNumber !== undefined) {
    // Limits, units and scales are per TEST_NUM: a renamed PTR without them inherits the first test's.
    const { units, lowLimit, highLimit, resultScale, lowLimitScale, highLimitScale } = sameNumber;
    Object.assign(definition, { units, lowLimit, highLimit, resultScale, lowLimitScale, highLimitScale });
  }
  const testIndex = known >= 0 ? known : tests.addPtr(definition, rawText);
  tests.needsDefaults[testIndex] = complete ? 0 : 1;
  return testIndex;
}

/** Decode an MPR: one result row per returned result (RTN_RSLT), flags from TEST_FLG. */
export function handleMpr(context: TestRecordContext, start: number, length: number, offset: number): void {
  const { cursor } = context;
  cursor.reset(context.bytes, start, start + length);
  const testNum = cursor.u4();
  const head = cursor.u1();
  const site = cursor.u1();
  const testFlags = cursor.u1(0x10);
  cursor.u1(); // PARM_FLG
  const returnCount = cursor.u2();
  const resultCount = cursor.u2();
  cursor.skip(Math.ceil(returnCount / 2));
  const values: number[] = [];
  for (let index = 0; index < resultCount && cursor.has(4); index++) values.push(cursor.r4());
  const name = cursor.cn();
  cursor.cn(); // ALARM_ID
  const testIndex = context.tests.findOrAddOther('MPR', testNum, name, () => {
    const definition = newDefinition('MPR', testNum, name, offset);
    readMprDefaults(cursor, definition, returnCount);
    return definition;
  });
  const partIndex = context.partFor(head, site, offset);
  context.results.mprStarts.push(context.results.count);
  if (values.length === 0) context.results.push(partIndex, testIndex, Number.NaN, testFlags);
  for (const value of values) context.results.push(partIndex, testIndex, value, testFlags);
}

function readMprDefaults(cursor: FieldCursor, definition: TestDefinition, returnCount: number): void {
  if (!cursor.has(1)) return;
  const optFlag = cursor.u1();
  const resultScale = cursor.i1();
  const lowScale = cursor.i1();
  const highScale = cursor.i1();
  const low = cursor.r4();
  const high = cursor.r4();
  cursor.r4(); // START_IN
  cursor.r4(); // INCR_IN
  cursor.skip(returnCount * 2); // RTN_INDX
  definition.units = cursor.cn();
  definition.resultScale = (optFlag & 0x01) === 0 ? resultScale : null;
  definition.lowLimit = (optFlag & 0x50) === 0 && Number.isFinite(low) ? low : null;
  definition.highLimit = (optFlag & 0xa0) === 0 && Number.isFinite(high) ? high : null;
  definition.lowLimitScale = (optFlag & 0x50) === 0 ? lowScale : null;
  definition.highLimitScale = (optFlag & 0xa0) === 0 ? highScale : null;
}

/** Decode an FTR: one result row with a NaN value; pass/fail lives in TEST_FLG bit 7. */
export function handleFtr(context: TestRecordContext, start: number, length: number, offset: number): void {
  const { cursor } = context;
  cursor.reset(context.bytes, start, start + length);
  const testNum = cursor.u4();
  const head = cursor.u1();
  const site = cursor.u1();
  const testFlags = cursor.u1(0x10);
  cursor.skip(1 + 4 * 4 + 4 * 2 + 2); // OPT_FLAG, CYCL/REL_VADR/REPT/NUM_FAIL, X/YFAIL_AD, VECT_OFF
  const returnCount = cursor.u2();
  const programCount = cursor.u2();
  cursor.skip(returnCount * 2 + Math.ceil(returnCount / 2));
  cursor.skip(programCount * 2 + Math.ceil(programCount / 2));
  cursor.dn(); // FAIL_PIN
  cursor.cn(); // VECT_NAM
  cursor.cn(); // TIME_SET
  cursor.cn(); // OP_CODE
  const name = cursor.cn();
  const testIndex = context.tests.findOrAddOther('FTR', testNum, name, () => newDefinition('FTR', testNum, name, offset));
  context.results.push(context.partFor(head, site, offset), testIndex, Number.NaN, testFlags);
}
