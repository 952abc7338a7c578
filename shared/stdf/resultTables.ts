import type { TestDefinition } from './types.ts';

/** The typed columns of a PartTable (what a ResultColumnStorage keeps for the next file). */
type PartColumns = Pick<PartTable, 'head' | 'site' | 'waferIndex' | 'x' | 'y' | 'hardBin' | 'softBin' | 'partFlag' | 'testCount' | 'testTime' | 'completed' | 'prrOrdinal'>;

/** Parts (dies) in file order, one row per PIR or unmatched PRR; columnar, one typed array per field. */
export class PartTable {
  head = new Uint8Array(1024);
  site = new Uint8Array(1024);
  waferIndex = new Int32Array(1024);
  x = new Int16Array(1024);
  y = new Int16Array(1024);
  hardBin = new Uint16Array(1024);
  softBin = new Uint16Array(1024);
  partFlag = new Uint8Array(1024);
  testCount = new Uint16Array(1024);
  testTime = new Uint32Array(1024);
  /** 1 when the part's PRR was read, 0 when only its PIR was. */
  completed = new Uint8Array(1024);
  /** Ordinal of the part's PRR among all PRRs (insertion order), -1 without PRR. */
  prrOrdinal = new Int32Array(1024);
  readonly partId: string[] = [];
  readonly partText: string[] = [];
  count = 0;

  /** With `storage`, starts from the columns the previous file grew (and hands grown ones back). */
  constructor(private readonly storage?: ResultColumnStorage) {
    if (storage?.parts !== undefined) Object.assign(this, storage.parts);
  }

  /** Open a new part row with missing values; returns its index. */
  open(head: number, site: number, waferIndex: number): number {
    const row = this.count;
    if (row === this.head.length) this.grow(row * 2);
    this.head[row] = head;
    this.site[row] = site;
    this.waferIndex[row] = waferIndex;
    this.x[row] = -32768;
    this.y[row] = -32768;
    this.hardBin[row] = 65535;
    this.softBin[row] = 65535;
    this.partFlag[row] = 0;
    this.testCount[row] = 0;
    this.testTime[row] = 0;
    this.completed[row] = 0;
    this.prrOrdinal[row] = -1;
    this.partId.push('');
    this.partText.push('');
    this.count = row + 1;
    return row;
  }

  private grow(capacity: number): void {
    this.head = copied(this.head, new Uint8Array(capacity));
    this.site = copied(this.site, new Uint8Array(capacity));
    this.waferIndex = copied(this.waferIndex, new Int32Array(capacity));
    this.x = copied(this.x, new Int16Array(capacity));
    this.y = copied(this.y, new Int16Array(capacity));
    this.hardBin = copied(this.hardBin, new Uint16Array(capacity));
    this.softBin = copied(this.softBin, new Uint16Array(capacity));
    this.partFlag = copied(this.partFlag, new Uint8Array(capacity));
    this.testCount = copied(this.testCount, new Uint16Array(capacity));
    this.testTime = copied(this.testTime, new Uint32Array(capacity));
    this.completed = copied(this.completed, new Uint8Array(capacity));
    this.prrOrdinal = copied(this.prrOrdinal, new Int32Array(capacity));
    if (this.storage !== undefined) {
      const { head, site, waferIndex, x, y, hardBin, softBin, partFlag, testCount, testTime, completed, prrOrdinal } = this;
      this.storage.parts = { head, site, waferIndex, x, y, hardBin, softBin, partFlag, testCount, testTime, completed, prrOrdinal };
    }
  }
}

/** `target` holding a copy of `source` at its start. */
function copied<T extends Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array>(source: T, target: T): T {
  target.set(source as never);
  return target;
}

/**
 * Result columns that one process reuses from file to file (issue #12 §3): every byte of fresh memory costs a
 * page fault on first write, which on a small VM is slower than the parse itself. A result read into this
 * storage (its results and its parts) is valid only until the next file is read with the same storage.
 */
export class ResultColumnStorage {
  partIndex = new Int32Array(0);
  testIndex = new Int32Array(0);
  value = new Float32Array(0);
  flags = new Uint8Array(0);
  /** The part columns (half a million dies grow them ten times from 1,024 rows). */
  parts?: PartColumns;
}

/** Test results, one row per PTR (one per returned pin for MPR, one per FTR); columnar. */
export class ResultTable {
  partIndex: Int32Array;
  testIndex: Int32Array;
  value: Float32Array;
  flags: Uint8Array;
  count = 0;
  /** Row of the first result of every MPR, in order: an MPR's rows are its pins (RTN_RSLT positions) from there. */
  readonly mprStarts: number[] = [];

  constructor(capacity = 65536, private readonly storage?: ResultColumnStorage) {
    if (storage !== undefined && storage.flags.length >= capacity) {
      this.partIndex = storage.partIndex;
      this.testIndex = storage.testIndex;
      this.value = storage.value;
      this.flags = storage.flags;
      return;
    }
    this.partIndex = new Int32Array(capacity);
    this.testIndex = new Int32Array(capacity);
    this.value = new Float32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.keep();
  }

  /** Append one result row. */
  push(partIndex: number, testIndex: number, value: number, flags: number): void {
    const row = this.count;
    if (row === this.flags.length) this.grow();
    this.partIndex[row] = partIndex;
    this.testIndex[row] = testIndex;
    this.value[row] = value;
    this.flags[row] = flags;
    this.count = row + 1;
  }

  private grow(): void {
    const capacity = this.flags.length * 2;
    this.partIndex = copied(this.partIndex, new Int32Array(capacity));
    this.testIndex = copied(this.testIndex, new Int32Array(capacity));
    this.value = copied(this.value, new Float32Array(capacity));
    this.flags = copied(this.flags, new Uint8Array(capacity));
    this.keep();
  }

  /** Hand the (new) columns to the reusable storage, so the next file starts with them. */
  private keep(): void {
    if (this.storage === undefined) return;
    Object.assign(this.storage, { partIndex: this.partIndex, testIndex: this.testIndex, value: this.value, flags: this.flags });
  }
}

interface TextVariant {
  text: Uint8Array;
  testIndex: number;
}

/** No test predicted / no PTR seen yet. */
const none = -1;

/**
 * Test definitions keyed by (kind, TEST_NUM, TEST_TXT); PTR look-up compares raw name bytes.
 * Tests come in the same order for every part, so the PTR look-up first tries the test that followed
 * the previous PTR's test last time on the same head/site, and only then searches by number.
 */
export class TestTable {
  readonly definitions: TestDefinition[] = [];
  /** Per test index: 1 while the test still lacks its default limits (first PTR ended early). */
  needsDefaults = new Uint8Array(256);
  /** Per PTR test index: its TEST_NUM, -1 for MPR/FTR tests. */
  private ptrNumber = new Float64Array(256).fill(none);
  /** Per PTR test index: 1 when it is the first test of its number (what an empty TEST_TXT joins). */
  private firstOfNumber = new Uint8Array(256);
  /** Per PTR test index: the raw TEST_TXT bytes it was defined with. */
  private readonly ptrText: Uint8Array[] = [];
  /** Per PTR test index: the PTR test that followed it last time, -1 unknown. */
  private nextPtr = new Int32Array(256).fill(none);
  /** Per `head << 8 | site`: the test of the last PTR there, -1 none. */
  private readonly lastPtrBySlot = new Int32Array(65536).fill(none);
  private readonly ptrByNumber = new Map<number, TextVariant[]>();
  private readonly otherByKey = new Map<string, number>();
  private readonly lastMatchByNumber = new Map<number, number>();
  /** TEST_NUMs seen with more than one non-empty name: number -> names. */
  readonly sharedNumbers = new Map<number, Set<string>>();

  /** Test index of a PTR on a head/site slot, or -1 when it is new; tries the predicted next test before searching. */
  findPtrOnSlot(slot: number, testNum: number, bytes: Uint8Array, textStart: number, textLength: number): number {
    const last = this.lastPtrBySlot[slot] ?? none;
    const predicted = last >= 0 ? (this.nextPtr[last] ?? none) : none;
    if (predicted >= 0 && this.ptrNumber[predicted] === testNum) {
      if (textLength === 0 ? this.firstOfNumber[predicted] === 1 : sameBytes(this.ptrText[predicted], bytes, textStart, textLength)) return predicted;
    }
    return this.findPtr(testNum, bytes, textStart, textLength);
  }

  /** Note that the PTR just read on `slot` belongs to `testIndex` (feeds the prediction). */
  notePtr(slot: number, testIndex: number): void {
    const last = this.lastPtrBySlot[slot] ?? none;
    if (last >= 0) this.nextPtr[last] = testIndex;
    this.lastPtrBySlot[slot] = testIndex;
  }

  /** Test index of a PTR with this number and raw TEST_TXT bytes, or -1 when it is new. */
  findPtr(testNum: number, bytes: Uint8Array, textStart: number, textLength: number): number {
    const variants = this.ptrByNumber.get(testNum);
    if (variants === undefined) return -1;
    const first = variants[0];
    if (textLength === 0 && first !== undefined) return first.testIndex;
    // Names sharing a number usually come in the same order every part: start after the last match.
    const count = variants.length;
    const start = count > 1 ? (this.lastMatchByNumber.get(testNum) ?? 0) : 0;
    for (let step = 0; step < count; step++) {
      const position = (start + step) % count;
      const variant = variants[position];
      if (variant === undefined || !sameBytes(variant.text, bytes, textStart, textLength)) continue;
      if (count > 1) this.lastMatchByNumber.set(testNum, (position + 1) % count);
      return variant.testIndex;
    }
    return -1;
  }

  /** Register a new PTR test with its raw name bytes. */
  addPtr(definition: TestDefinition, rawText: Uint8Array): number {
    const testIndex = this.add(definition);
    const variants = this.ptrByNumber.get(definition.testNum) ?? [];
    if (variants.length > 0) this.noteShared(definition.testNum, variants, definition.name);
    variants.push({ text: rawText, testIndex });
    this.ptrByNumber.set(definition.testNum, variants);
    this.ptrNumber[testIndex] = definition.testNum;
    this.firstOfNumber[testIndex] = variants.length === 1 ? 1 : 0;
    this.ptrText[testIndex] = rawText;
    return testIndex;
  }

  /** Index of an MPR/FTR test by key, adding it from `create` when new. */
  findOrAddOther(kind: 'MPR' | 'FTR', testNum: number, name: string, create: () => TestDefinition): number {
    const key = `${kind}\u0000${testNum}\u0000${name}`;
    const known = this.otherByKey.get(key);
    if (known !== undefined) return known;
    const testIndex = this.add(create());
    this.otherByKey.set(key, testIndex);
    return testIndex;
  }

  private add(definition: TestDefinition): number {
    const testIndex = this.definitions.length;
    this.definitions.push(definition);
    this.ptrText.push(new Uint8Array(0));
    if (testIndex >= this.needsDefaults.length) {
      const capacity = this.needsDefaults.length * 2;
      this.needsDefaults = copied(this.needsDefaults, new Uint8Array(capacity));
      this.firstOfNumber = copied(this.firstOfNumber, new Uint8Array(capacity));
      const ptrNumber = new Float64Array(capacity).fill(none);
      ptrNumber.set(this.ptrNumber);
      this.ptrNumber = ptrNumber;
      const nextPtr = new Int32Array(capacity).fill(none);
      nextPtr.set(this.nextPtr);
      this.nextPtr = nextPtr;
    }
    return testIndex;
  }

  private noteShared(testNum: number, variants: TextVariant[], name: string): void {
    const names = this.sharedNumbers.get(testNum) ?? new Set<string>();
    for (const variant of variants) {
      const known = this.definitions[variant.testIndex]?.name;
      if (known !== undefined) names.add(known);
    }
    names.add(name);
    this.sharedNumbers.set(testNum, names);
  }
}

/** True when `text` equals `length` bytes of `bytes` from `start`. */
function sameBytes(text: Uint8Array | undefined, bytes: Uint8Array, start: number, length: number): boolean {
  if (text === undefined || text.length !== length) return false;
  for (let index = 0; index < length; index++) {
    if (text[index] !== bytes[start + index]) return false;
  }
  return true;
}
