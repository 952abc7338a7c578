import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { decodeBzip2 } from '../../../cli/commands/stdf.ts';
import { classifyImportFile } from '../../../shared/import/importableFile.ts';
import { stageStdf } from '../../../shared/import/stdfImport.ts';
import { stagingTable } from '../../../shared/sql/staging.ts';
import { stagedResults } from '../../support/stagedResults.ts';

const corpus = resolve(import.meta.dirname, '../../..', '../shared/corpus/stdf');

interface Truth {
  pystdf: {
    MIR: { LOT_ID: string; PART_TYP: string; NODE_NAM: string; JOB_NAM: string; START_T_utc: string };
    parts: { PRR_count: number; pass: number };
    final_after_retest_dedupe: { by_xy: { unique: number; pass: number } | null; by_part_id: { unique: number; pass: number } };
    hard_bins_from_PRR: Record<string, number>;
    first3_PTR_tests: { TEST_NUM: number; count: number; mean: number; LO_LIMIT: number | null; HI_LIMIT: number | null }[];
  };
}

function corpusFile(name: string): { bytes: Uint8Array; truth: Truth } {
  const bytes = new Uint8Array(readFileSync(resolve(corpus, name)));
  return { bytes, truth: JSON.parse(readFileSync(resolve(corpus, `${name}.truth.json`), 'utf8')) as Truth };
}

async function rows(engine: WasmNodeSqlEngine, sql: string): Promise<Record<string, unknown>[]> {
  return (await engine.query(sql)).toArray().map((row: { toJSON(): Record<string, unknown> }) => row.toJSON());
}

describe('STDF staging against the corpus truth files', () => {
  const cases = [
    // Galaxy wafer sort with unflagged re-probes: dies are told apart by wafer and X/Y.
    { file: 'noonchen__lot3.stdf.gz', finalOf: (truth: Truth) => truth.pystdf.final_after_retest_dedupe.by_xy },
    // Two-site final test without X/Y: dies are told apart by PART_ID.
    { file: 'itestinc__M25P64_RevC_194479_115c.std', finalOf: (truth: Truth) => truth.pystdf.final_after_retest_dedupe.by_part_id },
  ];
  it.each(cases)('$file: insertions, final dies and passes match pystdf', async ({ file, finalOf }) => {
    const { bytes, truth } = corpusFile(file);
    const engine = await WasmNodeSqlEngine.open();
    const staging = await stageStdf(engine, bytes, { importId: 'imp1', fileName: file });
    const final = finalOf(truth);
    expect(staging.rows).toBe(truth.pystdf.parts.PRR_count);
    expect(staging.dies).toBe(final?.unique);
    const [insertions] = await rows(engine, `SELECT count(*)::INTEGER AS n, sum(pass::INTEGER)::INTEGER AS pass, min(lot) AS lot, min(product) AS product FROM ${stagingTable('die_insertions', 'imp1')}`);
    expect(insertions).toEqual({ n: truth.pystdf.parts.PRR_count, pass: truth.pystdf.parts.pass, lot: truth.pystdf.MIR.LOT_ID, product: truth.pystdf.MIR.PART_TYP });
    const [dies] = await rows(engine, `SELECT count(*)::INTEGER AS n, sum(pass::INTEGER)::INTEGER AS pass, sum(insertions)::INTEGER AS insertions FROM ${stagingTable('dies', 'imp1')}`);
    expect(dies).toEqual({ n: final?.unique, pass: final?.pass, insertions: truth.pystdf.parts.PRR_count });
    const bins = await rows(engine, `SELECT hard_bin::VARCHAR AS bin, count(*)::INTEGER AS n FROM ${stagingTable('die_insertions', 'imp1')} GROUP BY hard_bin`);
    expect(Object.fromEntries(bins.map((row) => [row.bin, row.n]))).toEqual(truth.pystdf.hard_bins_from_PRR);
    for (const test of truth.pystdf.first3_PTR_tests) {
      const [stats] = await rows(engine, `SELECT count(value)::INTEGER AS n, avg(value) AS mean FROM ${stagedResults('imp1')} WHERE test_key = ${test.TEST_NUM}`);
      expect(stats?.n).toBe(test.count);
      expect(Number(stats?.mean)).toBeCloseTo(test.mean, 5);
    }
    engine.close();
  });

  it('lot3: wafer header from MIR/WIR/WRR, limits and bins fall back to the parts that got them', async () => {
    const { bytes, truth } = corpusFile('noonchen__lot3.stdf.gz');
    const engine = await WasmNodeSqlEngine.open();
    await stageStdf(engine, bytes, { importId: 'imp1', fileName: 'lot3.stdf.gz' });
    const wafers = await rows(engine, `SELECT wafer, tester, program, strftime(start_time, '%Y-%m-%dT%H:%M:%SZ') AS start FROM ${stagingTable('wafers', 'imp1')}`);
    // WIR START_T equals MIR START_T in this file (991790025 = 2001-06-06T01:13:45Z).
    expect(wafers).toEqual([{ wafer: 'GAL-LOT-03', tester: truth.pystdf.MIR.NODE_NAM, program: truth.pystdf.MIR.JOB_NAM, start: truth.pystdf.MIR.START_T_utc }]);
    const test = truth.pystdf.first3_PTR_tests[0];
    const [limits] = await rows(engine, `SELECT lo_limit, hi_limit FROM ${stagingTable('tests', 'imp1')} WHERE test_num = ${test?.TEST_NUM}`);
    expect(Number(limits?.lo_limit)).toBeCloseTo(test?.LO_LIMIT ?? Number.NaN, 6);
    expect(Number(limits?.hi_limit)).toBeCloseTo(test?.HI_LIMIT ?? Number.NaN, 6);
    // HBR P/F is NUL in this file: only bin 1 holds passing parts (hard_bins_of_passing_PRR).
    const passBins = await rows(engine, `SELECT bin FROM ${stagingTable('bins', 'imp1')} WHERE bin_type = 'hard' AND pass`);
    expect(passBins).toEqual([{ bin: 1 }]);
    engine.close();
  });

  it('reads bzip2 when given a decoder, and detects STDF by content', async () => {
    const { bytes, truth } = corpusFile('noonchen__lot3.stdf.bz2');
    expect(classifyImportFile(bytes).content).toBe('stdf');
    expect(classifyImportFile(new TextEncoder().encode('lot,wafer,x,y\n')).content).toBe('text');
    const engine = await WasmNodeSqlEngine.open();
    const staging = await stageStdf(engine, bytes, { importId: 'imp2', fileName: 'lot3.stdf.bz2', bzip2: decodeBzip2 });
    expect(staging.dies).toBe(truth.pystdf.final_after_retest_dedupe.by_xy?.unique);
    engine.close();
  });
});
