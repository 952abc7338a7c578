import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sha256, sha256Hex } from '../../../shared/util/sha256.ts';

const corpus = resolve(import.meta.dirname, '../../..', '../shared/corpus/stdf');

function nodeSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function split(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const size of sizes) {
    if (offset >= bytes.length) break;
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  chunks.push(bytes.subarray(offset));
  return chunks;
}

describe('incremental SHA-256', () => {
  it.each([
    // FIPS 180-4 examples (published digests).
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('digest of %j is the published one', (text, digest) => {
    expect(new Sha256().update(new TextEncoder().encode(text)).digestHex()).toBe(digest);
  });

  it('agrees with node:crypto for random bytes split at random places (padding edges 55/56/64 included)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.integer({ min: 0, max: 130 }), { maxLength: 8 }), (bytes, sizes) => {
        expect(sha256Hex(split(bytes, sizes))).toBe(nodeSha256(bytes));
      }),
      { numRuns: 300 },
    );
    for (const length of [55, 56, 57, 63, 64, 65, 119, 120, 128]) {
      const bytes = new Uint8Array(length).map((_, index) => index * 7);
      expect(sha256Hex([bytes])).toBe(nodeSha256(bytes));
    }
  });

  it('hashes a corpus STDF file fed in 4 KB chunks like node:crypto', () => {
    const bytes = new Uint8Array(readFileSync(resolve(corpus, 'itestinc__bad__ayad_ws.stdf')));
    const chunks = split(bytes, Array.from({ length: Math.ceil(bytes.length / 4093) }, () => 4093));
    expect(sha256Hex(chunks)).toBe(nodeSha256(bytes));
  });
});
