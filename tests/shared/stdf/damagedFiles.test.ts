/**
 * Damaged and odd files (issue #13 §1, audit): a corrupted gzip never decodes to altered bytes reported
 * complete, NUL-padded strings are trimmed, a cut file says where it stopped and how much is unread,
 * and a file without MRR is warned about.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { concatenate, Decompressor } from '../../../shared/stdf/decompress.ts';
import { readStdfBytes, StdfWriter } from '../../../shared/stdf/index.ts';
import { prepareStdfStaging, stdfRejection } from '../../../shared/import/stdfImport.ts';

const corpus = resolve(import.meta.dirname, '../../..', '../shared/corpus/stdf');
const corpusBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(resolve(corpus, name)));

/** Decode through the app's Decompressor in 64 KB chunks: the bytes, or the error it threw. */
function gunzipWithDecompressor(bytes: Uint8Array): Uint8Array | Error {
  const decompressor = new Decompressor('gzip');
  const output: Uint8Array[] = [];
  try {
    for (let offset = 0; offset < bytes.length; offset += 65536) output.push(...decompressor.push(bytes.subarray(offset, offset + 65536)));
    output.push(...decompressor.finish());
    return concatenate(output);
  } catch (error) {
    return error as Error;
  }
}

function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return left.length === right.length && Buffer.from(left).equals(Buffer.from(right));
}

describe('gzip CRC-32 and ISIZE are checked', () => {
  const files = ['noonchen__lot2.stdf.gz', 'noonchen__lot3.stdf.gz', 'mnentwig__testcaseSmall.stdf.gz'];
  it.each(files)('%s: every one of 40 corrupted copies is detected or decodes to the original bytes', (name) => {
    const original = corpusBytes(name);
    // Node's zlib checks the trailer itself: an independent reference for the intact file.
    const expected = new Uint8Array(gunzipSync(original));
    expect(sameBytes(gunzipWithDecompressor(original) as Uint8Array, expected)).toBe(true);
    let detected = 0;
    let harmless = 0;
    for (let index = 0; index < 40; index++) {
      // Spread over the whole file, the gzip header and the 8-byte trailer included.
      const position = index === 39 ? original.length - 1 : Math.floor((index * (original.length - 1)) / 39);
      const corrupted = original.slice();
      corrupted[position] = (corrupted[position] ?? 0) ^ (1 << (index % 8));
      const decoded = gunzipWithDecompressor(corrupted);
      if (decoded instanceof Error) detected++;
      else {
        // Only header fields no check covers (MTIME, XFL, OS) may change without an error, and they never alter the data.
        expect(sameBytes(decoded, expected), `byte ${position} flipped: altered bytes were decoded without an error`).toBe(true);
        harmless++;
      }
    }
    expect(detected + harmless).toBe(40);
    console.log(`${name}: ${detected} of 40 corrupted copies detected, ${harmless} decoded to the original bytes`);
    expect(detected).toBeGreaterThanOrEqual(36);
  });

  it('a file whose trailer does not match is rejected, not imported as complete', () => {
    const original = corpusBytes('mnentwig__testcaseSmall.stdf.gz');
    const corrupted = original.slice();
    const crcAt = corrupted.length - 8;
    corrupted[crcAt] = (corrupted[crcAt] ?? 0) ^ 0x01;
    const result = readStdfBytes(corrupted);
    expect(result.complete).toBe(false);
    expect(result.altered).toMatch(/CRC-32/);
    expect(stdfRejection(result, 'small.stdf.gz')).toMatch(/^small\.stdf\.gz: damaged compressed file, nothing imported: .*gzip member 1: CRC-32 in the trailer at offset \d+/);
  });
});

describe('NUL padding and missing MRR', () => {
  it('trims NUL padding from Cn strings (MIR, WIR, test names, bins)', () => {
    const bytes = new StdfWriter()
      .far()
      .mir({ lotId: 'LOT7\u0000\u0000\u0000', partType: 'PART\u0000', nodeName: 'tester-1\u0000\u0000', jobName: 'prog' })
      .wir(1, 1_700_000_000, 'W01\u0000\u0000')
      .pir(1, 1)
      .ptr({ testNum: 5, head: 1, site: 1, result: 1.5, text: 'vdd leak\u0000\u0000', limits: { low: 0, high: 2, units: 'uA\u0000' } })
      .prr({ head: 1, site: 1, partFlag: 0, hardBin: 1, softBin: 1, x: 3, y: 4 })
      .wrr({ head: 1, waferId: 'W01\u0000' })
      .mrr(1_700_000_100)
      .take();
    const result = readStdfBytes(bytes);
    expect(result.complete).toBe(true);
    expect([result.mir?.lotId, result.mir?.partType, result.mir?.nodeName]).toEqual(['LOT7', 'PART', 'tester-1']);
    expect(result.wafers.map((wafer) => wafer.waferId)).toEqual(['W01']);
    expect(result.tests.map((test) => [test.name, test.units])).toEqual([['vdd leak', 'uA']]);
  });

  it('a file that ends without MRR gets a warning (corpus: 9S09_SN1_5 has none)', () => {
    const name = 'itestinc__9S09_SN1_5_25c_Mar_30_15h17m01s.stdf';
    const truth = JSON.parse(readFileSync(resolve(corpus, `${name}.truth.json`), 'utf8')) as { raw_walk: { record_counts: Record<string, number> } };
    expect(truth.raw_walk.record_counts.MRR ?? 0).toBe(0);
    const input = prepareStdfStaging(readStdfBytes(corpusBytes(name)), name);
    expect(input.warnings.some((warning) => /no MRR/.test(warning))).toBe(true);
  });
});

/** Offsets of record starts by walking REC_LEN headers (little-endian), independently of the reader. */
function recordStarts(bytes: Uint8Array): number[] {
  const starts: number[] = [];
  for (let offset = 0; offset + 4 <= bytes.length; offset += 4 + ((bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8))) starts.push(offset);
  return starts;
}

describe('a damaged file that was partly read says where and how much', () => {
  it('a cut file: partial at the last whole record, the rest unread', () => {
    const name = 'itestinc__bcdm_S11189_c_01.stdf';
    const whole = corpusBytes(name);
    const cut = Math.floor(whole.length * 0.6);
    const starts = recordStarts(whole);
    // The record that the cut falls inside starts at the last start at or before the cut.
    const lastStart = starts.filter((start) => start <= cut).pop() ?? 0;
    const lastWhole = lastStart + 4 + ((whole[lastStart] ?? 0) | ((whole[lastStart + 1] ?? 0) << 8)) <= cut ? cut : lastStart;
    const result = readStdfBytes(whole.subarray(0, cut));
    const details = prepareStdfStaging(result, name).details;
    expect(details.partial).toEqual({ offset: lastWhole, unreadBytes: cut - lastWhole });
    expect(stdfRejection(result, name)).toBeNull();
  });

  it('a file read whole has no partial mark', () => {
    const name = 'itestinc__bcdm_S11189_c_01.stdf';
    expect(prepareStdfStaging(readStdfBytes(corpusBytes(name)), name).details.partial).toBeUndefined();
  });
});
