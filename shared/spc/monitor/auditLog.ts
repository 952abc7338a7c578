/**
 * Alerts as an append-only audit log: every event (raised, acknowledged, assigned, closed,
 * reopened) is its own file `alerts/audit/<time>-<seq>-<alert>.json`; an alert's current state is
 * the replay of its events in file-name (= time) order. Nothing is ever rewritten.
 */
import type { WorkspaceStore } from '../../host/hostApi.ts';
import { appendJsonFile, fileLabel, readJsonFiles } from './appendOnlyFiles.ts';
import { severityRank } from './ruleTexts.ts';
import type { Alert, AlertFilter, AlertState, AuditEvent } from './types.ts';

/** Folder of the audit log. */
export const auditFolder = 'alerts/audit';

const eventTypes = new Set(['raised', 'acknowledged', 'assigned', 'closed', 'reopened']);

/** Whether a parsed file looks like an audit event. */
function isAuditEvent(value: unknown): value is AuditEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Partial<AuditEvent>;
  return typeof event.alertId === 'string' && typeof event.at === 'string' && typeof event.who === 'string' && eventTypes.has(String(event.type));
}

/** Every audit event, oldest first, plus the names of files that could not be read. */
export async function readAuditLog(store: WorkspaceStore): Promise<{ events: AuditEvent[]; damaged: string[] }> {
  const { values, damaged } = await readJsonFiles(store, auditFolder);
  const events: AuditEvent[] = [];
  for (const { path, value } of values) {
    if (isAuditEvent(value)) events.push(value);
    else damaged.push(path);
  }
  return { events, damaged };
}

/** Apply one event to the alert it concerns (events before `raised` are ignored). */
function applyEvent(alerts: Map<string, Alert>, event: AuditEvent): void {
  if (event.type === 'raised') {
    if (event.alert && !alerts.has(event.alertId)) alerts.set(event.alertId, { ...event.alert, state: 'open', assignee: null, updatedAt: event.at });
    return;
  }
  const alert = alerts.get(event.alertId);
  if (!alert) return;
  const nextState: Record<Exclude<AuditEvent['type'], 'raised'>, AlertState> = {
    acknowledged: 'acknowledged', assigned: alert.state, closed: 'closed', reopened: 'open',
  };
  alerts.set(event.alertId, {
    ...alert, state: nextState[event.type], assignee: event.type === 'assigned' ? (event.assignee ?? null) : alert.assignee, updatedAt: event.at,
  });
}

/** Current alerts from a list of events (replayed in order). */
export function replayEvents(events: readonly AuditEvent[]): Map<string, Alert> {
  const alerts = new Map<string, Alert>();
  for (const event of events) applyEvent(alerts, event);
  return alerts;
}

/** Append one event as its own file. */
export async function appendAuditEvent(store: WorkspaceStore, event: AuditEvent): Promise<void> {
  await appendJsonFile(store, auditFolder, new Date(event.at), fileLabel(event.alertId), event);
}

/** Whether an alert passes a filter. */
function matches(alert: Alert, filter: AlertFilter): boolean {
  if (filter.states && !filter.states.includes(alert.state)) return false;
  if (filter.product !== undefined && alert.product !== filter.product) return false;
  if (filter.tool !== undefined && alert.tool !== filter.tool) return false;
  if (filter.rule !== undefined && alert.rule !== filter.rule) return false;
  if (filter.definitionId !== undefined && alert.definitionId !== filter.definitionId) return false;
  return filter.minSeverity === undefined || severityRank(alert.severity) >= severityRank(filter.minSeverity);
}

/** Most severe first, then newest subgroup first, then id. */
export function compareAlerts(left: Alert, right: Alert): number {
  return (
    severityRank(right.severity) - severityRank(left.severity) ||
    right.subgroupTime.localeCompare(left.subgroupTime) ||
    right.raisedAt.localeCompare(left.raisedAt) ||
    left.id.localeCompare(right.id)
  );
}

/** Current alerts (replay of the audit log), most severe and newest first, filtered. */
export async function listAlerts(store: WorkspaceStore, filter: AlertFilter = {}): Promise<Alert[]> {
  const { events } = await readAuditLog(store);
  return [...replayEvents(events).values()].filter((alert) => matches(alert, filter)).sort(compareAlerts);
}

/** Audit events of one alert, oldest first. */
export async function timeline(store: WorkspaceStore, alertId: string): Promise<AuditEvent[]> {
  return (await readAuditLog(store)).events.filter((event) => event.alertId === alertId);
}

/** Check the transition, append the event and return the alert's new state. */
async function transition(store: WorkspaceStore, event: AuditEvent, allowedFrom: readonly AlertState[]): Promise<Alert> {
  if (event.who.trim() === '') throw new Error('an alert change needs "who"');
  const { events } = await readAuditLog(store);
  const alert = replayEvents(events).get(event.alertId);
  if (!alert) throw new Error(`no alert "${event.alertId}"`);
  if (!allowedFrom.includes(alert.state)) throw new Error(`alert "${event.alertId}" is ${alert.state}: cannot be ${event.type}`);
  await appendAuditEvent(store, event);
  return replayEvents([...events, event]).get(event.alertId) as Alert;
}

/** Event time: the caller's, or now. */
function when(at: Date | undefined): string {
  return (at ?? new Date()).toISOString();
}

/** Acknowledge an open alert with a comment. */
export async function acknowledgeAlert(store: WorkspaceStore, alertId: string, by: { who: string; comment: string; at?: Date }): Promise<Alert> {
  if (by.comment.trim() === '') throw new Error('acknowledging needs a comment');
  return transition(store, { type: 'acknowledged', alertId, at: when(by.at), who: by.who, comment: by.comment }, ['open']);
}

/** Assign an open or acknowledged alert to a person. */
export async function assignAlert(store: WorkspaceStore, alertId: string, by: { who: string; assignee: string; comment?: string; at?: Date }): Promise<Alert> {
  if (by.assignee.trim() === '') throw new Error('assigning needs an assignee');
  const event: AuditEvent = { type: 'assigned', alertId, at: when(by.at), who: by.who, assignee: by.assignee, ...(by.comment ? { comment: by.comment } : {}) };
  return transition(store, event, ['open', 'acknowledged']);
}

/** Close an alert with a cause and a corrective action. */
export async function closeAlert(store: WorkspaceStore, alertId: string, by: { who: string; cause: string; action: string; comment?: string; at?: Date }): Promise<Alert> {
  if (by.cause.trim() === '' || by.action.trim() === '') throw new Error('closing needs a cause and an action');
  const event: AuditEvent = { type: 'closed', alertId, at: when(by.at), who: by.who, cause: by.cause, action: by.action, ...(by.comment ? { comment: by.comment } : {}) };
  return transition(store, event, ['open', 'acknowledged']);
}

/** Reopen a closed alert, saying why. */
export async function reopenAlert(store: WorkspaceStore, alertId: string, by: { who: string; comment: string; at?: Date }): Promise<Alert> {
  if (by.comment.trim() === '') throw new Error('reopening needs a comment');
  return transition(store, { type: 'reopened', alertId, at: when(by.at), who: by.who, comment: by.comment }, ['closed']);
}
