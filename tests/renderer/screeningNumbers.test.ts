/**
 * The screening page's numbers in the UI's digits (issue #15 §3): the DPAT limits table and the outlier
 * list wrote `toPrecision(5)` and `String(n)`, so the Vietnamese page read '0.012346' and '1234'. They now
 * go through the shared format: five significant digits, grouping and the decimal mark of the language.
 */
import { describe, expect, it, vi as vitest } from 'vitest';
import type { ScreenLimit, ScreenOutlier } from '../../shared/screening/types.ts';
import ScreeningLimitsTable from '../../renderer/src/components/screening/ScreeningLimitsTable.vue';
import ScreeningView from '../../renderer/src/views/ScreeningView.vue';
import screeningEn from '../../renderer/src/i18n/screening.en.ts';
import screeningVi from '../../renderer/src/i18n/screening.vi.ts';
import { renderHtml, textsOf, type Language } from './renderInLanguage.ts';

const state = vitest.hoisted(() => ({ screening: null as unknown }));

// The view reads three stores and hosts panels that query the engine; the test gives it a finished screen.
vitest.mock('../../renderer/src/stores/screening.ts', () => ({
  useScreeningStore: () => ({ screening: state.screening, loading: false, errorMessage: '', patK: 6, scope: 'lot', minBad: 6, minCluster: 5, open: () => undefined }),
}));
vitest.mock('../../renderer/src/stores/navigation.ts', () => ({ useNavigationStore: () => ({ route: { view: 'screening', lot: 'OR26001' } }) }));
vitest.mock('../../renderer/src/stores/workspace.ts', () => ({ useWorkspaceStore: () => ({ dataVersion: 1 }) }));
vitest.mock('../../renderer/src/components/screening/ScreeningChartsPanel.vue', () => ({ default: { render: () => null } }));
vitest.mock('../../renderer/src/components/screening/LimitWhatIfPanel.vue', () => ({ default: { render: () => null } }));

const areas = [{ en: screeningEn, vi: screeningVi }];

const limit: ScreenLimit = {
  product: 'ORION', test: 1001, testKey: 1001, testName: 'cont_vdd', scope: 'lot', wafer: null,
  robustMean: 1234.56789, robustSigma: 0.0123456789, lo: -0.5, hi: 1310.2, n: 12345,
};

/** The cells of the limits table's one row, by column. */
async function limitCells(language: Language): Promise<Record<string, string>> {
  const html = await renderHtml(ScreeningLimitsTable, { limits: [limit] }, language, areas);
  return Object.fromEntries(['mean', 'sigma', 'lo', 'hi', 'n'].map((column) => [column, textsOf(html, 'td', `data-col="${column}"`)[0] ?? '']));
}

describe('DPAT limits table', () => {
  it.each([
    ['en', { mean: '1,234.6', sigma: '0.012346', lo: '-0.5', hi: '1,310.2', n: '12,345' }],
    ['vi', { mean: '1.234,6', sigma: '0,012346', lo: '-0,5', hi: '1.310,2', n: '12.345' }],
  ] as const)('writes mean, sigma and limits to five significant digits and n as a count (%s)', async (language, expected) => {
    expect(await limitCells(language)).toEqual(expected);
  });

  it('writes a missing limit as the one missing mark', async () => {
    const html = await renderHtml(ScreeningLimitsTable, { limits: [{ ...limit, lo: null, hi: Number.NaN }] }, 'vi', areas);
    expect([...textsOf(html, 'td', 'data-col="lo"'), ...textsOf(html, 'td', 'data-col="hi"')]).toEqual(['—', '—']);
  });
});

const outlier = (value: number | null, reason: string): ScreenOutlier => ({ lot: 'OR26001', wafer: '1', x: 3, y: 4, test: 1001, testKey: 1001, testName: 'cont_vdd', value, reason });

/** The value column of the view's outlier list. */
async function outlierValues(language: Language): Promise<string[]> {
  state.screening = {
    product: 'ORION', screenedDies: 3, good: 10, dies: 12, yieldBefore: 0.8, yieldAfter: 0.6, wafers: ['1'],
    rules: [{ method: 'dpat', applied: true, rejectedDies: 3, result: { limits: [limit], outliers: [outlier(0.0123456789, 'DPAT'), outlier(1234, 'GDBN'), outlier(null, 'Cluster')] } }],
  };
  const html = await renderHtml(ScreeningView, {}, language, areas);
  const body = /data-testid="screening-outliers"[\s\S]*?<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => textsOf(row[1] ?? '', 'td', 'class="num"').at(-1) ?? '');
}

describe('screening outlier list', () => {
  it.each([
    ['en', ['0.012346', '1,234', '—']],
    ['vi', ['0,012346', '1.234', '—']],
  ] as const)('writes a measured value to five significant digits and a neighbour count whole (%s)', async (language, expected) => {
    expect(await outlierValues(language)).toEqual(expected);
  });
});
