import type { PartColumns } from './result.ts';

/** Missing X/Y coordinate value in PRR. */
export const missingCoordinate = -32768;

/** Yield counts of one view of the parts. */
export interface YieldCount {
  total: number;
  pass: number;
}

/** Result of retest consolidation: each die's first and last insertion. */
export interface Consolidation {
  /** Part rows that have a PRR, in PRR (file) order (see insertionOrder). */
  order: Int32Array;
  /** Per part row: 1 when it is the final (last) insertion of its die. */
  isFinal: Uint8Array;
  /** Per part row: 1 when it is the first insertion of its die. */
  isFirst: Uint8Array;
  /** Per part row: die number (0-based, by first appearance), -1 for parts without PRR. */
  dieIndex: Int32Array;
  allInsertions: YieldCount;
  firstPass: YieldCount;
  final: YieldCount;
}

/** True when PART_FLG says the part passed (bit 3 clear and bit 4, "no pass/fail indication", clear). */
export function partPassed(partFlag: number): boolean {
  return (partFlag & 0x18) === 0;
}

/**
 * Every PRR is one die insertion in file order; a die is (wafer, X, Y), or (wafer, PART_ID) when X/Y
 * are missing, or the insertion alone when both are missing. The last insertion is the final result.
 */
export function consolidateInsertions(parts: PartColumns): Consolidation {
  const order = insertionOrder(parts);
  const dieIndex = new Int32Array(parts.count).fill(-1);
  const coordinates = new CoordinateDies(order.length);
  const byPartId = new Map<string, number>();
  const lastRowOfDie = new Int32Array(order.length);
  const firstRowOfDie = new Int32Array(order.length);
  let dies = 0;
  for (const row of order) {
    const x = parts.x[row]!;
    const y = parts.y[row]!;
    const wafer = parts.waferIndex[row]! + 1;
    let die: number;
    if (x !== missingCoordinate && y !== missingCoordinate) {
      die = coordinates.dieOf(wafer, x, y, dies);
    } else {
      const partId = parts.partId[row] ?? '';
      const key = partId === '' ? null : `${wafer}\u0000${partId}`;
      die = key === null ? dies : (byPartId.get(key) ?? dies);
      if (key !== null && die === dies) byPartId.set(key, die);
    }
    if (die === dies) firstRowOfDie[dies++] = row;
    lastRowOfDie[die] = row;
    dieIndex[row] = die;
  }
  const finals = lastRowOfDie.subarray(0, dies);
  const firsts = firstRowOfDie.subarray(0, dies);
  return {
    order, isFinal: markRows(parts.count, finals), isFirst: markRows(parts.count, firsts), dieIndex,
    allInsertions: countPass(parts, order),
    firstPass: countPass(parts, firsts),
    final: countPass(parts, finals),
  };
}

/**
 * Dies by (wafer, X, Y) in an open-addressing table of typed arrays: a Map keyed by a 48-bit number boxed every
 * key and took ~0.4 s for a 500k-part lot; this takes a few milliseconds.
 */
class CoordinateDies {
  private readonly slots: Int32Array;
  private readonly wafers: Int32Array;
  private readonly positions: Int32Array;
  private readonly mask: number;

  constructor(insertions: number) {
    let capacity = 16;
    while (capacity < insertions * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.wafers = new Int32Array(capacity);
    this.positions = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** The die already at (wafer, x, y), else `next`, recorded as that die. */
  dieOf(wafer: number, x: number, y: number, next: number): number {
    const position = ((x & 0xffff) << 16) | (y & 0xffff);
    let slot = (Math.imul(position, 0x9e3779b1) ^ Math.imul(wafer, 0x85ebca6b)) >>> 0;
    for (;;) {
      slot &= this.mask;
      const die = this.slots[slot]!;
      if (die < 0) {
        this.slots[slot] = next;
        this.wafers[slot] = wafer;
        this.positions[slot] = position;
        return next;
      }
      if (this.wafers[slot] === wafer && this.positions[slot] === position) return die;
      slot++;
    }
  }
}

/** Part rows that have a PRR, in PRR (file) order. */
export function insertionOrder(parts: PartColumns): Int32Array {
  let ordinals = 0;
  let inserted = 0;
  for (let row = 0; row < parts.count; row++) {
    const ordinal = parts.prrOrdinal[row]!;
    if (ordinal >= 0) {
      ordinals = Math.max(ordinals, ordinal + 1);
      inserted++;
    }
  }
  const byOrdinal = new Int32Array(ordinals).fill(-1);
  for (let row = 0; row < parts.count; row++) {
    const ordinal = parts.prrOrdinal[row]!;
    if (ordinal >= 0) byOrdinal[ordinal] = row;
  }
  if (inserted === ordinals) return byOrdinal;
  const order = new Int32Array(inserted);
  let next = 0;
  for (const row of byOrdinal) if (row >= 0) order[next++] = row;
  return order;
}

function markRows(count: number, rows: Int32Array): Uint8Array {
  const marks = new Uint8Array(count);
  for (const row of rows) marks[row] = 1;
  return marks;
}

function countPass(parts: PartColumns, rows: Iterable<number>): YieldCount {
  let total = 0;
  let pass = 0;
  for (const row of rows) {
    total++;
    if (partPassed(parts.partFlag[row] ?? 0)) pass++;
  }
  return { total, pass };
}
