/**
 * From one row per unit (wafer or lot) per factor to ranked commonality findings. The statistics
 * are shared/stats rankFactors (Kruskal-Wallis, ANOVA, Benjamini-Hochberg, partitions); this
 * module adapts its output to the commonality report: worst level for parametric responses,
 * named confounding partners, and the date the worst level went bad.
 */
import { median, rankFactors, type CommonalityFactorResult, type CommonalityWafer } from '../stats/index.ts';
import type { CommonalityResponseSpec } from '../sql/commonalitySql.ts';
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
}

/** Flags a finding can carry. */
export type CommonalityFlag = 'confounded' | 'small-group' | 'single-level';

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

function toFinding(result: CommonalityFactorResult, rows: readonly CommonalityUnitRow[], response: CommonalityResponseSpec): CommonalityFinding {
  const parametric = response.kind === 'test' ? parametricWorst(result, rows) : null;
  const worstLevel = parametric?.worstLevel ?? result.worstLevel;
  const effect = parametric?.effect ?? result.effect;
  const confoundedWith = result.flags.filter((flag) => flag.startsWith('confounded-with:')).map((flag) => flag.slice('confounded-with:'.length));
  const flags: CommonalityFlag[] = [];
  if (confoundedWith.length > 0) flags.push('confounded');
  if (result.flags.includes('small-group')) flags.push('small-group');
  if (result.flags.includes('single-level')) flags.push('single-level');
  const worstPoints = rows.filter((row) => row.level === worstLevel && row.stepTime !== null).map((row) => ({ time: row.stepTime ?? 0, response: row.response }));
  // A drop date is only worth reading for a factor that stands out at all.
  const significant = result.pAdjusted !== null && result.pAdjusted < significanceForDropDate && effect !== 0;
  const dropTime = worstLevel === null || !significant ? null : detectDropTime(worstPoints, effect < 0 ? 'down' : 'up');
  return {
    step: result.step,
    factor: result.factor,
    worstLevel,
    p: result.p,
    pAdjusted: result.pAdjusted,
    pAnova: result.pAnova,
    effect,
    etaSquared: result.etaSquared,
    groups: result.groups.map((group) => ({ level: group.level, n: group.n, median: group.median })),
    flags,
    confoundedWith,
    worstLevelSince: dropTime === null ? null : new Date(dropTime).toISOString(),
  };
}

/** Rank order: adjusted p ascending (untestable last), then |effect| descending, then step/factor. */
export function compareFindings(left: CommonalityFinding, right: CommonalityFinding): number {
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
  const finite = rows.filter((row) => Number.isFinite(row.response));
  const results = rankFactors(collectUnits(finite), { minGroupSize: minimumGroupSize, betterDirection: response.kind === 'bin' ? 'lower' : 'higher' });
  const rowsByFactor = new Map<string, CommonalityUnitRow[]>();
  for (const row of finite) {
    const key = factorKey(row.step, row.factor);
    const list = rowsByFactor.get(key) ?? [];
    list.push(row);
    rowsByFactor.set(key, list);
  }
  return results.map((result) => toFinding(result, rowsByFactor.get(factorKey(result.step, result.factor)) ?? [], response)).sort(compareFindings);
}
