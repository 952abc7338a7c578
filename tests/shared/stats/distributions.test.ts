import { describe, expect, it } from 'vitest';
import {
  chiSquareCdf,
  chiSquareSurvival,
  complementaryErrorFunction,
  fCdf,
  fSurvival,
  logGamma,
  normalCdf,
  normalQuantile,
  normalSurvival,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
  studentTCdf,
  studentTSurvival,
  studentTTwoSided,
} from '../../../shared/stats';
import { expectRelativelyClose } from './referenceData';

// Expected values: scipy 1.17.1 (scipy.stats / scipy.special), and closed forms where noted.
const CASES: { name: string; actual: () => number; expected: number; rel: number }[] = [
  { name: 'chi2.sf(3.84146, 1) ~ 0.05', actual: () => chiSquareSurvival(3.84146, 1), expected: 0.04999996483374756, rel: 1e-10 },
  { name: 'chi2.sf(10, 2) = exp(-5)', actual: () => chiSquareSurvival(10, 2), expected: Math.exp(-5), rel: 1e-13 },
  { name: 'chi2.sf(100, 10) far tail', actual: () => chiSquareSurvival(100, 10), expected: 5.4497019829205215e-17, rel: 1e-10 },
  { name: 'chi2.sf(1000, 5) extreme tail', actual: () => chiSquareSurvival(1000, 5), expected: 6.0100776879208495e-214, rel: 1e-9 },
  { name: 'chi2.cdf(2.5, 7)', actual: () => chiSquareCdf(2.5, 7), expected: 0.07290293498652622, rel: 1e-10 },
  { name: 'f.sf(3, 5, 20)', actual: () => fSurvival(3, 5, 20), expected: 0.035201337452666626, rel: 1e-10 },
  { name: 'f.sf(50, 3, 12)', actual: () => fSurvival(50, 3, 12), expected: 4.6881697595999816e-7, rel: 1e-10 },
  { name: 'f.cdf(1.2, 2, 8)', actual: () => fCdf(1.2, 2, 8), expected: 0.6498722033542244, rel: 1e-10 },
  { name: 't.sf(2, 10)', actual: () => studentTSurvival(2, 10), expected: 0.03669401738537018, rel: 1e-10 },
  { name: 't.sf(-1.5, 3)', actual: () => studentTSurvival(-1.5, 3), expected: 0.8847080673775886, rel: 1e-10 },
  { name: 't.sf(10, 5)', actual: () => studentTSurvival(10, 5), expected: 8.547378787148181e-5, rel: 1e-10 },
  { name: 't.cdf(0.7, 2.5)', actual: () => studentTCdf(0.7, 2.5), expected: 0.728297528405226, rel: 1e-10 },
  { name: 'two-sided t(2, 10) = 2 * t.sf', actual: () => studentTTwoSided(2, 10), expected: 2 * 0.03669401738537018, rel: 1e-10 },
  { name: 'norm.cdf(-1.96)', actual: () => normalCdf(-1.96), expected: 0.024997895148220435, rel: 1e-12 },
  { name: 'norm.sf(8)', actual: () => normalSurvival(8), expected: 6.22096057427174e-16, rel: 1e-10 },
  { name: 'norm.sf(30)', actual: () => normalSurvival(30), expected: 4.906713927147908e-198, rel: 1e-9 },
  { name: 'norm.ppf(0.975)', actual: () => normalQuantile(0.975), expected: 1.959963984540054, rel: 1e-13 },
  { name: 'norm.ppf(0.3)', actual: () => normalQuantile(0.3), expected: -0.5244005127080409, rel: 1e-13 },
  { name: 'norm.ppf(1e-10)', actual: () => normalQuantile(1e-10), expected: -6.361340902404056, rel: 1e-13 },
  { name: 'norm.ppf(1 - 1e-12)', actual: () => normalQuantile(1 - 1e-12), expected: 7.0344869100478356, rel: 1e-6 },
  { name: 'gammaln(0.1)', actual: () => logGamma(0.1), expected: 2.252712651734206, rel: 1e-13 },
  { name: 'gammaln(100.5)', actual: () => logGamma(100.5), expected: 361.43554046777757, rel: 1e-13 },
  { name: 'gammaln(0.5) = ln sqrt(pi)', actual: () => logGamma(0.5), expected: 0.5 * Math.log(Math.PI), rel: 1e-13 },
  { name: 'gammaincc(3, 0.5)', actual: () => regularizedGammaQ(3, 0.5), expected: 0.9856123220330293, rel: 1e-13 },
  { name: 'gammainc(2.5, 40)', actual: () => regularizedGammaP(2.5, 40), expected: 0.9999999999999991, rel: 1e-14 },
  { name: 'betainc(2, 3, 0.4) = 0.5248 (closed form)', actual: () => regularizedBeta(0.4, 2, 3), expected: 0.5248, rel: 1e-13 },
  { name: 'betainc(0.5, 7, 0.9)', actual: () => regularizedBeta(0.9, 0.5, 7), expected: 0.9999999780702157, rel: 1e-13 },
  { name: 'erfc(3)', actual: () => complementaryErrorFunction(3), expected: 2.2090496998585445e-5, rel: 1e-12 },
  { name: 'erfc(-0.5)', actual: () => complementaryErrorFunction(-0.5), expected: 1.5204998778130465, rel: 1e-13 },
];

describe('distribution functions against scipy', () => {
  it.each(CASES)('$name', ({ actual, expected, rel }) => {
    expectRelativelyClose(actual(), expected, rel);
  });

  it('handles domain edges without throwing', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(fSurvival(Number.POSITIVE_INFINITY, 2, 5)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(normalQuantile(1.5))).toBe(true);
    expect(Number.isNaN(regularizedGammaP(-1, 2))).toBe(true);
  });

  it('normal quantile inverts the normal CDF across the range', () => {
    for (const probability of [1e-300, 1e-50, 1e-5, 0.01, 0.2, 0.5, 0.77, 0.999]) {
      expectRelativelyClose(normalCdf(normalQuantile(probability)), probability, 1e-12);
    }
  });
});
