/** Episodes (issue #14 §1): grouping with a gap, extension across evaluations, bulk actions, the incremental snapshot. */
import { describe, expect, it } from 'vitest';
import {
  actOnEpisodes, episodeFolder, episodeIndexPath, groupViolations, listEpisodes, loadEpisodeBoard, raiseEpisodes, shiftSummary,
  type ChartDefinition, type ChartEvaluation, type MonitorRule,
} from '../../../../shared/spc/monitor/index.ts';
import { manifestPath, serialiseManifest } from '../../../../shared/workspace/manifest.ts';
import { MemoryStore } from './craftedWorkspace.ts';

const definition: ChartDefinition = {
  id: 'yield', name: 'P wafer yield', enabled: true, metric: { kind: 'wafer-yield' }, filter: { product: 'P' }, chart: 'p',
  rules: ['WE1', 'WE2'], limits: { mode: 'phase-one', baseline: { firstSubgroups: 4 }, dropOutOfControl: true }, severity: {},
};

/** A chart of `count` wafers (value = index, center 0) whose violations are the listed [index, rule] pairs. */
function chartWith(count: number, violations: [number, MonitorRule][]): ChartEvaluation {
  const points = Array.from({ length: count }, (_, index) => ({
    index, value: index % 7, n: 100, center: 0, lcl: -1, ucl: 1, sigma: 0.3, inBaseline: true, violations: [],
    subgroup: { key: `P/L${Math.floor(index / 5)}/${index % 5}`, product: 'P', lot: `L${Math.floor(index / 5)}`, wafer: String(index % 5), time: new Date(Date.UTC(2026, 0, 1, index)).toISOString(), tool: 'T1', chamber: null },
  }));
  return {
    definition, chart: 'p', evaluatedAt: '', parameters: null, limitsSource: 'frozen', limitsRecord: null, points, secondary: null, specLimits: null,
    violations: violations.map(([index, rule]) => ({ index, subgroupKey: points[index]?.subgroup.key ?? '', rule, text: rule, severity: rule === 'WE1' ? 'critical' : 'warning' })),
  };
}

describe('episodes', () => {
  it('groups one rule family over violations at most `gap` subgroups apart', () => {
    const chart = chartWith(30, [[2, 'WE1'], [3, 'WE1'], [6, 'WE1'], [10, 'WE1'], [3, 'WE2'], [20, 'WE2']]);
    // gap 2: 2,3,6 (6-3 = 3 = gap+1) together, 10 alone (10-6 = 4); zone family: 3 and 20 apart.
    const drafts = groupViolations(chart, 2).map((draft) => [draft.family, draft.points.map((point) => point.subgroupKey)]);
    expect(drafts).toEqual([
      ['limit', ['P/L0/2', 'P/L0/3', 'P/L1/1']], ['limit', ['P/L2/0']], ['zone', ['P/L0/3']], ['zone', ['P/L4/0']],
    ]);
    expect(groupViolations(chart, 0).filter((draft) => draft.family === 'limit').map((draft) => draft.points.length)).toEqual([2, 1, 1]);
    expect(groupViolations({ ...chart, limitsSource: 'phase-one-provisional' })).toEqual([]);
  });

  it('raises once, extends an open episode with new points, and starts a new one after it is closed', async () => {
    const store = new MemoryStore();
    const first = await raiseEpisodes(store, [chartWith(10, [[2, 'WE1'], [3, 'WE1']])], { at: new Date('2026-02-01T00:00:00Z') });
    expect(first.map((episode) => [episode.id, episode.points.length, episode.severity])).toEqual([['yield|limit|P/L0/2', 2, 'critical']]);
    expect(await raiseEpisodes(store, [chartWith(10, [[2, 'WE1'], [3, 'WE1']])])).toEqual([]);
    expect(await raiseEpisodes(store, [chartWith(10, [[2, 'WE1'], [3, 'WE1'], [5, 'WE1']])])).toEqual([]);
    const [extended] = await listEpisodes(store);
    expect(extended?.points.map((point) => point.subgroupKey)).toEqual(['P/L0/2', 'P/L0/3', 'P/L1/0']);

    await actOnEpisodes(store, ['yield|limit|P/L0/2'], { type: 'closed', who: 'ana', cause: 'probe card', action: 'replaced' });
    const later = await raiseEpisodes(store, [chartWith(10, [[2, 'WE1'], [3, 'WE1'], [5, 'WE1'], [6, 'WE1']])]);
    expect(later.map((episode) => episode.id)).toEqual(['yield|limit|P/L1/1']);
  });

  it('acts on many episodes at once, checks all before writing, and keeps the log append-only', async () => {
    const store = new MemoryStore();
    await raiseEpisodes(store, [chartWith(40, [[1, 'WE1'], [10, 'WE1'], [20, 'WE2'], [30, 'WE1']])], { gap: 2 });
    const ids = (await listEpisodes(store)).map((episode) => episode.id);
    expect(ids).toHaveLength(4);
    const acknowledged = await actOnEpisodes(store, ids.slice(0, 3), { type: 'acknowledged', who: 'ana', comment: 'looking' });
    expect(acknowledged.map((episode) => episode.state)).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);
    const before = (await store.listFiles(episodeFolder)).length;
    await expect(actOnEpisodes(store, ids, { type: 'acknowledged', who: 'ana', comment: 'again' })).rejects.toThrow(/is acknowledged: cannot be acknowledged/);
    expect((await store.listFiles(episodeFolder)).length).toBe(before);
    await expect(actOnEpisodes(store, ids, { type: 'closed', who: 'ana', cause: '', action: 'x' })).rejects.toThrow(/cause and an action/);
    await actOnEpisodes(store, ids, { type: 'assigned', who: 'ana', assignee: 'binh' });
    const states = (await listEpisodes(store)).map((episode) => [episode.state, episode.assignee]);
    expect(states.filter(([state]) => state === 'open')).toHaveLength(1);
    expect(states.every(([, assignee]) => assignee === 'binh')).toBe(true);
    // 4 raised + 3 acknowledged + 4 assigned, one file each.
    expect((await store.listFiles(episodeFolder)).length).toBe(11);
  });

  it('the snapshot replays only newer files, and the whole log when the count does not add up', async () => {
    const store = new MemoryStore();
    await raiseEpisodes(store, [chartWith(40, [[1, 'WE1'], [10, 'WE1']])], { at: new Date('2026-03-01T00:00:00Z'), gap: 2 });
    const [one, two] = (await listEpisodes(store)).map((episode) => episode.id);
    await actOnEpisodes(store, [one ?? ''], { type: 'acknowledged', who: 'ana', comment: 'seen', at: new Date('2026-03-02T00:00:00Z') });
    // An event written with an earlier time sorts before the snapshot's last file: the count no longer matches.
    await actOnEpisodes(store, [two ?? ''], { type: 'acknowledged', who: 'ana', comment: 'seen', at: new Date('2026-03-01T12:00:00Z') });
    store.files.set(episodeIndexPath, new TextEncoder().encode('{"version":1,"lastFile":"zzz","fileCount":1,"episodes":[]}'));
    const rebuilt = await loadEpisodeBoard(store);
    expect([...rebuilt.episodes.values()].map((episode) => episode.state)).toEqual(['acknowledged', 'acknowledged']);
    store.files.set(episodeIndexPath, new TextEncoder().encode('not json'));
    expect((await loadEpisodeBoard(store)).episodes.size).toBe(2);
  });
});

describe('shift summary by episodes (issue #14 §4)', () => {
  it('lists episodes raised, acknowledged and closed in the window and those still open at its end', async () => {
    const store = new MemoryStore();
    await raiseEpisodes(store, [chartWith(40, [[1, 'WE1'], [10, 'WE1'], [20, 'WE2']])], { at: new Date('2026-05-01T06:00:00Z'), gap: 2 });
    const [first, second, third] = (await listEpisodes(store)).map((episode) => episode.id);
    await actOnEpisodes(store, [first ?? ''], { type: 'acknowledged', who: 'ana', comment: 'seen', at: new Date('2026-05-01T07:00:00Z') });
    await actOnEpisodes(store, [second ?? ''], { type: 'closed', who: 'ana', cause: 'c', action: 'a', at: new Date('2026-05-01T15:00:00Z') });
    const morning = (await shiftSummary(store, new Date('2026-05-01T06:00:00Z'), new Date('2026-05-01T14:00:00Z'))).episodes;
    expect(morning.raised).toHaveLength(3);
    expect(morning.acknowledged.map((episode) => episode.id)).toEqual([first]);
    expect(morning.closed).toEqual([]);
    expect(morning.stillOpen).toHaveLength(3);
    const afternoon = (await shiftSummary(store, new Date('2026-05-01T14:00:00Z'), new Date('2026-05-01T22:00:00Z'))).episodes;
    expect(afternoon.raised).toEqual([]);
    expect(afternoon.closed.map((episode) => [episode.id, episode.state])).toEqual([[second, 'closed']]);
    expect(afternoon.stillOpen.map((episode) => episode.id).sort()).toEqual([first, third].sort());
  });

  it('lists every import of the shift as ok, partial or rejected', async () => {
    const store = new MemoryStore();
    const record = (importId: string, status: 'ok' | 'rejected', importedAt: string, partial?: { offset: number; unreadBytes: number }) => ({
      importId, sourceFile: `${importId}.stdf`, contentHash: importId, format: 'stdf' as const, rows: 10, importedAt, status, warnings: [], files: {}, ...(partial ? { partial } : {}),
    });
    store.files.set(manifestPath, serialiseManifest({ formatVersion: 1, imports: [
      record('whole', 'ok', '2026-05-01T07:00:00Z'), record('cut', 'ok', '2026-05-01T08:00:00Z', { offset: 100, unreadBytes: 50 }),
      record('refused', 'rejected', '2026-05-01T09:00:00Z'), record('earlier', 'ok', '2026-04-30T07:00:00Z'),
    ] }));
    const { imports } = await shiftSummary(store, new Date('2026-05-01T06:00:00Z'), new Date('2026-05-01T14:00:00Z'));
    expect(imports.map((entry) => [entry.importId, entry.status])).toEqual([['whole', 'ok'], ['cut', 'partial'], ['refused', 'rejected']]);
  });
});
