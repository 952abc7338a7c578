/**
 * KPIs that never pool products silently (issue #13 §2). A die-weighted yield over products with
 * different die counts per wafer moves with the product mix: "all products" once rose 0.85 pp while
 * ORION alone fell 0.36 pp, because VEGA has 8.5x more dies per wafer. So yields stay per product,
 * and the combined "vs previous" change is mix-adjusted: each product's own change, weighted by a
 * fixed mix (its share of all dies of the data shown), the same weights for both periods.
 */

/** One product's figures: productYieldSql's row with its periods from productPeriodSql (shared/sql/overviewSql.ts). */
export interface ProductKpi {
  product: string;
  dies: number;
  yield: number | null;
  firstPassYield: number | null;
  currentYield: number | null;
  previousYield: number | null;
}

/** A row as the engines return it (a count may come as BigInt). */
type Row = Record<string, unknown>;

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * Each product of `yields` (productYieldSql's rows) with its period yields from `periods`
 * (productPeriodSql's rows; a product without dies in the periods has none, and so has every product
 * while the periods are not yet known).
 */
export function productKpis(yields: readonly Row[], periods: readonly Row[] = []): ProductKpi[] {
  const byProduct = new Map(periods.map((row) => [String(row.product), row]));
  return yields.map((row) => {
    const period = byProduct.get(String(row.product));
    return {
      product: String(row.product), dies: Number(row.dies), yield: numberOrNull(row.yield), firstPassYield: numberOrNull(row.first_pass_yield),
      currentYield: numberOrNull(period?.current_yield), previousYield: numberOrNull(period?.previous_yield),
    };
  });
}

/** A product's change between the periods, in yield fraction (NaN when a period has no dies). */
export function productChange(kpi: ProductKpi): number {
  return kpi.currentYield === null || kpi.previousYield === null ? Number.NaN : kpi.currentYield - kpi.previousYield;
}

/** The mix-adjusted change and the fixed mix it used (products with both periods only). */
export interface MixAdjustedChange {
  /** Σ weight × (current − previous) over the products with both periods; null when none has. */
  change: number | null;
  /** Weight per product (its share of the dies of the products that have both periods). */
  weights: Record<string, number>;
}

/** Per-product changes weighted by a fixed mix: each product's share of the dies shown. */
export function mixAdjustedChange(kpis: readonly ProductKpi[]): MixAdjustedChange {
  const comparable = kpis.filter((kpi) => Number.isFinite(productChange(kpi)) && kpi.dies > 0);
  const total = comparable.reduce((sum, kpi) => sum + kpi.dies, 0);
  if (comparable.length === 0 || total <= 0) return { change: null, weights: {} };
  const weights = Object.fromEntries(comparable.map((kpi) => [kpi.product, kpi.dies / total]));
  return { change: comparable.reduce((sum, kpi) => sum + (weights[kpi.product] ?? 0) * productChange(kpi), 0), weights };
}
