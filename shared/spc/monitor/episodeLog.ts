/**
 * Episodes as an append-only log (`alerts/episodes/`, one file per event, never rewritten) with a
 * compacted snapshot beside it (`alerts/episode-index.json`: the replayed board and the name and
 * count of the files it covers). Loading reads the snapshot and replays only the files after it;
 * when the count does not add up (a file written with an earlier time, a damaged snapshot) the
 * whole log is replayed. So an action reads one listing, one snapshot and its own new file.
 */
import type { WorkspaceStore } from '../../host/hostApi.ts';
import { appendJsonFile, fileLabel } from './appendOnlyFiles.ts';
import { compareEpisodes, DEFAULT_EPISODE_GAP, groupViolations, worseSeverity } from './episodes.ts';
import type { Episode, EpisodeAction, EpisodeEvent, EpisodePoint } from './episodeTypes.ts';
import { SYSTEM_USER } from './evaluate.ts';
import type { AlertState, ChartEvaluation } from './types.ts';

/** Folder of the episode log. */
export const episodeFolder = 'alerts/episodes';
/** The compacted snapshot of the board beside the log. */
export const episodeIndexPath = 'alerts/episode-index.json';

/** The replayed board: episodes by id and the log files it covers. */
export interface EpisodeBoard {
  episodes: Map<string, Episode>;
  lastFile: string;
  fileCount: number;
}

interface Snapshot { version: 1; lastFile: string; fileCount: number; episodes: Episode[] }

/** Apply one event (events of unknown episodes, and illegal ones, are ignored). */
export function applyEpisodeEvent(episodes: Map<string, Episode>, event: EpisodeEvent): void {
  if (event.type === 'raised') {
    if (event.episode && !episodes.has(event.episodeId)) episodes.set(event.episodeId, { ...event.episode, state: 'open', assignee: null, updatedAt: event.at });
    return;
  }
  const episode = episodes.get(event.episodeId);
  if (!episode) return;
  if (event.type === 'extended') {
    const points = [...episode.points, ...(event.points ?? [])];
    const severity = points.reduce((worst, point) => worseSeverity(worst, point.severity), episode.severity);
    episodes.set(event.episodeId, { ...episode, points, severity, updatedAt: event.at });
    return;
  }
  const next: Record<'acknowledged' | 'assigned' | 'closed' | 'reopened', AlertState> = {
    acknowledged: 'acknowledged', assigned: episode.state, closed: 'closed', reopened: 'open',
  };
  episodes.set(event.episodeId, {
    ...episode, state: next[event.type], assignee: event.type === 'assigned' ? (event.assignee ?? null) : episode.assignee, updatedAt: event.at,
  });
}

/** Parse a file's bytes as JSON, or null. */
function parse(bytes: Uint8Array | null): unknown {
  if (!bytes) return null;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    return null;
  }
}

/** Whether a value looks like an episode event. */
function isEpisodeEvent(value: unknown): value is EpisodeEvent {
  const event = value as Partial<EpisodeEvent> | null;
  return typeof event === 'object' && event !== null && typeof event.episodeId === 'string' && typeof event.at === 'string' && typeof event.type === 'string';
}

/** Every episode event of the log, in file-name (= time) order (for reports; actions use the board). */
export async function readEpisodeLog(store: WorkspaceStore): Promise<EpisodeEvent[]> {
  const files = (await store.listFiles(episodeFolder)).filter((path) => path.endsWith('.json')).sort();
  const events = await Promise.all(files.map(async (path) => parse(await store.readFile(path))));
  return events.filter(isEpisodeEvent);
}

/** The board: the snapshot plus the log files after it (the whole log when they do not add up). */
export async function loadEpisodeBoard(store: WorkspaceStore): Promise<EpisodeBoard> {
  const files = (await store.listFiles(episodeFolder)).filter((path) => path.endsWith('.json')).sort();
  const snapshot = parse(await store.readFile(episodeIndexPath)) as Snapshot | null;
  let episodes = new Map<string, Episode>();
  let pending = files;
  if (snapshot?.version === 1 && Array.isArray(snapshot.episodes)) {
    const after = files.filter((path) => path > snapshot.lastFile);
    if (snapshot.fileCount + after.length === files.length) {
      episodes = new Map(snapshot.episodes.map((episode) => [episode.id, episode]));
      pending = after;
    }
  }
  const events = await Promise.all(pending.map(async (path) => parse(await store.readFile(path))));
  for (const event of events) if (isEpisodeEvent(event)) applyEpisodeEvent(episodes, event);
  const board = { episodes, lastFile: files[files.length - 1] ?? '', fileCount: files.length };
  if (pending.length > 0) await saveSnapshot(store, board);
  return board;
}

/** Write the compacted snapshot (a cache: the log stays the record). */
async function saveSnapshot(store: WorkspaceStore, board: EpisodeBoard): Promise<void> {
  const snapshot: Snapshot = { version: 1, lastFile: board.lastFile, fileCount: board.fileCount, episodes: [...board.episodes.values()] };
  await store.writeFile(episodeIndexPath, new TextEncoder().encode(JSON.stringify(snapshot)));
}

/** Append an event to the log and the board (the snapshot is written by the caller). */
async function append(store: WorkspaceStore, board: EpisodeBoard, event: EpisodeEvent): Promise<void> {
  const path = await appendJsonFile(store, episodeFolder, new Date(event.at), fileLabel(event.episodeId), event);
  applyEpisodeEvent(board.episodes, event);
  // A file named before lastFile (an earlier time) leaves the count off, so the next load replays all.
  if (path > board.lastFile) board.lastFile = path;
  board.fileCount += 1;
}

/** Episodes on the board, most severe, open and newest first. */
export async function listEpisodes(store: WorkspaceStore, states?: readonly AlertState[]): Promise<Episode[]> {
  const { episodes } = await loadEpisodeBoard(store);
  return [...episodes.values()].filter((episode) => !states || states.includes(episode.state)).sort(compareEpisodes);
}

const allowedFrom: Record<EpisodeAction['type'], AlertState[]> = {
  acknowledged: ['open'], assigned: ['open', 'acknowledged'], closed: ['open', 'acknowledged'], reopened: ['closed'],
};

/** Check an action's required fields; throws with what is missing. */
function checkAction(action: EpisodeAction): void {
  if (action.who.trim() === '') throw new Error('an episode change needs "who"');
  if ((action.type === 'acknowledged' || action.type === 'reopened') && action.comment.trim() === '') throw new Error(`${action.type === 'acknowledged' ? 'acknowledging' : 'reopening'} needs a comment`);
  if (action.type === 'assigned' && action.assignee.trim() === '') throw new Error('assigning needs an assignee');
  if (action.type === 'closed' && (action.cause.trim() === '' || action.action.trim() === '')) throw new Error('closing needs a cause and an action');
}

/**
 * Apply one action (acknowledge with a comment, assign, close with cause and action, reopen) to
 * every episode in `ids`; all are checked before anything is written. Returns their new states.
 */
export async function actOnEpisodes(store: WorkspaceStore, ids: readonly string[], action: EpisodeAction): Promise<Episode[]> {
  checkAction(action);
  const board = await loadEpisodeBoard(store);
  for (const id of ids) {
    const episode = board.episodes.get(id);
    if (!episode) throw new Error(`no episode "${id}"`);
    if (!allowedFrom[action.type].includes(episode.state)) throw new Error(`episode "${id}" is ${episode.state}: cannot be ${action.type}`);
  }
  const { at, ...fields } = action;
  const time = (at ?? new Date()).toISOString();
  for (const id of ids) await append(store, board, { ...fields, episodeId: id, at: time } as EpisodeEvent);
  await saveSnapshot(store, board);
  return ids.map((id) => board.episodes.get(id) as Episode);
}

/** Test number of a parametric chart, else null. */
function testOf(evaluation: ChartEvaluation): number | null {
  const { metric } = evaluation.definition;
  return metric.kind === 'parametric' ? metric.testNum : null;
}

/**
 * Record the episodes of a set of evaluations: a violating subgroup already in an episode is
 * skipped; new ones next to (within `gap` of) an episode that is not closed extend it; the rest
 * raise new episodes. Returns the episodes raised.
 */
export async function raiseEpisodes(store: WorkspaceStore, evaluations: readonly ChartEvaluation[], options: { at?: Date; gap?: number } = {}): Promise<Episode[]> {
  const at = (options.at ?? new Date()).toISOString();
  const board = await loadEpisodeBoard(store);
  const owner = new Map<string, string>();
  const pointKey = (definitionId: string, family: string, subgroupKey: string) => `${definitionId}|${family}|${subgroupKey}`;
  for (const episode of board.episodes.values()) for (const point of episode.points) owner.set(pointKey(episode.definitionId, episode.family, point.subgroupKey), episode.id);
  const raised: Episode[] = [];
  for (const evaluation of evaluations) {
    for (const draft of groupViolations(evaluation, options.gap ?? DEFAULT_EPISODE_GAP)) {
      const keyOf = (point: EpisodePoint) => pointKey(draft.definitionId, draft.family, point.subgroupKey);
      const fresh = draft.points.filter((point) => !owner.has(keyOf(point)));
      if (fresh.length === 0) continue;
      const openOwner = draft.points.map((point) => board.episodes.get(owner.get(keyOf(point)) ?? '')).find((episode) => episode && episode.state !== 'closed');
      if (openOwner) {
        await append(store, board, { type: 'extended', episodeId: openOwner.id, at, who: SYSTEM_USER, points: fresh });
        for (const point of fresh) owner.set(keyOf(point), openOwner.id);
        continue;
      }
      const id = `${draft.definitionId}|${draft.family}|${fresh[0]?.subgroupKey ?? ''}`;
      const severity = fresh.reduce((worst, point) => worseSeverity(worst, point.severity), fresh[0]?.severity ?? 'info');
      const episode = {
        id, definitionId: draft.definitionId, chartName: evaluation.definition.name, product: draft.product,
        test: testOf(evaluation), family: draft.family, severity, raisedAt: at, points: fresh,
      };
      await append(store, board, { type: 'raised', episodeId: id, at, who: SYSTEM_USER, episode });
      for (const point of fresh) owner.set(keyOf(point), id);
      raised.push(board.episodes.get(id) as Episode);
    }
  }
  await saveSnapshot(store, board);
  return raised;
}
