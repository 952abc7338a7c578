/**
 * Compare the pass/fail of two wafer maps die by die (two wafers, or one wafer's first pass against
 * its final result): which dies differ, in which direction, and which exist on one map only.
 */

/** Pass/fail of one map's dies: parallel arrays, 1 pass and 0 fail. */
export interface PassFailMap {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  pass: ArrayLike<number>;
}

/** Outcome of a comparison; the marks are per die of each map (1 = pass/fail differs from the other map). */
export interface PassFailComparison {
  changedInFirst: Uint8Array;
  changedInSecond: Uint8Array;
  /** Dies at the same (x, y) on both maps whose result differs. */
  changed: number;
  /** Of those, pass on the first map and fail on the second. */
  passToFail: number;
  /** Of those, fail on the first map and pass on the second. */
  failToPass: number;
  /** Positions present on both maps. */
  common: number;
}

function positionKey(x: number, y: number): number {
  return (x + 32768) * 65536 + (y + 32768);
}

/** Die-by-die comparison of two pass/fail maps matched on (x, y). */
export function comparePassFail(first: PassFailMap, second: PassFailMap): PassFailComparison {
  const slotOfSecond = new Map<number, number>();
  for (let index = 0; index < second.x.length; index++) slotOfSecond.set(positionKey(second.x[index] ?? 0, second.y[index] ?? 0), index);
  const changedInFirst = new Uint8Array(first.x.length);
  const changedInSecond = new Uint8Array(second.x.length);
  let [changed, passToFail, failToPass, common] = [0, 0, 0, 0];
  for (let index = 0; index < first.x.length; index++) {
    const other = slotOfSecond.get(positionKey(first.x[index] ?? 0, first.y[index] ?? 0));
    if (other === undefined) continue;
    common++;
    const before = first.pass[index] === 1;
    const after = second.pass[other] === 1;
    if (before === after) continue;
    changed++;
    if (before) passToFail++;
    else failToPass++;
    changedInFirst[index] = 1;
    changedInSecond[other] = 1;
  }
  return { changedInFirst, changedInSecond, changed, passToFail, failToPass, common };
}
