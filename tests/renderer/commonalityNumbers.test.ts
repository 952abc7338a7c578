/**
 * The commonality view's numbers in the UI's digits (issue #15 §3): useResponseFormat had its own
 * Intl calls and wrote small p-values with toExponential, and the factor table wrote eta² with
 * toFixed(3), so a Vietnamese table mixed '3.2e-5' and '0.123' with '0,042'. Both now use the shared
 * format: p in scientific below 0.001, z with one decimal, the effect in points or as a signed number,
 * eta² with three decimals, each with the language's decimal mark.
 */
import { describe, expect, it, vi as vitest } from 'vitest';
import { defineComponent, h } from 'vue';
import type { CommonalityFinding } from '../../shared/analysis/commonalityFindings.ts';
import type { LevelChange } from '../../shared/analysis/commonalityChange.ts';
import type { CommonalityResponseKind } from '../../shared/sql/commonalitySql.ts';
import CommonalityFactorTable from '../../renderer/src/components/commonality/CommonalityFactorTable.vue';
import { useResponseFormat } from '../../renderer/src/components/commonality/useResponseFormat.ts';
import commonalityEn from '../../renderer/src/i18n/commonality.en.ts';
import commonalityVi from '../../renderer/src/i18n/commonality.vi.ts';
import { renderHtml, textOf, type Language } from './renderInLanguage.ts';

const state = vitest.hoisted(() => ({ responseKind: 'wafer-yield', findings: [] as unknown[] }));

// The store module opens the workspace on import; the table reads only these fields of it.
vitest.mock('../../renderer/src/stores/commonality.ts', () => ({
  useCommonalityStore: () => ({ findings: state.findings, selectedKey: null, ranRequest: { response: { kind: state.responseKind, number: null } }, selectFactor: () => undefined }),
}));

const areas = [{ en: commonalityEn, vi: commonalityVi }];

const change = { level: 'ETCH-02', since: null, z: 2.345, p: 0.01, before: { n: 10, median: 0.9 }, after: { n: 10, median: 0.8 }, peers: { n: 20, median: 0.9 } } satisfies LevelChange;

const finding: CommonalityFinding = {
  step: 'ETCH', factor: 'tool', worstLevel: 'ETCH-02', p: 3.21e-5, pAdjusted: 0.04213, pAnova: 0.01, effect: -0.0456, etaSquared: 0.1234,
  groups: [{ level: 'ETCH-01', n: 12, median: 0.91 }, { level: 'ETCH-02', n: 9, median: 0.86 }], flags: [], confoundedWith: [], worstLevelSince: null,
  kind: 'which', change, changePAdjusted: 0.02, levelChanges: [change],
};

/** p, p adjusted, z, effect and eta² as the factor table's row shows them. */
async function numberCells(language: Language, responseKind: string, effect: number): Promise<string[]> {
  state.responseKind = responseKind;
  state.findings = [{ ...finding, effect }];
  const html = await renderHtml(CommonalityFactorTable, {}, language, areas);
  const row = /data-testid="commonality-row"[^>]*>([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
  // The row's number cells are rank, p, p adjusted, z, effect, eta²: drop the rank.
  return [...row.matchAll(/<td class="number"[^>]*>([\s\S]*?)<\/td>/g)].map((match) => textOf(match[1] ?? '')).slice(1);
}

describe('commonality factor table', () => {
  it.each([
    ['en', 'wafer-yield', -0.0456, ['3.2e-5', '0.042', '2.3', '−4.6 pp', '0.123']],
    ['vi', 'wafer-yield', -0.0456, ['3,2e-5', '0,042', '2,3', '−4,6 pp', '0,123']],
    ['en', 'test', 1.2345, ['3.2e-5', '0.042', '2.3', '+1.23', '0.123']],
    ['vi', 'test', 1234.5, ['3,2e-5', '0,042', '2,3', '+1.230', '0,123']],
  ] as const)('writes p, p adj., z, effect and eta² in the language\'s digits (%s, %s response)', async (language, responseKind, effect, expected) => {
    expect(await numberCells(language, responseKind, effect)).toEqual(expected);
  });
});

/** A level's response through useResponseFormat, rendered in `language`. */
async function responseText(language: Language, responseKind: CommonalityResponseKind, value: number): Promise<string> {
  const probe = defineComponent({ setup: () => () => h('output', useResponseFormat(() => responseKind).formatResponse(value)) });
  return textOf(await renderHtml(probe, {}, language, areas)).replace(/\u00a0/g, ' ');
}

describe('commonality response format', () => {
  it.each([
    ['en', 'wafer-yield', 0.8734, '87.3%'],
    ['vi', 'wafer-yield', 0.8734, '87,3%'],
    ['en', 'test', 1234.567, '1,235'],
    ['vi', 'test', 0.123456, '0,1235'],
  ] as const)('writes a yield in percent and a test mean to four significant digits (%s, %s)', async (language, responseKind, value, expected) => {
    expect(await responseText(language, responseKind, value)).toBe(expected);
  });
});
