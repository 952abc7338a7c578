/**
 * Limit what-if: change one test's limits (or add a guardband) and see the dies that flip, yield
 * per lot and wafer before and after, and the bins affected. Nothing in the data changes; a
 * scenario can be saved to the workspace (`screening/scenarios/`, appended) and applied later.
 * A test is (product, test key) (issue #13 §1): a number users type may name several tests.
 */
import type { SqlEngine } from '../engine/sqlEngine.ts';
import type { WorkspaceStore } from '../host/hostApi.ts';
import { appendJsonFile } from '../spc/monitor/appendOnlyFiles.ts';
import { whatIfFlipsSql, whatIfTestsSql, whatIfWaferYieldSql, type WhatIfChange } from '../sql/whatifSql.ts';
import { screeningRows } from './screen.ts';

/** A die whose result changes. */
export interface WhatIfFlip {
  lot: string;
  wafer: string;
  x: number;
  y: number;
  hardBin: number | null;
  value: number | null;
  /** "pass-to-fail" or "fail-to-pass". */
  flip: 'pass-to-fail' | 'fail-to-pass';
}

/** Yield of a lot or wafer before and after. */
export interface WhatIfYield {
  lot: string;
  /** null for the lot total. */
  wafer: string | null;
  dies: number;
  goodBefore: number;
  goodAfter: number;
  yieldBefore: number;
  yieldAfter: number;
}

/** Flips counted by the die's current hard bin. */
export interface WhatIfBin {
  hardBin: number | null;
  passToFail: number;
  failToPass: number;
}

/** The what-if answer. */
export interface WhatIfResult {
  change: WhatIfChange;
  flips: WhatIfFlip[];
  lots: WhatIfYield[];
  wafers: WhatIfYield[];
  bins: WhatIfBin[];
}

/** A test a what-if can change: its product and key, and the number and name users see. */
export interface WhatIfTest {
  product: string;
  testKey: number;
  test: number;
  testName: string | null;
}

/** How a user names a test: a number (optionally with its name), or a key; the product when several have it. */
export interface WhatIfTestChoice {
  test?: number;
  testName?: string;
  testKey?: number;
  product?: string;
}

/** The tests of the lot's product (or of every product) a what-if can change. */
export async function whatIfTests(engine: SqlEngine, lot: string | null): Promise<WhatIfTest[]> {
  const rows = await screeningRows(engine, whatIfTestsSql(lot));
  return rows.map((row) => ({ product: String(row.product), testKey: Number(row.test_key), test: Number(row.test_num), testName: row.test_name === null || row.test_name === undefined ? null : String(row.test_name) }));
}

/** The candidates a choice names: exactly one to go on; several share the number (or key, over products). */
export function matchingTests(candidates: readonly WhatIfTest[], choice: WhatIfTestChoice): WhatIfTest[] {
  return candidates.filter((candidate) =>
    (choice.test === undefined || candidate.test === choice.test)
    && (choice.testKey === undefined || candidate.testKey === choice.testKey)
    && (choice.testName === undefined || candidate.testName === choice.testName)
    && (choice.product === undefined || candidate.product === choice.product));
}

/** New limits from spec limits narrowed by a guardband, as a fraction of the spec width on each side. */
export function guardbandLimits(lo: number | null, hi: number | null, fraction: number): { lo: number | null; hi: number | null } {
  if (lo === null || hi === null) return { lo, hi };
  const margin = (hi - lo) * fraction;
  return { lo: lo + margin, hi: hi - margin };
}

function yieldOf(lot: string, wafer: string | null, dies: number, goodBefore: number, goodAfter: number): WhatIfYield {
  return { lot, wafer, dies, goodBefore, goodAfter, yieldBefore: dies > 0 ? goodBefore / dies : 0, yieldAfter: dies > 0 ? goodAfter / dies : 0 };
}

/** Evaluate a change against the workspace (read only). */
export async function runWhatIf(engine: SqlEngine, change: WhatIfChange): Promise<WhatIfResult> {
  const flipRows = await screeningRows(engine, whatIfFlipsSql(change));
  const flips: WhatIfFlip[] = flipRows.map((row) => ({
    lot: String(row.lot), wafer: String(row.wafer), x: Number(row.x), y: Number(row.y),
    hardBin: row.hard_bin === null ? null : Number(row.hard_bin), value: row.value === null ? null : Number(row.value),
    flip: row.before ? 'pass-to-fail' : 'fail-to-pass',
  }));
  const waferRows = await screeningRows(engine, whatIfWaferYieldSql(change));
  const wafers = waferRows.map((row) => yieldOf(String(row.lot), String(row.wafer), Number(row.dies), Number(row.good_before), Number(row.good_after)));
  const lotTotals = new Map<string, { dies: number; before: number; after: number }>();
  for (const wafer of wafers) {
    const total = lotTotals.get(wafer.lot) ?? { dies: 0, before: 0, after: 0 };
    total.dies += wafer.dies;
    total.before += wafer.goodBefore;
    total.after += wafer.goodAfter;
    lotTotals.set(wafer.lot, total);
  }
  const lots = [...lotTotals].map(([lot, total]) => yieldOf(lot, null, total.dies, total.before, total.after));
  const bins = new Map<number | null, WhatIfBin>();
  for (const flip of flips) {
    const bin = bins.get(flip.hardBin) ?? { hardBin: flip.hardBin, passToFail: 0, failToPass: 0 };
    if (flip.flip === 'pass-to-fail') bin.passToFail += 1;
    else bin.failToPass += 1;
    bins.set(flip.hardBin, bin);
  }
  return { change, flips, lots, wafers, bins: [...bins.values()].sort((a, b) => (a.hardBin ?? -1) - (b.hardBin ?? -1)) };
}

/** A saved what-if scenario (not applied). */
export interface WhatIfScenario {
  name: string;
  who: string;
  when: string;
  change: WhatIfChange;
  /** Dies that would flip, and the lots' yields, when it was saved. */
  flips: number;
  lots: WhatIfYield[];
}

/** Save a scenario under `screening/scenarios/` (one appended file); returns its path. */
export async function saveScenario(store: WorkspaceStore, name: string, who: string, result: WhatIfResult, at = new Date()): Promise<string> {
  if (name.trim() === '') throw new Error('a scenario needs a name');
  const scenario: WhatIfScenario = { name, who, when: at.toISOString(), change: result.change, flips: result.flips.length, lots: result.lots };
  return appendJsonFile(store, 'screening/scenarios', at, `test-${result.change.testKey}`, scenario);
}
