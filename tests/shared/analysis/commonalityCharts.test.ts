import { describe, expect, it } from 'vitest';
import { boxStatistics, buildCommonalityBoxOption, buildCommonalityTimeOption, levelColours, worstLevelColour, type CommonalityPoints } from '../../../shared/charts/commonalityOption.ts';

const labels = { responseAxis: 'Wafer yield', timeAxis: 'Step time', levelAxis: 'Chamber', dropLabel: 'B from 2026-10-05', formatResponse: (value: number) => `${(value * 100).toFixed(1)} %` };

// Three wafers in A, four in B (B's last one is far below: an outlier).
const points: CommonalityPoints = {
  levels: ['A', 'B'],
  levelIndex: Int32Array.from([0, 1, 0, 1, 0, 1, 1]),
  time: Float64Array.from([1000, 2000, 3000, 4000, 5000, 6000, 7000]),
  response: Float64Array.from([0.9, 0.8, 0.92, 0.82, 0.91, 0.81, 0.2]),
};

describe('commonality chart options', () => {
  it('box statistics: type-7 quartiles and Tukey whiskers, outliers outside 1.5 IQR', () => {
    // Sorted 1..8 plus 40: Q1 = 3, median = 5, Q3 = 7 (type 7), IQR 4, fences -3 and 13.
    const { box, outliers } = boxStatistics([5, 1, 8, 3, 2, 40, 4, 7, 6]);
    expect(box).toEqual([1, 3, 5, 7, 8]);
    expect(outliers).toEqual([40]);
  });

  it('colours the worst level red and the others from the palette', () => {
    const colours = levelColours(['A', 'B', 'C'], 'B');
    expect(colours[1]).toBe(worstLevelColour);
    expect(new Set(colours).size).toBe(3);
  });

  it('box option: one box per level in level order, outliers as a scatter', () => {
    const option = buildCommonalityBoxOption(points, 'B', labels) as { xAxis: { data: string[] }; series: { type: string; data: unknown[] }[] };
    expect(option.xAxis.data).toEqual(['A', 'B']);
    expect(option.series[0]?.data).toHaveLength(2);
    expect(option.series[1]?.data).toEqual([[1, 0.2]]);
  });

  it('time option: one series per level with [time, response, unit index], drop line on the worst level only', () => {
    const option = buildCommonalityTimeOption(points, 'B', 6000, labels) as { series: { name: string; data: number[][]; markLine?: { data: { xAxis: number }[] } }[] };
    expect(option.series.map((series) => series.name)).toEqual(['A', 'B']);
    expect(option.series[1]?.data).toEqual([[2000, 0.8, 1], [4000, 0.82, 3], [6000, 0.81, 5], [7000, 0.2, 6]]);
    expect(option.series[1]?.markLine?.data).toEqual([{ xAxis: 6000 }]);
    expect(option.series[0]?.markLine).toBeUndefined();
    const withoutDrop = buildCommonalityTimeOption(points, 'B', null, labels) as { series: { markLine?: unknown }[] };
    expect(withoutDrop.series.every((series) => series.markLine === undefined)).toBe(true);
  });
});
