/**
 * Commonality (equipment) analysis: for every "<step>/<factor>" a wafer saw (tool, chamber,
 * recipe...), test whether the response differs between levels and rank the suspects.
 * Primary p-value = Kruskal-Wallis (robust for bounded, skewed yields); ANOVA p is reported too.
 */
import { mean, median } from './descriptive';
import { kruskalWallis, oneWayAnova } from './groupTests';
import { benjaminiHochbergAdjust } from './multipleTesting';

/** One wafer (or lot): its response and the level of every factor it saw. */
export interface CommonalityWafer {
  /** Unique wafer or lot key. */
  waferKey: string;
  /** Response, e.g. die yield or a bin fraction. */
  response: number;
  /** Factor levels keyed "<step>/<factor>", e.g. {"ETCH/chamber": "ETCH-02B"}. */
  factors: Readonly<Record<string, string>>;
}

/** Options for {@link rankFactors}. */
export interface CommonalityOptions {
  /** Levels with fewer wafers are flagged "small-group" (default 3). */
  minGroupSize?: number;
  /** "higher" (default, e.g. yield) or "lower" (e.g. a fail-bin fraction) is better. */
  betterDirection?: 'higher' | 'lower';
}

/** Summary of one level of a factor. */
export interface CommonalityGroup {
  /** Level name, e.g. a chamber id. */
  level: string;
  /** Number of wafers at this level. */
  n: number;
  /** Median response. */
  median: number;
  /** Mean response. */
  mean: number;
}

/** Ranked result for one factor. */
export interface CommonalityFactorResult {
  /** Process step (text before the last "/" of the key; "" if none). */
  step: string;
  /** Factor name (text after the last "/"). */
  factor: string;
  /** Level with the worst median (null for single-level factors). */
  worstLevel: string | null;
  /** Kruskal-Wallis p-value (null when not testable). */
  p: number | null;
  /** Benjamini-Hochberg adjusted p across all tested factors. */
  pAdjusted: number | null;
  /** One-way ANOVA p-value. */
  pAnova: number | null;
  /** Worst level's median minus the median of all other wafers (0 if not testable). */
  effect: number;
  /** ANOVA eta squared (null when undefined). */
  etaSquared: number | null;
  /** Kruskal-Wallis epsilon squared (null when undefined). */
  epsilonSquared: number | null;
  /** Levels sorted by name. */
  groups: CommonalityGroup[];
  /** "single-level", "small-group", "confounded-with:<step>/<factor>". */
  flags: string[];
}

interface FactorData {
  key: string;
  levels: Map<string, number[]>;
  partitionSignature: string;
}

function splitFactorKey(key: string): { step: string; factor: string } {
  const slash = key.lastIndexOf('/');
  return slash < 0 ? { step: '', factor: key } : { step: key.slice(0, slash), factor: key.slice(slash + 1) };
}

function collectFactors(wafers: readonly CommonalityWafer[]): FactorData[] {
  const ordered = [...wafers].filter((wafer) => Number.isFinite(wafer.response)).sort((left, right) => (left.waferKey < right.waferKey ? -1 : left.waferKey > right.waferKey ? 1 : 0));
  const keys = [...new Set(ordered.flatMap((wafer) => Object.keys(wafer.factors)))].sort();
  return keys.map((key) => {
    const levels = new Map<string, number[]>();
    const firstSeen = new Map<string, number>();
    const signature: number[] = [];
    for (const wafer of ordered) {
      const level = wafer.factors[key];
      if (level === undefined) {
        signature.push(-1);
        continue;
      }
      if (!firstSeen.has(level)) firstSeen.set(level, firstSeen.size);
      signature.push(firstSeen.get(level) ?? -1);
      const responses = levels.get(level) ?? [];
      responses.push(wafer.response);
      levels.set(level, responses);
    }
    return { key, levels, partitionSignature: signature.join(',') };
  });
}

function chooseWorstLevel(groups: readonly CommonalityGroup[], lowerIsBetter: boolean): CommonalityGroup | undefined {
  const sign = lowerIsBetter ? -1 : 1;
  return [...groups].sort((left, right) => sign * (left.median - right.median) || sign * (left.mean - right.mean) || (left.level < right.level ? -1 : 1))[0];
}

function analyseFactor(data: FactorData, options: Required<CommonalityOptions>): CommonalityFactorResult {
  const { step, factor } = splitFactorKey(data.key);
  const levelNames = [...data.levels.keys()].sort();
  const samples = levelNames.map((level) => data.levels.get(level) ?? []);
  const groups = levelNames.map((level, index) => {
    const values = samples[index] ?? [];
    return { level, n: values.length, median: median(values), mean: mean(values) };
  });
  const flags: string[] = [];
  if (groups.some((group) => group.n < options.minGroupSize)) flags.push('small-group');
  if (groups.length < 2) {
    flags.unshift('single-level');
    return { step, factor, worstLevel: null, p: null, pAdjusted: null, pAnova: null, effect: 0, etaSquared: null, epsilonSquared: null, groups, flags };
  }
  const lowerIsBetter = options.betterDirection === 'lower';
  const worst = chooseWorstLevel(groups, lowerIsBetter);
  const worstLevel = worst?.level ?? null;
  const rest = levelNames.flatMap((level, index) => (level === worstLevel ? [] : (samples[index] ?? [])));
  const effect = (worst?.median ?? Number.NaN) - median(rest);
  const kruskal = kruskalWallis(samples);
  const anova = oneWayAnova(samples);
  return {
    step,
    factor,
    worstLevel,
    p: Number.isNaN(kruskal.p) ? null : kruskal.p,
    pAdjusted: null,
    pAnova: Number.isNaN(anova.p) ? null : anova.p,
    effect,
    etaSquared: Number.isNaN(anova.etaSquared) ? null : anova.etaSquared,
    epsilonSquared: Number.isNaN(kruskal.epsilonSquared) ? null : kruskal.epsilonSquared,
    groups,
    flags,
  };
}

function markConfounding(factors: readonly FactorData[], results: CommonalityFactorResult[]): void {
  const indexesBySignature = new Map<string, number[]>();
  factors.forEach((data, index) => {
    if (data.levels.size < 2) return;
    const sameSignature = indexesBySignature.get(data.partitionSignature) ?? [];
    sameSignature.push(index);
    indexesBySignature.set(data.partitionSignature, sameSignature);
  });
  for (const indexes of indexesBySignature.values()) {
    for (const index of indexes) {
      for (const otherIndex of indexes) {
        const other = factors[otherIndex];
        if (otherIndex !== index && other) results[index]?.flags.push(`confounded-with:${other.key}`);
      }
    }
  }
}

function compareResults(left: CommonalityFactorResult, right: CommonalityFactorResult): number {
  const leftP = left.pAdjusted ?? Number.POSITIVE_INFINITY;
  const rightP = right.pAdjusted ?? Number.POSITIVE_INFINITY;
  if (leftP !== rightP) return leftP < rightP ? -1 : 1;
  const effectOrder = Math.abs(right.effect) - Math.abs(left.effect);
  if (effectOrder !== 0 && !Number.isNaN(effectOrder)) return effectOrder;
  const leftKey = `${left.step}/${left.factor}`;
  const rightKey = `${right.step}/${right.factor}`;
  return leftKey < rightKey ? -1 : leftKey > rightKey ? 1 : 0;
}

/** Rank every factor by BH-adjusted Kruskal-Wallis p, then by |effect|, then by key (deterministic). */
export function rankFactors(wafers: readonly CommonalityWafer[], options: CommonalityOptions = {}): CommonalityFactorResult[] {
  const resolved: Required<CommonalityOptions> = { minGroupSize: options.minGroupSize ?? 3, betterDirection: options.betterDirection ?? 'higher' };
  const factors = collectFactors(wafers);
  const results = factors.map((data) => analyseFactor(data, resolved));
  markConfounding(factors, results);
  const adjusted = benjaminiHochbergAdjust(results.map((result) => result.p ?? Number.NaN));
  results.forEach((result, index) => {
    const value = adjusted[index];
    result.pAdjusted = value === undefined || Number.isNaN(value) ? null : value;
  });
  return results.sort(compareResults);
}
