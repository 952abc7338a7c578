import { describe, expect, it } from 'vitest';
import { cohensD, compareProportions, mannWhitneyFromRankSum } from '../../../shared/analysis/explainStatistics.ts';

/** Rank sum of the first sample in the pooled sample and the tie term, by a plain loop. */
function rankSumAndTies(first: number[], second: number[]): { rankSum: number; tieTerm: number } {
  const pooled = [...first.map((value) => ({ value, first: true })), ...second.map((value) => ({ value, first: false }))].sort((a, b) => a.value - b.value);
  let [rankSum, tieTerm, start] = [0, 0, 0];
  while (start < pooled.length) {
    let end = start;
    while (end + 1 < pooled.length && pooled[end + 1]!.value === pooled[start]!.value) end++;
    const size = end - start + 1;
    const averageRank = (start + 1 + end + 1) / 2;
    for (let index = start; index <= end; index++) if (pooled[index]!.first) rankSum += averageRank;
    tieTerm += size ** 3 - size;
    start = end + 1;
  }
  return { rankSum, tieTerm };
}

describe('explain statistics against scipy 1.17', () => {
  it('two proportions: chi2_contingency([[30, 70], [20, 180]], correction=False) = 19.2, p = 1.1771e-05', () => {
    const result = compareProportions(30, 100, 20, 200);
    expect(result.difference).toBeCloseTo(0.2, 12);
    expect(result.chiSquare).toBeCloseTo(19.2, 9);
    expect(result.p / 1.177133909761499e-05).toBeCloseTo(1, 6);
  });

  it("Mann-Whitney from rank sums: mannwhitneyu(x, y, method='asymptotic') U = 59, p = 0.097592", () => {
    const x = [1.1, 2.2, 2.2, 3.5, 4.0, 4.0, 4.0, 5.1];
    const y = [0.5, 1.1, 2.0, 2.2, 2.9, 3.0, 3.3, 3.4, 4.0, 0.2];
    const { rankSum, tieTerm } = rankSumAndTies(x, y);
    const result = mannWhitneyFromRankSum(rankSum, x.length, y.length, tieTerm);
    expect(result.u).toBe(59);
    expect(result.p).toBeCloseTo(0.09759219123042515, 10);
  });

  it("Cohen's d by hand: means 10 and 8, sigmas 2 and 1, n 4 and 6 → 2 / sqrt(17 / 8) = 1.371989", () => {
    expect(cohensD({ n: 4, mean: 10, sigma: 2 }, { n: 6, mean: 8, sigma: 1 })).toBeCloseTo(1.371989, 6);
    expect(cohensD({ n: 1, mean: 10, sigma: 0 }, { n: 6, mean: 8, sigma: 1 })).toBeNaN();
  });
});
