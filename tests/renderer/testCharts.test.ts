/**
 * The drill-down scatter's title in the UI's digits (issue #15 §3): Pearson r went into the translated
 * title as toFixed(3), so the Vietnamese chart read 'r = 0.873' beside Vietnamese text. It now goes
 * through the shared format (three decimals, the language's decimal mark), and the die counts behind it
 * are grouped as counts.
 */
import { describe, expect, it, vi as vitest } from 'vitest';
import TestCharts from '../../renderer/src/components/drilldown/TestCharts.vue';
import drilldownEn from '../../renderer/src/i18n/drilldown.en.ts';
import drilldownVi from '../../renderer/src/i18n/drilldown.vi.ts';
import { renderHtml, textsOf, type Language } from './renderInLanguage.ts';

const state = vitest.hoisted(() => ({ pearson: 0 }));

const test = (testKey: number, name: string) => ({ testKey, testNumber: testKey, name, units: 'V', lowLimit: 0, highLimit: 2 });

// The store queries the engine; the charts read its finished results. ChartHost needs a DOM for ECharts:
// the stand-in writes the title of the option it is given, which is what the chart would draw.
vitest.mock('../../renderer/src/stores/drilldown.ts', () => ({
  useDrilldownStore: () => ({
    statistics: [test(1001, 'vdd'), test(1002, 'idd')], chosenTest: 1001, secondTest: 1002,
    histogram: null, trend: null, boxesByWafer: [], boxesBySite: [],
    scatter: { pearson: state.pearson, total: 12345, dies: Array.from({ length: 2000 }, (_, index) => ({ wafer: '1', x: index, y: 0 })), xValues: new Float64Array(0), yValues: new Float64Array(0) },
  }),
}));
vitest.mock('../../renderer/src/components/ChartHost.vue', async () => {
  const { defineComponent, h } = await import('vue');
  return {
    default: defineComponent({
      props: { option: { type: Object, default: null }, testId: { type: String, default: '' }, height: { type: Number, default: 0 } },
      setup: (props) => () => h('figure', { 'data-chart': props.testId }, String((props.option as { title?: { text?: string } } | null)?.title?.text ?? '')),
    }),
  };
});

const areas = [{ en: drilldownEn, vi: drilldownVi }];

/** The scatter chart's title for a correlation of `pearson`. */
async function scatterTitle(language: Language, pearson: number): Promise<string> {
  state.pearson = pearson;
  return textsOf(await renderHtml(TestCharts, {}, language, areas), 'figure', 'data-chart="scatter-chart"')[0] ?? '';
}

describe('drill-down scatter title', () => {
  it.each([
    ['en', 0.87349, 'Pearson r = 0.873 (12,345 dies, 2,000 shown)'],
    ['vi', 0.87349, 'Hệ số Pearson r = 0,873 (12.345 die, hiển thị 2.000)'],
    ['vi', -0.5, 'Hệ số Pearson r = -0,500 (12.345 die, hiển thị 2.000)'],
    ['en', Number.NaN, 'Pearson r = — (12,345 dies, 2,000 shown)'],
  ] as const)('writes r with three decimals and the counts grouped (%s, r = %s)', async (language, pearson, expected) => {
    expect(await scatterTitle(language, pearson)).toBe(expected);
  });
});
