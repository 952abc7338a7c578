import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderWorkspaceStore } from '../../../../node/workspace/folderWorkspaceStore.ts';
import { WasmNodeSqlEngine } from '../../../../node/engine/wasmNodeEngine.ts';
import { nodeParquetCodec } from '../../../../node/engine/parquetCodec.ts';
import { createDefaultDefinitions, evaluateAll, listAlerts, saveDefinitions } from '../../../../shared/spc/monitor/index.ts';
import { Workspace } from '../../../../shared/workspace/workspace.ts';
import { copySampleWorkspace } from '../../../support/sampleWorkspace.ts';
import { sampleCsvRows } from '../../../support/sampleTruth.ts';

interface Drift {
  product: string;
  test: number;
  from: string;
}

const groundTruth = JSON.parse(readFileSync('sample-data/fab/ground-truth.json', 'utf8')) as { drifts: Drift[] };
const drift = groundTruth.drifts[0] as Drift;

/** Wafer start times of the drifted product from wafers.csv . */
function waferStarts(product: string): Map<string, number> {
  const starts = new Map<string, number>();
  for (const row of sampleCsvRows('wafers.csv')) {
    if (row['product'] === product) starts.set(`${product}/${row['lot']}/${row['wafer']}`, Date.parse(row['start_time'] ?? ''));
  }
  return starts;
}

let folder: string;
let engine: WasmNodeSqlEngine;
let store: FolderWorkspaceStore;

beforeAll(async () => {
  folder = copySampleWorkspace();
  engine = await WasmNodeSqlEngine.open();
  store = new FolderWorkspaceStore(folder);
  await new Workspace(engine, store, nodeParquetCodec).open();
}, 300_000);

afterAll(() => {
  engine.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('SPC on the sample fab: the injected drift raises alerts (issue #5)', () => {
  it(`the default X-bar/S chart of ${drift.product} test ${drift.test} alarms on wafers after ${drift.from} and almost none before`, async () => {
    const defaults = await createDefaultDefinitions(engine);
    const chart = defaults.find((definition) => definition.metric.kind === 'parametric' && definition.metric.testNum === drift.test && definition.filter.product === drift.product);
    expect(chart).toMatchObject({ chart: 'xbar-s', enabled: true });
    await saveDefinitions(store, [chart!]);

    const result = await evaluateAll(engine, store);
    expect(result.failures).toEqual([]);
    const starts = waferStarts(drift.product);
    const driftStart = Date.parse(drift.from);
    const after = [...starts].filter(([, start]) => start >= driftStart).map(([key]) => key);
    const alerted = new Set((await listAlerts(store, { definitionId: chart!.id })).map((alert) => alert.subgroupKey));
    const alertedBefore = [...alerted].filter((key) => (starts.get(key) ?? 0) < driftStart);
    const alertedAfter = after.filter((key) => alerted.has(key));
    expect(after.length).toBeGreaterThan(20);
    expect(alertedAfter.length).toBeGreaterThanOrEqual(Math.ceil(0.9 * after.length));
    expect(alertedBefore.length).toBeLessThanOrEqual(3);
    expect(result.newAlerts.length).toBe(alerted.size);

    // Episodes (issue #14 §1): the drift is caught by an episode that starts on a wafer after the drift began, and
    // the drifting wafers, nearly consecutive, are few episodes rather than one row per wafer.
    const episodes = result.newEpisodes.filter((episode) => episode.definitionId === chart!.id);
    const drifting = episodes.filter((episode) => episode.points.some((point) => after.includes(point.subgroupKey)));
    console.log(`sample drift ${drift.product} test ${drift.test}: ${alertedAfter.length}/${after.length} wafers after the drift alarm, in ${drifting.length} episode(s); ${episodes.length} episode(s) on the chart in all`);
    expect(drifting.length).toBeGreaterThan(0);
    expect(drifting.length).toBeLessThanOrEqual(Math.ceil(after.length / 10));
    expect(new Set(episodes.flatMap((episode) => episode.points.map((point) => point.subgroupKey)))).toEqual(alerted);

    const again = await evaluateAll(engine, store);
    expect(again.newAlerts).toEqual([]);
    expect(again.newEpisodes).toEqual([]);
  }, 240_000);
});
