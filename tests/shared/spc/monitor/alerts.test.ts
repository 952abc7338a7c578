import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmNodeSqlEngine } from '../../../../node/engine/wasmNodeEngine.ts';
import {
  acknowledgeAlert, assignAlert, closeAlert, evaluateAll, limitsHistory, listAlerts, reopenAlert, saveDefinitions, shiftSummary,
  shiftSummaryCsv, timeline, type ChartDefinition,
} from '../../../../shared/spc/monitor/index.ts';
import { craftedEngine, MemoryStore } from './craftedWorkspace.ts';

let engine: WasmNodeSqlEngine;
beforeAll(async () => {
  ({ engine } = await craftedEngine());
});
afterAll(() => engine.close());

const definitions: ChartDefinition[] = [
  {
    id: 'yield', name: 'P wafer yield', enabled: true, metric: { kind: 'wafer-yield' }, filter: { product: 'P' }, chart: 'p', sigmaBasis: 'within',
    rules: ['WE1'], limits: { mode: 'phase-one', baseline: { firstSubgroups: 4 }, dropOutOfControl: true }, severity: {},
  },
  {
    id: 'fails', name: 'P bin 5 above 50 %', enabled: true, metric: { kind: 'bin-fraction', binType: 'hard', bin: 5 }, filter: { product: 'P' },
    chart: 'threshold', threshold: { direction: 'above', value: 0.5 }, rules: [], limits: { mode: 'phase-one', baseline: { firstSubgroups: 4 }, dropOutOfControl: false },
    severity: { THRESHOLD: 'warning' },
  },
  {
    id: 'off', name: 'disabled', enabled: false, metric: { kind: 'wafer-yield' }, filter: {}, chart: 'threshold', threshold: { direction: 'below', value: 2 },
    rules: [], limits: { mode: 'phase-one', baseline: { firstSubgroups: 4 }, dropOutOfControl: false }, severity: {},
  },
];

/** Decoded copies of every audit file (to prove nothing is rewritten). */
function auditSnapshot(store: MemoryStore): Map<string, string> {
  return new Map([...store.files].filter(([path]) => path.startsWith('alerts/audit/')).map(([path, bytes]) => [path, new TextDecoder().decode(bytes)]));
}

describe('alerts: raised once, state by replaying an append-only audit log', () => {
  const store = new MemoryStore();
  const shiftStart = new Date('2026-11-01T06:00:00Z');

  it('raises one alert per violating subgroup and rule, freezes the limits, and deduplicates on re-evaluation', async () => {
    await saveDefinitions(store, definitions);
    const first = await evaluateAll(engine, store, { at: new Date('2026-11-01T07:00:00Z') });
    expect(first.evaluations.map((evaluation) => evaluation.definition.id)).toEqual(['yield', 'fails']);
    expect(first.newAlerts.map((alert) => alert.id)).toEqual(['yield|P/A/5|WE1', 'fails|P/A/5|THRESHOLD']);
    expect(first.newAlerts[0]).toMatchObject({ product: 'P', lot: 'A', wafer: '5', tool: 'T1', severity: 'critical', state: 'open' });
    const history = await limitsHistory(store, 'yield');
    expect(history).toHaveLength(1);
    expect(history[0]?.baselineKeys).toEqual(['P/A/1', 'P/A/2', 'P/A/3', 'P/A/4']);
    const files = auditSnapshot(store);
    expect(files.size).toBe(2);

    const second = await evaluateAll(engine, store, { at: new Date('2026-11-01T08:00:00Z') });
    expect(second.newAlerts).toEqual([]);
    expect(second.evaluations[0]?.limitsSource).toBe('frozen');
    expect(await limitsHistory(store, 'yield')).toHaveLength(1);
    expect(auditSnapshot(store)).toEqual(files);
  });

  it('acknowledge, assign, close and reopen append events; the timeline replays them in order', async () => {
    const before = auditSnapshot(store);
    const id = 'yield|P/A/5|WE1';
    expect((await acknowledgeAlert(store, id, { who: 'lan', comment: 'looking at the prober', at: new Date('2026-11-01T09:00:00Z') })).state).toBe('acknowledged');
    expect((await assignAlert(store, id, { who: 'lan', assignee: 'minh', at: new Date('2026-11-01T09:05:00Z') })).assignee).toBe('minh');
    const closed = await closeAlert(store, id, { who: 'minh', cause: 'probe card worn', action: 'card replaced', at: new Date('2026-11-01T10:00:00Z') });
    expect(closed).toMatchObject({ state: 'closed', assignee: 'minh', updatedAt: '2026-11-01T10:00:00.000Z' });
    await expect(acknowledgeAlert(store, id, { who: 'lan', comment: 'again' })).rejects.toThrow(/is closed: cannot be acknowledged/);
    await expect(closeAlert(store, id, { who: 'lan', cause: '', action: 'x' })).rejects.toThrow(/cause and an action/);
    await expect(acknowledgeAlert(store, 'nope', { who: 'lan', comment: 'x' })).rejects.toThrow(/no alert "nope"/);
    const reopened = await reopenAlert(store, id, { who: 'lan', comment: 'came back on wafer 6', at: new Date('2026-11-01T11:00:00Z') });
    expect(reopened.state).toBe('open');

    const events = await timeline(store, id);
    expect(events.map((event) => [event.type, event.who])).toEqual([
      ['raised', 'yield-monitor'], ['acknowledged', 'lan'], ['assigned', 'lan'], ['closed', 'minh'], ['reopened', 'lan'],
    ]);
    expect(events[3]).toMatchObject({ cause: 'probe card worn', action: 'card replaced' });
    const after = auditSnapshot(store);
    for (const [path, text] of before) expect(after.get(path)).toBe(text);
    expect(after.size).toBe(before.size + 4);
  });

  it('lists alerts by filter, most severe first, and re-evaluation does not raise a closed alert again', async () => {
    await closeAlert(store, 'fails|P/A/5|THRESHOLD', { who: 'lan', cause: 'known', action: 'none', at: new Date('2026-11-01T12:00:00Z') });
    expect((await listAlerts(store)).map((alert) => alert.id)).toEqual(['yield|P/A/5|WE1', 'fails|P/A/5|THRESHOLD']);
    expect((await listAlerts(store, { states: ['open'] })).map((alert) => alert.rule)).toEqual(['WE1']);
    expect(await listAlerts(store, { rule: 'N3' })).toEqual([]);
    expect((await listAlerts(store, { minSeverity: 'critical' })).map((alert) => alert.severity)).toEqual(['critical']);
    expect((await evaluateAll(engine, store)).newAlerts).toEqual([]);
  });

  it('shift summary: alerts raised in the window and those still open at its end; CSV with quoted cells', async () => {
    const summary = await shiftSummary(store, shiftStart, new Date('2026-11-01T10:30:00Z'));
    expect(summary.raised.map((alert) => alert.id)).toEqual(['yield|P/A/5|WE1', 'fails|P/A/5|THRESHOLD']);
    expect(summary.stillOpen.map((alert) => alert.id)).toEqual(['fails|P/A/5|THRESHOLD']);
    expect(summary.imports).toEqual([]);
    const later = await shiftSummary(store, new Date('2026-11-01T10:30:00Z'), new Date('2026-11-01T13:00:00Z'));
    expect(later.raised).toEqual([]);
    expect(later.stillOpen.map((alert) => alert.id)).toEqual(['yield|P/A/5|WE1']);
    // Episodes (issue #14 §4): the two alerts on wafer A/5 are one limit episode per chart; alert actions do not touch them.
    expect(summary.episodes.raised.map((episode) => episode.id).sort()).toEqual(['fails|limit|P/A/5', 'yield|limit|P/A/5']);
    expect(summary.episodes.stillOpen).toHaveLength(2);
    expect(summary.episodes.closed).toEqual([]);
    const rows = shiftSummaryCsv(summary).split('\r\n');
    expect(rows.filter((row) => row.startsWith('episode-raised,'))).toHaveLength(2);
    const csv = rows.filter((row) => !row.startsWith('episode-'));
    expect(csv[0]).toBe('section,time,id,product,lot,wafer,tool,chart,rule,severity,state,assignee,value,detail');
    expect(csv[1]).toMatch(/^raised,2026-11-01T07:00:00.000Z,yield\|P\/A\/5\|WE1,P,A,5,T1,P wafer yield,WE1,critical,closed,minh,/);
    expect(csv.at(-2)).toMatch(/^open,.*,P bin 5 above 50 %,THRESHOLD,warning,open,,/);
    expect(shiftSummaryCsv({ ...summary, raised: [], stillOpen: [], episodes: { raised: [], acknowledged: [], closed: [], stillOpen: [] }, imports: [{ importId: 'i1', sourceFile: 'a,"b".csv', format: 'csv', rows: 3, importedAt: '2026-11-01T07:00:00Z', status: 'ok' }] }))
      .toContain('import,2026-11-01T07:00:00Z,i1,,,,,,,,ok,,3,"a,""b"".csv (csv)"');
  });
});
