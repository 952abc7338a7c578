import { describe, expect, it } from 'vitest';
import { kruskalWallis, oneWayAnova } from '../../../shared/stats';
import { expectRelativelyClose, loadSpcReference } from './referenceData';

interface CommonalityReference {
  data: { anova_groups: Record<string, number[]> };
  expected: { anova_F: number; anova_p: number };
  expected_derived: { kruskal_H: number; kruskal_p: number };
  tolerance: { rel: number };
}

const reference = loadSpcReference<CommonalityReference>('commonality_stats.json');
const musselGroups = Object.values(reference.data.anova_groups);

describe('one-way ANOVA', () => {
  it('reproduces the McDonald mussel example (scipy f_oneway docs)', () => {
    const result = oneWayAnova(musselGroups);
    expectRelativelyClose(result.f, reference.expected.anova_F, reference.tolerance.rel);
    expectRelativelyClose(result.p, reference.expected.anova_p, reference.tolerance.rel);
    expect(result.dfBetween).toBe(4);
    expect(result.dfWithin).toBe(34);
  });

  it('eta squared equals SSB / (SSB + SSW) on a hand-computed table', () => {
    // Groups {1,2,3} and {4,5,6}: grand mean 3.5, SSB = 3*1.5^2*2 = 13.5, SSW = 2 + 2 = 4.
    const result = oneWayAnova([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expectRelativelyClose(result.sumSquaresBetween, 13.5, 1e-12);
    expectRelativelyClose(result.sumSquaresWithin, 4, 1e-12);
    expectRelativelyClose(result.f, 13.5, 1e-12);
    expectRelativelyClose(result.etaSquared, 13.5 / 17.5, 1e-12);
  });

  it('zero within-group spread gives F = Infinity and p = 0', () => {
    const result = oneWayAnova([
      [1, 1],
      [2, 2],
    ]);
    expect(result.f).toBe(Number.POSITIVE_INFINITY);
    expect(result.p).toBe(0);
  });
});

describe('Kruskal-Wallis', () => {
  it('reproduces the scipy-derived H and p on the mussel data (tie correction on)', () => {
    const result = kruskalWallis(musselGroups);
    expectRelativelyClose(result.h, reference.expected_derived.kruskal_H, reference.tolerance.rel);
    expectRelativelyClose(result.p, reference.expected_derived.kruskal_p, reference.tolerance.rel);
    expect(result.df).toBe(4);
    expectRelativelyClose(result.epsilonSquared, reference.expected_derived.kruskal_H / 38, 1e-12);
    expectRelativelyClose(result.etaSquaredH, (reference.expected_derived.kruskal_H - 4) / 34, 1e-12);
  });

  it('applies the tie correction (hand computation)', () => {
    // Values 1,1,2 | 2,3,3: ranks 1.5,1.5,3.5 | 3.5,5.5,5.5; R = 6.5, 14.5.
    // H0 = 12/42 * (6.5^2/3 + 14.5^2/3) - 21 = 3.047619..., ties: three pairs -> C = 1 - 18/210.
    const result = kruskalWallis([
      [1, 1, 2],
      [2, 3, 3],
    ]);
    const uncorrected = (12 / 42) * ((6.5 ** 2 + 14.5 ** 2) / 3) - 21;
    expectRelativelyClose(result.tieCorrection, 1 - 18 / 210, 1e-12);
    expectRelativelyClose(result.h, uncorrected / (1 - 18 / 210), 1e-12);
  });

  it('all-equal responses give NaN rather than throwing', () => {
    expect(Number.isNaN(kruskalWallis([[2, 2], [2, 2]]).p)).toBe(true);
  });
});
