/** Number formatting for the commonality view: yields and bin fractions in percent, test means as numbers. */
import { computed } from 'vue';
import type { CommonalityResponseKind } from '@shared/sql/commonalitySql';
import { missingValue } from '@shared/util/format';
import { useFormat } from '../../composables/useFormat';

/**
 * Formatters that follow the response kind of the last run (`responseKind`, read from the commonality
 * store by the caller) and the UI locale (the shared formats of useFormat).
 */
export function useResponseFormat(responseKind: () => CommonalityResponseKind | undefined) {
  const format = useFormat();
  const isFraction = computed(() => responseKind() !== 'test');

  /** A level's response: a fraction in percent with one decimal, a test mean to four significant digits. */
  function formatResponse(value: number): string {
    return isFraction.value ? format.percent(value, 1) : format.measurement(value, 4);
  }

  /** The worst level's effect: a difference of two fractions in percentage points, of test means as a signed number. */
  function formatEffect(value: number): string {
    if (!Number.isFinite(value)) return missingValue;
    return isFraction.value ? `${format.points(value)} pp` : format.signedMeasurement(value, 3);
  }

  /** A p-value in the UI locale: scientific below 0.001, else three decimals. */
  function formatP(value: number | null): string {
    return format.probability(value);
  }

  /** A z statistic with one decimal, in the UI locale. */
  function formatZ(value: number | null | undefined): string {
    return format.fixed(value, 1);
  }

  /** An ANOVA eta squared with three decimals, in the UI locale. */
  function formatEtaSquared(value: number | null): string {
    return format.fixed(value, 3);
  }

  return { formatResponse, formatEffect, formatP, formatZ, formatEtaSquared };
}
