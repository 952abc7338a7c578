import { describe, expect, it } from 'vitest';
import { buildPatHistogramOption } from '../../../shared/charts/patHistogramOption.ts';

const labels = { dies: 'Dies', normalFit: 'Normal fit', lowLimit: 'Spec low', highLimit: 'Spec high', patLow: 'PAT low', patHigh: 'PAT high', valueAxis: '1001' };

describe('screening histogram (issue #16 §3)', () => {
  it('draws every value once, the spec and PAT limit lines, and an axis reaching all four limits', () => {
    const values = Array.from({ length: 200 }, (_, index) => 1 + Math.sin(index) * 0.1);
    const option = buildPatHistogramOption(values, { specLow: 0, specHigh: 3, patLow: 0.8, patHigh: 1.2 }, labels);
    const [bars] = option.series as { data: [number, number, number][]; markLine: { data: { xAxis: number; name: string }[] } }[];
    expect(bars!.data.reduce((sum, bar) => sum + bar[2], 0)).toBe(200);
    expect(bars!.markLine.data.map((line) => [line.name, line.xAxis])).toEqual([['Spec low', 0], ['Spec high', 3], ['PAT low', 0.8], ['PAT high', 1.2]]);
    const axis = option.xAxis as { min: number; max: number };
    expect(axis.min).toBeLessThan(0);
    expect(axis.max).toBeGreaterThan(3);
  });

  it('leaves out limits a test does not have', () => {
    const option = buildPatHistogramOption([1, 2, 3, 4], { specLow: null, specHigh: 5, patLow: null, patHigh: null }, labels);
    const [bars] = option.series as { markLine: { data: { name: string }[] } }[];
    expect(bars!.markLine.data.map((line) => line.name)).toEqual(['Spec high']);
  });
});
