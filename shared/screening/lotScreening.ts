/**
 * The screening panel's answer for one lot: several rules run together, the dies each rejects,
 * and the lot's yield before and after taking every rejected die out (a die rejected by two rules
 * counts once).
 */
import type { SqlEngine } from '../engine/sqlEngine.ts';
import { lotDieCountsSql, lotWafersSql, passingTestValuesSql } from '../sql/screeningSql.ts';
import { productOfLot, runScreen, screeningRows } from './screen.ts';
import type { ScreenMethod, ScreenOutlier, ScreenRequest, ScreenResult } from './types.ts';

/** One rule's result, how many distinct dies it rejects, and whether its rejects count (the user's choice). */
export interface RuleScreening {
  method: ScreenMethod;
  result: ScreenResult;
  rejectedDies: number;
  applied: boolean;
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
  /** Distinct passing dies rejected by any applied rule. */
  screenedDies: number;
  yieldBefore: number;
  yieldAfter: number;
}

/** Options of the panel: PAT's k and scope, NNR's k, GDBN's failing-neighbour count, the cluster rule's smallest cluster. */
export interface LotScreeningOptions {
  patK?: number;
  scope?: 'lot' | 'wafer';
  nnrK?: number;
  minBad?: number;
  minCluster?: number;
}

/**
 * Rules whose rejects take dies out unless the user chooses otherwise: DPAT (AEC-Q001), GDBN and NNR.
 * The cluster rule is run and its count shown, but it is opt-in: on the sample lot OR26001 it alone
 * rejects 932 of 13,207 passing dies (7 %) at its smallest cluster of 5, far more than the other three
 * together, and how much of a cluster's rim to ink is a customer's decision, not a default.
 */
export const defaultAppliedRules: readonly ScreenMethod[] = ['dpat', 'gdbn', 'nnr'];

/** The request that runs one rule on a lot with the panel's options (each rule takes its own k). */
export function ruleRequest(method: ScreenMethod, lot: string, options: LotScreeningOptions = {}): ScreenRequest {
  const k = method === 'nnr' ? options.nnrK : method === 'dpat' || method === 'spat' ? options.patK : undefined;
  return { method, lot, scope: options.scope, k, minBad: options.minBad, minCluster: options.minCluster };
}

/** Key of a die within a lot. */
export function dieKey(outlier: Pick<ScreenOutlier, 'wafer' | 'x' | 'y'>): string {
  return `${outlier.wafer ?? ''}|${outlier.x ?? ''}|${outlier.y ?? ''}`;
}

/** Distinct dies (with coordinates) among the outliers. */
export function rejectedDieKeys(outliers: readonly ScreenOutlier[]): Set<string> {
  return new Set(outliers.filter((outlier) => outlier.x !== null && outlier.y !== null).map(dieKey));
}

/**
 * Run the die rules on a lot, one after the other (they share one engine); the rejects of the `applied`
 * ones (default: all that run) make the yield after.
 */
export async function screenLot(engine: SqlEngine, lot: string, methods: readonly ScreenMethod[], options: LotScreeningOptions = {}, applied: readonly ScreenMethod[] = methods): Promise<LotScreening> {
  const product = await productOfLot(engine, lot);
  const counts = (await screeningRows(engine, lotDieCountsSql(lot)))[0] ?? {};
  const dies = Number(counts.dies ?? 0);
  const good = Number(counts.good ?? 0);
  const wafers = (await screeningRows(engine, lotWafersSql(lot))).map((row) => String(row.wafer)).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const rules: RuleScreening[] = [];
  for (const method of methods) {
    const result = await runScreen(engine, ruleRequest(method, lot, options));
    rules.push({ method, result, rejectedDies: rejectedDieKeys(result.outliers).size, applied: false });
  }
  return applyRules({ lot, product, dies, good, wafers, rules, screenedDies: 0, yieldBefore: dies > 0 ? good / dies : 0, yieldAfter: 0 }, applied);
}

/** The same screening with another choice of applied rules: dies rejected by any of them and the yield after (nothing re-run). */
export function applyRules(screening: LotScreening, applied: readonly ScreenMethod[]): LotScreening {
  const rules = screening.rules.map((rule) => ({ ...rule, applied: applied.includes(rule.method) }));
  const screenedDies = appliedDieKeys({ ...screening, rules }).size;
  const { dies, good } = screening;
  return { ...screening, rules, screenedDies, yieldAfter: dies > 0 ? (good - screenedDies) / dies : 0 };
}

/** Distinct dies (wafer|x|y) the applied rules reject. */
export function appliedDieKeys(screening: Pick<LotScreening, 'rules'>): Set<string> {
  return rejectedDieKeys(screening.rules.filter((rule) => rule.applied).flatMap((rule) => rule.result.outliers));
}

/** One test's (by key) passing values on a lot and its spec limits, for the panel's histogram. */
export async function passingTestValues(engine: SqlEngine, lot: string, testKey: number): Promise<{ values: Float64Array; specLow: number | null; specHigh: number | null }> {
  const rows = await screeningRows(engine, passingTestValuesSql(lot, testKey));
  const limit = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
  return { values: Float64Array.from(rows, (row) => Number(row.value)), specLow: limit(rows[0]?.spec_lo), specHigh: limit(rows[0]?.spec_hi) };
}
