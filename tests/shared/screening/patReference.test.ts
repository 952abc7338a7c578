import { describe, expect, it } from 'vitest';
import { runScreen } from '../../../shared/screening/screen.ts';
import { loadSpcReference } from '../stats/referenceData.ts';
import { generatedEngine } from './generatedLots.ts';
import type { OracleDie } from './screeningOracle.ts';

interface PatReference {
  data: number[];
  expected_derived: { static_pat: { median: number; robust_sigma_iqr: number; lpl: number; upl: number; outliers_1based: number[] } };
  tolerance: { abs: number };
}

const reference = loadSpcReference<PatReference>('pat_robust_limits_synthetic.json');

describe('DPAT SQL on the AEC-Q001 synthetic reference (shared/reference/spc)', () => {
  it('reproduces its median, robust sigma, limits and outliers from one lot of passing dies', async () => {
    // One passing die per reference value, on a 20-wide grid; test 300 has no spec limits to clip to.
    const dies: OracleDie[] = reference.data.map((value, index) => ({
      product: 'P', lot: 'L9', wafer: 'W1', x: index % 20, y: Math.floor(index / 20), pass: true, hardBin: 1, values: new Map([[300, value]]),
    }));
    const engine = await generatedEngine(dies);
    try {
      const result = await runScreen(engine, { method: 'dpat', lot: 'L9' });
      const expected = reference.expected_derived.static_pat;
      const limit = result.limits[0];
      const tolerance = reference.tolerance.abs;
      expect(result.limits).toHaveLength(1);
      expect(Math.abs((limit?.robustMean ?? NaN) - expected.median)).toBeLessThan(tolerance);
      expect(Math.abs((limit?.robustSigma ?? NaN) - expected.robust_sigma_iqr)).toBeLessThan(tolerance);
      expect(Math.abs((limit?.lo ?? NaN) - expected.lpl)).toBeLessThan(tolerance);
      expect(Math.abs((limit?.hi ?? NaN) - expected.upl)).toBeLessThan(tolerance);
      const positions = expected.outliers_1based.map((oneBased) => `${(oneBased - 1) % 20}/${Math.floor((oneBased - 1) / 20)}`);
      expect(result.outliers.map((o) => `${o.x}/${o.y}`).sort()).toEqual(positions.sort());
    } finally {
      engine.close();
    }
  }, 60_000);
});
