/**
 * Import warnings in the user's language: a warning with a code names an `importWarning.*` text filled
 * from its params (numbers in the locale's integer format, names and ids as they are). A warning without
 * a code (an STDF finding's line, a record written before codes existed) keeps its stored English text.
 */
import type { ImportRecord } from '@shared/workspace/manifest';

/** The translator pieces the text needs (vue-i18n's `t`, `te` and `n`). */
export interface WarningTranslator {
  t(key: string, values: Record<string, unknown>): string;
  te(key: string): boolean;
  n(value: number, format: string): string;
}

/** The text of warning `index` of a record. */
export function importWarningText(translator: WarningTranslator, record: Pick<ImportRecord, 'warnings' | 'warningCodes'>, index: number): string {
  const coded = record.warningCodes?.[index];
  const key = coded ? `importWarning.${coded.code}` : '';
  if (!coded || !translator.te(key)) return record.warnings[index] ?? '';
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(coded.params)) values[name] = typeof value === 'number' ? translator.n(value, 'integer') : value;
  return translator.t(key, values);
}

/** Every warning of a record in the translator's language. */
export function importWarningTexts(translator: WarningTranslator, record: Pick<ImportRecord, 'warnings' | 'warningCodes'>): string[] {
  return record.warnings.map((_, index) => importWarningText(translator, record, index));
}
