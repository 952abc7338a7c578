import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmNodeSqlEngine } from '../../../../node/engine/wasmNodeEngine.ts';
import { c4 } from '../../../../shared/spc/chartConstants.ts';
import { createDefaultDefinitions, evaluate, type ChartDefinition } from '../../../../shared/spc/monitor/index.ts';
import { craftedEngine, type CraftedDie, type CraftedWafer } from './craftedWorkspace.ts';

let engine: WasmNodeSqlEngine;
let wafers: CraftedWafer[];
let dies: CraftedDie[];

beforeAll(async () => {
  ({ engine, wafers, dies } = await craftedEngine());
});
afterAll(() => engine.close());

/** A definition with defaults for the fields a test does not care about. */
function definition(fields: Partial<ChartDefinition>): ChartDefinition {
  return {
    id: 'd', name: 'd', enabled: true, metric: { kind: 'wafer-yield' }, filter: { product: 'P' }, chart: 'p', rules: ['WE1'],
    limits: { mode: 'phase-one', baseline: { firstSubgroups: 10 }, dropOutOfControl: false }, severity: {}, ...fields,
  };
}

/** Wafers in start order with their dies (plain TS over the raw rows). */
function perWafer(keep: (wafer: CraftedWafer) => boolean = () => true) {
  return [...wafers]
    .filter(keep)
    .sort((left, right) => left.start.localeCompare(right.start))
    .map((wafer) => ({ wafer, dies: dies.filter((die) => die.lot === wafer.lot && die.wafer === wafer.wafer) }));
}

/** Final value of a die (its last insertion). */
function finalValue(die: CraftedDie): number {
  return die.values[die.insertions - 1] as number;
}

/** Mean and sample SD. */
function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(squares / (values.length - 1)) };
}

// c4(12) = sqrt(2/11) * Γ(6) / Γ(5.5), with Γ(6) = 120 and Γ(5.5) = (945/32)·√π.
const c4Of12 = Math.sqrt(2 / 11) * 120 / ((945 / 32) * Math.sqrt(Math.PI));

describe('evaluate on a crafted workspace (SQL aggregates vs a plain TS computation)', () => {
  it('p chart of wafer yield: subgroup order, counts, pooled center and per-point limits', async () => {
    const evaluation = await evaluate(engine, definition({ sigmaBasis: 'within' }));
    const expected = perWafer();
    const good = expected.map((entry) => entry.dies.filter((die) => die.pass).length);
    const center = good.reduce((sum, value) => sum + value, 0) / (12 * expected.length);
    expect(evaluation.points.map((point) => point.subgroup.key)).toEqual(expected.map((entry) => `P/${entry.wafer.lot}/${entry.wafer.wafer}`));
    evaluation.points.forEach((point, index) => {
      const sigma = Math.sqrt((center * (1 - center)) / 12);
      expect(point.n).toBe(12);
      expect(point.value).toBeCloseTo((good[index] as number) / 12, 12);
      expect(point.center).toBeCloseTo(center, 12);
      expect(point.lcl).toBeCloseTo(Math.max(0, center - 3 * sigma), 12);
      expect(point.ucl).toBeCloseTo(Math.min(1, center + 3 * sigma), 12);
      expect(point.subgroup.time).toBe(expected[index]?.wafer.start);
      expect(point.subgroup.tool).toBe(expected[index]?.wafer.tester);
    });
    const lowWafer = evaluation.points.find((point) => point.subgroup.key === 'P/A/5');
    expect(lowWafer?.violations.map((violation) => violation.rule)).toEqual(['WE1']);
    expect(lowWafer?.violations[0]?.text).toMatch(/beyond the control limits/);
    expect(evaluation.limitsSource).toBe('phase-one-provisional');
  });

  it('X-bar/S within: means and SDs of final-insertion values, weighted center, S̄/c4 sigma, S chart', async () => {
    const evaluation = await evaluate(engine, definition({ metric: { kind: 'parametric', testNum: 1 }, chart: 'xbar-s', sigmaBasis: 'within' }));
    const stats = perWafer().map((entry) => meanAndSd(entry.dies.map(finalValue)));
    const center = stats.reduce((sum, stat) => sum + stat.mean, 0) / stats.length;
    const sigma = stats.reduce((sum, stat) => sum + stat.sd / c4Of12, 0) / stats.length;
    expect(evaluation.parameters?.center).toBeCloseTo(center, 12);
    expect(evaluation.parameters?.sigma).toBeCloseTo(sigma, 12);
    evaluation.points.forEach((point, index) => {
      expect(point.value).toBeCloseTo(stats[index]?.mean as number, 12);
      expect(point.ucl).toBeCloseTo(center + (3 * sigma) / Math.sqrt(12), 12);
      expect(point.sigma).toBeCloseTo(sigma / Math.sqrt(12), 12);
    });
    expect(evaluation.secondary?.kind).toBe('s');
    expect(evaluation.secondary?.points[0]?.value).toBeCloseTo(stats[0]?.sd as number, 12);
    expect(evaluation.secondary?.center).toBeCloseTo(c4Of12 * sigma, 12);
    expect(evaluation.specLimits).toEqual({ lower: 0.8, upper: 1.2, units: 'V' });
  });

  it('X-bar between, one lot in the baseline: limits from the SD of the baseline means (SD/c4(N)), baseline window of the first K', async () => {
    const evaluation = await evaluate(engine, definition({
      metric: { kind: 'parametric', testNum: 1 }, chart: 'xbar-s', sigmaBasis: 'between',
      limits: { mode: 'phase-one', baseline: { firstSubgroups: 4 }, dropOutOfControl: false },
    }));
    const means = perWafer().map((entry) => meanAndSd(entry.dies.map(finalValue)).mean).slice(0, 4);
    const { mean, sd } = meanAndSd(means);
    // c4(4) = sqrt(2/3) * Γ(2) / Γ(1.5) = sqrt(2/3) / (√π / 2).
    const c4Of4 = Math.sqrt(2 / 3) / (Math.sqrt(Math.PI) / 2);
    expect(evaluation.parameters?.center).toBeCloseTo(mean, 12);
    expect(evaluation.parameters?.betweenSigma).toBeCloseTo(sd / c4Of4, 12);
    expect(evaluation.points[0]?.ucl).toBeCloseTo(mean + (3 * sd) / c4Of4, 12);
    expect(evaluation.points.map((point) => point.inBaseline)).toEqual([true, true, true, true, false, false, false, false, false, false]);
    expect(evaluation.violations.map((violation) => violation.subgroupKey)).toContain('P/A/5');
  });

  it('X-bar between over several lots: sigma from the lot-to-lot and within-lot variance components (unbiased)', async () => {
    const evaluation = await evaluate(engine, definition({ metric: { kind: 'parametric', testNum: 1 }, chart: 'xbar-s', sigmaBasis: 'between' }));
    const entries = perWafer().map((entry) => ({ lot: entry.wafer.lot, mean: meanAndSd(entry.dies.map(finalValue)).mean }));
    const lots = [...new Set(entries.map((entry) => entry.lot))];
    expect(lots.length).toBeGreaterThan(1);
    const groups = lots.map((lot) => entries.filter((entry) => entry.lot === lot).map((entry) => entry.mean));
    // One-way random-effects ANOVA: within = pooled SS / (N - k); between = var(lot means) - within / (N / k).
    const withinSs = groups.reduce((sum, group) => sum + group.reduce((inner, value) => inner + (value - meanAndSd(group).mean) ** 2, 0), 0);
    const within = withinSs / (entries.length - groups.length);
    const lotMeanVariance = meanAndSd(groups.map((group) => meanAndSd(group).mean)).sd ** 2;
    const between = Math.max(0, lotMeanVariance - within / (entries.length / groups.length));
    // Unbiased with c4 of the Satterthwaite degrees of freedom of lotMeanVariance + (1 - k/N)·within (+ 1).
    const withinPart = (1 - groups.length / entries.length) * within;
    const degrees = between > 0
      ? (lotMeanVariance + withinPart) ** 2 / (lotMeanVariance ** 2 / (groups.length - 1) + withinPart ** 2 / (entries.length - groups.length))
      : entries.length - groups.length;
    const sigma = Math.sqrt(between + within) / c4(degrees + 1);
    expect(evaluation.parameters?.betweenSigma).toBeCloseTo(sigma, 12);
    expect(evaluation.points[0]?.ucl).toBeCloseTo((evaluation.parameters?.center as number) + 3 * sigma, 12);
  });

  it('limitSigmas puts the limits at that many sigmas and rule 1 flags the points beyond them', async () => {
    const three = await evaluate(engine, definition({ sigmaBasis: 'between' }));
    const narrow = await evaluate(engine, definition({ sigmaBasis: 'between', limitSigmas: 1 }));
    narrow.points.forEach((point, index) => {
      expect(point.center).toBeCloseTo(three.points[index]?.center as number, 12);
      expect(point.sigma).toBeCloseTo(three.points[index]?.sigma as number, 12);
      expect(point.lcl).toBeCloseTo(Math.max(0, point.center - point.sigma), 12);
    });
    const beyond = narrow.points.filter((point) => Math.abs(point.value - point.center) > point.sigma).map((point) => point.subgroup.key);
    expect(beyond.length).toBeGreaterThan(three.violations.length);
    expect(narrow.violations.map((violation) => [violation.subgroupKey, violation.rule])).toEqual(beyond.map((key) => [key, 'WE1']));
  });

  it('equipment filter: only wafers through the chamber, tool and chamber from equipment_history', async () => {
    const evaluation = await evaluate(engine, definition({ filter: { product: 'P', step: 'ETCH', chamber: 'E1/A' } }));
    const expected = perWafer((wafer) => wafer.etchChamber === 'E1/A');
    expect(evaluation.points.map((point) => point.subgroup.key)).toEqual(expected.map((entry) => `P/${entry.wafer.lot}/${entry.wafer.wafer}`));
    expect(evaluation.points.every((point) => point.subgroup.tool === 'E1' && point.subgroup.chamber === 'E1/A')).toBe(true);
  });

  it('bin fraction and lot yield count the same dies as a loop over the rows', async () => {
    const bins = await evaluate(engine, definition({ metric: { kind: 'bin-fraction', binType: 'hard', bin: 5 }, chart: 'threshold', threshold: { direction: 'above', value: 0.5 } }));
    const expected = perWafer().map((entry) => entry.dies.filter((die) => die.hardBin === 5).length / 12);
    expect(bins.points.map((point) => point.value)).toEqual(expected);
    expect(bins.violations.map((violation) => [violation.subgroupKey, violation.rule])).toEqual(
      perWafer().flatMap((entry, index) => ((expected[index] as number) > 0.5 ? [[`P/${entry.wafer.lot}/${entry.wafer.wafer}`, 'THRESHOLD']] : [])),
    );
    const lots = await evaluate(engine, definition({ metric: { kind: 'lot-yield' }, chart: 'imr' }));
    expect(lots.points.map((point) => [point.subgroup.key, point.n, point.value])).toEqual(
      ['A', 'B'].map((lot) => {
        const lotDies = dies.filter((die) => die.lot === lot);
        return [`P/${lot}`, lotDies.length, lotDies.filter((die) => die.pass).length / lotDies.length];
      }),
    );
  });

  it('manual limits replace the estimate; the rule text and severity come from the definition', async () => {
    const evaluation = await evaluate(engine, definition({
      metric: { kind: 'parametric', testNum: 1 }, chart: 'xbar-s', limits: { mode: 'manual', center: 1, lcl: 0.97, ucl: 1.03 }, severity: { WE1: 'info' },
    }));
    expect(evaluation.limitsSource).toBe('manual');
    expect(evaluation.points.every((point) => point.lcl === 0.97 && point.ucl === 1.03)).toBe(true);
    const outside = perWafer().filter((entry) => {
      const mean = meanAndSd(entry.dies.map(finalValue)).mean;
      return mean > 1.03 || mean < 0.97;
    });
    expect(evaluation.violations.filter((violation) => violation.rule === 'WE1').map((violation) => violation.subgroupKey)).toEqual(
      outside.map((entry) => `P/${entry.wafer.lot}/${entry.wafer.wafer}`),
    );
    expect(evaluation.violations[0]?.severity).toBe('info');
  });

  it('a free SQL metric runs read-only and names missing columns', async () => {
    const sql = `SELECT product, lot, wafer, min(tested_at) AS subgroup_time, avg(pass::INTEGER) AS value FROM dies GROUP BY ALL`;
    const evaluation = await evaluate(engine, definition({ metric: { kind: 'sql', sql }, chart: 'imr' }));
    expect(evaluation.points).toHaveLength(10);
    expect(evaluation.points[0]?.subgroup.key).toBe('P/A/1');
    await expect(evaluate(engine, definition({ metric: { kind: 'sql', sql: 'SELECT lot FROM dies' }, chart: 'imr' }))).rejects.toThrow(/must return column\(s\) subgroup_time, value for a imr chart/);
    await expect(evaluate(engine, definition({ metric: { kind: 'sql', sql: 'DROP TABLE dies' }, chart: 'imr' }))).rejects.toThrow(/must be a query/);
    await expect(evaluate(engine, definition({ metric: { kind: 'sql', sql: 'SELECT 1; DELETE FROM dies' }, chart: 'imr' }))).rejects.toThrow(/one statement/);
    expect(Number((await engine.query('SELECT count(*) AS n FROM dies')).get(0)?.toJSON().n)).toBe(dies.length);
  });

  it('defaults: a p chart and X-bar/S for tests with limits (enabled, WE1); a yield floor and per failing bin a ceiling (disabled)', async () => {
    const definitions = await createDefaultDefinitions(engine);
    expect(definitions.map((entry) => entry.id)).toEqual(['yield-P', 'yield-floor-P', 'test-P-1', 'bin-P-hard-5']);
    expect(definitions.map((entry) => entry.enabled)).toEqual([true, false, true, false]);
    expect(definitions.filter((entry) => entry.enabled).every((entry) => entry.rules.join() === 'WE1')).toBe(true);
    const overall = dies.filter((die) => die.pass).length / dies.length;
    expect(definitions[1]?.threshold?.value).toBeCloseTo(Math.round(overall * 0.8 * 1000) / 1000, 12);
    expect(definitions[2]).toMatchObject({ chart: 'xbar-s', metric: { kind: 'parametric', testNum: 1 }, limits: { baseline: { firstSubgroups: 150 } } });
  });
});
