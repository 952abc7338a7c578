import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkStdf, consolidateInsertions, insertionOrder, partPassed, readStdfBytes, type StdfResult } from '../../shared/stdf/index.ts';
import { sampleCsvRows } from '../support/sampleTruth.ts';

const FOLDER = join(import.meta.dirname, '../../sample-data/fab');
const stdfNames = readdirSync(join(FOLDER, 'stdf')).filter((name) => name.endsWith('.stdf.gz')).sort();

function seconds(iso: string | undefined): number {
  return Date.parse(iso ?? '') / 1000;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** The reference copy of a lot: its die CSV, wafers.csv rows and tests.csv rows of its product. */
function reference(lot: string): { dies: Record<string, string>[]; testColumns: string[]; wafers: Record<string, string>[]; tests: Record<string, string>[] } {
  const dies = sampleCsvRows(`dies/${lot}.csv.gz`);
  const testColumns = Object.keys(dies[0] ?? {}).filter((name) => /^t\d+_/.test(name));
  const wafers = sampleCsvRows('wafers.csv').filter((row) => row.lot === lot);
  const product = dies[0]?.product;
  const tests = sampleCsvRows('tests.csv').filter((row) => row.product === product);
  return { dies, testColumns, wafers, tests };
}

describe.each(stdfNames)('committed STDF file %s', (name) => {
  const lot = name.replace(/\.stdf\.gz$/, '');
  const result: StdfResult = readStdfBytes(gunzipSync(readFileSync(join(FOLDER, 'stdf', name))));
  const { dies, testColumns, wafers, tests } = reference(lot);
  const order = insertionOrder(result.parts);

  it('reads without damage, findings or cross-check warnings', () => {
    expect(result.errors).toEqual([]);
    expect(checkStdf(result)).toEqual([]);
    expect(Object.keys(result.recordCounts).sort()).toEqual(['FAR', 'HBR', 'MIR', 'MRR', 'PCR', 'PIR', 'PRR', 'PTR', 'SBR', 'SDR', 'TSR', 'WCR', 'WIR', 'WRR']);
  });

  it('has the lot header of wafers.csv: lot, product, tester, program, probe card, geometry', () => {
    const first = wafers[0] ?? {};
    expect(result.mir).toMatchObject({ lotId: lot, partType: dies[0]?.product, nodeName: first.tester, jobName: first.program, startTime: seconds(first.start_time) });
    expect(result.mrr?.finishTime).toBe(Math.max(...wafers.map((wafer) => seconds(wafer.end_time))));
    expect(result.sdrs.map((sdr) => sdr.probeCardId)).toEqual([first.probe_card]);
    expect(result.sdrs[0]?.sites).toEqual([1, 2, 3, 4]);
    expect(result.wcr).toEqual({
      waferSize: Number(first.wafer_size_mm), dieWidth: Math.fround(Number(first.die_width_mm)), dieHeight: Math.fround(Number(first.die_height_mm)),
      waferUnits: 3, flat: first.flat, positiveX: first.pos_x, positiveY: first.pos_y, centerX: Number(first.center_x), centerY: Number(first.center_y),
    });
  });

  it('has one WIR/WRR per wafer with its start, end and counts', () => {
    expect(result.wafers.map((wafer) => [wafer.waferId, wafer.startTime, wafer.finishTime])).toEqual(
      wafers.map((wafer) => [wafer.wafer, seconds(wafer.start_time), seconds(wafer.end_time)]),
    );
    const rowsPerWafer = countBy(dies, (die) => die.wafer ?? '');
    const goodPerWafer = countBy(dies.filter((die) => die.pass === '1'), (die) => die.wafer ?? '');
    expect(result.wafers.map((wafer) => [wafer.partCount, wafer.goodCount])).toEqual(wafers.map((wafer) => [rowsPerWafer.get(wafer.wafer ?? ''), goodPerWafer.get(wafer.wafer ?? '') ?? 0]));
  });

  it('has one PRR per CSV row, in CSV order, with wafer, x, y, site, bins, pass, retest flag and test time', () => {
    const parts = result.parts;
    expect(order.length).toBe(dies.length);
    const mismatches = dies.flatMap((die, index) => {
      const row = order[index] ?? -1;
      const actual = [
        result.wafers[parts.waferIndex[row] ?? -1]?.waferId, parts.x[row], parts.y[row], parts.site[row], parts.hardBin[row], parts.softBin[row],
        partPassed(parts.partFlag[row] ?? 0), ((parts.partFlag[row] ?? 0) & 0x02) !== 0, parts.testTime[row],
      ];
      const expected = [die.wafer, Number(die.x), Number(die.y), Number(die.site), Number(die.hard_bin), Number(die.soft_bin), die.pass === '1', die.insertion !== '1', Number(die.test_time_ms)];
      return JSON.stringify(actual) === JSON.stringify(expected) ? [] : [{ index, actual, expected }];
    });
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('gives the same final dies and yield as the CSV (highest insertion per die)', () => {
    const finals = new Map<string, Record<string, string>>();
    for (const die of dies) {
      const key = `${die.wafer}|${die.x}|${die.y}`;
      if (Number(finals.get(key)?.insertion ?? 0) < Number(die.insertion)) finals.set(key, die);
    }
    const final = consolidateInsertions(result.parts).final;
    expect(final).toEqual({ total: finals.size, pass: [...finals.values()].filter((die) => die.pass === '1').length });
  });

  it('has every test value of the CSV as its float32, and no result where the CSV cell is empty', () => {
    const testNumOf = (column: string): number => Number(column.slice(1, column.indexOf('_')));
    const valuesByPart = new Map<number, Map<number, number>>();
    const { partIndex, testIndex, value, flags } = result.results;
    let invalid = 0;
    for (let row = 0; row < result.results.count; row++) {
      if (((flags[row] ?? 0) & 0x12) !== 0) invalid++;
      const part = partIndex[row] ?? -1;
      const values = valuesByPart.get(part) ?? new Map<number, number>();
      values.set(result.tests[testIndex[row] ?? -1]?.testNum ?? -1, value[row] ?? Number.NaN);
      valuesByPart.set(part, values);
    }
    let compared = 0;
    const mismatches: string[] = [];
    dies.forEach((die, index) => {
      const actual = valuesByPart.get(order[index] ?? -1) ?? new Map<number, number>();
      const expected = new Map(testColumns.filter((column) => die[column] !== '').map((column) => [testNumOf(column), Math.fround(Number(die[column]))]));
      compared += expected.size;
      if (JSON.stringify([...actual]) !== JSON.stringify([...expected])) mismatches.push(`row ${index}: ${JSON.stringify([...actual])} vs ${JSON.stringify([...expected])}`);
    });
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(invalid).toBe(0);
    expect(result.results.count).toBe(compared);
  });

  it('defines every test of tests.csv once, with name, units and float32 limits, and a TSR with its counts', () => {
    expect(result.tests.map((test) => [test.testNum, test.name, test.units, test.lowLimit, test.highLimit])).toEqual(
      tests.map((test) => [Number(test.test_num), test.name, test.units, Math.fround(Number(test.lo_limit)), Math.fround(Number(test.hi_limit))]),
    );
    const executed = testColumns.map((column) => dies.filter((die) => die[column] !== '').length);
    expect(result.tsrs.map((tsr) => [tsr.testNum, tsr.testName, tsr.execCount])).toEqual(tests.map((test, index) => [Number(test.test_num), test.name, executed[index]]));
  });

  it('has HBR/SBR counts over all insertions with the names of bins.csv, and a PCR with parts, retests and good parts', () => {
    const bins = sampleCsvRows('bins.csv').filter((row) => row.product === dies[0]?.product);
    for (const [records, type, column] of [[result.hardBins, 'hard', 'hard_bin'], [result.softBins, 'soft', 'soft_bin']] as const) {
      const counts = countBy(dies, (die) => die[column] ?? '');
      const expected = bins.filter((bin) => bin.bin_type === type).map((bin) => [Number(bin.bin), bin.name, bin.pass === '1' ? 'P' : 'F', counts.get(bin.bin ?? '') ?? 0]);
      expect(records.map((record) => [record.bin, record.name, record.passFail, record.count])).toEqual(expected);
    }
    expect(result.pcrs).toEqual([{ head: 255, site: 0, partCount: dies.length, retestCount: dies.filter((die) => die.insertion !== '1').length, abortCount: 0, goodCount: dies.filter((die) => die.pass === '1').length, functionalCount: 4294967295 }]);
  });
});

describe('sample STDF lots', () => {
  it('are two ORION lots whose die CSV stays as the reference copy', () => {
    expect(stdfNames).toEqual(['OR26003.stdf.gz', 'OR26008.stdf.gz']);
    const csvNames = readdirSync(join(FOLDER, 'dies'));
    for (const name of stdfNames) expect(csvNames).toContain(name.replace('.stdf.gz', '.csv.gz'));
  });
});
