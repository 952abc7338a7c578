/**
 * Why a wafer got its spatial signature, in the user's language (issue #15 §4): the classifier gives a
 * reason code with params; every code has an English and a Vietnamese text, the app's English says what
 * the CLI prints, and the Vietnamese names the same numbers (in its own number format) with nothing left
 * unfilled. Wafers: the 120 labelled WM-811K wafers and synthetic wafers of every class.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { classifyWaferMap, WAFER_EXPLANATION_CODES, WAFER_PATTERN_CLASSES, type WaferClassification } from '../../shared/wafer/index.ts';
import { waferExplanationText } from '../../renderer/src/composables/waferExplanationText.ts';
import en from '../../renderer/src/i18n/waferPattern.en.ts';
import vi from '../../renderer/src/i18n/waferPattern.vi.ts';
import { syntheticWaferMap } from '../shared/wafer/syntheticWafers.ts';

const corpusDir = path.resolve(import.meta.dirname, '../../../shared/corpus/wm811k');

function translator(locale: 'en' | 'vi') {
  const i18n = createI18n({ legacy: false, locale, messages: { en, vi } });
  const { t, te } = i18n.global;
  return { t: (key: string, values: Record<string, unknown>) => t(key, values), te: (key: string) => te(key, locale), locale };
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

/** The numbers a text names, as plain decimals: Vietnamese writes 1.234,5 where English writes 1,234.5. */
function numbersIn(text: string, locale: 'en' | 'vi'): number[] {
  const plain = locale === 'vi' ? text.replace(/(\d)\.(?=\d{3})/g, '$1').replace(/(\d),(\d)/g, '$1.$2') : text.replace(/(\d),(?=\d{3})/g, '$1');
  return [...plain.matchAll(/\d+(?:\.\d+)?/g)].map((match) => Number(match[0])).sort((a, b) => a - b);
}

const classified: WaferClassification[] = [
  ...(JSON.parse(readFileSync(path.join(corpusDir, 'LSWMD_sample.json'), 'utf8')) as { wafers: { waferMap: number[][] }[] }).wafers.map((wafer) => classifyWaferMap(wafer.waferMap)),
  ...WAFER_PATTERN_CLASSES.flatMap((kind) => [600, 5000].flatMap((dies) => [11, 23, 37].map((seed) => classifyWaferMap(syntheticWaferMap(kind, dies, seed))))),
];

describe('wafer pattern explanations', () => {
  it('have an English and a Vietnamese text for every reason code, with the same placeholders', () => {
    expect(Object.keys(en.waferPattern.explanation).sort()).toEqual([...WAFER_EXPLANATION_CODES].sort());
    expect(Object.keys(vi.waferPattern.explanation).sort()).toEqual([...WAFER_EXPLANATION_CODES].sort());
    for (const code of WAFER_EXPLANATION_CODES) {
      expect(placeholders(vi.waferPattern.explanation[code]), code).toEqual(placeholders(en.waferPattern.explanation[code]));
      expect(vi.waferPattern.explanation[code], code).not.toBe(en.waferPattern.explanation[code]);
    }
  });

  it('reach every reason on real and synthetic wafers', () => {
    const seen = new Set(classified.map((result) => result.reason.code));
    expect([...WAFER_EXPLANATION_CODES].filter((code) => !seen.has(code))).toEqual([]);
  });

  it('say in the app what the CLI prints in English, and the same numbers in Vietnamese', () => {
    const english = translator('en');
    const vietnamese = translator('vi');
    for (const result of classified) {
      const inEnglish = waferExplanationText(english, result);
      const inVietnamese = waferExplanationText(vietnamese, result);
      expect(inEnglish).toBe(result.explanation);
      expect(inVietnamese).not.toMatch(/[{}]/);
      expect(inVietnamese).not.toBe(inEnglish);
      expect(numbersIn(inVietnamese, 'vi'), inVietnamese).toEqual(numbersIn(inEnglish, 'en'));
    }
  });

  it('write a Vietnamese straight scratch with decimal commas', () => {
    const reason = { code: 'scratchStraight' as const, params: { straightLength: 14, fill: 0.857, flankDensity: 0.036 } };
    const result = { explanation: 'a straight line of failing dies 14 dies long (85.7% of its dies fail, 3.6% two dies beside it)', reason };
    expect(waferExplanationText(translator('en'), result)).toBe(result.explanation);
    expect(waferExplanationText(translator('vi'), result)).toBe('một đường thẳng các die hỏng dài 14 die (85,7% số die trên đường bị hỏng, 3,6% ở hai die bên cạnh)');
  });
});
