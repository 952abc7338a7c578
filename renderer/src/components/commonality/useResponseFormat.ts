/** Number formatting for the commonality view: yields and bin fractions in percent, test means as numbers. */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { useCommonalityStore } from '../../stores/commonality';

/** Formatters that follow the response of the last run and the UI locale. */
export function useResponseFormat() {
  const commonality = useCommonalityStore();
  const { locale } = useI18n();
  const isFraction = computed(() => commonality.ranRequest?.response.kind !== 'test');

  function formatResponse(value: number): string {
    if (!Number.isFinite(value)) return '—';
    if (isFraction.value) return new Intl.NumberFormat(locale.value, { style: 'percent', maximumFractionDigits: 1 }).format(value);
    return new Intl.NumberFormat(locale.value, { maximumSignificantDigits: 4 }).format(value);
  }

  function formatEffect(value: number): string {
    if (!Number.isFinite(value)) return '—';
    if (!isFraction.value) return new Intl.NumberFormat(locale.value, { maximumSignificantDigits: 3, signDisplay: 'exceptZero' }).format(value);
    // A difference of two fractions reads as percentage points.
    return `${new Intl.NumberFormat(locale.value, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(value * 100)} pp`;
  }

  function formatP(value: number | null): string {
    if (value === null) return '—';
    return value < 1e-3 ? value.toExponential(1) : new Intl.NumberFormat(locale.value, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(value);
  }

  /** A z statistic with one decimal, in the UI locale. */
  function formatZ(value: number | null | undefined): string {
    return value === null || value === undefined || !Number.isFinite(value) ? '—' : new Intl.NumberFormat(locale.value, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
  }

  return { formatResponse, formatEffect, formatP, formatZ };
}
