import { describe, expect, it } from 'vitest';
import { robustSigmaMad } from '../../../shared/stats';
import { expectAbsolutelyClose, loadSpcReference } from './referenceData';

interface PatReference {
  data: number[];
  expected_derived: { alt_robust_sigma_MADx1_4826: number };
  tolerance: { abs: number };
}

const reference = loadSpcReference<PatReference>('pat_robust_limits_synthetic.json');

// The reference's PAT limits are checked against the screening SQL in tests/shared/screening/patReference.test.ts.
describe('robust sigma on the AEC-Q001 synthetic reference', () => {
  it('alternative robust sigma 1.4826 * MAD', () => {
    expectAbsolutelyClose(robustSigmaMad(reference.data), reference.expected_derived.alt_robust_sigma_MADx1_4826, reference.tolerance.abs);
    expect(reference.data.length).toBeGreaterThan(0);
  });
});
