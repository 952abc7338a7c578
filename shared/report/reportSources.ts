/** Adapters from the SPC monitor and the commonality analysis to the report's optional sections. */
import type { SqlEngine } from '../engine/sqlEngine.ts';
import type { WorkspaceStore } from '../host/hostApi.ts';
import { runCommonality } from '../analysis/commonality.ts';
import { listAlerts, type Alert } from '../spc/monitor/index.ts';
import type { ReportScope } from '../sql/reportSql.ts';
import type { ReportSources } from './buildReport.ts';
import type { ReportAlertRow, ReportCommonalityRow } from './model.ts';

/** Whether an alert belongs to the scope: its lot, or its product and subgroup time within the period. */
export function alertInScope(alert: Pick<Alert, 'lot' | 'product' | 'subgroupTime'>, scope: ReportScope): boolean {
  if (scope.lot !== null) return alert.lot === scope.lot;
  if (scope.products.length > 0 && !scope.products.includes(alert.product)) return false;
  const time = Date.parse(alert.subgroupTime);
  if (scope.from !== null && time < Date.parse(`${scope.from}Z`)) return false;
  if (scope.toExclusive !== null && time >= Date.parse(`${scope.toExclusive}Z`)) return false;
  return true;
}

/** Open, acknowledged and closed alerts of the scope from the workspace's audit log (throws when the monitor is missing). */
export function alertSource(store: WorkspaceStore): (scope: ReportScope) => Promise<ReportAlertRow[]> {
  return async (scope) => {
    const alerts = await listAlerts(store);
    return alerts.filter((alert) => alertInScope(alert, scope)).map((alert) => ({
      id: alert.id, chartName: alert.chartName, rule: alert.rule, severity: alert.severity, state: alert.state,
      product: alert.product, lot: alert.lot, wafer: alert.wafer, raisedAt: alert.raisedAt, value: alert.value,
    }));
  };
}

/**
 * Commonality of wafer yield over the scope's wafers (shared/analysis), ranked. The analysis takes one
 * product: with several products chosen it runs over all of them.
 */
export function commonalitySource(engine: SqlEngine): (scope: ReportScope) => Promise<ReportCommonalityRow[]> {
  return async (scope) => {
    const population = {
      product: scope.products.length === 1 ? (scope.products[0] ?? null) : null,
      from: scope.from, to: scope.toExclusive, lots: scope.lot === null ? null : [scope.lot],
    };
    const run = await runCommonality(engine, { response: { kind: 'wafer-yield', number: null }, population });
    return run.findings.map((finding) => ({
      step: finding.step, factor: finding.factor, worstLevel: finding.worstLevel ?? '', p: finding.p ?? Number.NaN,
      pAdjusted: finding.pAdjusted ?? Number.NaN, effect: finding.effect,
    }));
  };
}

/** The sources a workspace offers the report: SPC alerts from its audit log, commonality findings from its equipment history. */
export function reportSources(engine: SqlEngine, store: WorkspaceStore): ReportSources {
  return { alerts: alertSource(store), commonality: commonalitySource(engine) };
}
