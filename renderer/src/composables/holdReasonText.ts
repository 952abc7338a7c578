/**
 * A hold's reason in the user's language (issue #13 §5): a hold a rule placed carries its reason as a
 * code with params beside the English text; it is said as `holdReason.<code>`, numbers (fractions) in the
 * locale's percent format, names, rule ids and times as written. A hold placed by hand, or one from a log
 * written before codes existed, keeps its stored text.
 */
import type { Hold } from '@shared/spc/monitor/index';

/** The translator pieces the text needs (vue-i18n's `t`, `te` and `n`). */
export interface HoldReasonTranslator {
  t(key: string, values: Record<string, unknown>): string;
  te(key: string): boolean;
  n(value: number, format: string): string;
}

/** The reason of a hold in the translator's language. */
export function holdReasonText(translator: HoldReasonTranslator, hold: Pick<Hold, 'reason' | 'reasonCode'>): string {
  const coded = hold.reasonCode;
  const key = coded ? `holdReason.${coded.code}` : '';
  if (!coded || !translator.te(key)) return hold.reason;
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(coded.params)) values[name] = typeof value === 'number' ? translator.n(value, 'percent') : value;
  return translator.t(key, values);
}
