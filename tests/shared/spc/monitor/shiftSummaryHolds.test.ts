/** Holds in the shift summary (issue #14 §4): placed and released with the real holds API on a workspace folder, listed by the shift window. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderWorkspaceStore } from '../../../../node/workspace/folderWorkspaceStore.ts';
import { placeHold, releaseHold, shiftSummary, shiftSummaryCsv } from '../../../../shared/spc/monitor/index.ts';

let folder: string;
let store: FolderWorkspaceStore;
const at = (time: string) => new Date(`2026-12-01T${time}:00.000Z`);
// The shift under test: 06:00 to 14:00.
const from = at('06:00');
const to = at('14:00');

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ym-shift-holds-'));
  store = new FolderWorkspaceStore(folder);
  // Before the shift: L1 held (released inside it), L2 held and released (entirely outside).
  await placeHold(store, { product: 'P', lot: 'L1', reason: 'low yield', who: 'an', at: at('03:00') });
  await placeHold(store, { product: 'P', lot: 'L2', reason: 'scratch', who: 'an', at: at('04:00') });
  await releaseHold(store, { product: 'P', lot: 'L2', comment: 'rework done', who: 'an', at: at('05:00') });
  // Inside the shift: L3 held and still on hold; L1 released; L4 held and released; L5 held at 13:00, released after the shift.
  await placeHold(store, { product: 'P', lot: 'L3', reason: 'critical episode, "vth_n", drift', who: 'minh', at: at('07:00') });
  await releaseHold(store, { product: 'P', lot: 'L1', comment: 'retest passed', who: 'minh', at: at('08:00') });
  await placeHold(store, { product: 'Q', lot: 'L4', reason: 'contamination', who: 'minh', at: at('09:00') });
  await releaseHold(store, { product: 'Q', lot: 'L4', comment: 'false alarm', who: 'lan', at: at('10:00') });
  await placeHold(store, { product: 'P', lot: 'L5', reason: 'particles', who: 'lan', at: at('13:00') });
  // At the shift's end exactly (excluded, the window is [from, to)) and after it.
  await releaseHold(store, { product: 'P', lot: 'L5', comment: 'cleaned', who: 'lan', at: at('14:00') });
  await placeHold(store, { product: 'P', lot: 'L6', reason: 'late', who: 'lan', at: at('15:00') });
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('shift summary holds', () => {
  it('lists exactly the holds placed and released in the window, as they stood at its end', async () => {
    const { holds } = await shiftSummary(store, from, to);
    expect(holds.placed.map((hold) => [hold.lot, hold.product, hold.state, hold.placedBy, hold.placedAt])).toEqual([
      ['L3', 'P', 'on-hold', 'minh', '2026-12-01T07:00:00.000Z'],
      ['L4', 'Q', 'released', 'minh', '2026-12-01T09:00:00.000Z'],
      // Released at 14:00, after the window: still on hold at its end.
      ['L5', 'P', 'on-hold', 'lan', '2026-12-01T13:00:00.000Z'],
    ]);
    expect(holds.released.map((hold) => [hold.lot, hold.reason, hold.releasedBy, hold.releasedAt, hold.releaseComment])).toEqual([
      ['L1', 'low yield', 'minh', '2026-12-01T08:00:00.000Z', 'retest passed'],
      ['L4', 'contamination', 'lan', '2026-12-01T10:00:00.000Z', 'false alarm'],
    ]);
    // The next shift sees L5's release and L6's placement, and nothing of the earlier shift.
    const next = (await shiftSummary(store, to, at('22:00'))).holds;
    expect(next.placed.map((hold) => hold.lot)).toEqual(['L6']);
    expect(next.released.map((hold) => hold.lot)).toEqual(['L5']);
  });

  it('a lot held, released and held again in one shift is listed once per placement', async () => {
    await placeHold(store, { product: 'Q', lot: 'L4', reason: 'again', who: 'an', at: at('11:00') });
    const { holds } = await shiftSummary(store, from, to);
    expect(holds.placed.filter((hold) => hold.lot === 'L4').map((hold) => [hold.reason, hold.state])).toEqual([['contamination', 'released'], ['again', 'on-hold']]);
    expect(holds.released.filter((hold) => hold.lot === 'L4').map((hold) => hold.reason)).toEqual(['contamination']);
  });

  it('CSV: one hold-placed row per placement (who, reason) and one hold-released row per release (who, comment)', async () => {
    const rows = shiftSummaryCsv(await shiftSummary(store, from, to)).split('\r\n');
    expect(rows.filter((row) => row.startsWith('hold-'))).toEqual([
      'hold-placed,2026-12-01T07:00:00.000Z,,P,L3,,,,,,on-hold,minh,,"critical episode, ""vth_n"", drift"',
      'hold-placed,2026-12-01T09:00:00.000Z,,Q,L4,,,,,,released,minh,,contamination',
      'hold-placed,2026-12-01T11:00:00.000Z,,Q,L4,,,,,,on-hold,an,,again',
      'hold-placed,2026-12-01T13:00:00.000Z,,P,L5,,,,,,on-hold,lan,,particles',
      'hold-released,2026-12-01T08:00:00.000Z,,P,L1,,,,,,released,minh,,retest passed',
      'hold-released,2026-12-01T10:00:00.000Z,,Q,L4,,,,,,released,lan,,false alarm',
    ]);
  });
});
