import { describe, expect, it } from 'vitest';
import {
  contentRangeHeader,
  parseByteRange,
  unsatisfiableContentRangeHeader,
  type ByteRangeDecision,
} from '../../electron/main/byteRange.ts';

// Cases for a 10000-byte representation follow the examples of RFC 9110 section 14.1.2.
const representationSize = 10000;

describe('parseByteRange', () => {
  const cases: [string | null, number, ByteRangeDecision][] = [
    ['bytes=0-499', representationSize, { kind: 'partial', start: 0, end: 499 }],
    ['bytes=500-999', representationSize, { kind: 'partial', start: 500, end: 999 }],
    ['bytes=-500', representationSize, { kind: 'partial', start: 9500, end: 9999 }],
    ['bytes=9500-', representationSize, { kind: 'partial', start: 9500, end: 9999 }],
    ['bytes=0-0', representationSize, { kind: 'partial', start: 0, end: 0 }],
    ['bytes=-1', representationSize, { kind: 'partial', start: 9999, end: 9999 }],
    // A last-pos past the end is clamped to the last byte (section 14.1.1).
    ['bytes=9000-20000', representationSize, { kind: 'partial', start: 9000, end: 9999 }],
    // A suffix longer than the representation selects all of it.
    ['bytes=-20000', representationSize, { kind: 'partial', start: 0, end: 9999 }],
    // A first-pos at or past the end cannot be satisfied (416).
    ['bytes=10000-', representationSize, { kind: 'unsatisfiable' }],
    ['bytes=-0', representationSize, { kind: 'unsatisfiable' }],
    ['bytes=0-10', 0, { kind: 'unsatisfiable' }],
    // No header, other units, invalid ranges and multi-range requests: serve the whole file.
    [null, representationSize, { kind: 'whole' }],
    ['items=0-5', representationSize, { kind: 'whole' }],
    ['bytes=500-100', representationSize, { kind: 'whole' }],
    ['bytes=-', representationSize, { kind: 'whole' }],
    ['bytes=0-1,5-6', representationSize, { kind: 'whole' }],
    ['bytes=abc-def', representationSize, { kind: 'whole' }],
  ];
  it.each(cases)('%s on %i bytes', (header, fileSize, expected) => {
    expect(parseByteRange(header, fileSize)).toEqual(expected);
  });
});

describe('Content-Range values', () => {
  it('formats partial and unsatisfiable ranges as in RFC 9110 section 14.4', () => {
    expect(contentRangeHeader(21010, 47021, 47022)).toBe('bytes 21010-47021/47022');
    expect(unsatisfiableContentRangeHeader(1234)).toBe('bytes */1234');
  });
});
