/**
 * The overview's KPI tiles (issue #13 §5): in an empty workspace the "Yield (final)" tile says there is
 * no data, in the language shown, instead of the loading ellipsis forever; while the figures load it
 * still shows the ellipsis, and a workspace with a yield shows it as a percent in the locale's format.
 * The component is rendered to HTML (no DOM here) and read as a user sees it.
 */
import { describe, expect, it, vi as vitest } from 'vitest';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createI18n } from 'vue-i18n';
import KpiTiles from '../../renderer/src/components/KpiTiles.vue';
import en from '../../renderer/src/i18n/en.ts';
import vi from '../../renderer/src/i18n/vi.ts';

// The tiles take one constant from the overview store, whose module opens the host (window) on import.
vitest.mock('../../renderer/src/stores/overview.ts', () => ({ comparisonDays: 14 }));

/** The store's OverviewKpis, restated: importing the store's types pulls the whole renderer into the tests' tsconfig. */
interface ProductKpi { product: string; dies: number; yield: number | null; firstPassYield: number | null; currentYield: number | null; previousYield: number | null }
interface OverviewKpis {
  lots: number; wafers: number; dies: number; yield: number | null; firstPassYield: number | null; products: ProductKpi[]; change: number | null; mixAdjusted: boolean;
  pending: boolean; productCount: number;
}

const percent = { percent: { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }, integer: { maximumFractionDigits: 0 } } as const;

async function tileText(locale: 'en' | 'vi', kpis: OverviewKpis | null, testId: string): Promise<string> {
  const i18n = createI18n({ legacy: false, locale, messages: { en, vi }, numberFormats: { en: percent, vi: percent } });
  const app = createSSRApp({ render: () => h(KpiTiles, { kpis }) });
  app.use(i18n);
  const html = await renderToString(app);
  const tile = new RegExp(`data-testid="${testId}"[^>]*>([\\s\\S]*?)<\\/div>`).exec(html)?.[1] ?? '';
  return tile.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

const yieldTileText = (locale: 'en' | 'vi', kpis: OverviewKpis | null): Promise<string> => tileText(locale, kpis, 'kpi-yield');

/** An empty workspace as the overview store reads it: zero counts, no yield. */
const empty: OverviewKpis = { lots: 0, wafers: 0, dies: 0, yield: null, firstPassYield: null, products: [], change: null, mixAdjusted: false, pending: false, productCount: 0 };

describe('Yield (final) tile', () => {
  it.each([
    ['en', 'Yield (final) — no data'],
    ['vi', 'Hiệu suất (cuối) — không có dữ liệu'],
  ] as const)('an empty workspace says it has no data (%s), never the loading ellipsis', async (locale, expected) => {
    const text = await yieldTileText(locale, empty);
    expect(text).toBe(expected);
    expect(text).not.toContain('…');
  });

  it('shows the ellipsis only while the figures load', async () => {
    expect(await yieldTileText('en', null)).toBe('Yield (final) …');
  });

  it('while the per-product yields still load behind the first view: one product shows its yield, several no pooled figure', async () => {
    const loading = { ...empty, lots: 2, wafers: 2, dies: 16, yield: 14 / 16, pending: true };
    expect(await yieldTileText('en', { ...loading, productCount: 1 })).toContain('87.5%');
    const several = await yieldTileText('en', { ...loading, productCount: 2 });
    expect(several).not.toContain('87.5%');
    expect(several).toContain('…');
    // The change tile waits too, instead of saying there is no change.
    expect(await tileText('vi', { ...loading, productCount: 2 }, 'kpi-change')).toContain('…');
    expect(await tileText('en', { ...loading, pending: false }, 'kpi-change')).not.toContain('…');
  });

  it.each([
    ['en', '87.5%'],
    ['vi', '87,5%'],
  ] as const)('a workspace with final dies shows its yield in the locale format (%s)', async (locale, expected) => {
    const text = await yieldTileText(locale, { ...empty, lots: 1, wafers: 1, dies: 8, yield: 7 / 8 });
    expect(text).toContain(expected);
    expect(text).not.toContain('no data');
  });

  it('several products: their yields show with the first view, each one\'s change waits for the periods (en, vi)', async () => {
    const products: ProductKpi[] = [
      { product: 'ORION', dies: 8, yield: 7 / 8, firstPassYield: 6 / 8, currentYield: null, previousYield: null },
      { product: 'VEGA', dies: 8, yield: 5 / 8, firstPassYield: 5 / 8, currentYield: null, previousYield: null },
    ];
    const firstView = { ...empty, lots: 2, wafers: 2, dies: 16, yield: 12 / 16, products, pending: true, productCount: 2 };
    const waiting = await tileText('en', firstView, 'kpi-yield');
    expect(waiting).toBe('Yield (final) per product ORION 87.5% … VEGA 62.5% …');
    expect(waiting).not.toContain('75.0%');
    const periods = products.map((entry, index) => ({ ...entry, currentYield: [0.9, 0.6][index]!, previousYield: [0.85, 0.6][index]! }));
    expect(await tileText('vi', { ...firstView, products: periods, pending: false }, 'kpi-yield')).toMatch(/^\S.* ORION 87,5% ▲ 5 pp VEGA 62,5% ▲ 0 pp$/);
  });
});
