import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { runScreen } from '../../../shared/screening/screen.ts';
import { runWhatIf } from '../../../shared/screening/whatIf.ts';
import { generatedDies, generatedEngine, generatedTests, injected } from './generatedLots.ts';
import { finiteValue, gdbnCounts, nnrOutliers, robustLimits, type OracleDie } from './screeningOracle.ts';

const dies = generatedDies();
let engine: WasmNodeSqlEngine;

beforeAll(async () => {
  engine = await generatedEngine(dies);
}, 60_000);

afterAll(() => engine?.close());

const specOf = (test: number) => generatedTests.find((spec) => spec.test === test) ?? { lo: null, hi: null };
const passingValues = (subset: readonly OracleDie[], test: number): number[] =>
  subset.filter((die) => die.pass).map((die) => finiteValue(die, test)).filter((value): value is number => value !== null);

describe('dynamic PAT against plain loops over the raw rows', () => {
  it.each(['lot', 'wafer'] as const)('gives the same limits and outliers per %s (ties, missing values, spec clipping)', async (scope) => {
    const result = await runScreen(engine, { method: 'dpat', lot: 'L3', scope });
    const lotDies = dies.filter((die) => die.lot === 'L3');
    const groups = scope === 'lot' ? [{ wafer: null, dies: lotDies }] : ['W1', 'W2'].map((wafer) => ({ wafer, dies: lotDies.filter((die) => die.wafer === wafer) }));
    const expectedOutliers: string[] = [];
    let expectedLimits = 0;
    for (const { test } of generatedTests) {
      for (const group of groups) {
        const spec = specOf(test);
        const expected = robustLimits(passingValues(group.dies, test), 6, 30, spec.lo, spec.hi);
        const actual = result.limits.find((limit) => limit.test === test && limit.wafer === group.wafer);
        if (expected === null) {
          expect(actual).toBeUndefined();
          continue;
        }
        expectedLimits += 1;
        expect(actual?.n).toBe(expected.n);
        expect(actual?.robustMean).toBeCloseTo(expected.median, 10);
        expect(actual?.robustSigma).toBeCloseTo(expected.sigma, 10);
        expect(actual?.lo).toBeCloseTo(expected.lo, 10);
        expect(actual?.hi).toBeCloseTo(expected.hi, 10);
        for (const die of group.dies) {
          const value = finiteValue(die, test);
          if (die.pass && value !== null && (value < expected.lo || value > expected.hi)) expectedOutliers.push(`${die.wafer}/${die.x}/${die.y}/${test}`);
        }
      }
    }
    expect(result.limits).toHaveLength(expectedLimits);
    expect(result.outliers.map((o) => `${o.wafer}/${o.x}/${o.y}/${o.test}`).sort()).toEqual(expectedOutliers.sort());
    // Test 200's 6-sigma limits are wider than its spec: they are clipped to it.
    const clipped = result.limits.find((limit) => limit.test === 200);
    expect([clipped?.lo, clipped?.hi]).toEqual([4.8, 5.2]);
    // The parametric outliers injected inside the spec are caught.
    for (const key of injected.parametric) expect(result.outliers.some((o) => `${o.wafer}/${o.x}/${o.y}` === key && o.test === 100)).toBe(true);
  });

  it('sets no limits for a lot with fewer than 30 passing parts', async () => {
    const result = await runScreen(engine, { method: 'dpat', lot: 'L8' });
    expect(passingValues(dies.filter((die) => die.lot === 'L8'), 100).length).toBeLessThan(30);
    expect(result.limits).toEqual([]);
    expect(result.outliers).toEqual([]);
  });
});

describe('static PAT over the product history', () => {
  it('pools the lots with >= 30 passing parts when >= 6 of them exist', async () => {
    const result = await runScreen(engine, { method: 'spat', lot: 'L2' });
    for (const { test } of generatedTests) {
      const lots = [...new Set(dies.map((die) => die.lot))].filter((lot) => passingValues(dies.filter((die) => die.lot === lot), test).length >= 30);
      const pooled = lots.length >= 6 ? dies.filter((die) => lots.includes(die.lot)) : [];
      const spec = specOf(test);
      const expected = robustLimits(passingValues(pooled, test), 6, 1, spec.lo, spec.hi);
      const actual = result.limits.find((limit) => limit.test === test);
      if (expected === null) expect(actual).toBeUndefined();
      else expect([actual?.n, actual?.lo, actual?.hi].map((value) => Number(value?.toFixed(9)))).toEqual([expected.n, expected.lo, expected.hi].map((value) => Number(value.toFixed(9))));
    }
    expect(await runScreen(engine, { method: 'spat', lot: 'L2', minLots: 9 })).toMatchObject({ limits: [], outliers: [] });
  });
});

describe('spatial screens', () => {
  it('GDBN flags exactly the passing dies with >= N failing neighbours, the injected one among them', async () => {
    for (const minBad of [6, 4]) {
      const result = await runScreen(engine, { method: 'gdbn', lot: 'L5', minBad });
      const counts = gdbnCounts(dies.filter((die) => die.lot === 'L5'));
      const expected = [...counts].filter(([, bad]) => bad >= minBad).map(([key]) => key).sort();
      expect(result.outliers.map((o) => `${o.wafer}/${o.x}/${o.y}`).sort()).toEqual(expected);
      expect(expected).toContain(injected.gdbnCenter);
    }
  });

  it('NNR flags the same dies as residuals against neighbour medians computed in loops', async () => {
    const result = await runScreen(engine, { method: 'nnr', lot: 'L4', k: 3 });
    const lotDies = dies.filter((die) => die.lot === 'L4');
    for (const { test } of generatedTests) {
      const expected = [...nnrOutliers(lotDies, test, 3)].sort();
      expect(result.outliers.filter((o) => o.test === test).map((o) => `${o.wafer}/${o.x}/${o.y}`).sort()).toEqual(expected);
    }
  });
});

describe('limit what-if', () => {
  it('flips passing dies outside the new limits and failing dies that only this test failed', async () => {
    const lo = 4.9;
    const hi = 5.5;
    const result = await runWhatIf(engine, { product: 'P', testKey: 200, test: 200, testName: null, lo, hi, lot: 'L1' });
    const expected: string[] = [];
    for (const die of dies.filter((candidate) => candidate.lot === 'L1')) {
      const value = finiteValue(die, 200);
      if (value === null) continue;
      const inside = value >= lo && value <= hi;
      const outOfSpec = (test: number) => {
        const other = finiteValue(die, test);
        const spec = specOf(test);
        return other !== null && ((spec.lo !== null && other < spec.lo) || (spec.hi !== null && other > spec.hi));
      };
      if (die.pass && !inside) expected.push(`${die.wafer}/${die.x}/${die.y}/pass-to-fail`);
      if (!die.pass && inside && outOfSpec(200) && !generatedTests.some((spec) => spec.test !== 200 && outOfSpec(spec.test))) expected.push(`${die.wafer}/${die.x}/${die.y}/fail-to-pass`);
    }
    expect(result.flips.map((flip) => `${flip.wafer}/${flip.x}/${flip.y}/${flip.flip}`).sort()).toEqual(expected.sort());
    expect(expected.some((key) => key.endsWith('fail-to-pass'))).toBe(true);
    const lot = result.lots[0];
    const lotDies = dies.filter((die) => die.lot === 'L1');
    expect(lot?.dies).toBe(lotDies.length);
    expect(lot?.goodBefore).toBe(lotDies.filter((die) => die.pass).length);
    const gained = expected.filter((key) => key.endsWith('fail-to-pass')).length - expected.filter((key) => key.endsWith('pass-to-fail')).length;
    expect(lot?.goodAfter).toBe((lot?.goodBefore ?? 0) + gained);
    expect(result.bins.reduce((sum, bin) => sum + bin.passToFail + bin.failToPass, 0)).toBe(expected.length);
  });
});

describe('statistical yield and bin limits (AEC-Q002)', () => {
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const sd = (values: number[]) => Math.sqrt(values.reduce((sum, value) => sum + (value - mean(values)) ** 2, 0) / (values.length - 1));
  const lots = [...new Set(dies.map((die) => die.lot))];

  it('SYL: mean - 3 / 4 sigma of the other lots\' yields', async () => {
    const history = lots.filter((lot) => lot !== 'L8').map((lot) => {
      const ofLot = dies.filter((die) => die.lot === lot);
      return ofLot.filter((die) => die.pass).length / ofLot.length;
    });
    const result = await runScreen(engine, { method: 'syl', lot: 'L8' });
    expect(result.limits[0]?.n).toBe(7);
    expect(result.limits[0]?.lo).toBeCloseTo(mean(history) - 3 * sd(history), 12);
    expect(result.limits[0]?.quarantine).toBeCloseTo(mean(history) - 4 * sd(history), 12);
  });

  it('SBL: mean + 3 sigma of each failing bin\'s share', async () => {
    const result = await runScreen(engine, { method: 'sbl', lot: 'L1' });
    for (const bin of [2, 5]) {
      const history = lots.filter((lot) => lot !== 'L1').map((lot) => {
        const ofLot = dies.filter((die) => die.lot === lot);
        return ofLot.filter((die) => die.hardBin === bin).length / ofLot.length;
      });
      expect(result.limits.find((limit) => limit.bin === bin)?.hi).toBeCloseTo(mean(history) + 3 * sd(history), 12);
    }
  });
});

describe('injected outliers of the generated lots', () => {
  it('DPAT and GDBN catch every injected die (figure printed)', async () => {
    const lots = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'];
    let parametric = 0;
    let gdbn = 0;
    for (const lot of lots) {
      const dpat = await runScreen(engine, { method: 'dpat', lot });
      const spatial = await runScreen(engine, { method: 'gdbn', lot });
      parametric += injected.parametric.filter((key) => dpat.outliers.some((o) => `${o.wafer}/${o.x}/${o.y}` === key && o.test === 100)).length;
      gdbn += spatial.outliers.some((o) => `${o.wafer}/${o.x}/${o.y}` === injected.gdbnCenter) ? 1 : 0;
    }
    console.log(`DPAT caught ${parametric}/${lots.length * injected.parametric.length} injected parametric outliers inside spec; GDBN caught ${gdbn}/${lots.length} injected good dies in bad neighbourhoods`);
    expect([parametric, gdbn]).toEqual([lots.length * injected.parametric.length, lots.length]);
  });
});
