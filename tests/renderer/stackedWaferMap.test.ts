/**
 * The stacked wafer map's legend in the UI's digits (issue #15 §3): the map formatted its ticks and its
 * tooltip values with its own Intl call; it now uses the shared measurement format (four significant
 * digits, two from 100 up), so its legend reads as every other number of the page in both languages. The
 * tooltip's value goes through the same function (it shows on hover, which a server render has not).
 */
import { describe, expect, it, vi as vitest } from 'vitest';
import StackedWaferMap from '../../renderer/src/components/lot/StackedWaferMap.vue';
import lotEn from '../../renderer/src/i18n/lot.en.ts';
import lotVi from '../../renderer/src/i18n/lot.vi.ts';
import { renderHtml, textsOf, type Language } from './renderInLanguage.ts';

const result = {
  count: 2, x: Int32Array.from([0, 1]), y: Int32Array.from([0, 0]), value: Float64Array.from([1, 2]), dies: Int32Array.from([5, 5]), wafers: Int32Array.from([5, 5]),
  summary: { wafers: 5, lots: 1, dies: 10, products: ['ORION'] }, view: null, queryMs: 1,
};

// The stores query the engine; the map reads one finished result. The canvas draws with a DOM the server render has not.
vitest.mock('../../renderer/src/stores/stackedMap.ts', () => ({
  stackedKey: () => 'selection',
  useStackedMapStore: () => ({ results: new Map([['selection', result]]), errors: {}, request: () => undefined }),
}));
vitest.mock('../../renderer/src/stores/workspace.ts', () => ({ useWorkspaceStore: () => ({ dataVersion: 1, phase: 'ready' }) }));
vitest.mock('../../renderer/src/components/lot/LotWaferCanvas.vue', () => ({ default: { render: () => null } }));

const areas = [{ en: lotEn, vi: lotVi }];
const selection = { lots: ['OR26001'] };

/** The legend's tick labels of a map drawn on a given scale. */
async function ticks(language: Language, measure: object, scale: { low: number; high: number }): Promise<string[]> {
  const html = await renderHtml(StackedWaferMap, { selection, measure, scale }, language, areas);
  return textsOf(/class="ticks"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '', 'span');
}

describe('stacked wafer map legend', () => {
  it.each([
    ['en', ['0 %', '3.125 %', '6.25 %', '9.375 %', '12.5 %']],
    ['vi', ['0 %', '3,125 %', '6,25 %', '9,375 %', '12,5 %']],
  ] as const)('labels fail percents with four significant digits (%s)', async (language, expected) => {
    expect(await ticks(language, { kind: 'failPercent' }, { low: 0, high: 12.5 })).toEqual(expected);
  });

  it.each([
    ['en', ['1,000', '1,400', '1,800', '2,100', '2,500']],
    ['vi', ['1.000', '1.400', '1.800', '2.100', '2.500']],
  ] as const)('labels a statistic from 100 up with two significant digits and the language\'s grouping (%s)', async (language, expected) => {
    expect(await ticks(language, { kind: 'parametric', statistic: 'mean', testNumber: 1001 }, { low: 1000, high: 2500 })).toEqual(expected);
  });
});
