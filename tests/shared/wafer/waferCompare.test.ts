import { describe, expect, it } from 'vitest';
import { comparePassFail } from '../../../shared/wafer/waferCompare.ts';

describe('comparePassFail', () => {
  it('marks dies whose result differs at the same (x, y), whatever the order of the dies', () => {
    const first = { x: [0, 1, 2, 3], y: [0, 0, 0, 0], pass: [1, 1, 0, 0] };
    // Same positions shuffled, plus (9, 9) that only the second map has.
    const second = { x: [3, 9, 2, 1, 0], y: [0, 9, 0, 0, 0], pass: [1, 0, 0, 0, 1] };
    const result = comparePassFail(first, second);
    // (1,0): pass → fail; (3,0): fail → pass; (0,0) and (2,0) unchanged.
    expect(Array.from(result.changedInFirst)).toEqual([0, 1, 0, 1]);
    expect(Array.from(result.changedInSecond)).toEqual([1, 0, 0, 1, 0]);
    expect(result).toMatchObject({ changed: 2, passToFail: 1, failToPass: 1, common: 4 });
  });

  it('handles negative coordinates', () => {
    const result = comparePassFail({ x: [-5, 5], y: [-7, 7], pass: [1, 1] }, { x: [5, -5], y: [7, -7], pass: [1, 0] });
    expect(result.changed).toBe(1);
    expect(Array.from(result.changedInFirst)).toEqual([1, 0]);
  });
});
