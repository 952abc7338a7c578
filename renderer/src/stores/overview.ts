import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { Table } from 'apache-arrow';
import { kpiSql, lotTableSql, lotTrendSql, lotWafersSql, productKpiSql, productListSql, productParams, weekTrendSql } from '@shared/sql/overviewSql';
import { mixAdjustedChange, type ProductKpi } from '@shared/analysis/productKpis';
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

  async function refresh(): Promise<void> {
    const engine = workspace.engine;
    if (!engine || workspace.phase !== 'ready') return;
    loading.value = true;
    try {
      const filter = productParams(product.value);
      const [kpiTable, changeTable, productTable, lotTable] = await Promise.all([
        engine.query(kpiSql, filter),
        engine.query(productKpiSql, [...filter, comparisonDays, comparisonDays, comparisonDays, comparisonDays, ...filter]),
        engine.query(productListSql),
        engine.query(lotTableSql, filter),
      ]);
      const row = kpiTable.get(0);
      const perProduct: ProductKpi[] = changeTable.toArray().map((entry) => ({
        product: String(entry.product), dies: Number(entry.dies), yield: entry.yield ?? null, firstPassYield: entry.first_pass_yield ?? null,
        currentYield: entry.current_yield ?? null, previousYield: entry.previous_yield ?? null,
      }));
      kpis.value = {
        lots: Number(row?.lots ?? 0),
        wafers: Number(row?.wafers ?? 0),
        dies: Number(row?.dies ?? 0),
        yield: row?.yield ?? null,
        firstPassYield: row?.first_pass_yield ?? null,
        products: perProduct,
        change: mixAdjustedChange(perProduct).change,
        mixAdjusted: perProduct.length > 1,
      };
      products.value = productTable.toArray().map((entry) => String(entry.product));
      lots.value = lotTable;
      trend.value = await engine.query(trendMode.value === 'lot' ? lotTrendSql : weekTrendSql, filter);
      if (selectedLot.value) await selectLot(selectedLot.value);
    } finally {
      loading.value = false;
    }
  }

  async function selectLot(lot: string | null): Promise<void> {
    selectedLot.value = lot;
    lotWafers.value = lot && workspace.engine ? await workspace.engine.query(lotWafersSql, [lot, lot]) : null;
  }

  watch(() => [workspace.dataVersion, product.value, trendMode.value], () => void refresh(), { immediate: true });

  return { product, trendMode, products, kpis, trend, lots, selectedLot, lotWafers, loading, refresh, selectLot };
});
