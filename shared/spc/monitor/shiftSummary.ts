/** The shift summary: imports that came in, alerts raised and alerts still open; CSV export. */
import type { WorkspaceStore } from '../../host/hostApi.ts';
import { manifestPath, parseManifest } from '../../workspace/manifest.ts';
import { compareAlerts, readAuditLog, replayEvents } from './auditLog.ts';
import type { Alert, ShiftImport, ShiftSummary } from './types.ts';

/** Whether an ISO time lies in [from, to). */
function within(iso: string, from: Date, to: Date): boolean {
  const time = Date.parse(iso);
  return time >= from.getTime() && time < to.getTime();
}

/** Imports of the manifest in [from, to), oldest first. */
async function importsBetween(store: WorkspaceStore, from: Date, to: Date): Promise<ShiftImport[]> {
  const bytes = await store.readFile(manifestPath);
  if (!bytes) return [];
  return parseManifest(bytes)
    .imports.filter((entry) => within(entry.importedAt, from, to))
    .map(({ importId, sourceFile, format, rows, importedAt, status }) => ({ importId, sourceFile, format, rows, importedAt, status }))
    .sort((left, right) => left.importedAt.localeCompare(right.importedAt));
}

/** Imports, alerts raised in [from, to) and alerts not closed at `to` (replaying events before `to`). */
export async function shiftSummary(store: WorkspaceStore, from: Date, to: Date): Promise<ShiftSummary> {
  const { events } = await readAuditLog(store);
  const atEnd = replayEvents(events.filter((event) => Date.parse(event.at) < to.getTime()));
  const alerts = [...atEnd.values()];
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    imports: await importsBetween(store, from, to),
    raised: alerts.filter((alert) => within(alert.raisedAt, from, to)).sort(compareAlerts),
    stillOpen: alerts.filter((alert) => alert.state !== 'closed').sort(compareAlerts),
  };
}

/** One CSV cell, quoted when needed (RFC 4180). */
function cell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const header = ['section', 'time', 'id', 'product', 'lot', 'wafer', 'tool', 'chart', 'rule', 'severity', 'state', 'assignee', 'value', 'detail'];

/** A CSV row for an alert. */
function alertRow(section: string, alert: Alert): (string | number | null)[] {
  return [section, alert.raisedAt, alert.id, alert.product, alert.lot, alert.wafer, alert.tool, alert.chartName, alert.rule, alert.severity, alert.state, alert.assignee, alert.value, alert.ruleText];
}

/** CSV text (RFC 4180, CRLF) of a shift summary: one row per import, raised alert and open alert. */
export function shiftSummaryCsv(summary: ShiftSummary): string {
  const rows: (string | number | null)[][] = [header];
  for (const entry of summary.imports) {
    rows.push(['import', entry.importedAt, entry.importId, null, null, null, null, null, null, null, entry.status, null, entry.rows, `${entry.sourceFile} (${entry.format})`]);
  }
  for (const alert of summary.raised) rows.push(alertRow('raised', alert));
  for (const alert of summary.stillOpen) rows.push(alertRow('open', alert));
  return `${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
