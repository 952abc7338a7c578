import { describe, expect, it } from 'vitest';
import {
  buildCapabilityOption, defaultBinCount, histogramBins, histogramOutline, normalCurve, type CapabilityChartLabels,
} from '../../../shared/charts/capabilityOption.ts';

const labels: CapabilityChartLabels = {
  count: 'Count', within: 'Within', overall: 'Overall', lowerSpec: 'LSL', upperSpec: 'USL', formatValue: (value) => value.toFixed(2),
};

interface SeriesLike { name: string; data: [number, number][]; markLine?: { data: { xAxis: number; label: { formatter: string } }[] } }

describe('histogram', () => {
  it('bins 1,2,2,3,3,3,4,4,5 into four unit bins, the maximum in the last bin', () => {
    // Range 1..5 in 4 bins of width 1: [1,2) 1 value, [2,3) 2, [3,4) 3, [4,5] 3 (4, 4 and 5).
    expect(histogramBins([1, 2, 2, 3, 3, 3, 4, 4, 5], 4)).toEqual({ edges: [1, 2, 3, 4, 5], counts: [1, 2, 3, 3] });
  });

  it('ignores non-finite values and widens a single value to a unit bin', () => {
    expect(histogramBins([Number.NaN, 7, Number.POSITIVE_INFINITY], 1)).toEqual({ edges: [6.5, 7.5], counts: [1] });
  });

  it('is outlined up, across and down each bin', () => {
    expect(histogramOutline({ edges: [0, 1, 2], counts: [3, 1] })).toEqual([[0, 0], [0, 3], [1, 3], [1, 1], [2, 1], [2, 0]]);
  });

  it('uses the square-root rule between 8 and 40 bins', () => {
    expect(defaultBinCount(10)).toBe(8);
    expect(defaultBinCount(400)).toBe(20);
    expect(defaultBinCount(1_000_000)).toBe(40);
  });
});

describe('normal curve', () => {
  it('peaks at N·w/(σ√2π) at the mean', () => {
    // 100 values, bins of 0.5, σ 2: peak 100 · 0.5 / (2 · 2.5066283) = 9.9735570.
    const points = normalCurve(10, 2, 100, 0.5, 6, 14, 5);
    expect(points.map(([x]) => x)).toEqual([6, 8, 10, 12, 14]);
    expect(points[2]![1]).toBeCloseTo(9.973557, 5);
    // One sigma away: peak · e^(−1/2) = 6.0492 (both sides).
    expect(points[1]![1]).toBeCloseTo(6.049268, 5);
    expect(points[3]![1]).toBeCloseTo(6.049268, 5);
  });
});

describe('capability option', () => {
  it('draws spec limits as vertical lines and widens the axis to show them', () => {
    const option = buildCapabilityOption(
      { values: [1, 2, 2, 3, 3, 3, 4, 4, 5], lowerSpec: 0, upperSpec: 7, mean: 3, sigmaWithin: 1, sigmaOverall: 1.2, binCount: 4 },
      labels,
    );
    const series = option.series as SeriesLike[];
    expect(series.map((entry) => entry.name)).toEqual(['histogram', 'Within', 'Overall']);
    expect(series[0]!.markLine!.data).toEqual([{ xAxis: 0, label: { formatter: 'LSL' } }, { xAxis: 7, label: { formatter: 'USL' } }]);
    const axis = option.xAxis as { min: number; max: number };
    // Values 1..5 and specs 0..7 span 0..7; 5 % margin = 0.35.
    expect(axis.min).toBeCloseTo(-0.35, 12);
    expect(axis.max).toBeCloseTo(7.35, 12);
    expect(series[0]!.data[1]).toEqual([1, 1]);
  });

  it('leaves out a missing spec side and a missing sigma', () => {
    const option = buildCapabilityOption({ values: [1, 2, 3], lowerSpec: null, upperSpec: 4, mean: 2, sigmaWithin: null, sigmaOverall: 1 }, labels);
    const series = option.series as SeriesLike[];
    expect(series.map((entry) => entry.name)).toEqual(['histogram', 'Overall']);
    expect(series[0]!.markLine!.data).toHaveLength(1);
  });
});
