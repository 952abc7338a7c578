/**
 * Import warnings in the user's language (issue #15 §4): every code shared/import can raise has an
 * English and a Vietnamese text with the same placeholders; the app's English is the manifest's English
 * text (what the CLI prints); Vietnamese shows the counts in its number format and names and ids as the
 * file has them; a warning without a code keeps its stored text.
 */
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { IMPORT_WARNING_CODES, importWarning, warningFields, type ImportWarning, type ImportWarningCode } from '../../shared/import/importWarning.ts';
import { importWarningTexts } from '../../renderer/src/composables/importWarningText.ts';
import en from '../../renderer/src/i18n/importWarning.en.ts';
import vi from '../../renderer/src/i18n/importWarning.vi.ts';

const integer = { integer: { maximumFractionDigits: 0 } } as const;

function translator(locale: 'en' | 'vi') {
  const i18n = createI18n({ legacy: false, locale, messages: { en, vi }, numberFormats: { en: integer, vi: integer } });
  const { t, te, n } = i18n.global;
  return { t: (key: string, values: Record<string, unknown>) => t(key, values), te: (key: string) => te(key, locale), n: (value: number, format: string) => n(value, format) };
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

/** One warning of every code, with the values an import would give it. */
const samples: Record<ImportWarningCode, Record<string, string | number>> = {
  rowsSkipped: { count: 2, problems: 'line 5: start is not a date/time; line 9: missing lot' },
  rowsSkippedMore: { count: 1234, problems: 'line 5: start is not a date/time', more: 1233 },
  equipmentLotNotTested: { count: 2, ids: 'T1, X9' },
  equipmentWaferNotTested: { count: 12, ids: 'T1/4, T1/5, ...' },
  equipmentWaferNoHistory: { count: 1, ids: 'T1/3' },
  smlLinesNotUnderstood: { count: 3, lines: 'line 17: <U4 BROKEN; line 40: S9F9' },
  stdfIncomplete: { file: 'OR26003_w07.stdf', offset: 1048576 },
};

describe('import warning texts', () => {
  it('exist in English and Vietnamese for every code, with the same placeholders', () => {
    expect(Object.keys(en.importWarning).sort()).toEqual([...IMPORT_WARNING_CODES].sort());
    expect(Object.keys(vi.importWarning).sort()).toEqual([...IMPORT_WARNING_CODES].sort());
    for (const code of IMPORT_WARNING_CODES) {
      expect(placeholders(vi.importWarning[code]), code).toEqual(placeholders(en.importWarning[code]));
      expect(placeholders(en.importWarning[code]), code).toEqual(Object.keys(samples[code]).sort());
    }
  });

  it('say in English what the manifest stores, and the same values in Vietnamese', () => {
    const warnings: ImportWarning[] = IMPORT_WARNING_CODES.map((code) => importWarning(code, samples[code]));
    const record = warningFields(warnings);
    const english = importWarningTexts(translator('en'), record);
    const vietnamese = importWarningTexts(translator('vi'), record);
    expect(english).toEqual(warnings.map((warning) => warning.message.replace(/\b(1234|1233|1048576)\b/g, (digits) => Number(digits).toLocaleString('en'))));
    for (const [index, text] of vietnamese.entries()) {
      const params = samples[IMPORT_WARNING_CODES[index]!];
      expect(text).not.toMatch(/[{}]/);
      expect(text).not.toBe(english[index]);
      for (const value of Object.values(params)) expect(text).toContain(typeof value === 'number' ? value.toLocaleString('vi-VN') : value);
    }
    expect(vietnamese[1]).toBe('1.234 dòng bị bỏ qua: line 5: start is not a date/time; còn 1.233 dòng khác');
  });

  it('keep the stored text of a warning without a code', () => {
    const record = warningFields(['cross-check: 2 PRRs but 3 parts counted', importWarning('stdfIncomplete', samples.stdfIncomplete)]);
    expect(importWarningTexts(translator('vi'), record)[0]).toBe('cross-check: 2 PRRs but 3 parts counted');
    expect(importWarningTexts(translator('vi'), { warnings: ['an old record'] })).toEqual(['an old record']);
  });
});
