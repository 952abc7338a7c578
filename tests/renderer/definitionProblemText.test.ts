/**
 * Issue #13 §5: a refused chart-definition file is explained in the UI's language. Every problem the
 * validator finds carries a reason code (never the catch-all) whose English and Vietnamese texts fill
 * without a leftover placeholder and name the definition and field; the Vietnamese text holds none of
 * the validator's English.
 */
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { DefinitionError, parseDefinitions, type ChartDefinition } from '../../shared/spc/monitor/index.ts';
import { definitionProblemText } from '../../renderer/src/composables/definitionProblemText.ts';
import en from '../../renderer/src/i18n/spc.en.ts';
import vi from '../../renderer/src/i18n/spc.vi.ts';

const valid: ChartDefinition = {
  id: 'yield-P', name: 'P wafer yield', enabled: true, metric: { kind: 'wafer-yield' }, filter: { product: 'P' }, chart: 'p',
  rules: ['WE1'], limits: { mode: 'phase-one', baseline: { firstSubgroups: 20 }, dropOutOfControl: true }, severity: {},
};
const variant = (changes: Record<string, unknown>): Record<string, unknown> => ({ ...valid, ...changes });

const inputs: { name: string; input: unknown; field: string | null }[] = [
  { name: 'not JSON', input: '{"definitions": [', field: null },
  { name: 'not a list', input: '{"charts": 3}', field: null },
  { name: 'id of the wrong type', input: [{ ...valid, id: 5 }], field: 'id' },
  { name: 'unknown chart type', input: [variant({ chart: 'pie' })], field: 'chart' },
  { name: 'unknown metric kind', input: [variant({ metric: { kind: 'cpk' } })], field: 'metric.kind' },
  { name: 'proportion on an X-bar chart', input: [variant({ chart: 'xbar-s' })], field: 'chart' },
  { name: 'parametric on a p chart', input: [variant({ metric: { kind: 'parametric', testNum: 1 } })], field: 'chart' },
  { name: 'threshold without limit', input: [variant({ chart: 'threshold' })], field: 'threshold' },
  { name: 'baseline too short', input: [variant({ limits: { mode: 'phase-one', baseline: { firstSubgroups: 1 }, dropOutOfControl: false } })], field: 'limits.baseline.firstSubgroups' },
  { name: 'baseline date not ISO', input: [variant({ limits: { mode: 'phase-one', baseline: { from: 'monday', to: '2026-10-01' }, dropOutOfControl: false } })], field: 'limits.baseline.from' },
  { name: 'manual limits upside down', input: [variant({ limits: { mode: 'manual', center: 1, lcl: 2, ucl: 0 } })], field: 'limits' },
  { name: 'sigmas out of range', input: [variant({ limitSigmas: 9 })], field: 'limitSigmas' },
  { name: 'unknown field', input: [variant({ colour: 'red' })], field: null },
  { name: 'id with a slash', input: [variant({ id: '../x' })], field: 'id' },
  { name: 'duplicate ids', input: [valid, valid], field: 'id' },
];

function translator(locale: 'en' | 'vi') {
  const i18n = createI18n({ legacy: false, locale, messages: { en, vi } });
  return { t: (key: string, values: Record<string, unknown> = {}) => i18n.global.t(key, values), te: (key: string) => i18n.global.te(key, locale) };
}

function problemsOf(input: unknown): DefinitionError {
  try {
    parseDefinitions(input);
  } catch (error) {
    if (error instanceof DefinitionError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('refused chart definitions in English and Vietnamese (issue #13 §5)', () => {
  it.each(inputs)('$name', ({ input, field }) => {
    const error = problemsOf(input);
    expect(error.problems.length).toBeGreaterThan(0);
    for (const problem of error.problems) {
      expect(problem.reason, JSON.stringify(problem)).not.toBe('invalid');
      for (const locale of ['en', 'vi'] as const) {
        const { t, te } = translator(locale);
        expect(te(`spc.definitionProblems.${problem.reason}`), `${locale} ${problem.reason}`).toBe(true);
        const text = definitionProblemText({ t, te }, problem);
        expect(text, text).not.toMatch(/\{\w+\}|spc\.definitionProblems/);
        if (problem.field !== null) expect(text).toContain(problem.field);
        if (locale === 'vi') expect(text, text).not.toMatch(/\b(Invalid|expected|received|must|definition|field|unknown|needs)\b/);
      }
    }
    if (field !== null) expect(error.problems.map((problem) => problem.field)).toContain(field);
  });
});
