import { describe, expect, it } from 'vitest';
import { buildScatterOption } from '../../../shared/charts/scatterOption.ts';
import { buildDieTrendOption } from '../../../shared/charts/dieTrendOption.ts';

describe('scatter and trend options', () => {
  it('puts every pair on the chart and offers brushing', () => {
    const option = buildScatterOption(Float64Array.of(1, 2), Float64Array.of(3, 4), { xAxis: 'A', yAxis: 'B', title: 'r = 1' }) as { series: { data: number[][] }[]; brush: unknown };
    expect(option.series[0]?.data).toEqual([[1, 3], [2, 4]]);
    expect(option.brush).toBeDefined();
    const trend = buildDieTrendOption(Int32Array.of(0, 5), Float64Array.of(1.5, 2.5), { low: 1, high: 2 }, { orderAxis: 'Order', valueAxis: 'V', lowLimit: 'LSL', highLimit: 'USL' }) as { series: { data: number[][] }[] };
    expect(trend.series[0]?.data).toEqual([[0, 1.5], [5, 2.5]]);
  });
});
