/**
 * Turn a definition's subgroup aggregates into a control chart with the shared SPC engine: phase I
 * (baseline window, optional removal of out-of-control points), phase II with frozen parameters,
 * or manual limits. Works on per-subgroup n/mean/stddev/range, never on die values.
 */
import { c4, d2, d3 } from '../chartConstants.ts';
import { estimationIndices, symmetricPoint, type ChartOptions, type ChartPoint, type ChartSeries, type ControlChart, type RuleViolation } from '../chartTypes.ts';
import { applyManualLimits, phaseOneLimits } from '../controlLimits.ts';
import { individualsChart, individualsSigma, finishSeries, sigmaFromRanges, sigmaFromStandardDeviations, type SubgroupSummary } from '../variablesCharts.ts';
import { npChart, pChart } from '../attributeCharts.ts';
import { evaluateRules } from '../runRules.ts';
import type { SubgroupData } from './subgroups.ts';
import type { RuleName } from '../runRules.ts';
import type { ChartDefinition, ChartParameters, MonitorRule, SecondarySeries } from './types.ts';

/** The computed chart before identities are attached. */
export interface ComputedChart {
  parameters: ChartParameters | null;
  points: ChartPoint[];
  violations: { index: number; rule: MonitorRule }[];
  secondary: SecondarySeries | null;
  /** 0-based indices that took part in estimating the limits. */
  estimation: number[];
  /** 0-based baseline indices dropped as out of control in phase I. */
  removed: number[];
}

/** Estimation window [start, end) of the definition's baseline over time-ordered subgroups. */
export function baselineWindow(definition: ChartDefinition, subgroups: readonly SubgroupData[]): { start: number; end: number } {
  if (definition.limits.mode !== 'phase-one') return { start: 0, end: subgroups.length };
  const baseline = definition.limits.baseline;
  if ('firstSubgroups' in baseline) return { start: 0, end: Math.min(baseline.firstSubgroups, subgroups.length) };
  const from = Date.parse(baseline.from);
  const to = Date.parse(baseline.to);
  const times = subgroups.map((subgroup) => Date.parse(subgroup.identity.time));
  const start = times.findIndex((time) => time >= from);
  const end = times.findIndex((time) => time >= to);
  return { start: start < 0 ? subgroups.length : start, end: end < 0 ? subgroups.length : end };
}

/** Whether the baseline window is complete (phase I limits may then be frozen). */
export function baselineComplete(definition: ChartDefinition, subgroups: readonly SubgroupData[]): boolean {
  if (definition.limits.mode !== 'phase-one') return true;
  const baseline = definition.limits.baseline;
  if ('firstSubgroups' in baseline) return subgroups.length >= baseline.firstSubgroups;
  const to = Date.parse(baseline.to);
  return subgroups.some((subgroup) => Date.parse(subgroup.identity.time) >= to);
}

/** Summaries in the shape of the shared variables charts. */
function summariesOf(subgroups: readonly SubgroupData[]): SubgroupSummary[] {
  return subgroups.map((subgroup) => ({ n: subgroup.n, mean: subgroup.mean, range: subgroup.range, standardDeviation: subgroup.stddev }));
}

/** n-weighted mean of the subgroup means over the estimation indices. */
function grandMean(summaries: readonly SubgroupSummary[], indices: readonly number[]): number {
  let weighted = 0;
  let count = 0;
  for (const index of indices) {
    const summary = summaries[index];
    if (!summary || !(summary.n > 0) || !Number.isFinite(summary.mean)) continue;
    weighted += summary.n * summary.mean;
    count += summary.n;
  }
  return weighted / count;
}

/** Within-subgroup sigma (S̄/c4 or R̄/d2) of an X-bar chart. */
function withinSigma(kind: 'xbar-s' | 'xbar-r', summaries: readonly SubgroupSummary[], indices: readonly number[]): number {
  return kind === 'xbar-s' ? sigmaFromStandardDeviations(summaries, indices) : sigmaFromRanges(summaries, indices);
}

/** The S or R chart for a process sigma; rule 1 only, LCL floored at 0. */
function dispersionSeries(kind: 'xbar-s' | 'xbar-r', summaries: readonly SubgroupSummary[], sigma: number): SecondarySeries {
  const points = summaries.map((summary, index) => {
    const n = summary.n;
    const c4Value = c4(n);
    const center = kind === 'xbar-s' ? c4Value * sigma : d2(n) * sigma;
    const spread = kind === 'xbar-s' ? Math.sqrt(1 - c4Value * c4Value) * sigma : d3(n) * sigma;
    const value = kind === 'xbar-s' ? summary.standardDeviation : summary.range;
    return symmetricPoint(index, value, center, spread, n, 3, { floor: 0 });
  });
  const series = finishSeries(points[0]?.center ?? Number.NaN, points, { rules: ['WE1'] });
  return { kind: kind === 'xbar-s' ? 's' : 'r', center: series.center, points: series.points, violations: monitorViolations(series.violations) };
}

/** Run-rule violations only (the monitor has no CUSUM charts). */
function monitorViolations(violations: readonly RuleViolation[]): { index: number; rule: MonitorRule }[] {
  return violations.flatMap(({ index, rule }) => (rule === 'CUSUM+' || rule === 'CUSUM-' ? [] : [{ index, rule }]));
}

/**
 * Violations of a series whose limits are not at 3σ: rule 1 (WE1/N1) flags the points beyond the
 * limits, the other rules keep their zones (1σ, 2σ) and rule 1 keeps its precedence.
 */
function withRuleOneAtLimits(series: ChartSeries, rules: readonly RuleName[]): ChartSeries {
  const ruleOne = rules.find((rule) => rule === 'WE1' || rule === 'N1');
  const beyond = new Set(series.points.filter((point) => point.value < point.lcl || point.value > point.ucl).map((point) => point.index));
  const others = evaluateRules(series.points, rules.filter((rule) => rule !== 'WE1' && rule !== 'N1'))
    .map((violation) => ({ index: series.points[violation.index]?.index ?? violation.index, rule: violation.rule }))
    .filter((violation) => !ruleOne || !beyond.has(violation.index));
  const first = ruleOne ? [...beyond].map((index) => ({ index, rule: ruleOne })) : [];
  return { ...series, violations: [...first, ...others].sort((left, right) => left.index - right.index) };
}

/** Chart builder for phaseOneLimits: options carry baseline/exclude; `frozen` fixes parameters. */
type Builder = (options: ChartOptions) => ControlChart;

/** Laney p′ chart: p chart whose per-point sigma is scaled by σz, the spread of the standardized values. */
function laneyPChart(subgroups: readonly SubgroupData[], options: ChartOptions, frozenScale: number | null): ControlChart {
  const counts = subgroups.map((subgroup) => subgroup.count);
  const sizes = subgroups.map((subgroup) => subgroup.n);
  const base = pChart(counts, sizes, { ...options, rules: [] });
  const scores = base.points.map((point) => (point.value - point.center) / point.sigma);
  const retained = estimationIndices(scores.length, options).map((index) => scores[index] ?? Number.NaN).filter(Number.isFinite);
  const scale = frozenScale ?? (retained.length >= 2 ? individualsSigma(retained) : 1);
  const points = base.points.map((point) =>
    symmetricPoint(point.index, point.value, point.center, point.sigma * scale, point.n, options.sigmaMultiplier ?? 3, { floor: 0, cap: 1 }),
  );
  return { chart: 'p', sigma: scale, ...finishSeries(base.center, points, options) };
}

/**
 * SD of one subgroup mean from the variance components of the estimation subgroups: between lots
 * (variance of the lot means less the within-lot share) plus within a lot (pooled variance of the
 * means around their lot's mean), made unbiased with c4 of its Satterthwaite degrees of freedom + 1.
 * The plain SD of 150 wafer means from six lots misses part of the lot-to-lot variance, since the
 * wafers of a lot share its offset; null with fewer than two lots or no lot holding two subgroups
 * (the plain SD is used then).
 */
export function lotComponentsSigma(means: readonly number[], lots: readonly string[], indices: readonly number[]): number | null {
  const byLot = new Map<string, number[]>();
  for (const index of indices) {
    const value = means[index];
    if (value === undefined || !Number.isFinite(value)) continue;
    const lot = lots[index] ?? '';
    byLot.set(lot, [...(byLot.get(lot) ?? []), value]);
  }
  const groups = [...byLot.values()];
  const count = groups.reduce((sum, group) => sum + group.length, 0);
  const withinDf = count - groups.length;
  if (groups.length < 2 || withinDf < 1) return null;
  const average = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const within = groups.reduce((sum, group) => {
    const mean = average(group);
    return sum + group.reduce((inner, value) => inner + (value - mean) ** 2, 0);
  }, 0) / withinDf;
  const lotMeans = groups.map(average);
  const grand = average(lotMeans);
  const lotMeanVariance = lotMeans.reduce((sum, value) => sum + (value - grand) ** 2, 0) / (lotMeans.length - 1);
  const between = Math.max(0, lotMeanVariance - within / (count / groups.length));
  // Satterthwaite: the estimate is lotMeanVariance (k − 1 df) + (1 − k/N)·within (N − k df).
  const lotPart = lotMeanVariance;
  const withinPart = (1 - groups.length / count) * within;
  const degrees = between > 0 ? (lotPart + withinPart) ** 2 / (lotPart ** 2 / (groups.length - 1) + withinPart ** 2 / withinDf) : withinDf;
  return Math.sqrt(between + within) / c4(degrees + 1);
}

/**
 * X-bar chart whose points' sigma is the spread of the subgroup means: lot-to-lot plus
 * wafer-to-wafer within a lot (lotComponentsSigma), else the SD of the baseline means / c4.
 */
function betweenMeansChart(subgroups: readonly SubgroupData[], options: ChartOptions): ControlChart {
  const means = subgroups.map((subgroup) => subgroup.mean);
  const components = options.sigma === undefined
    ? lotComponentsSigma(means, subgroups.map((subgroup) => subgroup.identity.lot), estimationIndices(means.length, options))
    : null;
  const chart = individualsChart(means, { ...options, sigmaMethod: 'standard-deviation', ...(components !== null && components > 0 ? { sigma: components } : {}) });
  const points = chart.points.map((point, index) => ({ ...point, n: subgroups[index]?.n ?? 1 }));
  return { ...chart, points, secondary: undefined };
}

/** X-bar chart with σ/√n limits from within-subgroup sigma. */
function withinMeansChart(kind: 'xbar-s' | 'xbar-r', summaries: readonly SubgroupSummary[], options: ChartOptions): ControlChart {
  const used = estimationIndices(summaries.length, options);
  const center = options.target ?? grandMean(summaries, used);
  const sigma = options.sigma ?? withinSigma(kind, summaries, used);
  const points = summaries.map((summary, index) =>
    symmetricPoint(index, summary.mean, center, sigma / Math.sqrt(summary.n), summary.n, options.sigmaMultiplier ?? 3),
  );
  return { chart: kind, sigma, ...finishSeries(center, points, options) };
}

/** The builder of the definition's primary chart, with frozen parameters when given. */
function builderFor(definition: ChartDefinition, subgroups: readonly SubgroupData[], frozen: ChartParameters | null): Builder {
  const fixed: ChartOptions = frozen ? { target: frozen.center, sigma: frozen.sigma ?? undefined } : {};
  const between = (definition.sigmaBasis ?? 'between') === 'between';
  const counts = subgroups.map((subgroup) => subgroup.count);
  const sizes = subgroups.map((subgroup) => subgroup.n);
  switch (definition.chart) {
    case 'p':
      return between ? (options) => laneyPChart(subgroups, { ...options, ...fixed }, frozen?.betweenSigma ?? null) : (options) => pChart(counts, sizes, { ...options, ...fixed });
    case 'np':
      return (options) => npChart(counts, sizes, { ...options, ...fixed });
    case 'imr':
      return (options) => individualsChart(subgroups.map((subgroup) => subgroup.value), { ...options, ...fixed });
    case 'xbar-s':
    case 'xbar-r': {
      const kind = definition.chart;
      if (!between) return (options) => withinMeansChart(kind, summariesOf(subgroups), { ...options, ...fixed });
      const betweenFixed: ChartOptions = frozen ? { target: frozen.center, sigma: frozen.betweenSigma ?? undefined } : {};
      return (options) => betweenMeansChart(subgroups, { ...options, ...betweenFixed });
    }
    case 'threshold':
      throw new Error('threshold charts have no control-chart builder');
  }
}

/** A threshold chart: the limit as LCL (below) or UCL (above), the other NaN. */
function thresholdChart(definition: ChartDefinition, subgroups: readonly SubgroupData[]): ComputedChart {
  const threshold = definition.threshold ?? { direction: 'below', value: Number.NaN };
  const below = threshold.direction === 'below';
  const points: ChartPoint[] = subgroups.map((subgroup, index) => ({
    index, value: subgroup.value, n: subgroup.n, center: threshold.value, sigma: Number.NaN,
    lcl: below ? threshold.value : Number.NaN, ucl: below ? Number.NaN : threshold.value,
  }));
  const violations = points
    .filter((point) => (below ? point.value < threshold.value : point.value > threshold.value))
    .map((point) => ({ index: point.index, rule: 'THRESHOLD' as const }));
  return { parameters: null, points, violations, secondary: null, estimation: [], removed: [] };
}

/** Parameters that reproduce a chart in phase II. */
function parametersOf(definition: ChartDefinition, chart: ControlChart, subgroups: readonly SubgroupData[], used: readonly number[]): ChartParameters {
  const between = (definition.sigmaBasis ?? 'between') === 'between';
  if (definition.chart === 'p') return { center: chart.center, sigma: null, betweenSigma: between ? chart.sigma : null };
  if (definition.chart === 'np') return { center: chart.center / (subgroups[0]?.n ?? 1), sigma: null };
  if ((definition.chart === 'xbar-s' || definition.chart === 'xbar-r') && between) {
    return { center: chart.center, sigma: withinSigma(definition.chart, summariesOf(subgroups), used), betweenSigma: chart.sigma };
  }
  return { center: chart.center, sigma: chart.sigma };
}

/** Secondary series of an X-bar chart (within sigma from the parameters) or the I-MR's MR chart. */
function secondaryOf(definition: ChartDefinition, chart: ControlChart, subgroups: readonly SubgroupData[], parameters: ChartParameters): SecondarySeries | null {
  if (definition.chart === 'xbar-s' || definition.chart === 'xbar-r') return dispersionSeries(definition.chart, summariesOf(subgroups), parameters.sigma ?? Number.NaN);
  if (definition.chart === 'imr' && chart.secondary) {
    const series: ChartSeries = chart.secondary;
    return { kind: 'mr', center: series.center, points: series.points, violations: monitorViolations(series.violations) };
  }
  return null;
}

/** Compute the chart of a definition over its subgroups; `frozen` = phase II parameters (null: phase I). */
export function computeChart(definition: ChartDefinition, subgroups: readonly SubgroupData[], frozen: ChartParameters | null): ComputedChart {
  if (definition.chart === 'threshold') return thresholdChart(definition, subgroups);
  const build = builderFor(definition, subgroups, definition.limits.mode === 'manual' ? null : frozen);
  const sigmas = definition.limitSigmas ?? 3;
  const base: ChartOptions = { rules: definition.rules, baseline: baselineWindow(definition, subgroups), sigmaMultiplier: sigmas };
  let chart: ControlChart;
  let estimation: number[] = [];
  let removed: number[] = [];
  if (frozen && definition.limits.mode === 'phase-one') {
    chart = build({ rules: definition.rules, sigmaMultiplier: sigmas });
  } else {
    const phaseOne = definition.limits.mode === 'phase-one' && definition.limits.dropOutOfControl;
    const result = phaseOne ? phaseOneLimits(build, base) : { chart: build(base), removed: [] };
    chart = result.chart;
    // phaseOneLimits also lists violating points outside the window; only baseline points are "dropped".
    const window = base.baseline ?? { start: 0, end: subgroups.length };
    removed = result.removed.filter((index) => index >= window.start && index < window.end);
    estimation = estimationIndices(subgroups.length, { ...base, exclude: result.removed });
  }
  let parameters = frozen && definition.limits.mode === 'phase-one' ? frozen : parametersOf(definition, chart, subgroups, estimation);
  let primary: ChartSeries = sigmas === 3 ? chart : withRuleOneAtLimits(chart, definition.rules);
  if (definition.limits.mode === 'manual') {
    const { center, lcl, ucl } = definition.limits;
    primary = applyManualLimits(chart, { center, lcl, ucl }, definition.rules);
    parameters = { center, sigma: (ucl - lcl) / 6, lcl, ucl };
  }
  return { parameters, points: primary.points, violations: monitorViolations(primary.violations), secondary: secondaryOf(definition, chart, subgroups, parameters), estimation, removed };
}
