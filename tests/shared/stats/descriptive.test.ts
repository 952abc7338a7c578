import { describe, expect, it } from 'vitest';
import { averageRanks, median, medianAbsoluteDeviation, quantileType7, robustSigmaIqr, robustSigmaMad } from '../../../shared/stats';
import { expectRelativelyClose } from './referenceData';

const SAMPLE = [3.1, 1.2, 5.5, 2.2, 9.0, 4.4, 4.4];

describe('type-7 quantiles', () => {
  // numpy.percentile (linear interpolation) on SAMPLE.
  it.each([
    { probability: 0.1, expected: 1.8000000000000003 },
    { probability: 0.25, expected: 2.6500000000000004 },
    { probability: 0.5, expected: 4.4 },
    { probability: 0.75, expected: 4.95 },
    { probability: 0.9, expected: 6.900000000000001 },
    { probability: 0, expected: 1.2 },
    { probability: 1, expected: 9.0 },
  ])('quantile($probability)', ({ probability, expected }) => {
    expectRelativelyClose(quantileType7(SAMPLE, probability), expected, 1e-12);
  });

  it('median of an even-sized list is the mid-point', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
  });
});

describe('robust sigma', () => {
  it('IQR / 1.35 and 1.4826 * MAD by hand', () => {
    // Sorted 1.2 2.2 3.1 4.4 4.4 5.5 9.0; |x - 4.4| sorted: 0 0 1.1 1.3 2.2 3.2 4.6 -> MAD 1.3.
    expectRelativelyClose(robustSigmaIqr(SAMPLE), (4.95 - 2.65) / 1.35, 1e-12);
    expectRelativelyClose(medianAbsoluteDeviation(SAMPLE), 1.3, 1e-12);
    expectRelativelyClose(robustSigmaMad(SAMPLE), 1.4826 * 1.3, 1e-12);
  });
});

describe('average ranks', () => {
  it('gives tied values their mean rank (scipy.stats.rankdata method="average")', () => {
    const { ranks, tieSizes } = averageRanks([10, 20, 10, 30, 20, 20]);
    expect(ranks).toEqual([1.5, 4, 1.5, 6, 4, 4]);
    expect(tieSizes.sort()).toEqual([2, 3]);
  });
});
