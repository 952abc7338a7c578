import { describe, expect, it } from 'vitest';
import {
  buildControlChartOption, pointTooltip, steppedLine, stepRuns, zoneBands, type ControlChartLabels, type ControlChartPoint,
} from '../../../shared/charts/controlChartOption.ts';

// A p chart worked by hand: defectives 10, 10, 4, 30 in subgroups of 100, 100, 50, 200.
// p̄ = 54 / 450 = 0.12; σ_i = √(0.12 · 0.88 / n_i); limits p̄ ± 3σ_i, LCL floored at 0.
const defectives = [10, 10, 4, 30];
const sizes = [100, 100, 50, 200];
const pBar = 54 / 450;
const sigmaOf = (n: number): number => Math.sqrt((0.12 * 0.88) / n);

function pChartPoints(): ControlChartPoint[] {
  return sizes.map((n, index) => ({
    value: (defectives[index] ?? 0) / n,
    center: pBar,
    lcl: Math.max(0, pBar - 3 * sigmaOf(n)),
    ucl: pBar + 3 * sigmaOf(n),
    sigma: sigmaOf(n),
    n,
    label: `L${index + 1}`,
    subgroup: { lot: `L${index + 1}`, wafer: index === 3 ? '07' : null, time: '2026-10-16T08:00:00.000Z' },
    rules: index === 2 ? [{ rule: 'WE1', text: 'One point beyond 3 sigma' }] : index === 3 ? [{ rule: 'WE2', text: 'x' }, { rule: 'N5', text: 'y' }] : [],
  }));
}

const labels: ControlChartLabels = {
  value: 'Value', subgroupSize: 'n', lot: 'Lot', wafer: 'Wafer', time: 'Time', center: 'CL', upperLimit: 'UCL', lowerLimit: 'LCL',
  formatValue: (value) => value.toFixed(4),
  formatTime: (iso) => iso.slice(0, 10),
  ruleText: (rule, fallback) => (rule === 'WE1' ? 'Một điểm ngoài 3 sigma' : fallback),
};

interface SeriesLike { name: string; data: unknown[]; markArea?: { data: [{ xAxis: number; yAxis: number }, { xAxis: number; yAxis: number }][] } }

function seriesNamed(option: Record<string, unknown>, name: string): SeriesLike {
  const found = (option.series as SeriesLike[]).find((series) => series.name === name);
  if (!found) throw new Error(`no series ${name}`);
  return found;
}

describe('stepped limits', () => {
  it('merge equal neighbours and step half-way between points whose n differs', () => {
    expect(stepRuns([5, 5, 7, 5])).toEqual([
      { start: -0.5, end: 1.5, level: 5 },
      { start: 1.5, end: 2.5, level: 7 },
      { start: 2.5, end: 3.5, level: 5 },
    ]);
  });

  it('draw the p chart UCL with vertical jumps at 1.5 and 2.5 (n 100 → 50 → 200)', () => {
    const option = buildControlChartOption({ points: pChartPoints(), highlightIndex: null, showZones: true }, labels);
    const u100 = 0.12 + 3 * Math.sqrt(0.001056);
    const u50 = 0.12 + 3 * Math.sqrt(0.002112);
    const u200 = 0.12 + 3 * Math.sqrt(0.000528);
    const ucl = seriesNamed(option, 'ucl').data as [number, number][];
    expect(ucl.map(([x]) => x)).toEqual([-0.5, 1.5, 1.5, 2.5, 2.5, 3.5]);
    [u100, u100, u50, u50, u200, u200].forEach((expected, at) => expect(ucl[at]![1]).toBeCloseTo(expected, 12));
    // n = 50: 0.12 − 3 · 0.045956 < 0, so the LCL is floored at 0 there only.
    const lcl = seriesNamed(option, 'lcl').data as [number, number][];
    expect(lcl[2]![1]).toBe(0);
    expect(lcl[0]![1]).toBeCloseTo(0.12 - 3 * Math.sqrt(0.001056), 12);
    expect(steppedLine([1])).toEqual([[-0.5, 1], [0.5, 1]]);
  });
});

describe('zone bands', () => {
  it('shade A, B, C on both sides per run of equal limits, clipped at a floored LCL', () => {
    const bands = zoneBands(pChartPoints());
    const firstRun = bands.filter((band) => band.start === -0.5);
    const s100 = Math.sqrt(0.001056);
    expect(firstRun.map((band) => band.zone)).toEqual(['A', 'B', 'C', 'B', 'A']);
    expect(firstRun.every((band) => band.end === 1.5)).toBe(true);
    const expectedEdges = [[0.12 - 3 * s100, 0.12 - 2 * s100], [0.12 - 2 * s100, 0.12 - s100], [0.12 - s100, 0.12 + s100], [0.12 + s100, 0.12 + 2 * s100], [0.12 + 2 * s100, 0.12 + 3 * s100]];
    firstRun.forEach((band, at) => {
      expect(band.low).toBeCloseTo(expectedEdges[at]![0]!, 12);
      expect(band.high).toBeCloseTo(expectedEdges[at]![1]!, 12);
    });
    // n = 50: σ = 0.045956…, lower A zone would start at −0.0179 but the LCL is 0.
    const lowerA = bands.find((band) => band.start === 1.5 && band.zone === 'A' && band.high < 0.12);
    expect(lowerA?.low).toBe(0);
    expect(lowerA?.high).toBeCloseTo(0.12 - 2 * Math.sqrt(0.002112), 12);
    expect(bands).toHaveLength(15);
  });

  it('run zone A out to limits set wider than 3 sigma (a 3.5 sigma yield chart)', () => {
    const sigma = 0.02;
    const point: ControlChartPoint = { ...pChartPoints()[0]!, center: 0.9, sigma, lcl: 0.9 - 3.5 * sigma, ucl: 0.9 + 3.5 * sigma };
    const bands = zoneBands([point]);
    expect(bands.map((band) => band.zone)).toEqual(['A', 'B', 'C', 'B', 'A']);
    expect(bands[0]!.low).toBeCloseTo(0.9 - 3.5 * sigma, 12);
    expect(bands[0]!.high).toBeCloseTo(0.9 - 2 * sigma, 12);
    expect(bands[4]!.low).toBeCloseTo(0.9 + 2 * sigma, 12);
    expect(bands[4]!.high).toBeCloseTo(0.9 + 3.5 * sigma, 12);
  });

  it('are drawn as mark areas only when asked', () => {
    const withZones = buildControlChartOption({ points: pChartPoints(), highlightIndex: null, showZones: true }, labels);
    const without = buildControlChartOption({ points: pChartPoints(), highlightIndex: null, showZones: false }, labels);
    expect(seriesNamed(withZones, 'values').markArea?.data).toHaveLength(15);
    expect(seriesNamed(without, 'values').markArea?.data).toHaveLength(0);
  });
});

describe('violation markers and highlight', () => {
  it('sit on the violating points with their rule names', () => {
    const points = pChartPoints();
    const option = buildControlChartOption({ points, highlightIndex: 1, showZones: true }, labels);
    expect(seriesNamed(option, 'violations').data).toEqual([
      { value: [2, 4 / 50], rules: 'WE1' },
      { value: [3, 30 / 200], rules: 'WE2,N5' },
    ]);
    expect(seriesNamed(option, 'highlight').data).toEqual([{ value: [1, 0.1], rules: '' }]);
    expect((seriesNamed(option, 'violations') as unknown as { label: { show: boolean } }).label.show).toBe(true);
    expect(seriesNamed(option, 'values').data).toEqual([[0, 0.1], [1, 0.1], [2, 0.08], [3, 0.15]]);
  });

  it('leave rule names to the tooltip when more than 30 points are marked', () => {
    const many = Array.from({ length: 31 }, (_, index) => ({ ...pChartPoints()[2]!, label: String(index) }));
    const option = buildControlChartOption({ points: many, highlightIndex: 30, showZones: false }, labels);
    expect((seriesNamed(option, 'violations') as unknown as { label: { show: boolean } }).label.show).toBe(false);
    expect(seriesNamed(option, 'violations').data).toHaveLength(31);
    expect(seriesNamed(option, 'highlight').data).toEqual([{ value: [30, 0.08], rules: 'WE1' }]);
  });

  it('explain the point in the tooltip: lot, wafer, n and the rule text in the UI language', () => {
    const points = pChartPoints();
    const text = pointTooltip(points[2]!, labels);
    expect(text).toContain('n: 50');
    expect(text).toContain('Lot: L3');
    expect(text).toContain('WE1: Một điểm ngoài 3 sigma');
    expect(pointTooltip(points[3]!, labels)).toContain('Wafer: 07');
  });
});
