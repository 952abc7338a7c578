import { StdfWriter } from '../../shared/stdf/writer.ts';
import { HARD_BINS, SOFT_BINS, type BinDefinition } from './bins.ts';
import type { DieRecord } from './dieSimulation.ts';
import type { LotPlan } from './fabPlan.ts';
import type { TestDefinition } from './products.ts';
import { WAFER_DIAMETER_MM } from './waferGeometry.ts';

const HEAD = 1;
const ALL_HEADS = 255;
const SITES = [1, 2, 3, 4];
/** PART_FLG bit 1: this part supersedes an earlier one with the same X/Y (a retest). */
const PART_RETEST = 0x02;
/** PART_FLG bit 3: the part failed. */
const PART_FAILED = 0x08;
/** TEST_FLG bit 7: the test failed. */
const TEST_FAILED = 0x80;
/** PARM_FLG bits 6 and 7: a result equal to a limit passes (the generator's rule). */
const LIMITS_INCLUSIVE = 0xc0;
/** OPT_FLAG of a test's first PTR: bit 1 reserved (1), bits 2/3 no spec limits; scale and test limits valid. */
const FIRST_PTR_OPT_FLAG = 0x0e;

/** Whole seconds since 1970 (STDF U4 times). */
function stdfSeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000);
}

/** Tester family of a tester name ("UFLEX-02" → "UFLEX"), written as MIR TSTR_TYP. */
export function testerType(tester: string): string {
  return tester.replace(/-\d+$/, '');
}

/** Load board of a lot, derived from its tester and product (the plan draws none, so the dataset stays unchanged). */
export function loadBoardOf(lot: LotPlan): string {
  return `LB-${lot.productPlan.product.lotPrefix}-${lot.tester.replace(/[^0-9]/g, '')}`;
}

interface BinCount {
  readonly definition: BinDefinition;
  count: number;
}

/**
 * STDF V4 wafer-sort file of one lot, fed with the lot's die records in test order: FAR, MIR, SDR,
 * WCR, per wafer WIR, per touchdown PIRs then each die's PTRs and PRR, WRR; TSR, HBR, SBR, PCR, MRR.
 * Carries the same insertions, bins, sites, test values and test times as the lot's die CSV.
 */
export class LotStdfWriter {
  private readonly writer = new StdfWriter();
  private readonly tests: readonly TestDefinition[];
  private readonly defined = new Set<number>();
  private readonly executions: number[];
  private readonly failures: number[];
  private readonly hardBins = new Map<number, BinCount>(HARD_BINS.map((bin) => [bin.bin, { definition: bin, count: 0 }]));
  private readonly softBins = new Map<number, BinCount>(SOFT_BINS.map((bin) => [bin.bin, { definition: bin, count: 0 }]));
  private touchdown: DieRecord[] = [];
  private wafer: { id: number; finishMs: number; parts: number; retests: number; good: number } | null = null;
  private parts = 0;
  private retests = 0;
  private good = 0;
  private lastFinishMs = 0;

  constructor(private readonly lot: LotPlan) {
    this.tests = lot.productPlan.tests;
    this.executions = this.tests.map(() => 0);
    this.failures = this.tests.map(() => 0);
    this.writeHeader();
  }

  /** Add the next die insertion (in the CSV's order). */
  add(record: DieRecord): void {
    const first = this.touchdown[0];
    if (first !== undefined && (first.wafer !== record.wafer || first.testedAtMs !== record.testedAtMs || first.insertion !== record.insertion)) {
      this.flushTouchdown();
    }
    if (this.wafer === null || this.wafer.id !== record.wafer) this.startWafer(record);
    this.touchdown.push(record);
  }

  /** The bytes written since the last call. */
  take(): Uint8Array {
    return this.writer.take();
  }

  /** Close the last wafer and write the summary records; returns the remaining bytes. */
  finish(): Uint8Array {
    this.flushTouchdown();
    this.endWafer();
    this.tests.forEach((test, index) => {
      const counts = { execCount: this.executions[index] ?? 0, failCount: this.failures[index] ?? 0, alarmCount: null };
      this.writer.tsr({ head: ALL_HEADS, site: 0, testType: 'P', testNum: test.testNumber, testName: test.name, ...counts });
    });
    for (const { definition, count } of this.hardBins.values()) this.writer.hbr(binRecord(definition, count));
    for (const { definition, count } of this.softBins.values()) this.writer.sbr(binRecord(definition, count));
    const counts = { partCount: this.parts, retestCount: this.retests, abortCount: 0, goodCount: this.good, functionalCount: null };
    this.writer.pcr({ head: ALL_HEADS, site: 0, ...counts });
    this.writer.mrr(stdfSeconds(this.lastFinishMs));
    return this.writer.take();
  }

  private writeHeader(): void {
    const { lot, productPlan, tester, probeCard, wafers } = this.lot;
    const { product, grid } = productPlan;
    const startSeconds = stdfSeconds(wafers[0]?.testStartMs ?? this.lot.startMs);
    this.writer.far();
    this.writer.mir({
      setupTime: startSeconds - 600, startTime: startSeconds, stationNumber: 1, modeCode: 'P', retestCode: 'N',
      lotId: lot, partType: product.name, nodeName: tester, testerType: testerType(tester), jobName: product.program,
      jobRevision: product.program.replace(/^.*_/, ''), testCode: 'WS1', facilityId: 'FAB1', floorId: 'PROBE',
    });
    this.writer.sdr({ head: HEAD, siteGroup: 1, sites: SITES, probeCardType: 'CANTILEVER', probeCardId: probeCard, loadBoardId: loadBoardOf(this.lot) });
    this.writer.wcr({
      waferSize: WAFER_DIAMETER_MM, dieHeight: product.dieHeightMm, dieWidth: product.dieWidthMm, waferUnits: 3,
      flat: 'D', centerX: grid.centerX, centerY: grid.centerY, positiveX: 'R', positiveY: 'D',
    });
  }

  private startWafer(record: DieRecord): void {
    this.flushTouchdown();
    this.endWafer();
    const plan = this.lot.wafers.find((wafer) => wafer.wafer === record.wafer);
    this.writer.wir(HEAD, stdfSeconds(plan?.testStartMs ?? record.testedAtMs), String(record.wafer));
    this.wafer = { id: record.wafer, finishMs: 0, parts: 0, retests: 0, good: 0 };
  }

  private endWafer(): void {
    const wafer = this.wafer;
    if (wafer === null) return;
    const counts = { partCount: wafer.parts, retestCount: wafer.retests, abortCount: 0, goodCount: wafer.good, functionalCount: null };
    this.writer.wrr({ head: HEAD, waferId: String(wafer.id), finishTime: stdfSeconds(wafer.finishMs), ...counts });
    this.wafer = null;
  }

  /** One touchdown: a PIR per site, then each die's PTRs and PRR (the order of the CSV rows). */
  private flushTouchdown(): void {
    for (const record of this.touchdown) this.writer.pir(HEAD, record.site);
    for (const record of this.touchdown) this.writeDie(record);
    this.touchdown = [];
  }

  private writeDie(record: DieRecord): void {
    let executed = 0;
    record.values.forEach((value, index) => {
      const test = this.tests[index] as TestDefinition;
      if (Number.isNaN(value)) return;
      executed += 1;
      this.writeResult(test, index, record.site, value);
    });
    const partFlag = (record.pass ? 0 : PART_FAILED) | (record.insertion > 1 ? PART_RETEST : 0);
    this.writer.prr({
      head: HEAD, site: record.site, partFlag, testCount: executed, hardBin: record.hardBin, softBin: record.softBin,
      x: record.x, y: record.y, testTime: record.testTimeMs,
    });
    this.count(record);
  }

  private writeResult(test: TestDefinition, index: number, site: number, value: number): void {
    const low = value < test.lowLimit;
    const high = value > test.highLimit;
    const first = !this.defined.has(test.testNumber);
    this.defined.add(test.testNumber);
    this.executions[index] = (this.executions[index] ?? 0) + 1;
    if (low || high) this.failures[index] = (this.failures[index] ?? 0) + 1;
    this.writer.ptr({
      testNum: test.testNumber, head: HEAD, site, result: value, text: test.name,
      testFlags: low || high ? TEST_FAILED : 0, parmFlags: LIMITS_INCLUSIVE | (high ? 0x08 : 0) | (low ? 0x10 : 0),
      limits: first ? { optFlag: FIRST_PTR_OPT_FLAG, low: test.lowLimit, high: test.highLimit, units: test.units } : undefined,
    });
  }

  private count(record: DieRecord): void {
    const wafer = this.wafer;
    const finishMs = record.testedAtMs + record.testTimeMs;
    this.lastFinishMs = Math.max(this.lastFinishMs, finishMs);
    const retest = record.insertion > 1 ? 1 : 0;
    const good = record.pass ? 1 : 0;
    this.parts += 1;
    this.retests += retest;
    this.good += good;
    if (wafer !== null) {
      wafer.finishMs = Math.max(wafer.finishMs, finishMs);
      wafer.parts += 1;
      wafer.retests += retest;
      wafer.good += good;
    }
    const hard = this.hardBins.get(record.hardBin);
    const soft = this.softBins.get(record.softBin);
    if (hard !== undefined) hard.count += 1;
    if (soft !== undefined) soft.count += 1;
  }
}

function binRecord(definition: BinDefinition, count: number): { head: number; site: number; bin: number; count: number; passFail: string; name: string } {
  return { head: ALL_HEADS, site: 0, bin: definition.bin, count, passFail: definition.pass ? 'P' : 'F', name: definition.name };
}
