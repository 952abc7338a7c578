/** Evaluate every enabled definition, turn new violations into alerts (deduplicated by id) and apply the hold rules. */
import type { SqlEngine } from '../../engine/sqlEngine.ts';
import type { WorkspaceStore } from '../../host/hostApi.ts';
import { appendAuditEvent, readAuditLog, replayEvents } from './auditLog.ts';
import { productsSql } from '../../sql/spcSql.ts';
import { createDefaultDefinitions } from './defaults.ts';
import { listEpisodes, raiseEpisodes } from './episodeLog.ts';
import { applyHoldRules } from './holds.ts';
import { loadDefinitions, saveDefinitions } from './definitions.ts';
import { evaluateWithStore, SYSTEM_USER } from './evaluate.ts';
import type { SubgroupCache } from './subgroups.ts';
import type { Alert, ChartDefinition, ChartEvaluation, EvaluateAllResult, MonitorRule } from './types.ts';

/** Deterministic alert id: definition, subgroup and rule. */
export function alertId(definitionId: string, subgroupKey: string, rule: MonitorRule): string {
  return `${definitionId}|${subgroupKey}|${rule}`;
}

/** Products that already got the default set (so a product whose charts a user deleted does not get them again). */
export const defaultedProductsPath = 'spc/defaulted-products.json';

/** The products recorded as given their defaults; without the record, those any saved definition names. */
async function defaultedProducts(store: WorkspaceStore, saved: readonly ChartDefinition[]): Promise<Set<string>> {
  const bytes = await store.readFile(defaultedProductsPath);
  const recorded = bytes === null ? null : (JSON.parse(new TextDecoder().decode(bytes)) as unknown);
  if (Array.isArray(recorded)) return new Set(recorded.map(String));
  return new Set(saved.flatMap((definition) => (definition.filter.product === undefined ? [] : [definition.filter.product])));
}

/**
 * Saved definitions, plus the default set of every product with data that has not had it yet (all
 * of them in a new workspace, a newly imported product later); the products given defaults are
 * recorded, so deleting a product's charts is not undone by the next evaluation.
 */
export async function ensureDefinitions(engine: SqlEngine, store: WorkspaceStore): Promise<ChartDefinition[]> {
  const saved = await loadDefinitions(store);
  const done = await defaultedProducts(store, saved);
  // The defaults' queries scan the dies: only when a product has not had its set yet.
  const products = (await engine.query(productsSql)).toArray().map((row) => String((row.toJSON() as { product: unknown }).product));
  if (products.every((product) => done.has(product))) return saved;
  const defaults = await createDefaultDefinitions(engine);
  const known = new Set(saved.map((definition) => definition.id));
  const added = defaults.filter((definition) => definition.filter.product !== undefined && !done.has(definition.filter.product) && !known.has(definition.id));
  if (added.length === 0) return saved;
  const definitions = [...saved, ...added];
  await saveDefinitions(store, definitions);
  const defaulted = new Set([...done, ...added.map((definition) => definition.filter.product ?? '')]);
  await store.writeFile(defaultedProductsPath, new TextEncoder().encode(`${JSON.stringify([...defaulted].sort())}\n`));
  return definitions;
}

/** The alerts an evaluation's violations stand for (nothing for provisional phase I limits). */
export function alertsOf(evaluation: ChartEvaluation, raisedAt: string): Alert[] {
  if (evaluation.limitsSource === 'phase-one-provisional') return [];
  return evaluation.violations.map((violation) => {
    const point = evaluation.points[violation.index];
    const subgroup = point?.subgroup;
    return {
      id: alertId(evaluation.definition.id, violation.subgroupKey, violation.rule),
      definitionId: evaluation.definition.id, chartName: evaluation.definition.name, rule: violation.rule, ruleText: violation.text,
      severity: violation.severity, raisedAt, subgroupKey: violation.subgroupKey, subgroupTime: subgroup?.time ?? '',
      product: subgroup?.product ?? '', lot: subgroup?.lot ?? '', wafer: subgroup?.wafer ?? null, tool: subgroup?.tool ?? null,
      value: point?.value ?? Number.NaN, state: 'open', assignee: null, updatedAt: raisedAt,
    };
  });
}

/**
 * Evaluate every enabled definition (creating defaults when none), record new alerts as `raised`
 * events and their episodes (violations at most `gap` subgroups apart) in the episode log.
 */
export async function evaluateAll(engine: SqlEngine, store: WorkspaceStore, options: { at?: Date; gap?: number } = {}): Promise<EvaluateAllResult> {
  const raisedAt = (options.at ?? new Date()).toISOString();
  const definitions = (await ensureDefinitions(engine, store)).filter((definition) => definition.enabled);
  const known = replayEvents((await readAuditLog(store)).events);
  const cache: SubgroupCache = new Map();
  const result: EvaluateAllResult = { evaluations: [], newAlerts: [], newEpisodes: [], failures: [], newHolds: [] };
  for (const definition of definitions) {
    let evaluation: ChartEvaluation;
    try {
      evaluation = await evaluateWithStore(engine, store, definition, cache);
    } catch (error) {
      result.failures.push({ definitionId: definition.id, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    result.evaluations.push(evaluation);
    for (const alert of alertsOf(evaluation, raisedAt)) {
      if (known.has(alert.id)) continue;
      const { state: _state, assignee: _assignee, updatedAt: _updatedAt, ...raised } = alert;
      await appendAuditEvent(store, { type: 'raised', alertId: alert.id, at: raisedAt, who: SYSTEM_USER, alert: raised });
      known.set(alert.id, alert);
      result.newAlerts.push(alert);
    }
  }
  result.newEpisodes = await raiseEpisodes(store, result.evaluations, { at: options.at ?? new Date(raisedAt), gap: options.gap });
  result.newHolds = await applyHoldRules(engine, store, await listEpisodes(store), { at: options.at ?? new Date(raisedAt) });
  return result;
}
