import { describe, expect, test } from 'vitest';
import { readStdfBytes, StdfReader, StdfWriter, summarizeStdf } from '../../../shared/stdf/index.ts';

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
