/**
 * Hold reasons in the user's language (issue #13 §5): a hold rule stores its reason as a code with params
 * beside the English text. Every code has an English and a Vietnamese text with the placeholders the
 * rule fills; the Vietnamese reason names the same lot yield, threshold, chart, time and rule, percents
 * in the Vietnamese format; a hold placed by hand (or from an older log) keeps its typed text.
 */
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { HOLD_REASON_CODES, HOLD_REASON_EN, holdReason } from '../../shared/spc/monitor/holds.ts';
import { holdReasonText } from '../../renderer/src/composables/holdReasonText.ts';
import en from '../../renderer/src/i18n/holdReason.en.ts';
import vi from '../../renderer/src/i18n/holdReason.vi.ts';

const percent = { percent: { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 } } as const;

function translator(locale: 'en' | 'vi') {
  const i18n = createI18n({ legacy: false, locale, messages: { en, vi }, numberFormats: { en: percent, vi: percent } });
  const { t, te, n } = i18n.global;
  return { t: (key: string, values: Record<string, unknown>) => t(key, values), te: (key: string) => te(key, locale), n: (value: number, format: string) => n(value, format) };
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();

describe('hold reason texts', () => {
  it.each(HOLD_REASON_CODES)('%s has an English and a Vietnamese text with the placeholders of the stored English', (code) => {
    expect(placeholders(en.holdReason[code])).toEqual(placeholders(HOLD_REASON_EN[code]));
    expect(placeholders(vi.holdReason[code])).toEqual(placeholders(HOLD_REASON_EN[code]));
    expect(vi.holdReason[code]).not.toBe(en.holdReason[code]);
  });

  it('a yield rule\'s reason in Vietnamese names the same yield, threshold and rule, in the Vietnamese percent format', () => {
    const { message, code, params } = holdReason('lotYieldBelow', { yield: 0.8734, threshold: 0.9, rule: 'low-yield' });
    expect(message).toBe('lot yield 87.3 % under 90.0 % (rule low-yield)');
    const text = holdReasonText(translator('vi'), { reason: message, reasonCode: { code, params } });
    expect(text).toBe('hiệu suất lô 87,3% dưới 90,0% (quy tắc low-yield)');
    expect(holdReasonText(translator('en'), { reason: message, reasonCode: { code, params } })).toBe('lot yield 87.3% under 90.0% (rule low-yield)');
  });

  it('a critical-episode reason in Vietnamese names the same chart, start time and rule', () => {
    const { message, code, params } = holdReason('criticalEpisode', { chart: 'P wafer yield', from: '2026-10-01T07:00:00.000Z', rule: 'critical' });
    expect(message).toBe('critical episode on P wafer yield from 2026-10-01T07:00:00.000Z (rule critical)');
    expect(holdReasonText(translator('vi'), { reason: message, reasonCode: { code, params } })).toBe('đợt cảnh báo nghiêm trọng trên P wafer yield từ 2026-10-01 07:00:00 (quy tắc critical)');
    expect(holdReasonText(translator('en'), { reason: message, reasonCode: { code, params } })).toBe('critical episode on P wafer yield from 2026-10-01 07:00:00 (rule critical)');
  });

  it('a hold placed by hand or logged before codes keeps its stored text', () => {
    expect(holdReasonText(translator('vi'), { reason: 'probe card suspect', reasonCode: null })).toBe('probe card suspect');
  });
});
