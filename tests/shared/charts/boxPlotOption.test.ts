import { describe, expect, it } from 'vitest';
import { buildBoxPlotOption } from '../../../shared/charts/boxPlotOption.ts';

describe('box plot option', () => {
  it('orders the five numbers as ECharts expects and marks the limits', () => {
    const groups = [{ label: '1', n: 9, lowerWhisker: 1, q1: 2, median: 3, q3: 4, upperWhisker: 6, outliers: 1 }];
    const option = buildBoxPlotOption(groups, { low: 0.5, high: null }, { valueAxis: 'V', groupAxis: 'Site', lowLimit: 'LSL', highLimit: 'USL' }) as { series: { data: number[][]; markLine: { data: unknown[] } }[] };
    expect(option.series[0]?.data).toEqual([[1, 2, 3, 4, 6]]);
    expect(option.series[0]?.markLine.data).toEqual([{ yAxis: 0.5, label: { formatter: 'LSL' } }]);
  });
});
