/**
 * Chart axis ticks follow the UI's language (issue #13 §5): ECharts wrote value-axis ticks as "12,000"
 * in the Vietnamese UI. A built option passed through withLocaleAxisLabels (as ChartHost does) labels
 * its value axes in the locale's digits; a builder's own formatter function is kept, a '{value}%'
 * template keeps its percent sign, and category axes are left as they are.
 */
import { describe, expect, it } from 'vitest';
import { withLocaleAxisLabels, withLocaleTooltip } from '../../../shared/charts/axisLabels.ts';
import { buildHistogramOption } from '../../../shared/charts/histogramOption.ts';
import { buildYieldTrendOption } from '../../../shared/charts/yieldTrendOption.ts';

type Axis = { type?: string; axisLabel?: { formatter?: unknown; hideOverlap?: boolean } };
const tick = (axis: unknown, value: number): string => ((axis as Axis).axisLabel?.formatter as (value: number) => string)(value);

const histogram = () => buildHistogramOption(
  { lowest: 0, highest: 20000, counts: [1, 4, 3, 2], mean: 10000, sigma: 4000, lowLimit: null, highLimit: null },
  { dies: 'Die', normalFit: 'Phân phối chuẩn', lowLimit: 'LSL', highLimit: 'USL', valueAxis: 'V' },
) as { xAxis: Axis; yAxis: Axis };

describe('axis labels in the UI locale', () => {
  it.each([
    ['vi', 12000, '12.000'],
    ['vi', 0.5, '0,5'],
    ['en', 12000, '12,000'],
    ['en', 0.5, '0.5'],
  ] as const)('a histogram\'s value axes in %s write %d as %s', (locale, value, expected) => {
    const option = withLocaleAxisLabels(histogram(), locale) as { xAxis: Axis; yAxis: Axis };
    expect(tick(option.xAxis, value)).toBe(expected);
    expect(tick(option.yAxis, value)).toBe(expected);
    // The builder's other label settings stay.
    expect(option.xAxis.axisLabel?.hideOverlap).toBe(true);
  });

  it('keeps a template\'s text around the number and leaves category axes alone', () => {
    const trend = buildYieldTrendOption([{ label: 'L1', yield: 97.5, dies: 100, product: 'P' }], { yieldAxis: 'Hiệu suất', formatPercent: String });
    const option = withLocaleAxisLabels(trend, 'vi') as { xAxis: Axis; yAxis: Axis };
    expect(tick(option.yAxis, 97.5)).toBe('97,5%');
    expect(option.xAxis).toEqual((trend as { xAxis: Axis }).xAxis);
  });

  it('keeps a builder\'s own formatter function and does not change the option it is given', () => {
    const own = (value: number) => `<${value}>`;
    const built = { yAxis: [{ type: 'value', axisLabel: { formatter: own } }, { type: 'value' }] };
    const option = withLocaleAxisLabels(built, 'vi') as { yAxis: Axis[] };
    expect(option.yAxis[0]?.axisLabel?.formatter).toBe(own);
    expect(tick(option.yAxis[1], 1234.5)).toBe('1.234,5');
    expect(built.yAxis[1]).toEqual({ type: 'value' });
  });

  it('writes a default tooltip\'s values in the locale\'s digits and keeps a tooltip that formats itself', () => {
    const plain = withLocaleTooltip({ tooltip: { trigger: 'axis' } }, 'vi') as { tooltip: { trigger: string; valueFormatter: (value: unknown) => string } };
    expect(plain.tooltip.trigger).toBe('axis');
    expect(plain.tooltip.valueFormatter(12000.5)).toBe('12.000,5');
    expect(plain.tooltip.valueFormatter([0.5, 1234])).toBe('0,5, 1.234');
    expect((withLocaleTooltip({ tooltip: { trigger: 'axis' } }, 'en') as { tooltip: { valueFormatter: (value: unknown) => string } }).tooltip.valueFormatter(12000.5)).toBe('12,000.5');
    const own = { tooltip: { formatter: () => 'x' } };
    expect(withLocaleTooltip(own, 'vi')).toBe(own);
    const none = { series: [] };
    expect(withLocaleTooltip(none, 'vi')).toBe(none);
  });
});
