import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { loadCommonalityFactorPoints, parseCommonalityResponse, populationBound, runCommonality, type CommonalityFinding, type CommonalityPopulation } from '../../../shared/analysis/commonality.ts';
import { kruskalWallis } from '../../../shared/stats/index.ts';
import { craftedWafers, loadCraftedFab, type CraftedWafer } from './commonalityCraftedFab.ts';

const everything: CommonalityPopulation = { product: null, from: null, to: null, lots: null };
const wafers = craftedWafers();

// --- the independent computation: plain loops over the crafted rows ------------------------------

function plainMedian(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function mondayOf(isoTime: string): string {
  const day = new Date(isoTime);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - sinceMonday)).toISOString().slice(0, 10);
}

/** Level of every factor for one wafer, keyed "<step>/<factor>", derived from the crafted route. */
function plainLevels(wafer: CraftedWafer): Record<string, string> {
  return {
    'ETCH/tool': wafer.etch.tool,
    'ETCH/chamber': `${wafer.etch.tool}/${wafer.etch.chamber}`,
    'ETCH/recipe': 'RCP-1',
    'ETCH/week': mondayOf(wafer.etch.time),
    'CMP/tool': wafer.cmp.tool,
    'CMP/chamber': wafer.cmp.chamber,
    'CMP/recipe': 'RCP-1',
    'CMP/week': mondayOf(wafer.cmp.time),
    'LITHO/tool': wafer.litho.tool,
    'LITHO/recipe': 'RCP-1',
    'LITHO/week': mondayOf(wafer.litho.time),
    'TEST/tester': wafer.tester,
    'TEST/probe_card': wafer.probeCard,
    'TEST/week': mondayOf(wafer.startTime),
  };
}

function plainYield(wafer: CraftedWafer): number {
  return wafer.dies.filter((die) => die.pass).length / wafer.dies.length;
}

/**
 * Issue #13: units of several products are compared within product: a response minus the median of
 * that product's units (every unit of the population counts, whatever its level).
 */
function withinProduct<T extends { product: string }>(members: readonly T[], response: (member: T) => number): (member: T) => number {
  const medians = new Map<string, number>();
  for (const product of new Set(members.map((member) => member.product))) medians.set(product, plainMedian(members.filter((member) => member.product === product).map(response)));
  return (member) => response(member) - (medians.get(member.product) ?? 0);
}

function plainGroups(members: readonly CraftedWafer[], key: string, response: (wafer: CraftedWafer) => number): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const wafer of members) {
    const level = plainLevels(wafer)[key] ?? '?';
    groups.set(level, [...(groups.get(level) ?? []), response(wafer)]);
  }
  return groups;
}

function findingOf(findings: readonly CommonalityFinding[], key: string): CommonalityFinding {
  const finding = findings.find((candidate) => `${candidate.step}/${candidate.factor}` === key);
  if (!finding) throw new Error(`no finding for ${key}`);
  return finding;
}

function expectGroupsMatch(finding: CommonalityFinding, groups: Map<string, number[]>): void {
  const expected = [...groups.entries()].sort(([left], [right]) => (left < right ? -1 : 1)).map(([level, values]) => ({ level, n: values.length, median: plainMedian(values) }));
  expect(finding.groups.map((group) => group.level)).toEqual(expected.map((group) => group.level));
  finding.groups.forEach((group, index) => {
    expect(group.n).toBe(expected[index]?.n);
    expect(group.median).toBeCloseTo(expected[index]?.median ?? Number.NaN, 12);
  });
}

// --- the engine under test -------------------------------------------------------------------------

let engine: WasmNodeSqlEngine;

beforeAll(async () => {
  engine = await WasmNodeSqlEngine.open();
  await loadCraftedFab(engine, wafers);
});

afterAll(() => engine.close());

describe('commonality SQL grouping against a plain TypeScript computation', () => {
  const keys = Object.keys(plainLevels(wafers[0] as CraftedWafer));

  it('wafer yield: every factor has the levels, sizes, medians and Kruskal-Wallis p of the raw rows', async () => {
    const run = await runCommonality(engine, { response: parseCommonalityResponse('wafer-yield'), population: everything });
    expect(run.units).toBe(wafers.length);
    expect(run.findings.map((finding) => `${finding.step}/${finding.factor}`).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      const groups = plainGroups(wafers, key, withinProduct(wafers, plainYield));
      const finding = findingOf(run.findings, key);
      expectGroupsMatch(finding, groups);
      if (groups.size > 1) expect(finding.p).toBeCloseTo(kruskalWallis([...groups.values()]).p, 12);
    }
  });

  it('ranks the degraded chamber first, named TOOL/CHAMBER, with the lowest median', async () => {
    const run = await runCommonality(engine, { response: parseCommonalityResponse('wafer-yield'), population: everything });
    const first = run.findings[0];
    expect([first?.step, first?.factor, first?.worstLevel]).toEqual(['ETCH', 'chamber', 'T2/B']);
    const groups = plainGroups(wafers, 'ETCH/chamber', withinProduct(wafers, plainYield));
    const rest = [...groups.entries()].filter(([level]) => level !== 'T2/B').flatMap(([, values]) => values);
    expect(first?.effect).toBeCloseTo(plainMedian(groups.get('T2/B') ?? []) - plainMedian(rest), 12);
    // Equipment ("which") first, ordered by the change z of its worst level; the weeks ("when") after.
    const kinds = run.findings.map((finding) => finding.kind);
    expect(kinds).toEqual([...kinds].sort((left, right) => (left === right ? 0 : left === 'which' ? -1 : 1)));
    expect(run.findings.filter((finding) => finding.kind === 'when').map((finding) => finding.factor)).toEqual(['week', 'week', 'week', 'week']);
    const changes = run.findings.filter((finding) => finding.kind === 'which' && finding.change !== null).map((finding) => finding.change?.z ?? 0);
    expect(changes).toEqual([...changes].sort((left, right) => right - left));
  });

  it('bin:N is the fraction of dies in that hard bin; the worst level has the highest fraction', async () => {
    const run = await runCommonality(engine, { response: parseCommonalityResponse('bin:5'), population: everything });
    const binFraction = (wafer: CraftedWafer): number => wafer.dies.filter((die) => die.hardBin === 5).length / wafer.dies.length;
    const groups = plainGroups(wafers, 'ETCH/chamber', withinProduct(wafers, binFraction));
    const finding = findingOf(run.findings, 'ETCH/chamber');
    expectGroupsMatch(finding, groups);
    const highest = [...groups.entries()].sort(([, left], [, right]) => plainMedian(right) - plainMedian(left))[0]?.[0];
    expect(finding.worstLevel).toBe(highest);
  });

  it('test:NUM is the mean of the final insertion values; the worst level is furthest from the overall median', async () => {
    const run = await runCommonality(engine, { response: parseCommonalityResponse('test:4001'), population: everything });
    const testMean = (wafer: CraftedWafer): number => wafer.dies.reduce((sum, die) => sum + die.value, 0) / wafer.dies.length;
    const centred = withinProduct(wafers, testMean);
    const groups = plainGroups(wafers, 'TEST/tester', centred);
    const finding = findingOf(run.findings, 'TEST/tester');
    expectGroupsMatch(finding, groups);
    const overall = plainMedian(wafers.map(centred));
    const furthest = [...groups.entries()].sort(([, left], [, right]) => Math.abs(plainMedian(right) - overall) - Math.abs(plainMedian(left) - overall))[0];
    expect(finding.worstLevel).toBe(furthest?.[0]);
    const rest = [...groups.entries()].filter(([level]) => level !== furthest?.[0]).flatMap(([, values]) => values);
    expect(finding.effect).toBeCloseTo(plainMedian(furthest?.[1] ?? []) - plainMedian(rest), 12);
  });

  it('lot yield compares lots; a lot whose wafers saw several levels gets them joined by "+"', async () => {
    const run = await runCommonality(engine, { response: parseCommonalityResponse('lot-yield'), population: everything });
    expect(run.units).toBe(5);
    const byLot = new Map<string, CraftedWafer[]>();
    for (const wafer of wafers) byLot.set(wafer.lot, [...(byLot.get(wafer.lot) ?? []), wafer]);
    const lotLevel = (members: CraftedWafer[], key: string): string => [...new Set(members.map((wafer) => plainLevels(wafer)[key] ?? '?'))].sort().join('+');
    const lotYield = (members: CraftedWafer[]): number => members.reduce((sum, wafer) => sum + wafer.dies.filter((die) => die.pass).length, 0) / (members.length * 20);
    const lots = [...byLot.values()].map((members) => ({ members, product: members[0]?.product ?? '' }));
    const centredLotYield = withinProduct(lots, (lot) => lotYield(lot.members));
    for (const key of ['ETCH/chamber', 'CMP/tool', 'TEST/probe_card']) {
      const groups = new Map<string, number[]>();
      for (const lot of lots) groups.set(lotLevel(lot.members, key), [...(groups.get(lotLevel(lot.members, key)) ?? []), centredLotYield(lot)]);
      expectGroupsMatch(findingOf(run.findings, key), groups);
    }
  });

  it('population: product, lots and the wafer start-time window select the same wafers as a plain filter', async () => {
    const from = populationBound('2026-09-16', 'from');
    const to = populationBound('2026-09-25', 'to');
    const population: CommonalityPopulation = { product: 'P1', from, to, lots: ['L2', 'L3', 'M1'] };
    const run = await runCommonality(engine, { response: parseCommonalityResponse('wafer-yield'), population });
    const selected = wafers.filter((wafer) => wafer.product === 'P1' && ['L2', 'L3', 'M1'].includes(wafer.lot) && wafer.startTime >= '2026-09-16' && wafer.startTime < '2026-09-26');
    expect(selected.length).toBeGreaterThan(0);
    expect(run.units).toBe(selected.length);
    expectGroupsMatch(findingOf(run.findings, 'ETCH/chamber'), plainGroups(selected, 'ETCH/chamber', plainYield));
  });

  it('factor points for the time plot: one per wafer, in step-time order, with the wafer and its level', async () => {
    const request = { response: parseCommonalityResponse('wafer-yield'), population: everything };
    const points = await loadCommonalityFactorPoints(engine, request, 'ETCH', 'chamber');
    expect(points.numRows).toBe(wafers.length);
    const times = points.toArray().map((row) => Number(row.step_time));
    expect(times).toEqual([...times].sort((left, right) => left - right));
    const byWafer = new Map(wafers.map((wafer) => [`${wafer.lot}/${wafer.wafer}`, wafer]));
    for (const row of points.toArray()) {
      const wafer = byWafer.get(`${row.lot}/${row.wafer}`);
      expect(row.level).toBe(`${wafer?.etch.tool}/${wafer?.etch.chamber}`);
      expect(row.response).toBeCloseTo(plainYield(wafer as CraftedWafer), 12);
    }
  });
});
