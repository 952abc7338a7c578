/**
 * The screening panel's answer for one lot: several rules run together, the dies each rejects,
 * and the lot's yield before and after taking every rejected die out (a die rejected by two rules
 * counts once).
 */
import type { SqlEngine } from '../engine/sqlEngine.ts';
import { lotDieCountsSql, lotWafersSql, passingTestValuesSql } from '../sql/screeningSql.ts';
import { productOfLot, runScreen, screeningRows } from './screen.ts';
import type { ScreenMethod, ScreenOutlier, ScreenResult } from './types.ts';

/** One rule's result and how many distinct dies it rejects. */
export interface RuleScreening {
  method: ScreenMethod;
  result: ScreenResult;
  rejectedDies: number;
}

/** Every rule's result on a lot and the yield before and after. */
export interface LotScreening {
  lot: string;
  product: string;
  dies: number;
  good: number;
  /** Wafers with mapped dies, in natural order (2 before 10). */
  wafers: string[];
  rules: RuleScreening[];
  /** Distinct passing dies rejected by any rule. */
  screenedDies: number;
  yieldBefore: number;
  yieldAfter: number;
}

/** Options of the panel: PAT's k and scope, NNR's k, GDBN's failing-neighbour count. */
export interface LotScreeningOptions {
  patK?: number;
  scope?: 'lot' | 'wafer';
  nnrK?: number;
  minBad?: number;
}

/** Key of a die within a lot. */
export function dieKey(outlier: Pick<ScreenOutlier, 'wafer' | 'x' | 'y'>): string {
  return `${outlier.wafer ?? ''}|${outlier.x ?? ''}|${outlier.y ?? ''}`;
}

/** Distinct dies (with coordinates) among the outliers. */
export function rejectedDieKeys(outliers: readonly ScreenOutlier[]): Set<string> {
  return new Set(outliers.filter((outlier) => outlier.x !== null && outlier.y !== null).map(dieKey));
}

/** Run the die rules on a lot, one after the other (they share one engine). */
export async function screenLot(engine: SqlEngine, lot: string, methods: readonly ScreenMethod[], options: LotScreeningOptions = {}): Promise<LotScreening> {
  const product = await productOfLot(engine, lot);
  const counts = (await screeningRows(engine, lotDieCountsSql(lot)))[0] ?? {};
  const dies = Number(counts.dies ?? 0);
  const good = Number(counts.good ?? 0);
  const wafers = (await screeningRows(engine, lotWafersSql(lot))).map((row) => String(row.wafer)).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const rules: RuleScreening[] = [];
  for (const method of methods) {
    const k = method === 'nnr' ? options.nnrK : method === 'dpat' || method === 'spat' ? options.patK : undefined;
    const result = await runScreen(engine, { method, lot, scope: options.scope, k, minBad: options.minBad });
    rules.push({ method, result, rejectedDies: rejectedDieKeys(result.outliers).size });
  }
  const screenedDies = rejectedDieKeys(rules.flatMap((rule) => rule.result.outliers)).size;
  return {
    lot, product, dies, good, wafers, rules, screenedDies,
    yieldBefore: dies > 0 ? good / dies : 0,
    yieldAfter: dies > 0 ? (good - screenedDies) / dies : 0,
  };
}

/** One test's (by key) passing values on a lot and its spec limits, for the panel's histogram. */
export async function passingTestValues(engine: SqlEngine, lot: string, testKey: number): Promise<{ values: Float64Array; specLow: number | null; specHigh: number | null }> {
  const rows = await screeningRows(engine, passingTestValuesSql(lot, testKey));
  const limit = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
  return { values: Float64Array.from(rows, (row) => Number(row.value)), specLow: limit(rows[0]?.spec_lo), specHigh: limit(rows[0]?.spec_hi) };
}
