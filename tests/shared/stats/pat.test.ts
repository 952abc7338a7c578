import { describe, expect, it } from 'vitest';
import { dynamicPatLimits, robustSigmaMad, staticPatLimits } from '../../../shared/stats';
import { expectAbsolutelyClose, loadSpcReference } from './referenceData';

interface PatReference {
  data: number[];
  expected_derived: {
    static_pat: { median: number; q1: number; q3: number; robust_sigma_iqr: number; lpl: number; upl: number; outliers_1based: number[] };
    dynamic_pat_on_spat_survivors: { mean_in_spat: number; sd_in_spat: number; lpl: number; upl: number };
    alt_robust_sigma_MADx1_4826: number;
  };
  tolerance: { abs: number };
}

const reference = loadSpcReference<PatReference>('pat_robust_limits_synthetic.json');
const tolerance = reference.tolerance.abs;

describe('PAT limits (AEC-Q001 synthetic reference)', () => {
  it('static PAT: median +/- 6 (Q3 - Q1) / 1.35 with type-7 quartiles', () => {
    const expected = reference.expected_derived.static_pat;
    const result = staticPatLimits(reference.data);
    expectAbsolutelyClose(result.median, expected.median, tolerance);
    expectAbsolutelyClose(result.q1, expected.q1, tolerance);
    expectAbsolutelyClose(result.q3, expected.q3, tolerance);
    expectAbsolutelyClose(result.robustSigma, expected.robust_sigma_iqr, tolerance);
    expectAbsolutelyClose(result.lowerLimit, expected.lpl, tolerance);
    expectAbsolutelyClose(result.upperLimit, expected.upl, tolerance);
    expect(result.outlierIndexes.map((index) => index + 1)).toEqual(expected.outliers_1based);
  });

  it('dynamic PAT on the static survivors: mean +/- 6 sample sd', () => {
    const expected = reference.expected_derived.dynamic_pat_on_spat_survivors;
    const result = dynamicPatLimits(reference.data);
    expectAbsolutelyClose(result.mean, expected.mean_in_spat, tolerance);
    expectAbsolutelyClose(result.standardDeviation, expected.sd_in_spat, tolerance);
    expectAbsolutelyClose(result.lowerLimit, expected.lpl, tolerance);
    expectAbsolutelyClose(result.upperLimit, expected.upl, tolerance);
  });

  it('alternative robust sigma 1.4826 * MAD', () => {
    expectAbsolutelyClose(robustSigmaMad(reference.data), reference.expected_derived.alt_robust_sigma_MADx1_4826, tolerance);
  });

  it('dynamic limits are clamped inside the spec limits', () => {
    const result = dynamicPatLimits(reference.data, { lowerSpecLimit: 0.95, upperSpecLimit: 1.05 });
    expect(result.lowerLimit).toBe(0.95);
    expect(result.upperLimit).toBe(1.05);
  });
});
