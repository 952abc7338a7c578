import { describe, expect, test } from 'vitest';
import { readStdfBytes, StdfReader, StdfWriter, summarizeStdf, type MirRecord, type SdrRecord } from '../../../shared/stdf/index.ts';

/** A two-wafer, two-site lot using every record type the writer emits; values chosen by hand. */
function writeLot(): Uint8Array {
  const writer = new StdfWriter().far();
  writer.mir({ setupTime: 1_600_000_000, startTime: 1_600_000_060, lotId: 'LOT-7', partType: 'PX9', nodeName: 'prober-3', testerType: 'T2000', jobName: 'sort_v2', facilityId: 'Fab µ1' });
  writer.sdr({ head: 1, siteGroup: 1, sites: [0, 1], handlerId: 'H-12', probeCardId: 'PC-55', loadBoardId: 'LB-9' });
  writer.wcr({ waferSize: 200, dieHeight: 5, dieWidth: 4, waferUnits: 3, flat: 'D', centerX: 10, centerY: 12, positiveX: 'R', positiveY: 'D' });
  writer.dtr('COND: VDD=1.2V');
  const dies: [number, number, number][] = [[1, 1, 0], [2, 1, 0x08], [1, 2, 0], [1, 1, 0]];
  for (const waferId of ['W01', 'W02']) {
    writer.wir(1, 1_600_000_100, waferId);
    dies.forEach(([x, y, flag], index) => {
      const site = index % 2;
      writer.pir(1, site);
      writer.ptr({ testNum: 100, head: 1, site, result: 1.25 + index, text: 'VDD', limits: index === 0 && waferId === 'W01' ? { low: 1, high: 4, units: 'V', resultScale: -3 } : undefined });
      writer.ptr({ testNum: 200, head: 1, site, testFlags: index === 3 ? 0x02 : 0, result: -0.5, text: 'IDD' });
      writer.prr({ head: 1, site, partFlag: flag, hardBin: flag === 0 ? 1 : 5, softBin: flag === 0 ? 1 : 50, x, y, testTime: 33, partId: `${waferId}-${index}` });
    });
    writer.wrr({ head: 1, waferId, partCount: 4, goodCount: 3, finishTime: 1_600_000_200 });
  }
  writer.tsr({ head: 255, site: 0, testType: 'P', testNum: 100, execCount: 8, failCount: 0, alarmCount: null, testName: 'VDD' });
  writer.hbr({ head: 255, site: 0, bin: 1, count: 6, passFail: 'P', name: 'GOOD' });
  writer.hbr({ head: 255, site: 0, bin: 5, count: 2, passFail: 'F', name: 'OPEN' });
  writer.sbr({ head: 255, site: 0, bin: 1, count: 6, passFail: 'P', name: 'good' });
  writer.sbr({ head: 255, site: 0, bin: 50, count: 2, passFail: '\u0000', name: '' });
  writer.pcr({ head: 255, site: 0, partCount: 8, retestCount: 2, abortCount: 0, goodCount: 6, functionalCount: null });
  writer.mrr(1_600_000_300, 'X', 'user', 'exec');
  return writer.take();
}

describe('StdfWriter round trip', () => {
  const bytes = writeLot();
  const result = readStdfBytes(bytes);

  test('every record type is read back and nothing is damaged', () => {
    expect(result.errors).toEqual([]);
    expect(result.byteOrder).toBe('little');
    expect(result.cpuType).toBe(2);
    expect(result.recordCounts).toEqual({ FAR: 1, MIR: 1, SDR: 1, WCR: 1, DTR: 1, WIR: 2, PIR: 8, PTR: 16, PRR: 8, WRR: 2, TSR: 1, HBR: 2, SBR: 2, PCR: 1, MRR: 1 });
    expect(result.findings.filter((finding) => finding.code === 'length-mismatch')).toEqual([]);
  });

  test('header records keep their fields', () => {
    expect(result.mir).toMatchObject({ setupTime: 1_600_000_000, startTime: 1_600_000_060, lotId: 'LOT-7', partType: 'PX9', nodeName: 'prober-3', testerType: 'T2000', jobName: 'sort_v2', facilityId: 'Fab µ1' });
    expect(result.mrr).toEqual({ finishTime: 1_600_000_300, dispositionCode: 'X', userDescription: 'user', execDescription: 'exec' });
    expect(result.sdrs[0]).toMatchObject({ head: 1, siteGroup: 1, sites: [0, 1], handlerId: 'H-12', probeCardId: 'PC-55', loadBoardId: 'LB-9' });
    expect(result.wcr).toEqual({ waferSize: 200, dieHeight: 5, dieWidth: 4, waferUnits: 3, flat: 'D', centerX: 10, centerY: 12, positiveX: 'R', positiveY: 'D' });
    expect(result.texts).toEqual(['COND: VDD=1.2V']);
    expect(result.tsrs[0]).toMatchObject({ testNum: 100, execCount: 8, failCount: 0, alarmCount: 4294967295, testName: 'VDD' });
    expect(result.pcrs[0]).toEqual({ head: 255, site: 0, partCount: 8, retestCount: 2, abortCount: 0, goodCount: 6, functionalCount: 4294967295 });
    expect(result.hardBins.map((bin) => [bin.bin, bin.count, bin.passFail, bin.name])).toEqual([[1, 6, 'P', 'GOOD'], [5, 2, 'F', 'OPEN']]);
    expect(result.softBins[1]).toMatchObject({ bin: 50, passFail: '\u0000', name: '' });
  });

  test('wafers, parts and results keep their values', () => {
    expect(result.wafers.map((wafer) => [wafer.waferId, wafer.partCount, wafer.goodCount, wafer.wrrSeen])).toEqual([['W01', 4, 3, true], ['W02', 4, 3, true]]);
    const parts = result.parts;
    expect(parts.count).toBe(8);
    expect([...parts.x]).toEqual([1, 2, 1, 1, 1, 2, 1, 1]);
    expect([...parts.site]).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    expect([...parts.waferIndex]).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect([...parts.hardBin]).toEqual([1, 5, 1, 1, 1, 5, 1, 1]);
    expect(parts.partId[5]).toBe('W02-1');
    expect(result.tests.map((test) => [test.testNum, test.name])).toEqual([[100, 'VDD'], [200, 'IDD']]);
    expect(result.tests[0]).toMatchObject({ lowLimit: 1, highLimit: 4, units: 'V', resultScale: -3 });
    expect(result.results.count).toBe(16);
    expect([...result.results.value.subarray(0, 4)]).toEqual([1.25, -0.5, 2.25, -0.5]);
    expect([...result.results.partIndex.subarray(0, 4)]).toEqual([0, 0, 1, 1]);
  });

  test('summary: 8 insertions, 6 dies after the re-probe of (1,1) on each wafer', () => {
    const summary = summarizeStdf(result);
    expect(summary.parts).toEqual({ total: 8, pass: 6, fail: 2, noPassFail: 0 });
    // Dies per wafer: (1,1), (2,1), (1,2); (1,1) probed twice and passing both times.
    expect(summary.final).toEqual({ total: 6, pass: 4 });
    expect(summary.wafers).toEqual([{ waferId: 'W01', parts: 4, pass: 3 }, { waferId: 'W02', parts: 4, pass: 3 }]);
    // Test 200: 8 results of -0.5, two flagged invalid (TEST_FLG bit 1) are excluded.
    expect(summary.tests[1]).toEqual({ testNum: 200, name: 'IDD', count: 6, mean: -0.5, min: -0.5, max: -0.5 });
    expect(summary.warnings).toEqual([]);
  });

  test('records split across chunks of every size give the same result', () => {
    const reference = JSON.stringify(summarizeStdf(result));
    for (const chunkSize of [1, 2, 3, 5, 7, 64]) {
      const chunks: Uint8Array[] = [];
      for (let offset = 0; offset < bytes.length; offset += chunkSize) chunks.push(bytes.subarray(offset, offset + chunkSize));
      expect(JSON.stringify(summarizeStdf(readChunked(chunks)))).toBe(reference);
    }
  });
});

function readChunked(chunks: Uint8Array[]): ReturnType<typeof readStdfBytes> {
  const reader = new StdfReader();
  for (const chunk of chunks) reader.push(chunk);
  return reader.finish();
}

const mirTextFields = [
  'lotId', 'partType', 'nodeName', 'testerType', 'jobName', 'jobRevision', 'sublotId', 'operatorName', 'execType', 'execVersion', 'testCode',
  'testTemperature', 'userText', 'auxFile', 'packageType', 'familyId', 'dateCode', 'facilityId', 'floorId', 'processId', 'operationFrequency',
  'specName', 'specVersion', 'flowId', 'setupId', 'designRevision', 'engineeringId', 'romCode', 'serialNumber', 'supervisorName',
] as const satisfies readonly (keyof MirRecord)[];
const sdrTextFields = [
  'handlerType', 'handlerId', 'probeCardType', 'probeCardId', 'loadBoardType', 'loadBoardId', 'dibType', 'dibId', 'cableType', 'cableId',
  'contactorType', 'contactorId', 'laserType', 'laserId', 'extraType', 'extraId',
] as const satisfies readonly (keyof SdrRecord)[];

/** Distinct text per field (its name and position), so a field written into its neighbour's place shows. */
function textsOf<Key extends string>(keys: readonly Key[], prefix: string): Record<Key, string> {
  return Object.fromEntries(keys.map((key, index) => [key, `${prefix}${index}-${key}`])) as Record<Key, string>;
}

describe('StdfWriter round trip, field by field', () => {
  const mirTexts = textsOf(mirTextFields, 'm');
  const sdrTexts = textsOf(sdrTextFields, 's');
  const writer = new StdfWriter().far();
  writer.mir({ ...mirTexts, setupTime: 1_700_000_000, startTime: 1_700_000_123, stationNumber: 7, modeCode: 'E', retestCode: 'Y' });
  writer.sdr({ ...sdrTexts, head: 2, siteGroup: 3, sites: [4, 5, 6] });
  writer.wcr({ waferSize: 300, dieHeight: 10.25, dieWidth: 3.5, waferUnits: 3, flat: 'L', centerX: -3, centerY: 31, positiveX: 'L', positiveY: 'U' });
  writer.wir(2, 1_700_000_200, 'W7', 3);
  writer.pir(2, 4);
  writer.pir(2, 5);
  // Test 11: scales and both limits; test 12: OPT_FLAG bits 6/7 say it has no low and no high limit.
  writer.ptr({ testNum: 11, head: 2, site: 4, testFlags: 0x80, parmFlags: 0xc8, result: 47.5, text: 'idd', limits: { optFlag: 0x02, resultScale: -3, lowScale: -6, highScale: 3, low: 37, high: 47.25, units: 'mA' } });
  writer.ptr({ testNum: 12, head: 2, site: 4, result: -0.125, text: 'vth', limits: { optFlag: 0xce, low: -1, high: 1, units: 'V' } });
  writer.ptr({ testNum: 11, head: 2, site: 5, result: 40.5, text: 'idd' });
  writer.prr({ head: 2, site: 4, partFlag: 0x08, testCount: 2, hardBin: 6, softBin: 7, x: -12, y: 300, testTime: 950, partId: 'P1', partText: 'first' });
  writer.prr({ head: 2, site: 5, partFlag: 0x02, testCount: 1, hardBin: 1, softBin: 2, x: 4, y: 5, testTime: 1234, partId: '', partText: '' });
  writer.wrr({ head: 2, siteGroup: 3, waferId: 'W7', finishTime: 1_700_000_900, partCount: 2, retestCount: 1, abortCount: 0, goodCount: 1, functionalCount: 2, fabWaferId: 'FW7', frameId: 'FR', maskId: 'MK', userDescription: 'ud', execDescription: 'ed' });
  writer.tsr({ head: 255, site: 0, testType: 'P', testNum: 11, execCount: 2, failCount: 1, alarmCount: 0, testName: 'idd' });
  writer.hbr({ head: 255, site: 0, bin: 6, count: 1, passFail: 'F', name: 'PARAMETRIC' });
  writer.hbr({ head: 255, site: 0, bin: 1, count: 1, passFail: 'P', name: 'PASS' });
  writer.sbr({ head: 255, site: 0, bin: 7, count: 1, passFail: 'F', name: 'PARAM_IDD' });
  writer.sbr({ head: 255, site: 0, bin: 2, count: 1, passFail: 'P', name: 'PASS_SLOW_GRADE' });
  writer.pcr({ head: 255, site: 0, partCount: 2, retestCount: 1, abortCount: 0, goodCount: 1, functionalCount: null });
  writer.mrr(1_700_001_000, 'A', 'user text', 'exec text');
  const result = readStdfBytes(writer.take());

  test('reads back cleanly: every record once, in the counts written', () => {
    expect(result.errors).toEqual([]);
    expect(result.findings).toEqual([]);
    expect(result.recordCounts).toEqual({ FAR: 1, MIR: 1, SDR: 1, WCR: 1, WIR: 1, PIR: 2, PTR: 3, PRR: 2, WRR: 1, TSR: 1, HBR: 2, SBR: 2, PCR: 1, MRR: 1 });
    expect([result.cpuType, result.stdfVersion, result.byteOrder]).toEqual([2, 4, 'little']);
  });

  test('MIR, SDR, WCR and MRR: every field', () => {
    expect(result.mir).toEqual({ ...mirTexts, setupTime: 1_700_000_000, startTime: 1_700_000_123, stationNumber: 7, modeCode: 'E', retestCode: 'Y' });
    expect(result.sdrs).toEqual([{ ...sdrTexts, head: 2, siteGroup: 3, sites: [4, 5, 6] }]);
    expect(result.wcr).toEqual({ waferSize: 300, dieHeight: 10.25, dieWidth: 3.5, waferUnits: 3, flat: 'L', centerX: -3, centerY: 31, positiveX: 'L', positiveY: 'U' });
    expect(result.mrr).toEqual({ finishTime: 1_700_001_000, dispositionCode: 'A', userDescription: 'user text', execDescription: 'exec text' });
  });

  test('WIR and WRR: every field', () => {
    expect(result.wafers).toEqual([{
      head: 2, siteGroup: 3, startTime: 1_700_000_200, waferId: 'W7', wrrSeen: true, finishTime: 1_700_000_900, partCount: 2, retestCount: 1,
      abortCount: 0, goodCount: 1, functionalCount: 2, fabWaferId: 'FW7', frameId: 'FR', maskId: 'MK', userDescription: 'ud', execDescription: 'ed',
    }]);
  });

  test('PIR/PRR: every field of both parts', () => {
    const parts = result.parts;
    const part = (row: number): unknown[] => [
      parts.head[row], parts.site[row], parts.waferIndex[row], parts.partFlag[row], parts.testCount[row], parts.hardBin[row], parts.softBin[row],
      parts.x[row], parts.y[row], parts.testTime[row], parts.partId[row], parts.partText[row], parts.completed[row], parts.prrOrdinal[row],
    ];
    expect(parts.count).toBe(2);
    expect(part(0)).toEqual([2, 4, 0, 0x08, 2, 6, 7, -12, 300, 950, 'P1', 'first', 1, 0]);
    expect(part(1)).toEqual([2, 5, 0, 0x02, 1, 1, 2, 4, 5, 1234, '', '', 1, 1]);
  });

  test('PTR: results with their part and TEST_FLG, and the first PTR of each test defining it (OPT_FLAG honoured)', () => {
    const { partIndex, testIndex, value, flags } = result.results;
    expect([...partIndex]).toEqual([0, 0, 1]);
    expect([...testIndex]).toEqual([0, 1, 0]);
    expect([...value]).toEqual([47.5, -0.125, 40.5]);
    expect([...flags]).toEqual([0x80, 0, 0]);
    expect(result.tests.map(({ offset: _offset, ...test }) => test)).toEqual([
      { kind: 'PTR', testNum: 11, name: 'idd', units: 'mA', lowLimit: 37, highLimit: 47.25, resultScale: -3, lowLimitScale: -6, highLimitScale: 3 },
      { kind: 'PTR', testNum: 12, name: 'vth', units: 'V', lowLimit: null, highLimit: null, resultScale: 0, lowLimitScale: null, highLimitScale: null },
    ]);
  });

  test('TSR, HBR, SBR and PCR: every field', () => {
    expect(result.tsrs).toEqual([{ head: 255, site: 0, testType: 'P', testNum: 11, execCount: 2, failCount: 1, alarmCount: 0, testName: 'idd' }]);
    const bins = (records: typeof result.hardBins): unknown[] => records.map((bin) => [bin.head, bin.site, bin.bin, bin.count, bin.passFail, bin.name]);
    expect(bins(result.hardBins)).toEqual([[255, 0, 6, 1, 'F', 'PARAMETRIC'], [255, 0, 1, 1, 'P', 'PASS']]);
    expect(bins(result.softBins)).toEqual([[255, 0, 7, 1, 'F', 'PARAM_IDD'], [255, 0, 2, 1, 'P', 'PASS_SLOW_GRADE']]);
    expect(result.pcrs).toEqual([{ head: 255, site: 0, partCount: 2, retestCount: 1, abortCount: 0, goodCount: 1, functionalCount: 4294967295 }]);
  });
});
