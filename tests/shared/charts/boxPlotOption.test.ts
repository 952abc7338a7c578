import { describe, expect, it } from 'vitest';
import { buildBoxPlotOption } from '../../../shared/charts/boxPlotOption.ts';
import { failBinsOnly } from '../../../shared/charts/binParetoOption.ts';

describe('box plot option', () => {
  it('orders the five numbers as ECharts expects and marks the limits', () => {
    const groups = [{ label: '1', n: 9, lowerWhisker: 1, q1: 2, median: 3, q3: 4, upperWhisker: 6, outliers: 1 }];
    const option = buildBoxPlotOption(groups, { low: 0.5, high: null }, { valueAxis: 'V', groupAxis: 'Site', lowLimit: 'LSL', highLimit: 'USL' }) as { series: { data: number[][]; markLine: { data: unknown[] } }[] };
    expect(option.series[0]?.data).toEqual([[1, 2, 3, 4, 6]]);
    expect(option.series[0]?.markLine.data).toEqual([{ yAxis: 0.5, label: { formatter: 'LSL' } }]);
  });

  it('keeps limits outside the data in the value range (issue #13)', () => {
    const groups = [{ label: '1', n: 9, lowerWhisker: 1, q1: 2, median: 3, q3: 4, upperWhisker: 6, outliers: 0 }];
    const option = buildBoxPlotOption(groups, { low: -10, high: 20 }, { valueAxis: 'V', groupAxis: 'Site', lowLimit: 'LSL', highLimit: 'USL' }) as { yAxis: { min: number; max: number } };
    expect(option.yAxis.min).toBeLessThan(-10);
    expect(option.yAxis.max).toBeGreaterThan(20);
  });
});

describe('box plot outliers (issue #13)', () => {
  it('draws each group\'s outlier values as points over its box and widens the value axis to hold them', () => {
    const groups = [
      { label: 'A', n: 9, lowerWhisker: 1, q1: 2, median: 3, q3: 4, upperWhisker: 6, outliers: 2, outlierValues: [40, -12] },
      { label: 'B', n: 9, lowerWhisker: 1, q1: 2, median: 3, q3: 4, upperWhisker: 6, outliers: 0, outlierValues: [] },
    ];
    const option = buildBoxPlotOption(groups, { low: 0, high: 10 }, { valueAxis: 'V', groupAxis: 'Wafer', lowLimit: 'LSL', highLimit: 'USL', outliers: 'Outliers' }) as {
      yAxis: { min: number; max: number }; series: [unknown, { type: string; name: string; data: [number, number][] }];
    };
    expect(option.series[1]).toMatchObject({ type: 'scatter', name: 'Outliers', data: [[0, 40], [0, -12]] });
    expect(option.yAxis.min).toBeLessThan(-12);
    expect(option.yAxis.max).toBeGreaterThan(40);
  });

  it('leaves room on the right for the longest limit label (the Vietnamese ones were cut)', () => {
    const groups = [{ label: 'A', n: 9, lowerWhisker: 1, q1: 2, median: 3, q3: 4, upperWhisker: 6, outliers: 0 }];
    const short = buildBoxPlotOption(groups, { low: 0, high: 10 }, { valueAxis: 'V', groupAxis: 'Site', lowLimit: 'LSL', highLimit: 'USL' }) as { grid: { right: number } };
    const long = buildBoxPlotOption(groups, { low: 0, high: 10 }, { valueAxis: 'V', groupAxis: 'Site', lowLimit: 'Giới hạn dưới', highLimit: 'Giới hạn trên' }) as { grid: { right: number } };
    expect(long.grid.right).toBeGreaterThanOrEqual(13 * 6.5);
    expect(long.grid.right).toBeGreaterThan(short.grid.right);
  });
});

describe('bin Pareto fail bins (issue #13)', () => {
  it('leaves the pass bins out and recomputes the cumulative share over the fail bins', () => {
    const bars = [
      { bin: 1, name: 'PASS', pass: true, dies: 900, cumulativeShare: 0.9 },
      { bin: 4, name: 'LEAK', pass: false, dies: 75, cumulativeShare: 0.975 },
      { bin: 5, name: 'FUNC', pass: false, dies: 25, cumulativeShare: 1 },
    ];
    expect(failBinsOnly(bars).map((bar) => [bar.bin, bar.cumulativeShare])).toEqual([[4, 0.75], [5, 1]]);
  });
});
