/** Adapters from the SPC monitor and the commonality analysis to the report's optional sections. */
import type { SqlEngine } from '../engine/sqlEngine.ts';
import type { WorkspaceStore } from '../host/hostApi.ts';
import { listAlerts, type Alert } from '../spc/monitor/index.ts';
import type { ReportScope } from '../sql/reportSql.ts';
import type { ReportSources } from './buildReport.ts';
import type { ReportAlertRow } from './model.ts';

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

/** The sources a workspace offers the report (SPC alerts from its audit log; commonality when that module exists). */
export function reportSources(_engine: SqlEngine, store: WorkspaceStore): ReportSources {
  return { alerts: alertSource(store) };
}
