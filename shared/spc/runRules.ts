/**
 * Western Electric (1–4) and Nelson (1–8) run rules with the conventions of SPC_YIELD.md §2.7:
 * the flagged index is the point completing the pattern, zone boundaries are strict (|z| > 1, 2, 3;
 * Nelson 7 "within" is |z| ≤ 1), sides are judged one at a time, a point on the center line breaks
 * a same-side run, equal consecutive values break trends and alternation, and when several rules
 * fire on one point the lowest rule number is reported.
 */

/** Rule identifiers: Western Electric WE1–WE4, Nelson N1–N8. */
export type RuleName = 'WE1' | 'WE2' | 'WE3' | 'WE4' | 'N1' | 'N2' | 'N3' | 'N4' | 'N5' | 'N6' | 'N7' | 'N8';

/** Western Electric rules 1–4. */
export const WESTERN_ELECTRIC_RULES: readonly RuleName[] = ['WE1', 'WE2', 'WE3', 'WE4'];
/** Nelson rules 1–8. */
export const NELSON_RULES: readonly RuleName[] = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'];

/** What a rule needs from a plotted point: its value, center line and statistic sigma. */
export interface RulePoint {
  value: number;
  center: number;
  sigma: number;
}

/** Standardized distance from the center line; NaN when it cannot be judged. */
function standardize(point: RulePoint): number {
  if (!(point.sigma > 0) || !Number.isFinite(point.value)) return Number.NaN;
  return (point.value - point.center) / point.sigma;
}

/** Flags the points beyond `threshold` sigmas on either side. */
function beyondLimit(scores: readonly number[], threshold: number): boolean[] {
  return scores.map((score) => Math.abs(score) > threshold);
}

/** "k of m in a row beyond threshold, same side"; the completing point must itself be beyond. */
function kOfMBeyond(scores: readonly number[], k: number, m: number, threshold: number): boolean[] {
  return scores.map((score, index) => {
    if (index < m - 1) return false;
    for (const side of [1, -1]) {
      if (!(side * score > threshold)) continue;
      let count = 0;
      for (let back = index - m + 1; back <= index; back += 1) if (side * (scores[back] ?? 0) > threshold) count += 1;
      if (count >= k) return true;
    }
    return false;
  });
}

/** `length` points in a row strictly on one side of the center line. */
function sameSideRun(scores: readonly number[], length: number): boolean[] {
  let above = 0;
  let below = 0;
  return scores.map((score) => {
    above = score > 0 ? above + 1 : 0;
    below = score < 0 ? below + 1 : 0;
    return above >= length || below >= length;
  });
}

/** `length` points in a row steadily increasing or decreasing (ties break the run). */
function trendRun(values: readonly number[], length: number): boolean[] {
  let rising = 0;
  let falling = 0;
  return values.map((value, index) => {
    const step = index === 0 ? Number.NaN : value - (values[index - 1] ?? Number.NaN);
    rising = step > 0 ? rising + 1 : 0;
    falling = step < 0 ? falling + 1 : 0;
    return rising >= length - 1 || falling >= length - 1;
  });
}

/** `length` points in a row alternating up and down (length − 1 differences alternating in sign). */
function alternatingRun(values: readonly number[], length: number): boolean[] {
  let chain = 0;
  let previousStep = Number.NaN;
  return values.map((value, index) => {
    const step = index === 0 ? Number.NaN : value - (values[index - 1] ?? Number.NaN);
    if (!(step !== 0 && Number.isFinite(step))) chain = 0;
    else chain = previousStep * step < 0 ? chain + 1 : 1;
    previousStep = step;
    return chain >= length - 1;
  });
}

/** `length` points in a row within one sigma (|z| ≤ 1, either side). */
function withinOneSigmaRun(scores: readonly number[], length: number): boolean[] {
  let run = 0;
  return scores.map((score) => {
    run = Math.abs(score) <= 1 ? run + 1 : 0;
    return run >= length;
  });
}

/** `length` points in a row beyond one sigma with points on both sides among them. */
function mixtureRun(scores: readonly number[], length: number): boolean[] {
  let run = 0;
  return scores.map((score, index) => {
    run = Math.abs(score) > 1 ? run + 1 : 0;
    if (run < length) return false;
    const window = scores.slice(index - length + 1, index + 1);
    return window.some((value) => value > 1) && window.some((value) => value < -1);
  });
}

/** Evaluate one rule; returns a flag per point. */
function ruleFlags(rule: RuleName, scores: readonly number[], values: readonly number[]): boolean[] {
  switch (rule) {
    case 'WE1':
    case 'N1':
      return beyondLimit(scores, 3);
    case 'WE2':
    case 'N5':
      return kOfMBeyond(scores, 2, 3, 2);
    case 'WE3':
    case 'N6':
      return kOfMBeyond(scores, 4, 5, 1);
    case 'WE4':
      return sameSideRun(scores, 8);
    case 'N2':
      return sameSideRun(scores, 9);
    case 'N3':
      return trendRun(values, 6);
    case 'N4':
      return alternatingRun(values, 14);
    case 'N7':
      return withinOneSigmaRun(scores, 15);
    case 'N8':
      return mixtureRun(scores, 8);
  }
}

/** 0-based indices at which one rule fires on the given points. */
export function ruleViolationIndices(rule: RuleName, points: readonly RulePoint[]): number[] {
  const flags = ruleFlags(rule, points.map(standardize), points.map((point) => point.value));
  const indices: number[] = [];
  flags.forEach((flagged, index) => {
    if (flagged) indices.push(index);
  });
  return indices;
}

/** Rule number used for precedence (WE1 and N1 are both 1). */
function ruleNumber(rule: RuleName): number {
  return Number(rule.replace(/^\D+/, ''));
}

/** One violation per flagged point, naming the lowest-numbered rule that fired there. */
export function evaluateRules(
  points: readonly RulePoint[],
  rules: readonly RuleName[],
): { index: number; rule: RuleName }[] {
  const ordered = [...rules].sort((left, right) => ruleNumber(left) - ruleNumber(right));
  const winner = new Map<number, RuleName>();
  for (const rule of ordered) {
    for (const index of ruleViolationIndices(rule, points)) if (!winner.has(index)) winner.set(index, rule);
  }
  return [...winner.entries()].sort(([left], [right]) => left - right).map(([index, rule]) => ({ index, rule }));
}

/**
 * Parse a rule selection: "we", "nelson", "none", numbers ("1,2,5" = Nelson rules 1, 2, 5) or
 * names ("WE1,N3"). Throws on anything else.
 */
export function parseRuleSelection(text: string): RuleName[] {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'we' || trimmed === 'western-electric') return [...WESTERN_ELECTRIC_RULES];
  if (trimmed === 'nelson') return [...NELSON_RULES];
  if (trimmed === 'none' || trimmed === '') return [];
  return trimmed.split(',').map((part) => {
    const token = part.trim().toUpperCase();
    const name = /^\d+$/.test(token) ? `N${token}` : token;
    if (!(WESTERN_ELECTRIC_RULES.includes(name as RuleName) || NELSON_RULES.includes(name as RuleName))) {
      throw new Error(`unknown run rule "${part.trim()}" (use we, nelson, 1..8, WE1..WE4 or N1..N8)`);
    }
    return name as RuleName;
  });
}
