import { describe, expect, it } from 'vitest';
import { chiSquareContingency, fisherExact2x2, fisherExactRx2 } from '../../../shared/stats';
import { expectRelativelyClose, loadSpcReference } from './referenceData';

interface CommonalityReference {
  data: { contingency_rows_chambers_A_B_C_cols_normal_low: [number, number][] };
  expected_derived: {
    chi2: number;
    chi2_p: number;
    chi2_dof: number;
    chi2_expected: number[][];
    fisher_2x2_chamberC_vs_rest_odds_ratio: number;
    fisher_p_two_sided: number;
  };
  tolerance: { rel: number };
}

const reference = loadSpcReference<CommonalityReference>('commonality_stats.json');
const chambers = reference.data.contingency_rows_chambers_A_B_C_cols_normal_low;
const expected = reference.expected_derived;

describe('chi-square contingency', () => {
  it('reproduces the chamber x {normal, low} reference (no Yates correction)', () => {
    const result = chiSquareContingency(chambers);
    expectRelativelyClose(result.chiSquare, expected.chi2, reference.tolerance.rel);
    expectRelativelyClose(result.p, expected.chi2_p, reference.tolerance.rel);
    expect(result.df).toBe(expected.chi2_dof);
    result.expected.forEach((row, rowIndex) => row.forEach((cell, column) => expectRelativelyClose(cell, expected.chi2_expected[rowIndex]?.[column] ?? Number.NaN, 1e-12)));
    // Cramér's V = sqrt(chi2 / (N * min(r - 1, c - 1))) = sqrt(10 / 60).
    expectRelativelyClose(result.cramersV, Math.sqrt(10 / 60), 1e-12);
    expectRelativelyClose(result.minimumExpected, 6, 1e-12);
  });

  it('Yates correction on a 2x2 matches scipy chi2_contingency(correction=True)', () => {
    // [[9, 11], [33, 7]]: E = 14, 6, 28, 12; |O - E| = 5 -> 4.5 after correction.
    // scipy 1.17.1 chi2_contingency: chi2 = 7.232142857142857, p = 0.007160968193807933.
    const handChiSquare = 4.5 ** 2 * (1 / 14 + 1 / 6 + 1 / 28 + 1 / 12);
    const result = chiSquareContingency(
      [
        [9, 11],
        [33, 7],
      ],
      { continuityCorrection: true },
    );
    expectRelativelyClose(result.chiSquare, handChiSquare, 1e-12);
    expectRelativelyClose(result.chiSquare, 7.232142857142857, 1e-12);
    expectRelativelyClose(result.p, 0.007160968193807933, 1e-9);
  });
});

describe('Fisher exact', () => {
  it('reproduces chamber C vs rest (scipy fisher_exact)', () => {
    const [chamberC] = chambers.slice(2);
    const rest = chambers.slice(0, 2).reduce<[number, number]>((sum, [normal, low]) => [sum[0] + normal, sum[1] + low], [0, 0]);
    if (!chamberC) throw new Error('reference table has three rows');
    const result = fisherExact2x2([chamberC, rest]);
    expectRelativelyClose(result.oddsRatio, expected.fisher_2x2_chamberC_vs_rest_odds_ratio, reference.tolerance.rel);
    expectRelativelyClose(result.p, expected.fisher_p_two_sided, reference.tolerance.rel);
  });

  it.each([
    { table: [[2, 7], [8, 2]] as const, p: 0.02301413756522116, oddsRatio: 0.07142857142857142 },
    { table: [[1, 9], [11, 3]] as const, p: 0.0027594561852200836, oddsRatio: 0.030303030303030304 },
  ])('scipy fisher_exact($table)', ({ table, p, oddsRatio }) => {
    const result = fisherExact2x2(table);
    expectRelativelyClose(result.p, p, 1e-9);
    expectRelativelyClose(result.oddsRatio, oddsRatio, 1e-12);
  });

  it('Freeman-Halton 3x2 matches an exact rational enumeration (Python fractions)', () => {
    expectRelativelyClose(fisherExactRx2(chambers) ?? Number.NaN, 0.010728890907048311, 1e-9);
  });

  it('returns null when the enumeration would be too large', () => {
    expect(fisherExactRx2(chambers, 10)).toBeNull();
  });
});
