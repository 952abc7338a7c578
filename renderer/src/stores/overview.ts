import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { Table } from 'apache-arrow';
import { kpiSql, lotTableSql, lotTrendSql, lotWafersSql, productListSql, productPeriodSql, productYieldSql, productParams, weekTrendSql } from '@shared/sql/overviewSql';
import { mixAdjustedChange, productKpis, type ProductKpi } from '@shared/analysis/productKpis';
import { useWorkspaceStore } from './workspace';

/** The KPI tiles' figures. */
export interface OverviewKpis {
  lots: number;
  wafers: number;
  dies: number;
  yield: number | null;
  firstPassYield: number | null;
  /** Yields per product (issue #13: never only a pooled figure over products). */
  products: ProductKpi[];
  /** Change vs the previous period: the product's own with one product, else mix-adjusted (fixed die mix). */
  change: number | null;
  /** Whether `change` combines several products (mix-adjusted). */
  mixAdjusted: boolean;
  /**
   * The per-product yields and the change are still coming: they read the dies, which a large workspace
   * loads behind the first view (the other figures come from the per-wafer summary).
   */
  pending: boolean;
  /** Products in the workspace (several: yields are shown per product, never pooled). */
  productCount: number;
}

/** Days in the period compared by the "yield change" tile. */
export const comparisonDays = 14;

/** Yield overview: KPIs, trend, the lot table and the wafers of the chosen lot (Arrow tables, never deep-reactive). */
export const useOverviewStore = defineStore('overview', () => {
  const workspace = useWorkspaceStore();
  const product = ref<string | null>(null);
  const trendMode = ref<'lot' | 'week'>('lot');
  const products = ref<string[]>([]);
  const kpis = ref<OverviewKpis | null>(null);
  const trend = shallowRef<Table | null>(null);
  const lots = shallowRef<Table | null>(null);
  const selectedLot = ref<string | null>(null);
  const lotWafers = shallowRef<Table | null>(null);
  const loading = ref(false);

  /** Counts the refreshes, so answers of an older one (another product picked meanwhile) are dropped. */
  let generation = 0;

  async function refresh(): Promise<void> {
    const engine = workspace.engine;
    if (!engine || workspace.phase !== 'ready') return;
    const run = ++generation;
    const current = (): boolean => run === generation;
    loading.value = true;
    try {
      const filter = productParams(product.value);
      // First what the per-wafer summary answers: the tiles, the product list and the lot table show at once.
      const [kpiTable, productTable, lotTable, yieldTable] = await Promise.all([
        engine.query(kpiSql, filter),
        engine.query(productListSql),
        engine.query(lotTableSql, filter),
        engine.query(productYieldSql, filter),
      ]);
      if (!current()) return;
      const row = kpiTable.get(0);
      products.value = productTable.toArray().map((entry) => String(entry.product));
      kpis.value = {
        lots: Number(row?.lots ?? 0),
        wafers: Number(row?.wafers ?? 0),
        dies: Number(row?.dies ?? 0),
        yield: row?.yield ?? null,
        firstPassYield: row?.first_pass_yield ?? null,
        products: productKpis(yieldTable.toArray()),
        change: null,
        mixAdjusted: false,
        pending: true,
        productCount: product.value === null ? products.value.length : 1,
      };
      lots.value = lotTable;
      // Then what reads the dies (the periods' yields per product, the weekly trend): at startup they may still be loading.
      await Promise.all([
        engine.query(trendMode.value === 'lot' ? lotTrendSql : weekTrendSql, filter).then((table) => {
          if (current()) trend.value = table;
        }),
        engine.query(productPeriodSql, [...filter, comparisonDays, comparisonDays, comparisonDays, ...filter]).then((periodTable) => {
          if (!current() || !kpis.value) return;
          const perProduct = productKpis(yieldTable.toArray(), periodTable.toArray());
          kpis.value = { ...kpis.value, products: perProduct, change: mixAdjustedChange(perProduct).change, mixAdjusted: perProduct.length > 1, pending: false };
        }),
      ]);
      if (current() && selectedLot.value) await selectLot(selectedLot.value);
    } finally {
      if (current()) loading.value = false;
    }
  }

  async function selectLot(lot: string | null): Promise<void> {
    selectedLot.value = lot;
    lotWafers.value = lot && workspace.engine ? await workspace.engine.query(lotWafersSql, [lot, lot]) : null;
  }

  watch(() => [workspace.dataVersion, product.value, trendMode.value], () => void refresh(), { immediate: true });

  return { product, trendMode, products, kpis, trend, lots, selectedLot, lotWafers, loading, refresh, selectLot };
});
