/**
 * Issue #13 §2: KPIs never pool products silently. A crafted fab where both products lose yield
 * while the die-weighted pooled yield rises (VEGA has many more dies, and more of them lately):
 * the per-product figures and the mix-adjusted change must say "down".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { mixAdjustedChange, productKpis } from '../../../shared/analysis/productKpis.ts';
import { createEmptyTableSql, refreshWaferSummarySql } from '../../../shared/schema/canonical.ts';
import { productParams, productPeriodSql, productYieldSql } from '../../../shared/sql/overviewSql.ts';

/**
 * Dies per product and period: [dies, good]; the current period is the last 14 days, the previous
 * the 14 before, and older dies count in the product's yield but in neither period.
 */
const crafted = {
  ORION: { previous: [1000, 900], current: [1000, 880], older: [500, 250] },
  VEGA: { previous: [1000, 970], current: [9000, 8685], older: [0, 0] },
} as const;
const daysBefore = { current: 0, previous: 20, older: 40 } as const;
const newest = Date.parse('2026-10-31T12:00:00Z');
const dayMs = 86_400_000;

let engine: WasmNodeSqlEngine;

beforeAll(async () => {
  engine = await WasmNodeSqlEngine.open();
  await engine.exec(createEmptyTableSql('dies'));
  for (const [product, periods] of Object.entries(crafted)) {
    for (const [period, [dies, good]] of Object.entries(periods)) {
      const at = new Date(newest - daysBefore[period as keyof typeof daysBefore] * dayMs).toISOString().replace('T', ' ').replace('Z', '');
      await engine.exec(`INSERT INTO dies (product, lot, wafer, x, y, pass, first_pass, tested_at)
        SELECT '${product}', '${product}-${period}', '1', i::INTEGER, 0, i < ${good}, i < ${good}, TIMESTAMP '${at}' FROM range(${dies}) t(i)`);
    }
  }
  await engine.exec(refreshWaferSummarySql);
});

afterAll(() => engine.close());

describe('per-product KPIs and the mix-adjusted change (issue #13)', () => {
  it('reports each product\'s yields and a combined change weighted by a fixed die mix, not the pooled one', async () => {
    const yields = await engine.query(productYieldSql, productParams(null));
    const periods = await engine.query(productPeriodSql, [...productParams(null), 14, 14, 14, ...productParams(null)]);
    const kpis = productKpis(yields.toArray(), periods.toArray());
    expect(kpis.map((kpi) => kpi.product)).toEqual(['ORION', 'VEGA']);
    const change = (product: keyof typeof crafted): number => crafted[product].current[1] / crafted[product].current[0] - crafted[product].previous[1] / crafted[product].previous[0];
    for (const kpi of kpis) {
      const periods = crafted[kpi.product as keyof typeof crafted];
      expect(kpi.currentYield).toBeCloseTo(periods.current[1] / periods.current[0], 12);
      expect(kpi.previousYield).toBeCloseTo(periods.previous[1] / periods.previous[0], 12);
      const dies = periods.current[0] + periods.previous[0] + periods.older[0];
      expect(kpi.dies).toBe(dies);
      expect(kpi.yield).toBeCloseTo((periods.current[1] + periods.previous[1] + periods.older[1]) / dies, 12);
    }
    const pooled = (8685 + 880) / 10_000 - (970 + 900) / 2000;
    const dies = { ORION: 2500, VEGA: 10_000 };
    const expected = (dies.ORION * change('ORION') + dies.VEGA * change('VEGA')) / (dies.ORION + dies.VEGA);
    const adjusted = mixAdjustedChange(kpis);
    console.log(`pooled change ${(pooled * 100).toFixed(2)} pp, mix-adjusted ${((adjusted.change ?? Number.NaN) * 100).toFixed(2)} pp (ORION ${(change('ORION') * 100).toFixed(2)}, VEGA ${(change('VEGA') * 100).toFixed(2)})`);
    expect(pooled).toBeGreaterThan(0);
    expect(adjusted.change).toBeCloseTo(expected, 12);
    expect(adjusted.change).toBeLessThan(0);
    expect(adjusted.weights).toEqual({ ORION: expect.closeTo(2500 / 12_500, 12), VEGA: expect.closeTo(10_000 / 12_500, 12) });
  });

  it('gives the yields before the periods are known, and no period to a product without dies in them', async () => {
    const yields = await engine.query(productYieldSql, productParams('ORION'));
    expect(productKpis(yields.toArray())).toEqual([
      { product: 'ORION', dies: 2500, yield: expect.closeTo(2030 / 2500, 12), firstPassYield: expect.closeTo(2030 / 2500, 12), currentYield: null, previousYield: null },
    ]);
    // One day's periods: ORION's newest dies are its current period, and nothing lies in the day before.
    const periods = await engine.query(productPeriodSql, [...productParams('ORION'), 1, 1, 1, ...productParams('ORION')]);
    expect(productKpis(yields.toArray(), periods.toArray())).toMatchObject([{ currentYield: expect.closeTo(0.88, 12), previousYield: null }]);
  });
});
