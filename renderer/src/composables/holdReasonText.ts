/**
 * A hold's reason in the user's language (issue #13 §5): a hold a rule placed carries its reason as a
 * code with params beside the English text; it is said as `holdReason.<code>`, numbers (fractions) in the
 * locale's percent format, ISO times as the app writes moments (UTC "YYYY-MM-DD HH:MM:SS"), names and rule
 * ids as written. A hold placed by hand, or one from a log
 * written before codes existed, keeps its stored text.
 */
import type { Hold } from '@shared/spc/monitor/index';
import { formatTimestamp } from '@shared/util/format';

/** The translator pieces the text needs (vue-i18n's `t`, `te` and `n`). */
export interface HoldReasonTranslator {
  t(key: string, values: Record<string, unknown>): string;
  te(key: string): boolean;
  n(value: number, format: string): string;
}

/** An ISO-8601 moment as JSON writes one (the start of an episode). */
const isoMoment = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

/** The reason of a hold in the translator's language. */
export function holdReasonText(translator: HoldReasonTranslator, hold: Pick<Hold, 'reason' | 'reasonCode'>): string {
  const coded = hold.reasonCode;
  const key = coded ? `holdReason.${coded.code}` : '';
  if (!coded || !translator.te(key)) return hold.reason;
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(coded.params)) {
    if (typeof value === 'number') values[name] = translator.n(value, 'percent');
    else if (typeof value === 'string' && isoMoment.test(value)) values[name] = formatTimestamp(Date.parse(value));
    else values[name] = value;
  }
  return translator.t(key, values);
}
