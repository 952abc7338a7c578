/**
 * STDF checker findings in the user's language (issues #13 §5, #15 §4): every finding the checker
 * raises on the real corpus files carries params whose code names a text in English and in
 * Vietnamese, and the translated texts name the same numbers as the checker's own English message.
 */
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { checkStdf } from '../../shared/stdf/check.ts';
import type { StdfFinding } from '../../shared/stdf/types.ts';
import { stdfFindingKey, stdfFindingText } from '../../renderer/src/composables/stdfFindingText.ts';
import en from '../../renderer/src/i18n/stdfFinding.en.ts';
import vi from '../../renderer/src/i18n/stdfFinding.vi.ts';
import { corpusFiles, readCorpusFile } from '../shared/stdf/corpusTruth.ts';

const integer = { integer: { maximumFractionDigits: 0 } } as const;

function translator(locale: 'en' | 'vi') {
  const i18n = createI18n({ legacy: false, locale, messages: { en, vi }, numberFormats: { en: integer, vi: integer } });
  const { t, te, n } = i18n.global;
  return { t: (key: string, values: Record<string, unknown>) => t(key, values), te: (key: string) => te(key, locale), n: (value: number, format: string) => n(value, format) };
}

/** The numbers a text names, with locale digit grouping removed ("1.234" and "1,234" are 1234). */
function numbers(text: string): string[] {
  return [...text.replace(/(\d)[.,](?=\d{3}\b)/g, '$1').matchAll(/\d+/g)].map((match) => match[0]).sort();
}

describe('STDF checker findings in English and Vietnamese', () => {
  it('every finding on the corpus has a translated text that names the same numbers as its English message', async () => {
    const english = translator('en');
    const vietnamese = translator('vi');
    const findings: { file: string; finding: StdfFinding }[] = [];
    for (const file of corpusFiles()) for (const finding of checkStdf(await readCorpusFile(file))) findings.push({ file, finding });
    const keys = new Set<string>();
    for (const { file, finding } of findings) {
      const key = stdfFindingKey(finding);
      expect(key, `${file}: ${finding.code} has no params`).not.toBeNull();
      keys.add(key!);
      expect(english.te(key!) && vietnamese.te(key!), `${file}: no text for ${key}`).toBe(true);
      const inEnglish = stdfFindingText(english, finding);
      const inVietnamese = stdfFindingText(vietnamese, finding);
      for (const text of [inEnglish, inVietnamese]) expect(text, `${file} ${key}`).not.toMatch(/\{\w+\}|undefined/);
      expect(inVietnamese).not.toBe(finding.message);
      expect(numbers(inEnglish), `${file} ${key}: ${finding.message} / ${inEnglish}`).toEqual(numbers(finding.message.replace(' Yield figures here are recomputed from the PRRs.', '')));
      expect(numbers(inVietnamese), `${file} ${key}`).toEqual(numbers(inEnglish));
    }
    console.log(`${findings.length} findings on ${corpusFiles().length} corpus files, ${keys.size} kinds: ${[...keys].sort().join(', ')}`);
    expect(keys.size).toBeGreaterThanOrEqual(6);
  }, 120_000);

  it('a finding recorded before findings had params keeps its English message', () => {
    const old: StdfFinding = { offset: 10, code: 'damage', message: 'record #3: cut. Everything before this point was kept.' };
    expect(stdfFindingText(translator('vi'), old)).toBe(old.message);
  });
});
