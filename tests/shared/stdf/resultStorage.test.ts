import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResultColumnStorage, StdfReader, StdfWriter, type StdfResult } from '../../../shared/stdf/index.ts';

const corpus = resolve(import.meta.dirname, '../../..', '../shared/corpus/stdf');

function read(file: string | Uint8Array, resultStorage?: ResultColumnStorage): StdfResult {
  const bytes = typeof file === 'string' ? new Uint8Array(readFileSync(resolve(corpus, file))) : file;
  const reader = new StdfReader({ expectedBytes: bytes.length, resultStorage });
  for (let offset = 0; offset < bytes.length; offset += 1 << 16) reader.push(bytes.subarray(offset, offset + (1 << 16)));
  return reader.finish();
}

function columns(result: StdfResult): unknown {
  const { partIndex, testIndex, value, flags, count } = result.results;
  const parts = result.parts;
  const partColumns = Object.fromEntries((['head', 'site', 'waferIndex', 'x', 'y', 'hardBin', 'softBin', 'partFlag', 'testCount', 'testTime', 'completed', 'prrOrdinal'] as const)
    .map((name) => [name, [...parts[name]]]));
  return { count, partIndex: [...partIndex], testIndex: [...testIndex], value: [...value], flags: [...flags], parts: { count: parts.count, ...partColumns, partId: parts.partId, partText: parts.partText } };
}

// Result columns reused from file to file (issue #12 §3: no fresh-page faults per file) must not leak one file's rows into the next.
describe('STDF result columns reused between files', () => {
  it('a large file, then a smaller one, then the large one again give the rows and parts of fresh reads, in the same memory', () => {
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

  it('part columns too: a lot of 3,000 dies, then one of 1,500 whose last die has no PRR, read as fresh reads do', () => {
    // More dies than the part table's first 1,024 rows, so its columns grow and are kept.
    const lot = (dies: number, lastWithoutPrr: boolean, flagOffset: number): Uint8Array => {
      const writer = new StdfWriter().far().mir({ setupTime: 1_700_000_000, startTime: 1_700_000_100, lotId: `L${dies}`, partType: 'P', nodeName: 'n', testerType: 't', jobName: 'j' });
      writer.wir(1, 1_700_000_200, 'W01');
      for (let die = 0; die < dies; die++) {
        writer.pir(1, 0);
        writer.ptr({ testNum: 100, head: 1, site: 0, testFlags: 0, result: die / 7, text: die === 0 ? 'VDD' : '', limits: die === 0 ? { low: 0, high: 1e6, units: 'V' } : undefined });
        if (lastWithoutPrr && die === dies - 1) break;
        const fails = (die + flagOffset) % 5 === 0;
        writer.prr({ head: 1, site: 0, partFlag: fails ? 0x08 : 0, testCount: 1 + (die % 3), hardBin: fails ? 2 : 1, softBin: fails ? 2 : 1, x: die % 60, y: Math.floor(die / 60), testTime: 100 + die, partId: `D${die}` });
      }
      return writer.take();
    };
    const large = lot(3000, false, 0);
    const small = lot(1500, true, 2);
    const storage = new ResultColumnStorage();
    const first = read(large, storage);
    expect(first.parts.count).toBe(3000);
    expect(columns(first)).toEqual(columns(read(large)));
    const second = read(small, storage);
    expect(second.parts.testTime.buffer).toBe(first.parts.testTime.buffer);
    const fresh = read(small);
    expect(fresh.parts.completed[1499]).toBe(0);
    expect(fresh.parts.testTime[1499]).toBe(0);
    expect(columns(second)).toEqual(columns(fresh));
  });
});
