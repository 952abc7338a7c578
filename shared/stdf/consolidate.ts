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
  const byCoordinate = new Map<number, number>();
  const byPartId = new Map<string, number>();
  const lastRowOfDie: number[] = [];
  const firstRowOfDie: number[] = [];
  for (const row of order) {
    const key = dieKey(parts, row);
    let die = typeof key === 'number' ? byCoordinate.get(key) : key === null ? undefined : byPartId.get(key);
    if (die === undefined) {
      die = firstRowOfDie.length;
      firstRowOfDie.push(row);
      lastRowOfDie.push(row);
      if (typeof key === 'number') byCoordinate.set(key, die);
      else if (key !== null) byPartId.set(key, die);
    }
    lastRowOfDie[die] = row;
    dieIndex[row] = die;
  }
  const isFinal = markRows(parts.count, lastRowOfDie);
  const isFirst = markRows(parts.count, firstRowOfDie);
  return {
    isFinal, isFirst, dieIndex,
    allInsertions: countPass(parts, order),
    firstPass: countPass(parts, firstRowOfDie),
    final: countPass(parts, lastRowOfDie),
  };
}

/** Part rows that have a PRR, in PRR (file) order. */
export function insertionOrder(parts: PartColumns): number[] {
  const order: number[] = [];
  for (let row = 0; row < parts.count; row++) {
    const ordinal = parts.prrOrdinal[row] ?? -1;
    if (ordinal >= 0) order[ordinal] = row;
  }
  return order.filter((row) => row !== undefined);
}

function dieKey(parts: PartColumns, row: number): number | string | null {
  const x = parts.x[row] ?? missingCoordinate;
  const y = parts.y[row] ?? missingCoordinate;
  const wafer = (parts.waferIndex[row] ?? -1) + 1;
  if (x !== missingCoordinate && y !== missingCoordinate) return (wafer * 65536 + (x + 32768)) * 65536 + (y + 32768);
  const partId = parts.partId[row] ?? '';
  return partId === '' ? null : `${wafer}\u0000${partId}`;
}

function markRows(count: number, rows: number[]): Uint8Array {
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
