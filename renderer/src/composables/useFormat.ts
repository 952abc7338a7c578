import { useI18n } from 'vue-i18n';
import {
  formatCount, formatDay, formatFixed, formatMeasurement, formatPercent, formatPoints, formatProbability, formatSignedMeasurement, formatTimestamp, formatValue,
} from '@shared/util/format';

type MaybeNumber = number | null | undefined;

/**
 * The shared number, percent and date formats (shared/util/format.ts) bound to the UI's language, so a
 * view writes `format.percent(yield)` and reads "87.3%" in English, "87,3%" in Vietnamese.
 */
export function useFormat() {
  const { locale } = useI18n();
  return {
    percent: (value: MaybeNumber, digits = 1) => formatPercent(value, locale.value, digits),
    count: (value: MaybeNumber) => formatCount(value, locale.value),
    measurement: (value: MaybeNumber, significantDigits = 4) => formatMeasurement(value, locale.value, significantDigits),
    signedMeasurement: (value: MaybeNumber, significantDigits = 3) => formatSignedMeasurement(value, locale.value, significantDigits),
    value: (value: MaybeNumber, significantDigits = 4) => formatValue(value, locale.value, significantDigits),
    fixed: (value: MaybeNumber, digits: number) => formatFixed(value, locale.value, digits),
    points: (value: MaybeNumber) => formatPoints(value, locale.value),
    probability: (value: MaybeNumber) => formatProbability(value, 3, 1, locale.value),
    day: formatDay,
    timestamp: formatTimestamp,
  };
}
