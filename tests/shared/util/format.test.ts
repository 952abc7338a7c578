import { describe, expect, it } from 'vitest';
import {
  formatCount, formatCountChange, formatDay, formatFixed, formatMeasurement, formatPercent, formatPointChange, formatPoints, formatProbability, formatSignedMeasurement,
  formatTimestamp, formatValue, missingValue,
} from '../../../shared/util/format.ts';

// Intl may put a no-break space before % in some locales; normalise it for readable expectations.
const plain = (text: string): string => text.replace(/\u00a0/g, ' ');

describe('shared number formatting', () => {
  it.each([
    ['percent', formatPercent(0.8734, 'en'), '87.3%'],
    ['percent, two decimals', formatPercent(0.00125, 'en', 2), '0.13%'],
    ['percent in Vietnamese', plain(formatPercent(0.8734, 'vi-VN')), '87,3%'],
    ['count', formatCount(1234567, 'en'), '1,234,567'],
    ['count in Vietnamese', formatCount(1234567, 'vi-VN'), '1.234.567'],
    ['measurement', formatMeasurement(1.234567, 'en'), '1.235'],
    ['small measurement', formatMeasurement(0.000123456, 'en'), '0.0001235'],
    ['fixed', formatFixed(1.3, 'en', 3), '1.300'],
    ['gain in points', formatPointChange(0.912, 0.9, 'en'), '+1.2 pp'],
    ['loss in points', formatPointChange(0.88, 0.9, 'en'), '−2.0 pp'],
    ['no change in points', formatPointChange(0.9, 0.9004, 'en'), '±0.0 pp'],
    ['count change', formatCountChange(112, 100, 'en'), '+12%'],
    ['tiny p', formatProbability(3.21e-5), '3.2e-5'],
    ['p', formatProbability(0.04213), '0.042'],
    ['p with CLI digits', formatProbability(0.04213, 4, 2), '0.0421'],
    ['timestamp', formatTimestamp(Date.UTC(2026, 2, 9, 7, 5, 3)), '2026-03-09 07:05:03'],
    ['day', formatDay(Date.UTC(2026, 2, 9, 23, 59, 59)), '2026-03-09'],
    ['p that underflowed to 0', formatProbability(0), '< 1e-300'],
    ['whole number in full', formatValue(2400, 'en'), '2,400'],
    ['whole number in Vietnamese', formatValue(12345, 'vi-VN'), '12.345'],
    ['fraction as a measurement', formatValue(-0.69312, 'en'), '-0.6931'],
    ['fraction in Vietnamese', formatValue(-0.69312, 'vi-VN'), '-0,6931'],
    ['points gained', formatPoints(0.0123, 'en'), '+1.2'],
    ['points lost, in Vietnamese', formatPoints(-0.0456, 'vi-VN'), '−4,6'],
    ['no points', formatPoints(0.0001, 'en'), '0.0'],
    // Issue #15 §3: a p-value in the UI is written in the UI's digits; without a locale it stays as statistics print it.
    ['tiny p in English', formatProbability(3.21e-5, 3, 1, 'en'), '3.2e-5'],
    ['tiny p in Vietnamese', formatProbability(3.21e-5, 3, 1, 'vi'), '3,2e-5'],
    ['p in Vietnamese', formatProbability(0.04213, 3, 1, 'vi'), '0,042'],
    ['p rounding up to the next power in Vietnamese', formatProbability(9.96e-4, 3, 1, 'vi'), '1,0e-3'],
    ['p that underflowed to 0, in Vietnamese', formatProbability(0, 3, 1, 'vi'), '< 1e-300'],
    ['signed measurement gained', formatSignedMeasurement(1.2345, 'en'), '+1.23'],
    ['signed measurement lost, in Vietnamese', formatSignedMeasurement(-1234.5, 'vi'), '−1.230'],
    ['signed measurement of nothing', formatSignedMeasurement(0, 'en'), '0'],
    ['small signed measurement in Vietnamese', formatSignedMeasurement(0.000123456, 'vi', 2), '+0,00012'],
  ])('%s', (_label, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('prints one mark for every missing or non-finite value', () => {
    expect([
      formatPercent(null, 'en'), formatPercent(Number.NaN, 'en'), formatCount(undefined, 'en'), formatMeasurement(Infinity, 'en'),
      formatFixed(null, 'en', 2), formatPointChange(0.9, null, 'en'), formatCountChange(5, 0, 'en'), formatProbability(null), formatTimestamp(null),
      formatDay(Number.NaN), formatValue(Number.NaN, 'en'), formatPoints(null, 'en'), formatProbability(Number.NaN, 3, 1, 'vi'), formatSignedMeasurement(null, 'vi'),
    ]).toEqual(Array(14).fill(missingValue));
  });
});
