import { GrowableColumn } from './columns.ts';
import type { TestDefinition } from './types.ts';

/** Parts (dies) in file order, one row per PIR or unmatched PRR; columnar. */
export class PartTable {
  readonly head = new GrowableColumn(Uint8Array);
  readonly site = new GrowableColumn(Uint8Array);
  readonly waferIndex = new GrowableColumn(Int32Array);
  readonly x = new GrowableColumn(Int16Array);
  readonly y = new GrowableColumn(Int16Array);
  readonly hardBin = new GrowableColumn(Uint16Array);
  readonly softBin = new GrowableColumn(Uint16Array);
  readonly partFlag = new GrowableColumn(Uint8Array);
  readonly testCount = new GrowableColumn(Uint16Array);
  readonly testTime = new GrowableColumn(Uint32Array);
  /** 1 when the part's PRR was read, 0 when only its PIR was. */
  readonly completed = new GrowableColumn(Uint8Array);
  /** Ordinal of the part's PRR among all PRRs (insertion order), -1 without PRR. */
  readonly prrOrdinal = new GrowableColumn(Int32Array);
  readonly partId: string[] = [];
  readonly partText: string[] = [];
  count = 0;

  /** Open a new part row with missing values; returns its index. */
  open(head: number, site: number, waferIndex: number): number {
    this.head.push(head);
    this.site.push(site);
    this.waferIndex.push(waferIndex);
    this.x.push(-32768);
    this.y.push(-32768);
    this.hardBin.push(65535);
    this.softBin.push(65535);
    this.partFlag.push(0);
    this.testCount.push(0);
    this.testTime.push(0);
    this.completed.push(0);
    this.prrOrdinal.push(-1);
    this.partId.push('');
    this.partText.push('');
    return this.count++;
  }
}

/** Test results, one row per PTR (one per returned pin for MPR, one per FTR); columnar. */
export class ResultTable {
  partIndex: Int32Array;
  testIndex: Int32Array;
  value: Float32Array;
  flags: Uint8Array;
  count = 0;

  constructor(capacity = 65536) {
    this.partIndex = new Int32Array(capacity);
    this.testIndex = new Int32Array(capacity);
    this.value = new Float32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  /** Append one result row. */
  push(partIndex: number, testIndex: number, value: number, flags: number): void {
    const row = this.count;
    if (row === this.partIndex.length) this.grow();
    this.partIndex[row] = partIndex;
    this.testIndex[row] = testIndex;
    this.value[row] = value;
    this.flags[row] = flags;
    this.count = row + 1;
  }

  private grow(): void {
    const capacity = this.partIndex.length * 2;
    const partIndex = new Int32Array(capacity);
    partIndex.set(this.partIndex);
    this.partIndex = partIndex;
    const testIndex = new Int32Array(capacity);
    testIndex.set(this.testIndex);
    this.testIndex = testIndex;
    const value = new Float32Array(capacity);
    value.set(this.value);
    this.value = value;
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    this.flags = flags;
  }
}

interface TextVariant {
  text: Uint8Array;
  testIndex: number;
}

/** Test definitions keyed by (kind, TEST_NUM, TEST_TXT); PTR look-up compares raw name bytes. */
export class TestTable {
  readonly definitions: TestDefinition[] = [];
  /** Per test index: 1 while the test still lacks its default limits (first PTR ended early). */
  needsDefaults = new Uint8Array(256);
  private readonly ptrByNumber = new Map<number, TextVariant[]>();
  private readonly otherByKey = new Map<string, number>();
  private readonly lastMatchByNumber = new Map<number, number>();
  /** TEST_NUMs seen with more than one non-empty name: number -> names. */
  readonly sharedNumbers = new Map<number, Set<string>>();

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
      const text = variants[position]?.text;
      if (text === undefined || text.length !== textLength) continue;
      let same = true;
      for (let index = 0; index < textLength; index++) {
        if (text[index] !== bytes[textStart + index]) {
          same = false;
          break;
        }
      }
      if (!same) continue;
      if (count > 1) this.lastMatchByNumber.set(testNum, (position + 1) % count);
      return variants[position]?.testIndex ?? -1;
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
    if (testIndex >= this.needsDefaults.length) {
      const grown = new Uint8Array(this.needsDefaults.length * 2);
      grown.set(this.needsDefaults);
      this.needsDefaults = grown;
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
