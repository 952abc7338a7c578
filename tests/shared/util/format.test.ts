import { describe, expect, it } from 'vitest';
import {
  formatCount, formatCountChange, formatFixed, formatMeasurement, formatPercent, formatPointChange, formatProbability, formatTimestamp, missingValue,
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
  ])('%s', (_label, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('prints one mark for every missing or non-finite value', () => {
    expect([
      formatPercent(null, 'en'), formatPercent(Number.NaN, 'en'), formatCount(undefined, 'en'), formatMeasurement(Infinity, 'en'),
      formatFixed(null, 'en', 2), formatPointChange(0.9, null, 'en'), formatCountChange(5, 0, 'en'), formatProbability(null), formatTimestamp(null),
    ]).toEqual(Array(9).fill(missingValue));
  });
});
