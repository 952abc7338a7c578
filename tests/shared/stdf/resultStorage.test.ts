import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResultColumnStorage, StdfReader, type StdfResult } from '../../../shared/stdf/index.ts';

const corpus = resolve(import.meta.dirname, '../../..', '../shared/corpus/stdf');

function read(file: string, resultStorage?: ResultColumnStorage): StdfResult {
  const bytes = new Uint8Array(readFileSync(resolve(corpus, file)));
  const reader = new StdfReader({ expectedBytes: bytes.length, resultStorage });
  for (let offset = 0; offset < bytes.length; offset += 1 << 16) reader.push(bytes.subarray(offset, offset + (1 << 16)));
  return reader.finish();
}

function columns(result: StdfResult): unknown {
  const { partIndex, testIndex, value, flags, count } = result.results;
  return { count, partIndex: [...partIndex], testIndex: [...testIndex], value: [...value], flags: [...flags] };
}

// Result columns reused from file to file (issue #12 §3: no fresh-page faults per file) must not leak one file's rows into the next.
describe('STDF result columns reused between files', () => {
  it('a large file, then a smaller one, then the large one again give the rows of fresh reads, in the same memory', () => {
    const large = 'itestinc__bad__ayad_ws.stdf';
    const small = 'itestinc__1.stdf';
    const storage = new ResultColumnStorage();
    const first = read(large, storage);
    const memory = first.results.value.buffer;
    expect(columns(first)).toEqual(columns(read(large)));
    const second = read(small, storage);
    expect(second.results.value.buffer).toBe(memory);
    expect(columns(second)).toEqual(columns(read(small)));
    expect(columns(read(large, storage))).toEqual(columns(read(large)));
  });
});
