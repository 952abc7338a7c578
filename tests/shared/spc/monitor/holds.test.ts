/** Lot holds (issue #14 §3): rules on a crafted workspace against lot yields counted in TS, releases, the append-only log. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmNodeSqlEngine } from '../../../../node/engine/wasmNodeEngine.ts';
import {
  applyHoldRules, holdEventFolder, holdStatePath, listHolds, placeHold, releaseHold, saveHoldRules, type Episode,
} from '../../../../shared/spc/monitor/index.ts';
import { craftedEngine, MemoryStore, type CraftedDie } from './craftedWorkspace.ts';

let engine: WasmNodeSqlEngine;
let dies: CraftedDie[];

beforeAll(async () => {
  ({ engine, dies } = await craftedEngine());
});
afterAll(() => engine.close());

/** Lot yield counted over the crafted die rows. */
function lotYield(lot: string): number {
  const lotDies = dies.filter((die) => die.lot === lot);
  return lotDies.filter((die) => die.pass).length / lotDies.length;
}

/** An episode on lot B as the board would hold it. */
function episodeOn(lot: string, severity: Episode['severity'], state: Episode['state']): Episode {
  const point = { subgroupKey: `P/${lot}/2`, time: '2026-10-01T07:00:00.000Z', lot, wafer: '2', tool: 'T2', value: 0.4, deviation: -4, rules: ['WE1' as const], severity };
  return {
    id: `yield-P|limit|P/${lot}/2`, definitionId: 'yield-P', chartName: 'P wafer yield', product: 'P', test: null, family: 'limit', severity, state,
    assignee: null, raisedAt: '2026-10-02T00:00:00.000Z', updatedAt: '2026-10-02T00:00:00.000Z', points: [point],
  };
}

describe('lot holds', () => {
  it('holds the lots under the yield threshold and the lots an open critical episode touches, once each', async () => {
    const store = new MemoryStore();
    // A threshold between the two lots' yields, from the rows: only the lower lot is under it.
    const [low, high] = ['A', 'B'].sort((left, right) => lotYield(left) - lotYield(right)) as [string, string];
    expect(lotYield(low)).toBeLessThan(lotYield(high));
    const threshold = (lotYield(low) + lotYield(high)) / 2;
    await saveHoldRules(store, [{ id: 'low-yield', kind: 'yield-below', threshold }, { id: 'critical', kind: 'critical-episode' }]);

    const at = new Date('2026-10-03T08:00:00Z');
    const placed = await applyHoldRules(engine, store, [episodeOn(high, 'critical', 'open'), episodeOn(low, 'warning', 'open')], { at });
    expect(placed.map((hold) => hold.lot).sort()).toEqual([low, high].sort());
    const lowHold = placed.find((hold) => hold.lot === low);
    expect(lowHold).toMatchObject({ state: 'on-hold', product: 'P', placedBy: 'yield-monitor', placedAt: at.toISOString() });
    expect(lowHold?.reason).toContain(`lot yield ${(lotYield(low) * 100).toFixed(1)} %`);
    expect(placed.find((hold) => hold.lot === high)?.reason).toMatch(/critical episode on P wafer yield/);
    // Issue #13 §5: beside the English text, the code and the numbers the UI says in its language.
    expect(lowHold?.reasonCode).toEqual({ code: 'lotYieldBelow', params: { yield: lotYield(low), threshold, rule: 'low-yield' } });
    expect(placed.find((hold) => hold.lot === high)?.reasonCode).toEqual({ code: 'criticalEpisode', params: { chart: 'P wafer yield', from: '2026-10-01T07:00:00.000Z', rule: 'critical' } });

    // Released by a person: the same rule does not hold the lot again.
    const released = await releaseHold(store, { product: 'P', lot: low, comment: 'retest confirmed the yield', who: 'lead', at: new Date('2026-10-03T09:00:00Z') });
    expect(released).toMatchObject({ state: 'released', releasedBy: 'lead', releaseComment: 'retest confirmed the yield' });
    expect(await applyHoldRules(engine, store, [episodeOn(high, 'critical', 'open')])).toEqual([]);
    expect((await listHolds(store)).map((hold) => [hold.lot, hold.state])).toEqual([[high, 'on-hold'], [low, 'released']]);

    // Three events, each its own file; the state file holds the replayed list.
    expect(await store.listFiles(holdEventFolder)).toHaveLength(3);
    const state = JSON.parse(new TextDecoder().decode((await store.readFile(holdStatePath)) ?? new Uint8Array())) as { holds: { lot: string }[] };
    expect(state.holds.map((hold) => hold.lot)).toEqual([high, low]);
  });

  it('no rules: nothing is held; a closed critical episode holds nothing', async () => {
    const store = new MemoryStore();
    expect(await applyHoldRules(engine, store, [episodeOn('A', 'critical', 'open')])).toEqual([]);
    await saveHoldRules(store, [{ id: 'critical', kind: 'critical-episode' }]);
    expect(await applyHoldRules(engine, store, [episodeOn('A', 'critical', 'closed')])).toEqual([]);
  });

  it('by hand: a reason is required, a held lot cannot be held twice, an unheld lot cannot be released', async () => {
    const store = new MemoryStore();
    await expect(placeHold(store, { product: 'P', lot: 'A', reason: ' ', who: 'lead' })).rejects.toThrow(/needs a reason/);
    await placeHold(store, { product: 'P', lot: 'A', reason: 'probe card suspect', who: 'lead' });
    await expect(placeHold(store, { product: 'P', lot: 'A', reason: 'again', who: 'lead' })).rejects.toThrow(/on hold already: probe card suspect/);
    await expect(releaseHold(store, { product: 'P', lot: 'B', comment: 'ok', who: 'lead' })).rejects.toThrow(/not on hold/);
    await expect(releaseHold(store, { product: 'P', lot: 'A', comment: '', who: 'lead' })).rejects.toThrow(/needs a comment/);
    // The refusal also carries a code and params, so the app says it in the user's language (issue #13 §5).
    await expect(placeHold(store, { product: 'P', lot: 'A', reason: 'again', who: 'lead' })).rejects.toMatchObject({ code: 'alreadyOnHold', params: { lot: 'A', product: 'P', reason: 'probe card suspect' } });
    await expect(releaseHold(store, { product: 'P', lot: 'B', comment: 'ok', who: 'lead' })).rejects.toMatchObject({ code: 'notOnHold', params: { lot: 'B', product: 'P' } });
    expect(await store.listFiles(holdEventFolder)).toHaveLength(1);
  });
});
