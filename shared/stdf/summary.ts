import { consolidateInsertions, partPassed } from './consolidate.ts';
import type { StdfResult } from './result.ts';
import type { ByteOrder, Compression, StdfError, StdfFindingParams } from './types.ts';

/** Statistics of one PTR test number over valid results (TEST_FLG bits 1 and 4 clear, finite). */
export interface TestSummary {
  testNum: number;
  name: string;
  count: number;
  mean: number | null;
  min: number | null;
  max: number | null;
}

/** The `stdf summary --json` object. */
export interface StdfSummary {
  byteOrder: ByteOrder;
  compression: Compression;
  records: Record<string, number>;
  mir: { lotId: string; partType: string; nodeName: string; testerType: string; jobName: string; startTime: string | null } | null;
  parts: { total: number; pass: number; fail: number; noPassFail: number };
  final: { total: number; pass: number };
  hardBins: Record<string, number>;
  softBins: Record<string, number>;
  wafers: { waferId: string; parts: number; pass: number }[];
  tests: TestSummary[];
  errors: StdfError[];
  warnings: string[];
}

/** ISO-8601 UTC text of an STDF U4 time (seconds since 1970), without milliseconds; 0 means not set. */
export function stdfTimeToIso(seconds: number | null): string | null {
  if (seconds === null || seconds === 0) return null;
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** Summarise a read result: counts from PRRs, retest consolidation, bins, wafers, PTR statistics, cross-checks. */
export function summarizeStdf(result: StdfResult): StdfSummary {
  const parts = result.parts;
  const { counted, wafers } = countParts(result);
  const hardBins: Record<string, number> = {};
  const softBins: Record<string, number> = {};
  for (let row = 0; row < parts.count; row++) {
    if (parts.completed[row] !== 1) continue;
    const hard = String(parts.hardBin[row]);
    const soft = String(parts.softBin[row]);
    hardBins[hard] = (hardBins[hard] ?? 0) + 1;
    softBins[soft] = (softBins[soft] ?? 0) + 1;
  }
  const consolidation = consolidateInsertions(parts);
  const mir = result.mir;
  return {
    byteOrder: result.byteOrder,
    compression: result.compression,
    records: result.recordCounts,
    mir: mir === null ? null : {
      lotId: mir.lotId, partType: mir.partType, nodeName: mir.nodeName, testerType: mir.testerType,
      jobName: mir.jobName, startTime: stdfTimeToIso(mir.startTime),
    },
    parts: counted,
    final: consolidation.final,
    hardBins,
    softBins,
    wafers,
    tests: summarizePtrTests(result),
    errors: result.errors,
    warnings: crossCheckWarnings(result, counted.total, wafers),
  };
}

/**
 * Parts with a PRR by pass/fail, and per WIR wafer: the counts the cross-checks compare with the file's own
 * WRR/PCR/MRR totals (the checker needs these alone, not the summary's pass over every result).
 */
export function countParts(result: StdfResult): { counted: StdfSummary['parts']; wafers: StdfSummary['wafers'] } {
  const parts = result.parts;
  const counted = { total: 0, pass: 0, fail: 0, noPassFail: 0 };
  const wafers = result.wafers.map((wafer) => ({ waferId: wafer.waferId, parts: 0, pass: 0 }));
  for (let row = 0; row < parts.count; row++) {
    if (parts.completed[row] !== 1) continue;
    const flag = parts.partFlag[row] ?? 0;
    const passed = partPassed(flag);
    counted.total++;
    if ((flag & 0x10) !== 0) counted.noPassFail++;
    else if (passed) counted.pass++;
    else counted.fail++;
    const wafer = wafers[parts.waferIndex[row] ?? -1];
    if (wafer !== undefined) {
      wafer.parts++;
      if (passed) wafer.pass++;
    }
  }
  return { counted, wafers };
}

/** One entry per PTR TEST_NUM (all names, heads and sites pooled), in order of first appearance. */
export function summarizePtrTests(result: StdfResult): TestSummary[] {
  const entryByNumber = new Map<number, { summary: TestSummary; sum: number; compensation: number }>();
  const entryOfTest: ({ summary: TestSummary; sum: number; compensation: number } | undefined)[] = [];
  result.tests.forEach((test, testIndex) => {
    if (test.kind !== 'PTR') return;
    let entry = entryByNumber.get(test.testNum);
    if (entry === undefined) {
      entry = { summary: { testNum: test.testNum, name: test.name, count: 0, mean: null, min: null, max: null }, sum: 0, compensation: 0 };
      entryByNumber.set(test.testNum, entry);
    }
    entryOfTest[testIndex] = entry;
  });
  const { testIndex, value, flags, count } = result.results;
  for (let row = 0; row < count; row++) {
    const entry = entryOfTest[testIndex[row] ?? -1];
    const measured = value[row] ?? Number.NaN;
    if (entry === undefined || ((flags[row] ?? 0) & 0x12) !== 0 || !Number.isFinite(measured)) continue;
    const summary = entry.summary;
    summary.count++;
    // Neumaier summation keeps the mean within an ulp of the exactly rounded sum.
    const total = entry.sum + measured;
    entry.compensation += Math.abs(entry.sum) >= Math.abs(measured) ? entry.sum - total + measured : measured - total + entry.sum;
    entry.sum = total;
    if (summary.min === null || measured < summary.min) summary.min = measured;
    if (summary.max === null || measured > summary.max) summary.max = measured;
  }
  return [...entryByNumber.values()].map((entry) => ({
    ...entry.summary,
    mean: entry.summary.count > 0 ? (entry.sum + entry.compensation) / entry.summary.count : null,
  }));
}

const missingCount = 4294967295;

/** One summary-record cross-check that failed: its kind, the values it names, and the English text. */
export interface StdfCrossCheck {
  check: 'bin-total' | 'pcr-total' | 'wrr-count' | 'wir-without-wrr' | 'no-mir' | 'no-mrr';
  params: StdfFindingParams;
  message: string;
}

/** Summary-record versus PRR cross-checks (HBR/SBR/PCR totals, WRR part counts), plus missing structure, as English texts. */
export function crossCheckWarnings(result: StdfResult, prrCount: number, wafers: { waferId: string; parts: number }[]): string[] {
  return crossChecks(result, prrCount, wafers).map((check) => check.message);
}

/** The same cross-checks with their kind and values, so the app can say them in the user's language. */
export function crossChecks(result: StdfResult, prrCount: number, wafers: { waferId: string; parts: number }[]): StdfCrossCheck[] {
  const checks: StdfCrossCheck[] = [];
  const binTotal = (records: StdfResult['hardBins']): number | null => {
    const all = records.filter((record) => record.head === 255);
    const used = all.length > 0 ? all : records;
    return used.length === 0 ? null : used.reduce((sum, record) => sum + record.count, 0);
  };
  for (const [name, records] of [['HBR', result.hardBins], ['SBR', result.softBins]] as const) {
    const total = binTotal(records);
    if (total !== null && total !== prrCount) {
      checks.push({ check: 'bin-total', params: { record: name, total, prrs: prrCount }, message: `${name} bin counts total ${total} but the file has ${prrCount} PRRs (parts are counted from PRRs).` });
    }
  }
  const overall = result.pcrs.filter((pcr) => pcr.head === 255);
  const pcrs = overall.length > 0 ? overall : result.pcrs;
  const partCounts = pcrs.map((pcr) => pcr.partCount).filter((count): count is number => count !== null && count !== missingCount);
  if (partCounts.length > 0) {
    const total = partCounts.reduce((sum, count) => sum + count, 0);
    if (total !== prrCount) {
      const perSite = overall.length > 0 ? 0 : 1;
      checks.push({ check: 'pcr-total', params: { total, prrs: prrCount, perSite }, message: `PCR PART_CNT ${perSite ? '(sum over sites) ' : ''}is ${total} but the file has ${prrCount} PRRs.` });
    }
  }
  result.wafers.forEach((wafer, index) => {
    const counted = wafers[index]?.parts ?? 0;
    if (wafer.partCount !== null && wafer.partCount !== missingCount && wafer.partCount !== counted) {
      checks.push({ check: 'wrr-count', params: { wafer: wafer.waferId, declared: wafer.partCount, prrs: counted }, message: `WRR of wafer "${wafer.waferId}" says PART_CNT ${wafer.partCount} but ${counted} PRRs lie in its WIR/WRR bracket.` });
    }
    if (!wafer.wrrSeen) checks.push({ check: 'wir-without-wrr', params: { wafer: wafer.waferId }, message: `wafer "${wafer.waferId}" has a WIR but no WRR.` });
  });
  if (result.mir === null) checks.push({ check: 'no-mir', params: {}, message: 'no MIR: lot, part type, tester and job are unknown.' });
  if (result.mrr === null) checks.push({ check: 'no-mrr', params: {}, message: 'no MRR: the finish time is unknown and the file may be incomplete.' });
  return checks;
}
