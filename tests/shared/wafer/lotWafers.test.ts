import { describe, expect, it } from 'vitest';
import { waferRanges } from '../../../shared/wafer/lotWafers.ts';

describe('waferRanges', () => {
  it('cuts sorted wafer indices into ranges and leaves absent wafers empty', () => {
    expect(waferRanges(Int32Array.from([0, 0, 2, 2, 2]), 3)).toEqual([{ start: 0, end: 2 }, { start: 0, end: 0 }, { start: 2, end: 5 }]);
  });
});
