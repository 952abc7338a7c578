/** The shift summary: imports that came in (ok, partial, rejected), episodes raised/acknowledged/closed/open, holds placed/released, alerts; CSV export. */
import type { WorkspaceStore } from '../../host/hostApi.ts';
import { manifestPath, parseManifest } from '../../workspace/manifest.ts';
import { compareAlerts, readAuditLog, replayEvents } from './auditLog.ts';
import { applyEpisodeEvent, readEpisodeLog } from './episodeLog.ts';
import { compareEpisodes, episodeExtent } from './episodes.ts';
import type { Episode } from './episodeTypes.ts';
import { readHoldEvents, type Hold } from './holds.ts';
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
    .map(({ importId, sourceFile, format, rows, importedAt, status, partial }) => ({ importId, sourceFile, format, rows, importedAt, status: partial && status === 'ok' ? 'partial' : status }))
    .sort((left, right) => left.importedAt.localeCompare(right.importedAt));
}

/** Episodes raised, acknowledged and closed in [from, to), and those not closed at `to` (events before `to` replayed). */
async function episodesBetween(store: WorkspaceStore, from: Date, to: Date): Promise<ShiftSummary['episodes']> {
  const atEnd = new Map<string, Episode>();
  const touched = { raised: new Set<string>(), acknowledged: new Set<string>(), closed: new Set<string>() };
  for (const event of await readEpisodeLog(store)) {
    if (Date.parse(event.at) >= to.getTime()) continue;
    applyEpisodeEvent(atEnd, event);
    if (within(event.at, from, to) && (event.type === 'raised' || event.type === 'acknowledged' || event.type === 'closed')) touched[event.type].add(event.episodeId);
  }
  const pick = (ids: Set<string>) => [...ids].map((id) => atEnd.get(id)).filter((episode): episode is Episode => !!episode).sort(compareEpisodes);
  return {
    raised: pick(touched.raised), acknowledged: pick(touched.acknowledged), closed: pick(touched.closed),
    stillOpen: [...atEnd.values()].filter((episode) => episode.state !== 'closed').sort(compareEpisodes),
  };
}

/**
 * Holds placed and holds released in [from, to), oldest first, each as it stood at `to` (events
 * before `to` replayed). Every placement is its own hold, so a lot held, released and held again
 * in one shift is listed twice.
 */
async function holdsBetween(store: WorkspaceStore, from: Date, to: Date): Promise<ShiftSummary['holds']> {
  const holds: Hold[] = [];
  const latest = new Map<string, number>();
  for (const event of await readHoldEvents(store)) {
    if (Date.parse(event.at) >= to.getTime()) continue;
    const key = `${event.product}/${event.lot}`;
    if (event.type === 'placed') {
      latest.set(key, holds.length);
      holds.push({
        lot: event.lot, product: event.product, state: 'on-hold', reason: event.reason, reasonCode: event.reasonCode ?? null, ruleKey: event.ruleKey, placedBy: event.who, placedAt: event.at,
        releasedBy: null, releasedAt: null, releaseComment: null,
      });
    } else {
      const index = latest.get(key);
      const hold = index === undefined ? undefined : holds[index];
      if (index !== undefined && hold?.state === 'on-hold') holds[index] = { ...hold, state: 'released', releasedBy: event.who, releasedAt: event.at, releaseComment: event.comment };
    }
  }
  const byTime = (time: (hold: Hold) => string) => (left: Hold, right: Hold) => time(left).localeCompare(time(right));
  return {
    placed: holds.filter((hold) => within(hold.placedAt, from, to)).sort(byTime((hold) => hold.placedAt)),
    released: holds.filter((hold) => hold.releasedAt !== null && within(hold.releasedAt, from, to)).sort(byTime((hold) => hold.releasedAt ?? '')),
  };
}

/** Imports, holds, alerts raised in [from, to) and alerts not closed at `to` (replaying events before `to`). */
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
    episodes: await episodesBetween(store, from, to),
    holds: await holdsBetween(store, from, to),
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

/** A CSV row for an episode (time = its last point, value = its number of points). */
function episodeRow(section: string, episode: Episode): (string | number | null)[] {
  const extent = episodeExtent(episode);
  const rules = [...new Set(episode.points.flatMap((point) => point.rules))].join('+');
  return [section, extent.lastTime, episode.id, episode.product, extent.lots.join(' '), null, extent.tools.join(' '), episode.chartName, rules, episode.severity, episode.state, episode.assignee, extent.count, `${extent.firstTime} – ${extent.lastTime}`];
}

/** A CSV row for a hold: placed (time, who, reason) or released (time, who, comment). */
function holdRow(section: 'hold-placed' | 'hold-released', hold: Hold): (string | number | null)[] {
  const released = section === 'hold-released';
  return [section, released ? hold.releasedAt : hold.placedAt, null, hold.product, hold.lot, null, null, null, null, null, hold.state, released ? hold.releasedBy : hold.placedBy, null, released ? hold.releaseComment : hold.reason];
}

/** CSV text (RFC 4180, CRLF) of a shift summary: one row per import, episode (raised, acknowledged, closed, open), hold placed or released, raised alert and open alert. */
export function shiftSummaryCsv(summary: ShiftSummary): string {
  const rows: (string | number | null)[][] = [header];
  for (const entry of summary.imports) {
    rows.push(['import', entry.importedAt, entry.importId, null, null, null, null, null, null, null, entry.status, null, entry.rows, `${entry.sourceFile} (${entry.format})`]);
  }
  for (const section of ['raised', 'acknowledged', 'closed', 'stillOpen'] as const) {
    for (const episode of summary.episodes[section]) rows.push(episodeRow(`episode-${section === 'stillOpen' ? 'open' : section}`, episode));
  }
  for (const hold of summary.holds.placed) rows.push(holdRow('hold-placed', hold));
  for (const hold of summary.holds.released) rows.push(holdRow('hold-released', hold));
  for (const alert of summary.raised) rows.push(alertRow('raised', alert));
  for (const alert of summary.stillOpen) rows.push(alertRow('open', alert));
  return `${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
