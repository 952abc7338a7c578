import { readFileSync } from 'node:fs';
import { gzipSync, gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { stdfCompleteness } from '../../../shared/import/stdfCompleteness.ts';

const whole = gunzipSync(new Uint8Array(readFileSync('sample-data/fab/stdf/OR26003.stdf.gz')));

/** Record starts by an independent walk of the little-endian headers. */
function recordStarts(bytes: Uint8Array): number[] {
  const starts: number[] = [];
  for (let offset = 0; offset + 4 <= bytes.length; offset += 4 + (bytes[offset]! | (bytes[offset + 1]! << 8))) starts.push(offset);
  return starts;
}

const starts = recordStarts(whole);
const lastRecord = starts.at(-1)!;
const cutAt = Math.floor(whole.length / 3) + 5;
const cutRecord = starts.filter((start) => start < cutAt).at(-1)!;

describe('stdfCompleteness (issue #12 §6: an STDF file is complete when its MRR has arrived)', () => {
  const cases: [string, Uint8Array, ReturnType<typeof stdfCompleteness>][] = [
    ['the whole file', whole, { state: 'complete' }],
    ['the whole file, gzip', gzipSync(whole), { state: 'complete' }],
    ['everything but the MRR', whole.subarray(0, lastRecord), { state: 'incomplete', endsAt: lastRecord }],
    ['cut inside a record', whole.subarray(0, cutAt), { state: 'incomplete', endsAt: cutRecord }],
    ['a gzip stream cut half-way', gzipSync(whole).subarray(0, 200_000), { state: 'incomplete', endsAt: expect.any(Number) as number }],
    ['a die CSV', new TextEncoder().encode('lot,wafer,x,y,hard_bin\nA,1,0,0,1\n'), { state: 'not-stdf' }],
  ];
  it.each(cases)('%s', (_name, bytes, expected) => {
    expect(stdfCompleteness(bytes)).toEqual(expected);
  });

  it('checks the last record is an MRR (REC_TYP 1, REC_SUB 20)', () => {
    expect([whole[lastRecord + 2], whole[lastRecord + 3]]).toEqual([1, 20]);
  });
});
