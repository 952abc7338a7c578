/**
 * Issue #13 §2: KPIs never pool products silently. A crafted fab where both products lose yield
 * while the die-weighted pooled yield rises (VEGA has many more dies, and more of them lately):
 * the per-product figures and the mix-adjusted change must say "down".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { mixAdjustedChange, type ProductKpi } from '../../../shared/analysis/productKpis.ts';
import { createEmptyTableSql } from '../../../shared/schema/canonical.ts';
import { productKpiSql, productParams } from '../../../shared/sql/overviewSql.ts';

/** Dies per product and period: [dies, good]; the current period is the last 14 days. */
const crafted = {
  ORION: { previous: [1000, 900], current: [1000, 880] },
  VEGA: { previous: [1000, 970], current: [9000, 8685] },
} as const;
const newest = Date.parse('2026-10-31T12:00:00Z');
const dayMs = 86_400_000;

let engine: WasmNodeSqlEngine;

beforeAll(async () => {
  engine = await WasmNodeSqlEngine.open();
  await engine.exec(createEmptyTableSql('dies'));
  for (const [product, periods] of Object.entries(crafted)) {
    for (const [period, [dies, good]] of Object.entries(periods)) {
      const at = new Date(newest - (period === 'current' ? 0 : 20 * dayMs)).toISOString().replace('T', ' ').replace('Z', '');
      await engine.exec(`INSERT INTO dies (product, lot, wafer, x, y, pass, first_pass, tested_at)
        SELECT '${product}', '${product}-${period}', '1', i::INTEGER, 0, i < ${good}, i < ${good}, TIMESTAMP '${at}' FROM range(${dies}) t(i)`);
    }
  }
});

afterAll(() => engine.close());

describe('per-product KPIs and the mix-adjusted change (issue #13)', () => {
  it('reports each product\'s yields and a combined change weighted by a fixed die mix, not the pooled one', async () => {
    const table = await engine.query(productKpiSql, [...productParams(null), 14, 14, 14, 14, ...productParams(null)]);
    const kpis: ProductKpi[] = table.toArray().map((row) => ({
      product: String(row.product), dies: Number(row.dies), yield: row.yield, firstPassYield: row.first_pass_yield, currentYield: row.current_yield, previousYield: row.previous_yield,
    }));
    expect(kpis.map((kpi) => kpi.product)).toEqual(['ORION', 'VEGA']);
    const change = (product: keyof typeof crafted): number => crafted[product].current[1] / crafted[product].current[0] - crafted[product].previous[1] / crafted[product].previous[0];
    for (const kpi of kpis) {
      const periods = crafted[kpi.product as keyof typeof crafted];
      expect(kpi.currentYield).toBeCloseTo(periods.current[1] / periods.current[0], 12);
      expect(kpi.previousYield).toBeCloseTo(periods.previous[1] / periods.previous[0], 12);
      expect(kpi.dies).toBe(periods.current[0] + periods.previous[0]);
    }
    const pooled = (8685 + 880) / 10_000 - (970 + 900) / 2000;
    const dies = { ORION: 2000, VEGA: 10_000 };
    const expected = (dies.ORION * change('ORION') + dies.VEGA * change('VEGA')) / (dies.ORION + dies.VEGA);
    const adjusted = mixAdjustedChange(kpis);
    console.log(`pooled change ${(pooled * 100).toFixed(2)} pp, mix-adjusted ${((adjusted.change ?? Number.NaN) * 100).toFixed(2)} pp (ORION ${(change('ORION') * 100).toFixed(2)}, VEGA ${(change('VEGA') * 100).toFixed(2)})`);
    expect(pooled).toBeGreaterThan(0);
    expect(adjusted.change).toBeCloseTo(expected, 12);
    expect(adjusted.change).toBeLessThan(0);
    expect(adjusted.weights).toEqual({ ORION: expect.closeTo(1 / 6, 12), VEGA: expect.closeTo(5 / 6, 12) });
  });
});
