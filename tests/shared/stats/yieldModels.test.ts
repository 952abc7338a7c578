import { describe, expect, it } from 'vitest';
import {
  boseEinsteinYield,
  grossDiePerWafer,
  murphyYield,
  negativeBinomialAlphaFromMoments,
  negativeBinomialYield,
  poissonYield,
  seedsYield,
} from '../../../shared/stats';
import { expectAbsolutelyClose, loadSpcReference } from './referenceData';

interface YieldReference {
  data: { AD_check: number };
  expected: { web_calculator_AD_0_081: { poisson: number; murphy: number; negbin_alpha3: number; seeds: number; bose_einstein_n12: number } };
  expected_derived_grid: {
    AD: number;
    poisson: number;
    murphy: number;
    seeds: number;
    negbin_alpha_0_5: number;
    negbin_alpha_2: number;
    negbin_alpha_1e6: number;
  }[];
  tolerance: { web_calculator: number; grid: number };
}

interface GrossDieReference {
  expected_derived: { wafer_diameter_mm: number; die_area_mm2: number; dpw_formula: number; dpw_floor: number }[];
  tolerance: { abs: number };
}

const yieldReference = loadSpcReference<YieldReference>('yield_models.json');
const grossDieReference = loadSpcReference<GrossDieReference>('gross_die_per_wafer.json');
// The reference evaluated (1 + AD/1e6)^-1e6 with pow(), which rounds 1 + AD/1e6 first and loses
// ~1e-10; mpmath (40 digits) agrees with our log1p form, e.g. AD = 1 -> 0.367879625111086.
const LARGE_ALPHA_TOLERANCE = 1e-9;

describe('yield models', () => {
  it.each(yieldReference.expected_derived_grid)('grid A*D0 = $AD', (row) => {
    const tolerance = yieldReference.tolerance.grid;
    expectAbsolutelyClose(poissonYield(row.AD), row.poisson, tolerance);
    expectAbsolutelyClose(murphyYield(row.AD), row.murphy, tolerance);
    expectAbsolutelyClose(seedsYield(row.AD), row.seeds, tolerance);
    expectAbsolutelyClose(negativeBinomialYield(row.AD, 0.5), row.negbin_alpha_0_5, tolerance);
    expectAbsolutelyClose(negativeBinomialYield(row.AD, 2), row.negbin_alpha_2, tolerance);
    expectAbsolutelyClose(negativeBinomialYield(row.AD, 1e6), row.negbin_alpha_1e6, LARGE_ALPHA_TOLERANCE);
  });

  it('matches the web calculator at A*D0 = 0.081', () => {
    const published = yieldReference.expected.web_calculator_AD_0_081;
    const meanDefects = yieldReference.data.AD_check;
    const tolerance = yieldReference.tolerance.web_calculator;
    expectAbsolutelyClose(poissonYield(meanDefects), published.poisson, tolerance);
    expectAbsolutelyClose(murphyYield(meanDefects), published.murphy, tolerance);
    expectAbsolutelyClose(negativeBinomialYield(meanDefects, 3), published.negbin_alpha3, tolerance);
    expectAbsolutelyClose(seedsYield(meanDefects), published.seeds, tolerance);
    expectAbsolutelyClose(boseEinsteinYield(meanDefects, 12), published.bose_einstein_n12, tolerance);
  });

  it('limits: NB(alpha = 1) = Seeds, NB(alpha = Infinity) = Poisson, A*D0 = 0 gives 1', () => {
    expectAbsolutelyClose(negativeBinomialYield(0.7, 1), seedsYield(0.7), 1e-15);
    expect(negativeBinomialYield(0.7, Number.POSITIVE_INFINITY)).toBe(poissonYield(0.7));
    expect(murphyYield(0)).toBe(1);
  });

  it('moment estimate of alpha: m^2 / (v - m)', () => {
    expect(negativeBinomialAlphaFromMoments(2, 4)).toBe(2);
    expect(negativeBinomialAlphaFromMoments(2, 2)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('gross die per wafer', () => {
  it.each(grossDieReference.expected_derived)('$wafer_diameter_mm mm wafer, $die_area_mm2 mm2 die', (row) => {
    const estimate = grossDiePerWafer(row.wafer_diameter_mm, row.die_area_mm2);
    expectAbsolutelyClose(estimate, row.dpw_formula, grossDieReference.tolerance.abs);
    expect(Math.floor(estimate)).toBe(row.dpw_floor);
  });

  it('edge exclusion shrinks the usable diameter', () => {
    expect(grossDiePerWafer(306, 100, { edgeExclusion: 3 })).toBeCloseTo(640.215102985328, 9);
  });
});
