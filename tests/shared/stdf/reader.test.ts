import { describe, expect, test } from 'vitest';
import { checkStdf, readStdfBytes, summarizeStdf } from '../../../shared/stdf/index.ts';

/** Hand-built record: header (REC_LEN, REC_TYP, REC_SUB) then body bytes, in the given byte order. */
function record(recordType: number, recordSub: number, body: number[], littleEndian = true): number[] {
  const length = body.length;
  const header = littleEndian ? [length & 255, length >> 8] : [length >> 8, length & 255];
  return [...header, recordType, recordSub, ...body];
}
const u2 = (value: number): number[] => [value & 255, (value >> 8) & 255];
const u4 = (value: number): number[] => [value & 255, (value >> 8) & 255, (value >> 16) & 255, (value >>> 24) & 255];
const r4 = (value: number): number[] => [...new Uint8Array(new Float32Array([value]).buffer)];
const cn = (bytes: number[]): number[] => [bytes.length, ...bytes];
const ascii = (text: string): number[] => [...text].map((character) => character.charCodeAt(0));
const far = record(0, 10, [2, 4]);
const pir = (site: number): number[] => record(5, 10, [1, site]);
const prr = (site: number, flag: number, bin: number, x: number): number[] => record(5, 20, [1, site, flag, ...u2(1), ...u2(bin), ...u2(bin), ...u2(x), ...u2(7)]);
const ptr = (site: number, testNum: number, value: number, text: string, extra: number[] = []): number[] =>
  record(15, 10, [...u4(testNum), 1, site, 0, 0, ...r4(value), ...cn(ascii(text)), ...extra]);

describe('reader semantics on hand-built records', () => {
  test('multi-site interleaving: results go to the part open on their own site', () => {
    const bytes = [...far, ...pir(0), ...pir(1), ...ptr(1, 10, 2.5, 'A'), ...ptr(0, 10, 1.5, 'A'), ...prr(1, 8, 3, 5), ...prr(0, 0, 1, 4)];
    const result = readStdfBytes(Uint8Array.from(bytes));
    expect(result.parts.count).toBe(2);
    expect([...result.results.partIndex]).toEqual([1, 0]);
    expect([...result.parts.x]).toEqual([4, 5]);
    expect([...result.parts.prrOrdinal]).toEqual([1, 0]);
    expect(summarizeStdf(result).parts).toEqual({ total: 2, pass: 1, fail: 1, noPassFail: 0 });
  });

  test('PART_FLG bit 4 means no pass/fail indication, whatever bit 3 says', () => {
    const bytes = [...far, ...pir(0), ...prr(0, 0x18, 1, 1), ...pir(0), ...prr(0, 0x10, 1, 2)];
    expect(summarizeStdf(readStdfBytes(Uint8Array.from(bytes))).parts).toEqual({ total: 2, pass: 0, fail: 0, noPassFail: 2 });
  });

  test('first PTR gives limits; OPT_FLAG bit 6 removes the low limit; empty TEST_TXT joins the first test', () => {
    // OPT_FLAG 0x4e: bits 1-3 (scale/spec fields invalid) and bit 6 (no low limit).
    const defaults = [...cn([]), 0x4e, 0xfd, 0, 0, ...r4(1), ...r4(3), ...cn(ascii('mA'))];
    const bytes = [...far, ...pir(0), ...ptr(0, 7, 2, 'IDD', defaults), ...ptr(0, 7, 2.5, ''), ...prr(0, 0, 1, 1)];
    const result = readStdfBytes(Uint8Array.from(bytes));
    expect(result.tests).toHaveLength(1);
    expect(result.tests[0]).toMatchObject({ testNum: 7, name: 'IDD', units: 'mA', lowLimit: null, highLimit: 3, resultScale: -3 });
    expect(summarizeStdf(result).tests).toEqual([{ testNum: 7, name: 'IDD', count: 2, mean: 2.25, min: 2, max: 2.5 }]);
  });

  test('one TEST_NUM with two names: two tests, reported by check', () => {
    const bytes = [...far, ...pir(0), ...ptr(0, 9, 1, 'VOH'), ...ptr(0, 9, 2, 'VOL'), ...prr(0, 0, 1, 1)];
    const result = readStdfBytes(Uint8Array.from(bytes));
    expect(result.tests.map((test) => test.name)).toEqual(['VOH', 'VOL']);
    expect(checkStdf(result).some((finding) => finding.code === 'shared-test-number')).toBe(true);
  });

  test('Cn strings: valid UTF-8 decodes as UTF-8, other high bytes as latin1', () => {
    const bytes = [...far, ...record(2, 10, [1, 255, ...u4(0), ...cn([0x57, 0xc2, 0xb5])]), ...record(2, 10, [2, 255, ...u4(0), ...cn([0x57, 0xb5])])];
    const result = readStdfBytes(Uint8Array.from(bytes));
    expect(result.wafers.map((wafer) => wafer.waferId)).toEqual(['W\u00b5', 'W\u00b5']);
  });

  test('a GDR with a B0 pad item is read through, and the records after it too', () => {
    const gdr = record(50, 10, [...u2(3), 0, 1, 42, 10, ...cn(ascii('ok'))]);
    const result = readStdfBytes(Uint8Array.from([...far, ...gdr, ...pir(0), ...prr(0, 0, 1, 1)]));
    expect(result.errors).toEqual([]);
    expect(result.recordCounts).toMatchObject({ GDR: 1, PRR: 1 });
    expect(result.findings.filter((finding) => finding.code === 'length-mismatch')).toEqual([]);
  });

  test('big-endian files are read from the FAR length', () => {
    const bytes = [...record(0, 10, [1, 4], false), ...record(5, 10, [1, 0], false), ...record(5, 20, [1, 0, 0, 0, 1, 0, 1, 0, 1, 0xff, 0xfe, 0, 3], false)];
    const result = readStdfBytes(Uint8Array.from(bytes));
    expect(result.byteOrder).toBe('big');
    expect([...result.parts.x]).toEqual([-2]);
    expect([...result.parts.y]).toEqual([3]);
  });

  test('records that end early take missing values for absent trailing fields', () => {
    const bytes = [...far, ...pir(0), ...record(5, 20, [1, 0, 0])];
    const result = readStdfBytes(Uint8Array.from(bytes));
    expect([...result.parts.x]).toEqual([-32768]);
    expect([...result.parts.hardBin]).toEqual([65535]);
    expect(result.errors).toEqual([]);
  });

  test('V4-2007 and vendor records are counted and skipped by length; unknown types are damage', () => {
    const bytes = [...far, ...record(1, 90, [1, 2, 3]), ...record(180, 1, [9, 9]), ...pir(0), ...prr(0, 0, 1, 1)];
    const result = readStdfBytes(Uint8Array.from(bytes));
    expect(result.recordCounts).toMatchObject({ PSR: 1, PRR: 1 });
    expect(result.unknownRecordTypes).toEqual({ '180/1': 1 });
    expect(result.errors).toEqual([]);
  });

  test('RES_SCAL, LLM_SCAL and HLM_SCAL come from the first PTR of a test; values and limits stay as stored', () => {
    // OPT_FLAG 0x0e: bit 0 clear (RES_SCAL valid), bits 4-7 clear (both limits and their scales valid).
    const first = [...cn([]), 0x0e, 3, 3, 0xfa, ...r4(1.2), ...r4(1.8), ...cn(ascii('V'))];
    const later = [...cn([]), 0x0e, 0, 0, 0, ...r4(0), ...r4(9), ...cn(ascii('mV'))];
    const bytes = [...far, ...pir(0), ...ptr(0, 21, 1.5, 'VREF', first), ...ptr(0, 21, 1.6, ''), ...ptr(0, 21, 1.7, 'VREF', later), ...prr(0, 0, 1, 1)];
    const result = readStdfBytes(Uint8Array.from(bytes));
    expect(result.tests).toHaveLength(1);
    expect(result.tests[0]).toMatchObject({
      testNum: 21, name: 'VREF', units: 'V', resultScale: 3, lowLimitScale: 3, highLimitScale: -6,
      lowLimit: Math.fround(1.2), highLimit: Math.fround(1.8),
    });
    expect([...result.results.value]).toEqual([Math.fround(1.5), Math.fround(1.6), Math.fround(1.7)]);
    const [summary] = summarizeStdf(result).tests;
    expect(summary?.mean).toBeCloseTo((1.5 + 1.6 + 1.7) / 3, 6);
    expect(summary?.max).toBeCloseTo(1.7, 6);
  });

  test('a test whose first PTR ends before OPT_FLAG takes its defaults from its first later PTR that has them', () => {
    // OPT_FLAG 0x1e: bit 4 set, so LO_LIMIT and LLM_SCAL are invalid; HI_LIMIT and HLM_SCAL valid.
    const defaults = [...cn([]), 0x1e, 0xfd, 0xfd, 0xfa, ...r4(1), ...r4(5), ...cn(ascii('uA'))];
    const bytes = [...far, ...pir(0), ...ptr(0, 8, 2, 'ILEAK'), ...ptr(0, 8, 3, '', defaults), ...prr(0, 0, 1, 1)];
    const result = readStdfBytes(Uint8Array.from(bytes));
    expect(result.tests).toHaveLength(1);
    expect(result.tests[0]).toMatchObject({ units: 'uA', resultScale: -3, lowLimit: null, lowLimitScale: null, highLimit: 5, highLimitScale: -6 });
    expect([...result.results.testIndex]).toEqual([0, 0]);
  });

  test('PTR look-up stays exact when the test order changes, names share a number and sites interleave', () => {
    // Part on site 0: 5 A, 5 B, 6 C. Part on site 1 changes the order; an empty TEST_TXT joins the first test of
    // its number (5 -> A) even right after B. Hand-assigned indexes: A 0, B 1, C 2.
    const bytes = [
      ...far, ...pir(0), ...pir(1),
      ...ptr(0, 5, 1, 'A'), ...ptr(0, 5, 2, 'B'), ...ptr(1, 5, 3, 'B'), ...ptr(0, 6, 4, 'C'), ...ptr(1, 5, 5, 'A'),
      ...ptr(1, 5, 6, ''), ...ptr(1, 6, 7, 'C'), ...ptr(1, 5, 8, 'B'), ...ptr(1, 5, 9, ''),
      ...prr(0, 0, 1, 1), ...prr(1, 0, 1, 2),
      ...pir(0), ...ptr(0, 5, 10, 'A'), ...ptr(0, 5, 11, 'B'), ...ptr(0, 6, 12, ''), ...ptr(0, 7, 13, ''), ...ptr(0, 5, 14, 'A'), ...prr(0, 0, 1, 3),
    ];
    const result = readStdfBytes(Uint8Array.from(bytes));
    expect(result.tests.map((test) => `${test.testNum}:${test.name}`)).toEqual(['5:A', '5:B', '6:C', '7:']);
    expect([...result.results.testIndex]).toEqual([0, 1, 1, 2, 0, 0, 2, 1, 0, 0, 1, 2, 3, 0]);
    expect([...result.results.partIndex]).toEqual([0, 0, 1, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
  });

  test('big-endian PTRs: TEST_NUM and RESULT read in the file byte order', () => {
    const body = [0x00, 0x01, 0x86, 0xa0, 1, 0, 0, 0, ...[...new Uint8Array(new Float32Array([2.5]).buffer)].reverse(), ...cn(ascii('T'))];
    const bytes = [...record(0, 10, [1, 4], false), ...record(5, 10, [1, 0], false), ...record(15, 10, body, false), ...record(5, 20, [1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1], false)];
    const result = readStdfBytes(Uint8Array.from(bytes));
    expect(result.tests[0]).toMatchObject({ testNum: 100_000, name: 'T' });
    expect([...result.results.value]).toEqual([2.5]);
  });
});
