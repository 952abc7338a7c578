import { describe, expect, it } from 'vitest';
import { benjaminiHochbergAdjust, bonferroniAdjust } from '../../../shared/stats';
import { expectRelativelyClose } from './referenceData';

describe('multiple-testing adjustments', () => {
  it('Benjamini-Hochberg matches scipy.stats.false_discovery_control', () => {
    const adjusted = benjaminiHochbergAdjust([0.01, 0.04, 0.03, 0.005, 0.5, 0.2]);
    [0.03, 0.06, 0.06, 0.03, 0.5, 0.24].forEach((value, index) => expectRelativelyClose(adjusted[index] ?? Number.NaN, value, 1e-12));
  });

  it('Bonferroni multiplies by the number of tests and caps at 1', () => {
    expect(bonferroniAdjust([0.01, 0.2, 0.5])).toEqual([0.03, 0.6000000000000001, 1]);
  });

  it('NaN entries are skipped and do not count as tests', () => {
    const adjusted = benjaminiHochbergAdjust([0.02, Number.NaN, 0.04]);
    expect(Number.isNaN(adjusted[1])).toBe(true);
    expectRelativelyClose(adjusted[0] ?? Number.NaN, 0.04, 1e-12);
    expectRelativelyClose(adjusted[2] ?? Number.NaN, 0.04, 1e-12);
  });
});
