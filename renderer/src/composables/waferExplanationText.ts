/**
 * Why a wafer got its spatial signature, in the user's language: the classifier's reason code names a
 * `waferPattern.explanation.*` text and its params fill it, formatted for the locale by shared/wafer.
 */
import { useI18n } from 'vue-i18n';
import { explanationValues, type WaferClassification } from '@shared/wafer/index';

/** The translator pieces the text needs (vue-i18n's `t` and `te`) and the UI's locale. */
export interface ExplanationTranslator {
  t(key: string, values: Record<string, unknown>): string;
  te(key: string): boolean;
  locale: string;
}

/** The classification's explanation in the translator's language (its English text for a code this build has no text for). */
export function waferExplanationText(translator: ExplanationTranslator, classification: Pick<WaferClassification, 'explanation' | 'reason'>): string {
  const key = `waferPattern.explanation.${classification.reason.code}`;
  if (!translator.te(key)) return classification.explanation;
  return translator.t(key, explanationValues(classification.reason, translator.locale));
}

/** `waferExplanationText` bound to the app's global messages and language. */
export function useWaferExplanation(): (classification: Pick<WaferClassification, 'explanation' | 'reason'>) => string {
  const { t, te, locale } = useI18n({ useScope: 'global' });
  return (classification) => waferExplanationText({ t: (key, values) => t(key, values), te: (key) => te(key), locale: locale.value }, classification);
}
