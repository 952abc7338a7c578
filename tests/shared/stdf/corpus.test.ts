import { describe, expect, test } from 'vitest';
import { checkStdf, recordNameByKey, summarizeStdf, type StdfResult, type StdfSummary } from '../../../shared/stdf/index.ts';
import { readdirSync } from 'node:fs';
import { corpusDirectory, corpusFiles, loadTruth, readCorpusFile, type StdfTruth } from './corpusTruth.ts';

/** Files whose pystdf truth is wrong or incomplete (corpus README, section 3); checked separately below. */
const pystdfCrashed = new Set(['qian-bi__stdf.bz2', 'makechip__x.stdf']);
const pystdfBlind = new Set(['jzh19930420__sample.std', 'stephensonb__a595-rewrite.stdf']);

const files = corpusFiles();

function numberOrNaN(value: number | string | null): number {
  if (typeof value === 'number') return value;
  return value === null ? Number.NaN : Number(value === 'nan' ? Number.NaN : value === 'inf' ? Infinity : value === '-inf' ? -Infinity : value);
}

function expectPtrTestsMatch(summary: StdfSummary, truth: StdfTruth): void {
  for (const expected of truth.pystdf.first3_PTR_tests) {
    const actual = summary.tests.find((entry) => entry.testNum === expected.TEST_NUM);
    expect(actual, `test ${expected.TEST_NUM}`).toBeDefined();
    if (actual === undefined) continue;
    expect(actual.name).toBe(expected.TEST_TXT);
    expect(actual.count).toBe(expected.count);
    if (expected.count === 0) continue;
    const mean = numberOrNaN(expected.mean);
    expect(Math.abs((actual.mean ?? Number.NaN) - mean)).toBeLessThanOrEqual(Math.abs(mean) * 1e-12 + 1e-300);
    expect(actual.min).toBe(numberOrNaN(expected.min));
    expect(actual.max).toBe(numberOrNaN(expected.max));
  }
}

function expectMirMatches(summary: StdfSummary, truth: StdfTruth): void {
  const mir = truth.pystdf.MIR;
  if (mir === null) {
    expect(summary.mir).toBeNull();
    return;
  }
  const text = (value: string | number | null | undefined): string => (value === null || value === undefined ? '' : String(value));
  expect(summary.mir).toMatchObject({
    lotId: text(mir.LOT_ID), partType: text(mir.PART_TYP), nodeName: text(mir.NODE_NAM),
    testerType: text(mir.TSTR_TYP), jobName: text(mir.JOB_NAM),
  });
  expect(summary.mir?.startTime ?? null).toBe(mir.START_T_utc ?? null);
}

describe('STDF corpus against its truth files', () => {
  test('the corpus is present and every data file has a truth file (none left out)', () => {
    expect(files.length).toBeGreaterThanOrEqual(145);
    const truthFiles = readdirSync(corpusDirectory).filter((name) => name.endsWith('.truth.json'));
    expect(truthFiles.map((name) => name.replace(/\.truth\.json$/, '')).sort()).toEqual(files);
  });

  test.each(files)('%s', async (name) => {
    const truth = loadTruth(name);
    const result = await readCorpusFile(name);
    const summary = summarizeStdf(result);
    expect(result.errors).toEqual([]);
    expect(summary.byteOrder).toBe(truth.raw_walk.endian);
    expect(summary.compression).toBe(truth.container.split(':')[0]);
    if (name === 'stephensonb__a595-rewrite.stdf') return expectSwappedRewrite(result, summary, truth);
    expect(summary.records).toEqual(truth.raw_walk.record_counts);
    if (pystdfBlind.has(name) || name === 'qian-bi__stdf.bz2') {
      expect(summary.parts.total).toBe(truth.raw_walk.record_counts.PRR ?? 0);
    } else {
      const parts = truth.pystdf.parts;
      expect(summary.parts).toEqual({ total: parts.PRR_count, pass: parts.pass, fail: parts.fail, noPassFail: parts.no_pass_fail_indication });
      expect(summary.hardBins).toEqual(truth.pystdf.hard_bins_from_PRR);
      expect(summary.softBins).toEqual(truth.pystdf.soft_bins_from_PRR);
      const byXy = truth.pystdf.final_after_retest_dedupe?.by_xy;
      if (byXy !== undefined && truth.pystdf.xy?.['parts_xy_missing(-32768)'] === 0 && (truth.pystdf.xy?.parts_with_xy ?? 0) > 0) {
        expect(summary.final).toEqual({ total: byXy.unique, pass: byXy.pass });
      }
      if (!pystdfCrashed.has(name)) {
        expect(summary.wafers).toEqual(truth.pystdf.wafers.per_wafer.map((wafer) => ({ waferId: wafer.WAFER_ID, parts: wafer.parts, pass: wafer.pass })));
      }
    }
    if (!pystdfBlind.has(name)) {
      expectMirMatches(summary, truth);
      expectPtrTestsMatch(summary, truth);
    }
  });
});

/** stephensonb: every header has REC_TYP/REC_SUB swapped; the raw walk counts them as unknown "typ/sub". */
function expectSwappedRewrite(result: StdfResult, summary: StdfSummary, truth: StdfTruth): void {
  expect(result.headerSwapped).toBe(true);
  const expected: Record<string, number> = { ...truth.raw_walk.record_counts };
  for (const [typeSub, count] of Object.entries(truth.raw_walk.unknown_record_types ?? {})) {
    const [first, second] = typeSub.split('/').map(Number);
    const name = recordNameByKey.get(((second ?? 0) << 8) | (first ?? 0));
    if (name !== undefined) expected[name] = (expected[name] ?? 0) + count;
  }
  expect(summary.records).toEqual(expected);
  // README section 3: a Catalyst wafer-sort run of 3 wafers and 336 dies.
  expect(summary.parts.total).toBe(336);
  expect(summary.wafers).toHaveLength(3);
  expect(summary.wafers.reduce((sum, wafer) => sum + wafer.parts, 0)).toBe(336);
  expect(checkStdf(result).map((finding) => finding.code)).toEqual(expect.arrayContaining(['swapped-header', 'wrong-cpu-type']));
}

describe('files where the reference reader is wrong (corpus README section 3)', () => {
  test('qian-bi: the GDR with a B0 pad is read through; PRR, MRR and V4-2007 records follow it', async () => {
    const result = await readCorpusFile('qian-bi__stdf.bz2');
    expect(result.recordCounts).toMatchObject({ PRR: 1, MRR: 1, GDR: 1, VUR: 1, PSR: 1, NMR: 1, CNR: 1, SSR: 1, CDR: 1, STR: 1 });
    expect(result.errors).toEqual([]);
  });

  test('makechip x.stdf: both FTRs, GDRs and DTRs are read', async () => {
    const result = await readCorpusFile('makechip__x.stdf');
    expect(result.recordCounts).toMatchObject({ GDR: 2, FTR: 2, DTR: 2 });
    expect(result.tests.filter((definition) => definition.kind === 'FTR').length).toBeGreaterThanOrEqual(1);
  });

  test('jzh19930420: CPU_TYPE says big-endian, the FAR length says little; MIR, part and PTR are found', async () => {
    const result = await readCorpusFile('jzh19930420__sample.std');
    expect(result.byteOrder).toBe('little');
    expect(result.cpuType).toBe(1);
    expect(result.mir).not.toBeNull();
    expect(result.parts.count).toBe(1);
    expect(result.results.count).toBe(1);
    expect(checkStdf(result).some((finding) => finding.code === 'wrong-cpu-type')).toBe(true);
  });

  test.each([
    // Figures stated in the corpus README, section 3.
    ['noonchen__lot3.stdf.gz', 1619, 1378, 1456, 1377],
    ['noonchen__lot3.stdf.bz2', 1619, 1378, 1456, 1377],
    ['noonchen__lot3.zip', 1619, 1378, 1456, 1377],
    ['noonchen__lot2.stdf.gz', 1569, 1389, 1456, 1389],
    ['noonchen__lot2.stdf.bz2', 1569, 1389, 1456, 1389],
  ])('Galaxy %s: unflagged re-probes consolidate to the last insertion per die', async (name, prrs, prrPass, dies, diePass) => {
    const summary = summarizeStdf(await readCorpusFile(name));
    expect(summary.parts.total).toBe(prrs);
    expect(summary.parts.pass).toBe(prrPass);
    expect(summary.final).toEqual({ total: dies, pass: diePass });
  });

  test('SN__1: 10 PRRs with 9 flagged PART_ID retests leave one part', async () => {
    const name = corpusFiles().find((file) => file.startsWith('itestinc__SN__1_'));
    expect(name).toBeDefined();
    const summary = summarizeStdf(await readCorpusFile(name ?? ''));
    expect(summary.parts.total).toBe(10);
    expect(summary.final.total).toBe(1);
  });
});
