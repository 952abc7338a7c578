/**
 * From one row per unit (wafer or lot) per factor to ranked commonality findings. The statistics
 * are shared/stats rankFactors (Kruskal-Wallis, ANOVA, Benjamini-Hochberg, partitions); this
 * module adapts its output to the commonality report: worst level for parametric responses,
 * named confounding partners, and the date the worst level went bad.
 *
 * Issue #13: units of several products are compared within their product (each response minus
 * its product's median), so a recipe that is only a product's recipe carries no effect; "which"
 * factors (equipment) are ranked by their strongest level change (commonalityChange.ts), apart
 * from "when" factors (the processing week), which the user cannot act on and which come last.
 */
import { benjaminiHochbergAdjust, median, rankFactors, type CommonalityFactorResult, type CommonalityWafer } from '../stats/index.ts';
import type { CommonalityResponseSpec } from '../sql/commonalitySql.ts';
import { levelChanges, type LevelChange } from './commonalityChange.ts';
import { detectDropTime } from './commonalityChangePoint.ts';

/** One unit (wafer, or lot for lot yield) at one factor, as the SQL returns it. */
export interface CommonalityUnitRow {
  /** Unit key: "LOT/WAFER" or "LOT". */
  unit: string;
  /** Response of the unit. */
  response: number;
  /** Process step, e.g. "ETCH" or "TEST". */
  step: string;
  /** Factor at the step: tool, chamber, recipe, tester, probe_card, week... */
  factor: string;
  /** Level the unit saw. */
  level: string;
  /** When the unit went through the step (epoch ms), or null. */
  stepTime: number | null;
  /** The unit's product (null when unknown). */
  product?: string | null;
}

/** "which": equipment the user can act on (tool, chamber, recipe, tester...); "when": a time window (week). */
export type CommonalityFactorKind = 'which' | 'when';

/** Factors that name a time window rather than equipment. */
export const timeFactors: ReadonlySet<string> = new Set(['week']);

/** Flags a finding can carry. */
export type CommonalityFlag = 'confounded' | 'small-group' | 'single-level' | 'same-as-product';

/** One level of a factor: how many units saw it and their median response. */
export interface CommonalityLevelGroup {
  /** Level name. */
  level: string;
  /** Units at the level. */
  n: number;
  /** Median response. */
  median: number;
}

/** One ranked factor. */
export interface CommonalityFinding {
  /** Process step. */
  step: string;
  /** Factor name. */
  factor: string;
  /** Level with the worst median response (null when nothing to compare). */
  worstLevel: string | null;
  /** Kruskal-Wallis p-value. */
  p: number | null;
  /** Benjamini-Hochberg adjusted p across all factors. */
  pAdjusted: number | null;
  /** One-way ANOVA p-value. */
  pAnova: number | null;
  /** Median of the worst level minus the median of all other units. */
  effect: number;
  /** ANOVA eta squared. */
  etaSquared: number | null;
  /** Levels sorted by name. */
  groups: CommonalityLevelGroup[];
  /** confounded, small-group, single-level. */
  flags: CommonalityFlag[];
  /** "<step>/<factor>" keys with the identical unit partition (the "confounded" partners). */
  confoundedWith: string[];
  /** Step time (ISO) from which the worst level's response dropped, when a clear shift exists. */
  worstLevelSince: string | null;
  /** Equipment ("which") or time window ("when"). */
  kind: CommonalityFactorKind;
  /** The level with the strongest change (which factors only), or null. */
  change: LevelChange | null;
  /** Benjamini-Hochberg adjusted p of the change across the which factors. */
  changePAdjusted: number | null;
  /** Every level's change, worst first (which factors only). */
  levelChanges: LevelChange[];
}

/** Groups smaller than this are flagged "small-group". */
export const minimumGroupSize = 5;

/** The worst level's drop date is searched only for factors with an adjusted p below this. */
const significanceForDropDate = 0.05;

function factorKey(step: string, factor: string): string {
  return `${step}/${factor}`;
}

function collectUnits(rows: readonly CommonalityUnitRow[]): CommonalityWafer[] {
  const units = new Map<string, { waferKey: string; response: number; factors: Record<string, string> }>();
  for (const row of rows) {
    let unit = units.get(row.unit);
    if (!unit) {
      unit = { waferKey: row.unit, response: row.response, factors: {} };
      units.set(row.unit, unit);
    }
    unit.factors[factorKey(row.step, row.factor)] = row.level;
  }
  return [...units.values()];
}

/** For a parametric response the worst level is the one furthest from the overall median. */
function parametricWorst(result: CommonalityFactorResult, rows: readonly CommonalityUnitRow[]): { worstLevel: string; effect: number } | null {
  if (result.groups.length < 2) return null;
  const overall = median(rows.map((row) => row.response));
  const worst = [...result.groups].sort((left, right) => Math.abs(right.median - overall) - Math.abs(left.median - overall) || (left.level < right.level ? -1 : 1))[0];
  if (!worst) return null;
  const rest = rows.filter((row) => row.level !== worst.level).map((row) => row.response);
  return { worstLevel: worst.level, effect: worst.median - median(rest) };
}

/** The earliest drop of the level's series within any one product (another product's units would blur the step). */
function dropTimeWithinProduct(rows: readonly CommonalityUnitRow[], direction: 'down' | 'up'): number | null {
  const products = [...new Set(rows.map((row) => row.product ?? ''))];
  const times = products.map((product) => detectDropTime(rows.filter((row) => (row.product ?? '') === product).map((row) => ({ time: row.stepTime ?? 0, response: row.response })), direction));
  const found = times.filter((time): time is number => time !== null);
  return found.length > 0 ? Math.min(...found) : null;
}

/** Median of a level's units minus the median of the other units (whole history). */
function levelEffect(rows: readonly CommonalityUnitRow[], level: string): number {
  const [inside, outside] = [rows.filter((row) => row.level === level), rows.filter((row) => row.level !== level)];
  return inside.length > 0 && outside.length > 0 ? median(inside.map((row) => row.response)) - median(outside.map((row) => row.response)) : 0;
}

function toFinding(result: CommonalityFactorResult, rows: readonly CommonalityUnitRow[], response: CommonalityResponseSpec): CommonalityFinding {
  const parametric = response.kind === 'test' ? parametricWorst(result, rows) : null;
  const worstLevel = parametric?.worstLevel ?? result.worstLevel;
  const effect = parametric?.effect ?? result.effect;
  const confoundedWith = result.flags.filter((flag) => flag.startsWith('confounded-with:')).map((flag) => flag.slice('confounded-with:'.length));
  const flags: CommonalityFlag[] = [];
  if (confoundedWith.length > 0) flags.push('confounded');
  if (result.flags.includes('small-group')) flags.push('small-group');
  if (result.flags.includes('single-level')) flags.push('single-level');
  const kind: CommonalityFactorKind = timeFactors.has(result.factor) ? 'when' : 'which';
  const direction = response.kind === 'test' ? 'either' : response.kind === 'bin' ? 'up' : 'down';
  const changes = kind === 'which' ? levelChanges(rows.map((row) => ({ level: row.level, time: row.stepTime, response: row.response })), direction) : [];
  const change = changes[0] ?? null;
  // Equipment names the level that changed most when that change is clear; otherwise the worst level of its whole history.
  const changedLevel = change !== null && change.p < significanceForDropDate / 10 ? change.level : null;
  const reportedWorst = changedLevel ?? worstLevel;
  const reportedEffect = changedLevel !== null && changedLevel !== worstLevel ? levelEffect(rows, changedLevel) : effect;
  const worstRows = rows.filter((row) => row.level === reportedWorst && row.stepTime !== null);
  // A drop date is only worth reading for a factor that stands out at all (in its whole history or after its change).
  const changeSignificant = change !== null && change.p < significanceForDropDate / 10;
  const significant = ((result.pAdjusted !== null && result.pAdjusted < significanceForDropDate) || changeSignificant) && reportedEffect !== 0;
  const dropTime = reportedWorst === null || !significant ? null : dropTimeWithinProduct(worstRows, reportedEffect < 0 ? 'down' : 'up');
  return {
    step: result.step,
    factor: result.factor,
    worstLevel: reportedWorst,
    p: result.p,
    pAdjusted: result.pAdjusted,
    pAnova: result.pAnova,
    effect: reportedEffect,
    etaSquared: result.etaSquared,
    groups: result.groups.map((group) => ({ level: group.level, n: group.n, median: group.median })),
    flags,
    confoundedWith,
    worstLevelSince: dropTime === null ? null : new Date(dropTime).toISOString(),
    kind,
    change,
    changePAdjusted: null,
    levelChanges: changes,
  };
}

/**
 * Rank order: which factors before when factors; which factors by their change z (largest first),
 * then as the when factors: adjusted p ascending (untestable last), |effect| descending, step/factor.
 */
export function compareFindings(left: CommonalityFinding, right: CommonalityFinding): number {
  if (left.kind !== right.kind) return left.kind === 'which' ? -1 : 1;
  const [leftZ, rightZ] = [left.change?.z ?? Number.NEGATIVE_INFINITY, right.change?.z ?? Number.NEGATIVE_INFINITY];
  if (leftZ !== rightZ) return rightZ > leftZ ? 1 : -1;
  const leftP = left.pAdjusted ?? Number.POSITIVE_INFINITY;
  const rightP = right.pAdjusted ?? Number.POSITIVE_INFINITY;
  if (leftP !== rightP) return leftP < rightP ? -1 : 1;
  const effectOrder = Math.abs(right.effect) - Math.abs(left.effect);
  if (effectOrder !== 0 && !Number.isNaN(effectOrder)) return effectOrder;
  const leftKey = factorKey(left.step, left.factor);
  const rightKey = factorKey(right.step, right.factor);
  return leftKey < rightKey ? -1 : leftKey > rightKey ? 1 : 0;
}

/**
 * Rank every factor of the rows. Worst level: lowest median yield, highest median bin fraction, or
 * for a test mean the largest absolute shift from the overall median.
 */
export function rankCommonalityRows(rows: readonly CommonalityUnitRow[], response: CommonalityResponseSpec): CommonalityFinding[] {
  const finite = withinProduct(rows.filter((row) => Number.isFinite(row.response)));
  const results = rankFactors(collectUnits(finite), { minGroupSize: minimumGroupSize, betterDirection: response.kind === 'bin' ? 'lower' : 'higher' });
  const rowsByFactor = new Map<string, CommonalityUnitRow[]>();
  for (const row of finite) {
    const key = factorKey(row.step, row.factor);
    const list = rowsByFactor.get(key) ?? [];
    list.push(row);
    rowsByFactor.set(key, list);
  }
  const findings = results.map((result) => {
    const factorRows = rowsByFactor.get(factorKey(result.step, result.factor)) ?? [];
    const finding = toFinding(result, factorRows, response);
    // A level that is only one product's (a product's recipe) is the product, not a cause: nothing to rank.
    return sameAsProduct(factorRows) ? { ...finding, flags: [...finding.flags, 'same-as-product' as const], change: null, levelChanges: [], worstLevelSince: null } : finding;
  });
  const which = findings.filter((finding) => finding.change !== null);
  benjaminiHochbergAdjust(which.map((finding) => finding.change?.p ?? Number.NaN)).forEach((value, index) => {
    const finding = which[index];
    if (finding) finding.changePAdjusted = Number.isNaN(value) ? null : value;
  });
  return findings.sort(compareFindings);
}

/** Whether, over several products, each product has one level of the factor and each level one product. */
function sameAsProduct(rows: readonly CommonalityUnitRow[]): boolean {
  if (!spansProducts(rows)) return false;
  const levelOfProduct = new Map<string, Set<string>>();
  const productOfLevel = new Map<string, Set<string>>();
  for (const row of rows) {
    const product = row.product ?? '';
    levelOfProduct.set(product, (levelOfProduct.get(product) ?? new Set()).add(row.level));
    productOfLevel.set(row.level, (productOfLevel.get(row.level) ?? new Set()).add(product));
  }
  return [...levelOfProduct.values(), ...productOfLevel.values()].every((set) => set.size === 1);
}

/** Whether the rows hold units of more than one product (then responses are compared within product). */
export function spansProducts(rows: readonly CommonalityUnitRow[]): boolean {
  return new Set(rows.map((row) => row.product ?? null)).size > 1;
}

/**
 * Units of several products: each response minus the median of its product's units, so levels
 * are compared within product (a level that is only one product's is not a cause). One product:
 * unchanged.
 */
export function withinProduct(rows: readonly CommonalityUnitRow[]): CommonalityUnitRow[] {
  if (!spansProducts(rows)) return [...rows];
  const byProduct = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const units = byProduct.get(row.product ?? '') ?? new Map<string, number>();
    units.set(row.unit, row.response);
    byProduct.set(row.product ?? '', units);
  }
  const medians = new Map([...byProduct].map(([product, units]) => [product, median([...units.values()])]));
  return rows.map((row) => ({ ...row, response: row.response - (medians.get(row.product ?? '') ?? 0) }));
}
