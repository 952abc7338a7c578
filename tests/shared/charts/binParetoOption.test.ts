import { describe, expect, it } from 'vitest';
import { binLabel, buildBinParetoOption } from '../../../shared/charts/binParetoOption.ts';

describe('bin Pareto option', () => {
  const bars = [
    { bin: 4, name: 'LEAKAGE', pass: false, dies: 30, cumulativeShare: 0.6 },
    { bin: 1, name: 'PASS', pass: true, dies: 15, cumulativeShare: 0.9 },
    { bin: 7, name: '', pass: false, dies: 5, cumulativeShare: 1 },
  ];

  it('keeps the given order, labels bins with their names and draws cumulative percent', () => {
    const option = buildBinParetoOption(bars, { diesAxis: 'Dies', cumulativeAxis: 'Cumulative' }, 1) as { xAxis: { data: string[] }; series: { data: unknown[] }[] };
    expect(option.xAxis.data).toEqual(['4 LEAKAGE', '1 PASS', '7']);
    expect(option.series[1]?.data).toEqual([60, 90, 100]);
    const highlighted = option.series[0]?.data[1] as { itemStyle: { borderWidth: number } };
    expect(highlighted.itemStyle.borderWidth).toBeGreaterThan(0);
    expect(binLabel({ bin: 3, name: 'X' })).toBe('3 X');
  });
});
