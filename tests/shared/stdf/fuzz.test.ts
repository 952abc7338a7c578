import { describe, expect, test } from 'vitest';
import { decodeBzip2 } from '../../../cli/commands/stdf.ts';
import { readStdfBytes, StdfReader, summarizeStdf, type StdfResult } from '../../../shared/stdf/index.ts';
import { corpusBytes } from './corpusTruth.ts';

/** Record boundaries of a little-endian STDF byte string, found by walking REC_LEN (independent of the reader). */
function recordBoundaries(bytes: Uint8Array): Set<number> {
  const boundaries = new Set<number>([0]);
  let position = 0;
  while (position + 4 <= bytes.length) {
    position += 4 + ((bytes[position] ?? 0) | ((bytes[position + 1] ?? 0) << 8));
    boundaries.add(position);
  }
  return boundaries;
}

/** Deterministic PRNG (mulberry32) so every run mutates the same bytes. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

function expectCleanResult(result: StdfResult, size: number): void {
  for (const error of result.errors) {
    expect(error.offset).toBeGreaterThanOrEqual(0);
    expect(error.offset).toBeLessThanOrEqual(size);
    expect(error.message.length).toBeGreaterThan(0);
  }
  expect(() => summarizeStdf(result)).not.toThrow();
}

const smallFiles: [string, Uint8Array][] = [
  ['jzh19930420__sample.std', corpusBytes('jzh19930420__sample.std')],
  ['makechip__x.stdf', corpusBytes('makechip__x.stdf')],
  ['qian-bi__stdf.bz2 (decompressed)', decodeBzip2(corpusBytes('qian-bi__stdf.bz2'))],
];

describe('every truncation point of small corpus files', () => {
  test.each(smallFiles)('%s', (_name, bytes) => {
    const boundaries = recordBoundaries(bytes);
    const full = readStdfBytes(bytes);
    expect(full.errors).toEqual([]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const result = readStdfBytes(bytes.subarray(0, cut));
      expectCleanResult(result, cut);
      if (cut >= 4 && boundaries.has(cut)) {
        expect(result.errors, `cut at record boundary ${cut}`).toEqual([]);
      } else {
        expect(result.errors.length, `cut at ${cut}`).toBeGreaterThan(0);
        expect(result.errors[0]?.offset ?? -1).toBeLessThanOrEqual(cut);
      }
      expect(result.recordTotal).toBeLessThanOrEqual(full.recordTotal);
    }
  });
});

describe('random byte mutations end in a result or a clean error', () => {
  const sources: [string, Uint8Array][] = [
    ['makechip__x.stdf', corpusBytes('makechip__x.stdf')],
    ['itestinc__r1.stdf', corpusBytes('itestinc__r1.stdf')],
    ['mnentwig__testcaseSmall.stdf.gz', corpusBytes('mnentwig__testcaseSmall.stdf.gz')],
  ];
  test.each(sources)('%s: 1,500 seeded mutations', (_name, original) => {
    const random = seededRandom(20_240_601);
    for (let round = 0; round < 1500; round++) {
      const mutated = original.slice();
      const edits = 1 + Math.floor(random() * 8);
      for (let edit = 0; edit < edits; edit++) {
        const at = Math.floor(random() * mutated.length);
        mutated[at] = random() < 0.3 ? 0 : Math.floor(random() * 256);
      }
      const cut = random() < 0.2 ? Math.floor(random() * mutated.length) : mutated.length;
      const input = mutated.subarray(0, cut);
      const started = performance.now();
      const result = readStdfBytes(input);
      expect(performance.now() - started).toBeLessThan(2000);
      // Offsets count decompressed bytes, so a compressed input only bounds them loosely.
      expectCleanResult(result, result.compression === 'none' ? input.length : Number.MAX_SAFE_INTEGER);
    }
  });
});

describe('damage inside a file', () => {
  const original = corpusBytes('itestinc__r1.stdf');
  const boundaries = [...recordBoundaries(original)].sort((first, second) => first - second);
  const damagedAt = boundaries[Math.floor(boundaries.length / 2)] ?? 0;

  test('zeroed header: error at its offset, resync on a later header, later records kept', () => {
    const damaged = original.slice();
    damaged.fill(0, damagedAt, damagedAt + 4);
    const result = readStdfBytes(damaged);
    const full = readStdfBytes(original);
    expect(result.errors[0]?.offset).toBe(damagedAt);
    expect(result.errors[0]?.record).toBe(boundaries.indexOf(damagedAt));
    expect(result.resynced).toBe(true);
    expect(result.complete).toBe(false);
    expect(result.recordTotal).toBeGreaterThan(full.recordTotal - 3);
    expect(result.recordCounts.MRR).toBe(full.recordCounts.MRR);
  });

  test('a cut record followed by zero bytes (the 93000 case): stops or resyncs with a precise error', () => {
    const cutInside = damagedAt + 2 + 4;
    const damaged = new Uint8Array(original.length + 64);
    damaged.set(original.subarray(0, cutInside));
    damaged.set(original.subarray(cutInside), cutInside + 64);
    const result = readStdfBytes(damaged);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors[0]?.offset ?? 0).toBeGreaterThanOrEqual(damagedAt);
    expectCleanResult(result, damaged.length);
  });

  test('a header claiming a record longer than the rest of the file is reported as a truncation', () => {
    const damaged = original.slice(0, damagedAt + 4);
    damaged[damagedAt] = 0x34;
    damaged[damagedAt + 1] = 0x72; // 29,236 bytes claimed
    const result = readStdfBytes(damaged);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.offset).toBe(damagedAt);
    expect(result.errors[0]?.message).toContain('29236');
  });

  test('not an STDF file', () => {
    const result = readStdfBytes(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d]));
    expect(result.errors[0]?.message).toContain('not an STDF');
    expect(result.recordTotal).toBe(0);
  });

  test('a broken gzip stream is a clean error', () => {
    const gzip = corpusBytes('mnentwig__testcaseSmall.stdf.gz').slice();
    gzip.fill(0x55, 20, 60);
    const result = readStdfBytes(gzip);
    expect(result.compression).toBe('gzip');
    expect(result.errors.length).toBeGreaterThan(0);
  });
});

/** The observable content of a result, for comparing two reads of the same bytes. */
function fingerprint(result: StdfResult): unknown {
  const { parts, results } = result;
  return {
    errors: result.errors, findings: result.findings, recordCounts: result.recordCounts, recordTotal: result.recordTotal,
    unknown: result.unknownRecordTypes, tests: result.tests, wafers: result.wafers, bins: [result.hardBins, result.softBins],
    parts: [parts.count, [...parts.head], [...parts.site], [...parts.waferIndex], [...parts.x], [...parts.y], [...parts.hardBin],
      [...parts.softBin], [...parts.partFlag], [...parts.testCount], [...parts.testTime], [...parts.completed], [...parts.prrOrdinal],
      parts.partId, parts.partText],
    results: [results.count, [...results.partIndex], [...results.testIndex], [...results.value], [...results.flags]],
  };
}

/** Feed bytes to a fresh reader in chunks whose sizes come from `nextSize`. */
function readInChunks(bytes: Uint8Array, nextSize: () => number): StdfResult {
  const reader = new StdfReader();
  for (let offset = 0; offset < bytes.length;) {
    const size = Math.max(1, nextSize());
    reader.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return reader.finish();
}

describe('chunking never changes the result', () => {
  const files: [string, Uint8Array][] = [
    ['itestinc__r1.stdf', corpusBytes('itestinc__r1.stdf')],
    ['makechip__x.stdf', corpusBytes('makechip__x.stdf')],
  ];
  test.each(files)('%s: tiny, odd and random chunk sizes, intact and damaged', (_name, original) => {
    const random = seededRandom(7);
    const inputs = [original];
    for (let round = 0; round < 6; round++) {
      const damaged = original.slice();
      for (let edit = 0; edit < 3; edit++) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      inputs.push(damaged.subarray(0, round % 2 === 0 ? damaged.length : Math.floor(random() * damaged.length)));
    }
    for (const input of inputs) {
      const whole = fingerprint(readStdfBytes(input, { expectedBytes: 0 }));
      for (const nextSize of [() => 1, () => 3, () => 1 + Math.floor(random() * 700), () => 1 + Math.floor(random() * 70_000)]) {
        expect(fingerprint(readInChunks(input, nextSize))).toEqual(whole);
      }
    }
  });
});
