/**
 * Episode board actions on a workspace folder whose episode log holds 5,000 events (issue #14 §1:
 * at most 200 ms per action). Times one acknowledge, a bulk close of 50, listing the board, and
 * the cold load that replays the whole log (snapshot removed), as medians of 9 runs.
 * Standalone: `npx tsx bench/episodeBench.ts [--events N]`; exit 1 when one action is over 200 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderWorkspaceStore } from '../node/workspace/folderWorkspaceStore.ts';
import {
  actOnEpisodes, episodeIndexPath, listEpisodes, loadEpisodeBoard, raiseEpisodes, type ChartDefinition, type ChartEvaluation,
} from '../shared/spc/monitor/index.ts';

const at = process.argv.indexOf('--events');
const events = at > 0 ? Number(process.argv[at + 1]) : 5_000;
const definition: ChartDefinition = {
  id: 'bench', name: 'bench wafer yield', enabled: true, metric: { kind: 'wafer-yield' }, filter: {}, chart: 'p', rules: ['WE1'],
  limits: { mode: 'phase-one', baseline: { firstSubgroups: 4 }, dropOutOfControl: true }, severity: {},
};

/** A chart with one isolated WE1 violation every 4th wafer: `episodes` episodes. */
function chart(episodes: number): ChartEvaluation {
  const points = Array.from({ length: episodes * 4 }, (_, index) => ({
    index, value: 0.5, n: 500, center: 0.9, lcl: 0.8, ucl: 1, sigma: 0.03, inBaseline: false, violations: [],
    subgroup: { key: `P/L${Math.floor(index / 25)}/${index % 25}`, product: 'P', lot: `L${Math.floor(index / 25)}`, wafer: String(index % 25), time: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(), tool: 'T1', chamber: null },
  }));
  const violations = points.filter((point) => point.index % 4 === 0).map((point) => ({ index: point.index, subgroupKey: point.subgroup.key, rule: 'WE1' as const, text: 'WE1', severity: 'critical' as const }));
  return { definition, chart: 'p', evaluatedAt: '', parameters: null, limitsSource: 'frozen', limitsRecord: null, points, secondary: null, specLimits: null, violations };
}

/** Median milliseconds of `runs` calls. */
async function median(runs: number, task: (run: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    await task(run);
    times.push(performance.now() - start);
  }
  return times.sort((left, right) => left - right)[Math.floor(runs / 2)] ?? Number.NaN;
}

const folder = mkdtempSync(join(tmpdir(), 'ym-episode-bench-'));
try {
  const store = new FolderWorkspaceStore(folder);
  // 40 % raised, 30 % acknowledged, 30 % assigned: `events` files in the log.
  const raised = Math.round(events * 0.4);
  // Every 4th wafer violates; with the default gap (a lot) they would join into a few episodes, so gap 2 keeps one per violation.
  await raiseEpisodes(store, [chart(raised)], { gap: 2 });
  const ids = (await listEpisodes(store)).map((episode) => episode.id);
  const acknowledged = ids.slice(0, Math.round(events * 0.3));
  await actOnEpisodes(store, acknowledged, { type: 'acknowledged', who: 'bench', comment: 'seen' });
  await actOnEpisodes(store, ids.slice(0, events - raised - acknowledged.length), { type: 'assigned', who: 'bench', assignee: 'night shift' });
  const open = ids.slice(acknowledged.length);
  const single = await median(9, (run) => actOnEpisodes(store, [open[run] ?? ''], { type: 'acknowledged', who: 'bench', comment: 'seen' }));
  const bulk = await median(9, (run) => actOnEpisodes(store, acknowledged.slice(run * 50, run * 50 + 50), { type: 'closed', who: 'bench', cause: 'probe card', action: 'cleaned' }));
  const list = await median(9, () => listEpisodes(store));
  const cold = await median(3, async () => {
    await store.removeFile(episodeIndexPath);
    await loadEpisodeBoard(store);
  });
  console.log(`episode log: ${events.toLocaleString('en')} events before the timed actions, ${ids.length.toLocaleString('en')} episodes`);
  console.log(`acknowledge one episode   ${single.toFixed(1)} ms (target <= 200 ms)`);
  console.log(`close 50 episodes at once ${bulk.toFixed(1)} ms`);
  console.log(`list the board            ${list.toFixed(1)} ms`);
  console.log(`cold load (full replay)   ${cold.toFixed(1)} ms`);
  process.exitCode = single > 200 ? 1 : 0;
} finally {
  rmSync(folder, { recursive: true, force: true });
}
