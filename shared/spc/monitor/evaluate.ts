/**
 * Evaluate chart definitions on the workspace: subgroups from DuckDB, chart from the shared SPC
 * engine, identities and rule texts attached. With a store, phase I limits are frozen (appended to
 * the limits history) once the baseline is complete, and reused from then on.
 */
import type { SqlEngine } from '../../engine/sqlEngine.ts';
import type { WorkspaceStore } from '../../host/hostApi.ts';
import { testSpecSql } from '../../sql/spcSql.ts';
import { baselineComplete, computeChart, type ComputedChart } from './chartCompute.ts';
import { definitionFingerprint, limitsHistory, recordLimitsChange } from './limitsStore.ts';
import { defaultSeverity, ruleText } from './ruleTexts.ts';
import { fetchSubgroups, type SubgroupCache, type SubgroupData } from './subgroups.ts';
import type { ChartDefinition, ChartEvaluation, LimitsRecord, LimitsSource, MonitorRule, Severity } from './types.ts';

/** Who the monitor writes as when it freezes limits on its own. */
export const SYSTEM_USER = 'yield-monitor';

/** Severity of a rule under a definition. */
function severityFor(definition: ChartDefinition, rule: MonitorRule): Severity {
  return definition.severity[rule] ?? defaultSeverity(rule);
}

/** Spec limits of a parametric test (product filter needed), else null. */
async function specLimits(engine: SqlEngine, definition: ChartDefinition): Promise<ChartEvaluation['specLimits']> {
  if (definition.metric.kind !== 'parametric' || definition.filter.product === undefined) return null;
  const row = (await engine.query(testSpecSql, [definition.filter.product, definition.metric.testNum])).get(0)?.toJSON() as Record<string, unknown> | undefined;
  if (!row) return null;
  const numeric = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  return { lower: numeric(row.lo_limit), upper: numeric(row.hi_limit), units: typeof row.units === 'string' ? row.units : null };
}

/** Attach identities, baseline flags, texts and severities to a computed chart. */
function assemble(
  definition: ChartDefinition, subgroups: readonly SubgroupData[], computed: ComputedChart,
  source: LimitsSource, record: LimitsRecord | null, spec: ChartEvaluation['specLimits'],
): ChartEvaluation {
  const baselineKeys = record ? new Set(record.baselineKeys.filter((key) => !record.droppedKeys.includes(key))) : null;
  const estimation = new Set(computed.estimation);
  const violationsAt = new Map<number, MonitorRule[]>();
  for (const { index, rule } of computed.violations) violationsAt.set(index, [...(violationsAt.get(index) ?? []), rule]);
  const describe = (rule: MonitorRule) => ({ rule, text: ruleText(rule), severity: severityFor(definition, rule) });
  const points = computed.points.map((point, index) => {
    const subgroup = subgroups[index] as SubgroupData;
    const inBaseline = baselineKeys ? baselineKeys.has(subgroup.identity.key) : estimation.has(index);
    const { value, center, lcl, ucl, sigma } = point;
    const n = Number.isFinite(subgroup.n) ? subgroup.n : point.n;
    return { index, subgroup: subgroup.identity, value, n, center, lcl, ucl, sigma, inBaseline, violations: (violationsAt.get(index) ?? []).map(describe) };
  });
  const violations = computed.violations.map(({ index, rule }) => ({ index, subgroupKey: subgroups[index]?.identity.key ?? '', ...describe(rule) }));
  return {
    definition, chart: definition.chart, evaluatedAt: new Date().toISOString(), parameters: computed.parameters,
    limitsSource: source, limitsRecord: record, points, secondary: computed.secondary, violations, specLimits: spec,
  };
}

/** Limits source of an evaluation without a store record. */
function sourceWithoutRecord(definition: ChartDefinition): LimitsSource {
  if (definition.chart === 'threshold') return 'threshold';
  return definition.limits.mode === 'manual' ? 'manual' : 'phase-one-provisional';
}

/** Evaluate one definition (phase II with `limits` when given; otherwise phase I on its baseline). */
export async function evaluate(engine: SqlEngine, definition: ChartDefinition, limits?: LimitsRecord | null, cache?: SubgroupCache): Promise<ChartEvaluation> {
  const subgroups = await fetchSubgroups(engine, definition, cache);
  const frozen = limits && definition.limits.mode === 'phase-one' && definition.chart !== 'threshold' ? limits : null;
  const computed = computeChart(definition, subgroups, frozen?.new ?? null);
  return assemble(definition, subgroups, computed, frozen ? 'frozen' : sourceWithoutRecord(definition), frozen, await specLimits(engine, definition));
}

/** Phase I parameters as a limits record to append. */
function phaseOneRecord(definition: ChartDefinition, subgroups: readonly SubgroupData[], computed: ComputedChart, previous: LimitsRecord | undefined): LimitsRecord | null {
  if (!computed.parameters) return null;
  const baseline = definition.limits.mode === 'phase-one' ? definition.limits.baseline : null;
  const window = baseline && 'firstSubgroups' in baseline ? `the first ${baseline.firstSubgroups} subgroups` : `${baseline?.from ?? ''} to ${baseline?.to ?? ''}`;
  const keyAt = (index: number) => subgroups[index]?.identity.key ?? '';
  const baselineKeys = [...computed.estimation, ...computed.removed].sort((left, right) => left - right).map(keyAt);
  const droppedKeys = computed.removed.map(keyAt);
  return {
    definitionId: definition.id, who: SYSTEM_USER, when: new Date().toISOString(), why: `phase I limits frozen from ${window}`,
    old: previous?.new ?? null, new: computed.parameters, baselineKeys, droppedKeys, definitionFingerprint: definitionFingerprint(definition),
  };
}

/**
 * Evaluate one definition with the limits saved in the workspace: reuse the latest record made for
 * this definition as it is now; otherwise, once the baseline is complete, freeze phase I limits
 * (append a record) and evaluate against them. Manual limits are recorded when they change.
 */
export async function evaluateWithStore(engine: SqlEngine, store: WorkspaceStore, definition: ChartDefinition, cache?: SubgroupCache): Promise<ChartEvaluation> {
  if (definition.chart === 'threshold') return evaluate(engine, definition, null, cache);
  const history = await limitsHistory(store, definition.id);
  const latest = history[history.length - 1];
  const fingerprint = definitionFingerprint(definition);
  if (definition.limits.mode === 'manual') {
    if (latest?.definitionFingerprint !== fingerprint) {
      const { center, lcl, ucl } = definition.limits;
      await recordLimitsChange(store, {
        definitionId: definition.id, who: SYSTEM_USER, when: new Date().toISOString(), why: 'manual limits set in the chart definition',
        old: latest?.new ?? null, new: { center, sigma: (ucl - lcl) / 6, lcl, ucl }, baselineKeys: [], droppedKeys: [], definitionFingerprint: fingerprint,
      });
    }
    return evaluate(engine, definition, null, cache);
  }
  if (latest?.definitionFingerprint === fingerprint) return evaluate(engine, definition, latest, cache);
  const subgroups = await fetchSubgroups(engine, definition, cache);
  if (!baselineComplete(definition, subgroups)) return evaluate(engine, definition, null, cache);
  const record = phaseOneRecord(definition, subgroups, computeChart(definition, subgroups, null), latest);
  if (!record) return evaluate(engine, definition, null, cache);
  await recordLimitsChange(store, record);
  return evaluate(engine, definition, record, cache);
}
