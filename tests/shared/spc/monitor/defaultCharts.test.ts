/**
 * The default chart set on generated fabs (issue #14 §2): how often it raises an episode when
 * nothing happens (fabs generated in control), and whether it catches what the generator injects
 * (the degraded tool or chamber on the yield chart, the test drift on its test's chart). The
 * defaults were chosen on tuning seeds 1-10; the false-alarm rate and the catches are measured on
 * fresh seeds 101-110 that were never tuned on, and with YM_SPC_TUNING=1 the false-alarm rate on the
 * tuning seeds is printed too. The truth comes from ground-truth.json and wafers.csv, never from the
 * monitor. Prints the figures.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderWorkspaceStore } from '../../../../node/workspace/folderWorkspaceStore.ts';
import { openNodeWorkspace, type NodeSqlEngine } from '../../../../node/workspace/openWorkspace.ts';
import type { GeneratorConfig } from '../../../../sample-data/generator/fabPlan.ts';
import type { SqlEngine } from '../../../../shared/engine/sqlEngine.ts';
import type { WorkspaceStore } from '../../../../shared/host/hostApi.ts';
import { createDefaultDefinitions, evaluateAll, listEpisodes, saveDefinitions, type Episode } from '../../../../shared/spc/monitor/index.ts';
import { importGeneratedFab } from '../../../support/generatedFab.ts';
import { copySampleWorkspace } from '../../../support/sampleWorkspace.ts';
import { sampleCsvRows } from '../../../support/sampleTruth.ts';
import { MemoryStore } from './craftedWorkspace.ts';

/** Seeds the defaults were chosen on. */
const TUNING_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/** Seeds never tuned on: the figures that count. */
const SEEDS = [101, 102, 103, 104, 105, 106, 107, 108, 109, 110];
/** 12 lots of 25 wafers a seed: 300 wafers, half of them after the 150-wafer baseline. */
const LOTS = 12;
const WAFERS_PER_LOT = 25;
const DAY_MS = 86_400_000;
/** An injected event counts as caught when an episode holds one of its wafers within this time of its start. */
const CATCH_WITHIN_MS = 14 * DAY_MS;

interface Truth {
  degraded: { level: string; from: string } | null;
  drifts: { product: string; test: number; from: string }[];
  wafers: { lot: string; wafer: number; product: string; degraded: boolean }[];
}

/** One generated ORION fab (ORION alone: 600 dies a wafer keep ten seeds fast). */
function fabConfig(seed: number, inControl: boolean): GeneratorConfig {
  return { seed, lots: LOTS, productMix: [['ORION', 1]], wafersPerLot: WAFERS_PER_LOT, ...(inControl ? { inControl: true } : { inject: {} }) };
}

/** Evaluate the default set once, as a new workspace would, and return its episodes and enabled charts. */
async function defaultEpisodes(engine: SqlEngine, store: WorkspaceStore): Promise<{ charts: number; episodes: Episode[] }> {
  const definitions = await createDefaultDefinitions(engine);
  await saveDefinitions(store, definitions);
  const result = await evaluateAll(engine, store, { at: new Date('2027-01-01T00:00:00Z') });
  expect(result.failures).toEqual([]);
  return { charts: definitions.filter((definition) => definition.enabled).length, episodes: await listEpisodes(store) };
}

/** Probe start of every wafer, by subgroup key `product/lot/wafer`, from the wafers table the import filled. */
async function waferStarts(engine: SqlEngine): Promise<Map<string, number>> {
  const rows = (await engine.query('SELECT product, lot, wafer, epoch_ms(start_time)::DOUBLE AS start FROM wafers')).toArray();
  return new Map(rows.map((row) => {
    const { product, lot, wafer, start } = row.toJSON() as { product: string; lot: string; wafer: string; start: number };
    return [`${product}/${lot}/${wafer}`, start];
  }));
}

/**
 * Days from the start of the degraded equipment to the first episode point on a degraded wafer of a
 * yield chart, or null. The start is the probe of the first degraded wafer: the equipment's date is
 * when wafers went through it, and they reach the prober days later.
 */
function excursionCatch(truth: Truth, episodes: readonly Episode[], starts: Map<string, number>): { days: number | null; probeLagDays: number } {
  const degraded = new Set(truth.wafers.filter((wafer) => wafer.degraded).map((wafer) => `${wafer.product}/${wafer.lot}/${wafer.wafer}`));
  const firstProbe = Math.min(...[...degraded].map((key) => starts.get(key) ?? Number.POSITIVE_INFINITY));
  const flagged = episodes.filter((episode) => episode.test === null).flatMap((episode) => episode.points).filter((point) => degraded.has(point.subgroupKey));
  const first = Math.min(...flagged.map((point) => Date.parse(point.time)));
  return { days: Number.isFinite(first) ? (first - firstProbe) / DAY_MS : null, probeLagDays: (firstProbe - Date.parse(truth.degraded?.from ?? '')) / DAY_MS };
}

/** Days from each drift's date to the first episode point at or after it on its test's chart, or null. */
function driftCatches(truth: Truth, episodes: readonly Episode[]): (number | null)[] {
  return truth.drifts.map((drift) => {
    const from = Date.parse(drift.from);
    const times = episodes.filter((episode) => episode.product === drift.product && episode.test === drift.test)
      .flatMap((episode) => episode.points).map((point) => Date.parse(point.time)).filter((time) => time >= from);
    return times.length === 0 ? null : (Math.min(...times) - from) / DAY_MS;
  });
}

const caughtInTime = (days: number | null) => days !== null && days * DAY_MS <= CATCH_WITHIN_MS;

/** Episodes per chart per 500 wafers of the default set on in-control fabs of these seeds, and a line that says it. */
async function inControlRate(seeds: readonly number[]): Promise<{ mean: number; line: string }> {
  const rates: number[] = [];
  const byChart = new Map<string, number>();
  let charts = 0;
  for (const seed of seeds) {
    const fab = await importGeneratedFab(fabConfig(seed, true), 'native');
    try {
      expect((fab.truth as unknown as Truth).degraded).toBeNull();
      const result = await defaultEpisodes(fab.engine, new MemoryStore());
      charts = result.charts;
      rates.push((result.episodes.length / result.charts) * (500 / (LOTS * WAFERS_PER_LOT)));
      for (const episode of result.episodes) byChart.set(episode.definitionId, (byChart.get(episode.definitionId) ?? 0) + 1);
    } finally {
      fab.dispose();
    }
  }
  expect(charts).toBeGreaterThan(10);
  const mean = rates.reduce((sum, rate) => sum + rate, 0) / rates.length;
  const wafers = seeds.length * LOTS * WAFERS_PER_LOT;
  const perChart = [...byChart].sort((left, right) => right[1] - left[1]).map(([id, count]) => `${id} ${((count * 500) / wafers).toFixed(2)}`);
  return {
    mean,
    line: `seeds ${seeds[0]}-${seeds[seeds.length - 1]}, ${charts} enabled default charts, ${wafers} wafers: ${mean.toFixed(2)} episodes per chart per 500 wafers `
      + `(per seed ${rates.map((rate) => rate.toFixed(2)).join(', ')}); per chart: ${perChart.join('; ')}`,
  };
}

describe('default charts on generated fabs (issue #14 §2)', () => {
  it(`in control: at most one episode per chart per 500 wafers on fresh seeds ${SEEDS[0]}-${SEEDS[SEEDS.length - 1]}`, async () => {
    const fresh = await inControlRate(SEEDS);
    console.log(`in control, fresh ${fresh.line}`);
    expect(fresh.mean).toBeLessThanOrEqual(1);
  }, 600_000);

  // Ten more fabs (about a minute and a half): run with YM_SPC_TUNING=1 when the defaults change.
  if (process.env['YM_SPC_TUNING'] !== '1') console.log('defaultCharts: the tuning seeds are skipped (about a minute and a half); YM_SPC_TUNING=1 runs them');
  it.runIf(process.env['YM_SPC_TUNING'] === '1')(`in control on the tuning seeds ${TUNING_SEEDS[0]}-${TUNING_SEEDS[TUNING_SEEDS.length - 1]}`, async () => {
    const tuning = await inControlRate(TUNING_SEEDS);
    console.log(`in control, tuning ${tuning.line}`);
    expect(tuning.mean).toBeLessThanOrEqual(1);
  }, 600_000);

  it(`injected events are caught within two weeks in at least 9 of ${SEEDS.length} seeds`, async () => {
    const lines: string[] = [];
    let excursionsCaught = 0;
    let driftsCaught = 0;
    let drifts = 0;
    for (const seed of SEEDS) {
      const fab = await importGeneratedFab(fabConfig(seed, false), 'native');
      try {
        const truth = fab.truth as unknown as Truth;
        const { episodes } = await defaultEpisodes(fab.engine, new MemoryStore());
        const excursion = excursionCatch(truth, episodes, await waferStarts(fab.engine));
        const driftDays = driftCatches(truth, episodes);
        if (caughtInTime(excursion.days)) excursionsCaught += 1;
        drifts += driftDays.length;
        driftsCaught += driftDays.filter(caughtInTime).length;
        const show = (days: number | null) => (days === null ? 'missed' : `${days.toFixed(1)} d`);
        lines.push(`seed ${seed}: ${truth.degraded?.level ?? ''} (first probed ${excursion.probeLagDays.toFixed(1)} d after its date) ${show(excursion.days)}; drift ${driftDays.map(show).join(', ')}; ${episodes.length} episodes`);
      } finally {
        fab.dispose();
      }
    }
    console.log(`excursion caught within 14 d in ${excursionsCaught}/${SEEDS.length} seeds, drifts in ${driftsCaught}/${drifts}\n${lines.join('\n')}`);
    expect(excursionsCaught).toBeGreaterThanOrEqual(9);
    expect(drifts).toBe(SEEDS.length);
    expect(driftsCaught).toBeGreaterThanOrEqual(9);
  }, 300_000);
});

describe('default charts on the committed sample (issue #14 §2)', () => {
  let folder: string | undefined;
  let engine: NodeSqlEngine | undefined;
  afterAll(() => {
    engine?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('raise at most 25 open episodes and catch the degraded chamber and the drift', async () => {
    folder = copySampleWorkspace();
    ({ engine } = await openNodeWorkspace(folder));
    const { episodes } = await defaultEpisodes(engine, new FolderWorkspaceStore(folder));
    const truth = (await import('../../../../sample-data/fab/ground-truth.json', { with: { type: 'json' } })).default as unknown as Truth;
    const starts = new Map(sampleCsvRows('wafers.csv').map((row) => [`${row['product']}/${row['lot']}/${row['wafer']}`, Date.parse(row['start_time'] ?? '')]));
    const excursion = excursionCatch(truth, episodes, starts);
    const driftDays = driftCatches(truth, episodes);
    const open = episodes.filter((episode) => episode.state !== 'closed');
    console.log(`sample: ${open.length} open episodes (${episodes.map((episode) => `${episode.chartName} ${episode.points.length} pts`).join('; ')}); `
      + `${truth.degraded?.level ?? ''} caught ${excursion.days?.toFixed(1) ?? 'never'} d after its first probe; drift caught ${driftDays.map((days) => days?.toFixed(1) ?? 'never').join(', ')} d after its start`);
    expect(open.length).toBeLessThanOrEqual(25);
    expect(caughtInTime(excursion.days)).toBe(true);
    expect(driftDays.length).toBe(1);
    expect(driftDays.every(caughtInTime)).toBe(true);
  }, 300_000);
});
