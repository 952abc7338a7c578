import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import {
  binDiesSql, binParetoSql, drilldownParams, testBoxPlotSql, testHistogramSql, testScatterSql, testStatisticsSql, testTrendSql, type DrilldownSelection,
} from '../../../shared/sql/drilldownSql.ts';
import { craftDies, craftedEngine, craftedTests, finalValue, type CraftedDie } from './drilldownFixture.ts';

const dies = craftDies();
let engine: WasmNodeSqlEngine;

beforeAll(async () => {
  engine = await craftedEngine(dies);
});

const lotL1: DrilldownSelection = { lots: ['L1'] };
const wafersOfBoth: DrilldownSelection = { lots: ['L1', 'L2'], wafers: [{ lot: 'L1', wafer: '2' }, { lot: 'L2', wafer: '1' }] };

function selected(selection: DrilldownSelection): CraftedDie[] {
  return dies.filter((die) => selection.lots.includes(die.lot) && (!selection.wafers || selection.wafers.some((entry) => entry.lot === die.lot && entry.wafer === die.wafer)));
}

function rows(table: Awaited<ReturnType<WasmNodeSqlEngine['query']>>): Record<string, unknown>[] {
  return table.toArray().map((row) => row.toJSON() as Record<string, unknown>);
}

/** Type-7 quantile (linear interpolation), the definition quantile_cont uses. */
function quantile(sorted: number[], probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  return (sorted[below] ?? 0) + ((sorted[Math.min(sorted.length - 1, below + 1)] ?? 0) - (sorted[below] ?? 0)) * (position - below);
}

describe('bin Pareto', () => {
  it.each([['hard', lotL1], ['soft', wafersOfBoth]] as const)('counts %s bins of the selection, most frequent first, with cumulative shares', async (kind, selection) => {
    const chosen = selected(selection);
    const counts = new Map<number, number>();
    for (const die of chosen) counts.set(kind === 'hard' ? die.hardBin : die.softBin, (counts.get(kind === 'hard' ? die.hardBin : die.softBin) ?? 0) + 1);
    const expected = [...counts].sort(([binA, a], [binB, b]) => b - a || binA - binB);
    const got = rows(await engine.query(binParetoSql(kind), drilldownParams(selection)));
    expect(got.map((row) => [row.bin, Number(row.dies)])).toEqual(expected);
    let running = 0;
    got.forEach((row, index) => {
      running += expected[index]?.[1] ?? 0;
      expect(row.share as number).toBeCloseTo((expected[index]?.[1] ?? 0) / chosen.length, 12);
      expect(row.cumulative_share as number).toBeCloseTo(running / chosen.length, 12);
    });
    expect(got.find((row) => row.bin === 1)?.name).toBe('PASS');
    expect(got.find((row) => row.bin === 1)?.pass).toBe(true);
  });

  it('lists the dies of one bin', async () => {
    const got = rows(await engine.query(binDiesSql('hard'), drilldownParams(wafersOfBoth, 4)));
    const expected = selected(wafersOfBoth).filter((die) => die.hardBin === 4);
    expect(got).toHaveLength(expected.length);
    expect(new Set(got.map((row) => `${row.lot}/${row.wafer}/${row.x}/${row.y}`))).toEqual(new Set(expected.map((die) => `${die.lot}/${die.wafer}/${die.x}/${die.y}`)));
  });
});

describe('test statistics', () => {
  it('match a plain loop over the final values', async () => {
    const got = rows(await engine.query(testStatisticsSql, drilldownParams(lotL1)));
    expect(got.map((row) => row.test_num)).toEqual(craftedTests.map((test) => test.testNum));
    for (const test of craftedTests) {
      const values = selected(lotL1).map((die) => finalValue(die, test.testNum)).filter((value): value is number => value !== null);
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      const sigma = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
      const fails = values.filter((value) => (test.lo !== null && value < test.lo) || value > test.hi).length;
      const row = got.find((entry) => entry.test_num === test.testNum)!;
      expect(row.n).toBe(values.length);
      expect(row.mean as number).toBeCloseTo(mean, 10);
      expect(row.sigma as number).toBeCloseTo(sigma, 10);
      expect(row.minimum).toBe(Math.min(...values));
      expect(row.maximum).toBe(Math.max(...values));
      expect(row.fails).toBe(fails);
      expect(row.lo_limit).toBe(test.lo);
      expect(row.name).toBe(test.name);
    }
  });
});

describe('charts of one test', () => {
  const values = (selection: DrilldownSelection, testNum: number): number[] => selected(selection).map((die) => finalValue(die, testNum)).filter((value): value is number => value !== null);

  it('histogram buckets count every value once, in equal-width buckets', async () => {
    const buckets = 8;
    const all = values(wafersOfBoth, 103);
    const [lowest, highest] = [Math.min(...all), Math.max(...all)];
    const expected = new Array<number>(buckets).fill(0);
    for (const value of all) expected[Math.min(buckets - 1, Math.floor((value - lowest) / ((highest - lowest) / buckets)))]! += 1;
    const got = rows(await engine.query(testHistogramSql, drilldownParams(wafersOfBoth, 103, buckets)));
    const counts = new Array<number>(buckets).fill(0);
    for (const row of got) counts[row.bucket as number] = row.dies as number;
    expect(counts).toEqual(expected);
    expect(got[0]?.lowest).toBe(lowest);
    expect(got[0]?.highest).toBe(highest);
  });

  it('box plots by site have type-7 quartiles and Tukey whiskers', async () => {
    const got = rows(await engine.query(testBoxPlotSql('site'), drilldownParams(lotL1, 101)));
    expect(got.map((row) => row.label)).toEqual(['1', '2', '3', '4']);
    for (const row of got) {
      const site = Number(row.label);
      const sorted = selected(lotL1).filter((die) => die.site === site).map((die) => finalValue(die, 101)).filter((value): value is number => value !== null).sort((a, b) => a - b);
      const [q1, median, q3] = [quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75)];
      const inside = sorted.filter((value) => value >= q1 - 1.5 * (q3 - q1) && value <= q3 + 1.5 * (q3 - q1));
      expect(row.n).toBe(sorted.length);
      expect(row.q1 as number).toBeCloseTo(q1, 10);
      expect(row.median as number).toBeCloseTo(median, 10);
      expect(row.q3 as number).toBeCloseTo(q3, 10);
      expect(row.lower_whisker).toBe(inside[0]);
      expect(row.upper_whisker).toBe(inside[inside.length - 1]);
      expect(row.outliers).toBe(sorted.length - inside.length);
      // Issue #13 §2: the values outside the whiskers come back to be drawn as points.
      const outside = sorted.filter((value) => !inside.includes(value));
      expect(Array.from((row.outlier_values as { toArray(): ArrayLike<number> }).toArray(), Number).sort((a, b) => a - b)).toEqual(outside);
    }
    const byWafer = rows(await engine.query(testBoxPlotSql('wafer'), drilldownParams(wafersOfBoth, 101)));
    expect(byWafer.map((row) => row.label)).toEqual(['L1 / 2', 'L2 / 1']);
  });

  it('trend follows test time and thins to the point budget', async () => {
    const ordered = selected(lotL1).filter((die) => finalValue(die, 102) !== null).sort((a, b) => a.testedAt - b.testedAt);
    const full = rows(await engine.query(testTrendSql, drilldownParams(lotL1, 102, 100_000)));
    expect(full.map((row) => row.value)).toEqual(ordered.map((die) => finalValue(die, 102)));
    const thinned = rows(await engine.query(testTrendSql, drilldownParams(lotL1, 102, 10)));
    expect(thinned.length).toBeLessThanOrEqual(10);
    expect(thinned[0]?.value).toBe(finalValue(ordered[0]!, 102));
  });

  it('scatter pairs the two tests on the same die and reports Pearson r over every pair', async () => {
    const pairs = selected(wafersOfBoth).map((die) => [finalValue(die, 101), finalValue(die, 103)]).filter((pair): pair is [number, number] => pair[0] !== null && pair[1] !== null);
    const meanX = pairs.reduce((sum, [x]) => sum + x, 0) / pairs.length;
    const meanY = pairs.reduce((sum, [, y]) => sum + y, 0) / pairs.length;
    let [sxy, sxx, syy] = [0, 0, 0];
    for (const [x, y] of pairs) [sxy, sxx, syy] = [sxy + (x - meanX) * (y - meanY), sxx + (x - meanX) ** 2, syy + (y - meanY) ** 2];
    const got = rows(await engine.query(testScatterSql, drilldownParams(wafersOfBoth, 101, 103, 25)));
    expect(got.length).toBeLessThanOrEqual(25);
    expect(got[0]?.total).toBe(pairs.length);
    expect(got[0]?.pearson as number).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 10);
  });
});
