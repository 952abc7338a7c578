import { describe, expect, it } from 'vitest';
import { buildHistogramOption, histogramRange, normalFitCount } from '../../../shared/charts/histogramOption.ts';

describe('histogram option', () => {
  it('normal fit integrates to the number of values (trapezoid sum over ±6 sigma)', () => {
    const [mean, sigma, total, width] = [5, 2, 1000, 0.5];
    let area = 0;
    for (let x = mean - 12; x < mean + 12; x += 0.01) area += normalFitCount(x, mean, sigma, total, width) * 0.01;
    expect(area / width).toBeCloseTo(total, 0);
    // Peak height by hand: 1000 · 0.5 / (2 · sqrt(2π)) = 99.735
    expect(normalFitCount(mean, mean, sigma, total, width)).toBeCloseTo(99.7356, 3);
  });

  it('draws one rectangle per bucket from lowest to highest and the limit lines', () => {
    const data = { lowest: 0, highest: 10, counts: [1, 4, 3, 2], mean: 5, sigma: 2, lowLimit: 1, highLimit: 100 };
    const option = buildHistogramOption(data, { dies: 'Dies', normalFit: 'Normal fit', lowLimit: 'LSL', highLimit: 'USL', valueAxis: 'V' }) as { series: { data: number[][]; markLine?: { data: unknown[] } }[] };
    expect(option.series[0]?.data).toEqual([[0, 2.5, 1], [2.5, 5, 4], [5, 7.5, 3], [7.5, 10, 2]]);
    expect(option.series[0]?.markLine?.data).toHaveLength(2);
    // The far limit (100) does not stretch the axis; the near one (1) is inside the data anyway.
    expect(histogramRange(data).max).toBeLessThan(11);
  });
});
