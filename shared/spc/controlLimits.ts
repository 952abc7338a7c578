/**
 * Limits management: phase I estimation with iterative removal of out-of-control points, manual
 * (frozen) limits applied to a computed chart, and an append-only record of limit changes.
 */
import { zonesFor, type ChartOptions, type ChartSeries, type ControlChart } from './chartTypes.ts';
import { evaluateRules, WESTERN_ELECTRIC_RULES, type RuleName } from './runRules.ts';

/** Result of phase I: the final chart and the 0-based indices removed from the estimation. */
export interface PhaseOneResult {
  chart: ControlChart;
  removed: number[];
  iterations: number;
}

/** Options of the phase I loop. */
export interface PhaseOneOptions {
  /** Stop after this many recomputations; default 10. */
  maxIterations?: number;
  /** Rules whose violations remove a point; default rule 1 only (points beyond the limits). */
  removalRules?: readonly RuleName[];
}

/**
 * Phase I: compute the chart, drop the points violating `removalRules` from the estimation, and
 * recompute until no new point is dropped. `build` receives the options to compute with (the
 * caller's base options plus the growing `exclude` list), so any chart function fits.
 */
export function phaseOneLimits(
  build: (options: ChartOptions) => ControlChart,
  baseOptions: ChartOptions = {},
  loop: PhaseOneOptions = {},
): PhaseOneResult {
  const removed = new Set<number>(baseOptions.exclude ?? []);
  const removalRules = loop.removalRules ?? ['WE1'];
  const maxIterations = loop.maxIterations ?? 10;
  let chart = build({ ...baseOptions, exclude: [...removed] });
  let iterations = 1;
  while (iterations < maxIterations) {
    const fresh = evaluateRules(chart.points, removalRules)
      .map((violation) => chart.points[violation.index]?.index ?? violation.index)
      .filter((index) => !removed.has(index));
    if (fresh.length === 0) break;
    for (const index of fresh) removed.add(index);
    chart = build({ ...baseOptions, exclude: [...removed] });
    iterations += 1;
  }
  return { chart, removed: [...removed].sort((left, right) => left - right), iterations };
}

/** Fixed limits set by a person (or frozen from an earlier phase I). */
export interface ControlLimits {
  center: number;
  lcl: number;
  ucl: number;
}

/**
 * Replace a series' limits by constant manual ones; zone width is (UCL − LCL)/6 (symmetric limits
 * assumed) and the rules are re-evaluated against it.
 */
export function applyManualLimits(series: ChartSeries, limits: ControlLimits, rules: readonly RuleName[] = WESTERN_ELECTRIC_RULES): ChartSeries {
  if (!(limits.ucl > limits.lcl)) throw new Error(`manual limits need UCL > LCL (got ${limits.lcl}..${limits.ucl})`);
  const sigma = (limits.ucl - limits.lcl) / 6;
  const points = series.points.map((point) => ({ ...point, center: limits.center, sigma, lcl: limits.lcl, ucl: limits.ucl }));
  const violations = evaluateRules(points, rules).map((violation) => ({
    index: points[violation.index]?.index ?? violation.index,
    rule: violation.rule,
  }));
  return { center: limits.center, points, zones: points.map((point) => zonesFor(point.center, point.sigma)), violations };
}

/** One audited change of a chart's limits. */
export interface LimitsChange {
  who: string;
  /** ISO-8601 timestamp. */
  when: string;
  old: ControlLimits | null;
  new: ControlLimits;
  why: string;
}

/** Return a new history with `change` appended; rejects anonymous, unexplained or out-of-order changes. */
export function appendLimitsChange(history: readonly LimitsChange[], change: LimitsChange): LimitsChange[] {
  if (change.who.trim() === '') throw new Error('a limits change needs "who"');
  if (change.why.trim() === '') throw new Error('a limits change needs "why"');
  if (Number.isNaN(Date.parse(change.when))) throw new Error(`a limits change needs an ISO "when", got "${change.when}"`);
  const last = history[history.length - 1];
  if (last && Date.parse(change.when) < Date.parse(last.when)) throw new Error('limits changes must be appended in time order');
  return [...history, { ...change, old: change.old ? { ...change.old } : null, new: { ...change.new } }];
}
