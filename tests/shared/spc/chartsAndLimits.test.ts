/**
 * Engine behaviour not covered by the reference files: phase I iteration against the published
 * revised limits, CUSUM and EWMA recursions computed by hand, normal tail values from tables,
 * manual limits and the limits-change history.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  appendLimitsChange,
  applyManualLimits,
  cChart,
  chiSquareQuantile,
  cusumChart,
  d2,
  erfc,
  ewmaChart,
  individualsChart,
  normalCdf,
  normalQuantile,
  pChart,
  phaseOneLimits,
  processCapability,
  type LimitsChange,
} from '../../../shared/spc/index.ts';
import { numberAt, numbersAt } from './referenceChecks.ts';

const referenceFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/reference/spc');
const reference = (name: string): unknown => JSON.parse(readFileSync(path.join(referenceFolder, name), 'utf8'));

describe('phase I iterative limits', () => {
  it('individuals: dropping the point beyond the limits gives the published revised chart', () => {
    const file = reference('imr_viscosity_qcc.json');
    const result = phaseOneLimits((options) => individualsChart(numbersAt(file, 'data.x_phase1'), { ...options, constants: 'textbook' }));
    expect(result.removed).toEqual([3]);
    expect(Math.abs(result.chart.center - numberAt(file, 'expected_revised_without_batch4.center'))).toBeLessThan(1e-4);
    expect(Math.abs(result.chart.sigma - numberAt(file, 'expected_revised_without_batch4.sigma'))).toBeLessThan(1e-4);
  });

  it('c chart: samples 6 and 20 are removed, then the revised limits hold', () => {
    const file = reference('c_u_circuit.json');
    const result = phaseOneLimits((options) => cChart(numbersAt(file, 'data.c_trial'), options));
    expect(result.removed.map((index) => index + 1)).toEqual(numbersAt(file, 'data.exclude_for_revised_1based'));
    expect(Math.abs((result.chart.points[0]?.ucl ?? 0) - numberAt(file, 'expected.c_revised.ucl'))).toBeLessThan(1e-5);
  });

  it('p chart: one removal pass drops samples 15 and 23 (the published revision)', () => {
    const file = reference('p_np_orangejuice.json');
    const counts = numbersAt(file, 'data.D_trial');
    const result = phaseOneLimits((options) => pChart(counts, counts.map(() => 50), options), {}, { maxIterations: 2 });
    expect(result.removed.map((index) => index + 1)).toEqual(numbersAt(file, 'data.exclude_for_revised_1based'));
    expect(Math.abs(result.chart.center - numberAt(file, 'expected.p_revised.center'))).toBeLessThan(1e-6);
  });

  it('a baseline window limits estimation but every point is plotted', () => {
    const chart = individualsChart([1, 2, 1, 2, 50, 60], { baseline: { start: 0, end: 4 } });
    expect(chart.center).toBe(1.5); // mean of 1, 2, 1, 2
    expect(chart.sigma).toBeCloseTo(1 / d2(2), 12); // MR-bar = 1
    expect(chart.points).toHaveLength(6);
    expect(chart.violations.map((violation) => violation.index)).toEqual([4, 5]);
  });
});

describe('tabular CUSUM (hand computed, μ0 = 10, σ = 1, k = 0.5, h = 2)', () => {
  const data = [10.5, 11, 12, 13, 9].map((value) => [value]);
  it('signals strictly above H: C+ = 0, 0.5, 2.0, 4.5, 3.0', () => {
    const chart = cusumChart(data, { target: 10, sigma: 1, k: 0.5, h: 2 });
    expect(chart.points.map((point) => point.value)).toEqual([0, 0.5, 2, 4.5, 3]);
    expect(chart.secondary?.points.map((point) => point.value)).toEqual([0, 0, 0, 0, -0.5]);
    expect(chart.violations).toEqual([{ index: 3, rule: 'CUSUM+' }, { index: 4, rule: 'CUSUM+' }]);
  });
  it('FIR head start h/2 signals one period earlier', () => {
    const chart = cusumChart(data, { target: 10, sigma: 1, k: 0.5, h: 2, headStart: 0.5 });
    expect(chart.points.map((point) => point.value)).toEqual([1, 1.5, 3, 5.5, 4]);
    expect(chart.violations[0]).toEqual({ index: 2, rule: 'CUSUM+' });
  });
});

describe('EWMA', () => {
  it('exact variance with varying subgroup size: V1 = λ²σ²/n1, V2 = (1−λ)²V1 + λ²σ²/n2', () => {
    const chart = ewmaChart([[2], [0, 0, 0, 0]], { target: 0, sigma: 2, lambda: 0.5, sigmaMultiplier: 3 });
    expect(chart.points[0]?.sigma).toBeCloseTo(1, 14);
    expect(chart.points[1]?.sigma).toBeCloseTo(Math.sqrt(0.5), 14);
    expect(chart.points.map((point) => point.value)).toEqual([1, 0.5]);
  });
});

describe('normal distribution and capability', () => {
  it.each([
    [-3, 0.0013498980316301],
    [-1.96, 0.0249978951482204],
    [0, 0.5],
    [1, 0.841344746068543],
    [-6, 9.86587645037698e-10],
  ])('Φ(%d) from tables', (z, expected) => {
    expect(Math.abs(normalCdf(z) - expected) / expected).toBeLessThan(1e-12);
  });

  it.each([
    [0.025, 11, 3.815748],
    [0.975, 11, 21.920049],
    [0.95, 1, 3.841459],
    [0.99, 30, 50.892181],
  ])('chi-square quantile p=%d, df=%d matches tables', (probability, degrees, expected) => {
    expect(chiSquareQuantile(probability, degrees)).toBeCloseTo(expected, 5);
  });

  it('normal quantile 0.975 = 1.959964', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
  });

  it('erfc far in the tail keeps relative accuracy', () => {
    expect(Math.abs(erfc(5) / 1.5374597944280349e-12 - 1)).toBeLessThan(1e-12);
  });

  it('a centred process with specs at ±3σ has Cp = Cpk = 1 and 2699.796 PPM expected', () => {
    const report = processCapability([-1, 1], 1, { lsl: -3, usl: 3 }, { mean: 0, sigmaOverall: 1 });
    expect(report.cp).toBeCloseTo(1, 14);
    expect(report.cpk).toBeCloseTo(1, 14);
    expect(report.expectedWithin.partsPerMillion).toBeCloseTo(2699.796, 3);
    expect(report.observed.total).toBe(0);
  });
});

describe('manual limits and the limits history', () => {
  it('manual limits replace the computed ones and re-run the rules', () => {
    const chart = individualsChart([0, 0.1, -0.1, 0.05]);
    const manual = applyManualLimits(chart, { center: 0, lcl: -0.03, ucl: 0.03 }, ['WE1']);
    expect(manual.points.every((point) => point.ucl === 0.03 && point.sigma === 0.01)).toBe(true);
    expect(manual.violations.map((violation) => violation.index)).toEqual([1, 2, 3]);
  });

  it('appending a change returns a new history and leaves the old one untouched', () => {
    const first: LimitsChange = { who: 'ana', when: '2026-11-01T08:00:00Z', old: null, new: { center: 1, lcl: 0, ucl: 2 }, why: 'phase I' };
    const second: LimitsChange = { ...first, when: '2026-11-02T08:00:00Z', old: first.new, new: { center: 1.1, lcl: 0.2, ucl: 2 }, why: 'tool PM' };
    const history = appendLimitsChange([], first);
    const next = appendLimitsChange(history, second);
    expect(history).toHaveLength(1);
    expect(next.map((change) => change.why)).toEqual(['phase I', 'tool PM']);
    expect(() => appendLimitsChange(next, { ...second, who: ' ' })).toThrow(/who/);
    expect(() => appendLimitsChange(next, { ...second, why: '' })).toThrow(/why/);
    expect(() => appendLimitsChange(next, { ...second, when: '2026-10-01T00:00:00Z' })).toThrow(/time order/);
  });
});
