import { RecordState } from './recordState.ts';
import { isPlausibleRecordType, recordNameByKey, v4v2007RecordNames } from './recordTypes.ts';
import { handlePtr } from './testRecords.ts';
import type { PartColumns, StdfResult } from './result.ts';
import type { ResultColumnStorage } from './resultTables.ts';
import type { ByteOrder, Compression, StdfError } from './types.ts';

/** Options of the STDF reader. */
export interface StdfReaderOptions {
  /** Container the bytes came out of, reported as is. */
  compression?: Compression;
  /** Stop after this many damage errors (default 50). */
  maxErrors?: number;
  /** Expected STDF size in bytes, if known: result columns are sized once instead of grown. */
  expectedBytes?: number;
  /** Result columns to reuse (see ResultColumnStorage): the previous result read into them becomes invalid. */
  resultStorage?: ResultColumnStorage;
}

/** Bytes borrowed from a new chunk to finish a carried record (covers a resync chain of 3 maximal records). */
const carryLookahead = 4 * 65540;

/** Headers in a row that must parse as known records before a resync is trusted. */
const resyncChain = 3;

const nameByKey: (string | undefined)[] = [];
for (let key = 0; key < 65536; key++) nameByKey.push(recordNameByKey.get(key));
/** Per header key: 0 implausible (damage), 1 PTR, 2 decoded by RecordState, 3 counted only (V4-2007, vendor). */
const actionByKey = new Uint8Array(65536);
for (let key = 0; key < 65536; key++) {
  const name = nameByKey[key];
  if (name !== undefined) actionByKey[key] = name === 'PTR' ? 1 : v4v2007RecordNames.has(name) ? 3 : 2;
  else if (isPlausibleRecordType(key >> 8, key & 255)) actionByKey[key] = 3;
}

/** Streaming STDF V4 reader: feed byte chunks with `push`, then call `finish`. Never throws on bad input. */
export class StdfReader {
  private state: RecordState | null = null;
  private littleEndian = true;
  private swapped = false;
  private carry: Uint8Array | null = null;
  /** Stream offset of the first byte of `carry`/the current buffer. */
  private baseOffset = 0;
  private recordIndex = 0;
  private readonly counts = new Uint32Array(65536);
  private readonly errors: StdfError[] = [];
  private stopped = false;
  private resyncing = false;
  private resynced = false;
  private totalBytes = 0;
  /** Bytes of the records decoded (headers included); the rest of the input was damaged, skipped or cut. */
  private recordBytes = 0;
  private altered: string | null = null;

  constructor(private readonly options: StdfReaderOptions = {}) {}

  /** Records read so far (a record cut by a chunk end counts once it is complete). */
  get records(): number {
    return this.recordIndex;
  }

  /** Feed the next chunk of STDF bytes (any size; records may span chunks). */
  push(chunk: Uint8Array): void {
    this.totalBytes += chunk.length;
    if (this.stopped || chunk.length === 0) return;
    let rest = chunk;
    if (this.carry !== null) {
      const needed = this.bytesToFinishCarry(chunk);
      if (needed > chunk.length) {
        // The carried record goes on past this chunk too: keep collecting it.
        this.carry = joinBytes(this.carry, chunk, chunk.length);
        return;
      }
      if (needed >= 0) {
        // Exactly one whole record: decode it on its own, then the rest of the chunk in place.
        const joined = joinBytes(this.carry, chunk, needed);
        this.carry = null;
        this.consume(joined, false);
        if (this.stopped) return;
        this.baseOffset += joined.length;
        rest = chunk.subarray(needed);
      } else {
        rest = this.pushAfterDamage(chunk);
        if (rest.length === 0) return;
      }
    }
    const used = this.consume(rest, false);
    this.keepRest(rest, used);
  }

  /** Bytes of `chunk` that complete the carried record, or -1 when the carry is not one plausible record (damage, resync). */
  private bytesToFinishCarry(chunk: Uint8Array): number {
    const carry = this.carry;
    if (carry === null || this.state === null || this.resyncing || carry.length + chunk.length < 4) return -1;
    const byteAt = (index: number): number => (index < carry.length ? (carry[index] ?? 0) : (chunk[index - carry.length] ?? 0));
    const length = this.littleEndian ? byteAt(0) | (byteAt(1) << 8) : (byteAt(0) << 8) | byteAt(1);
    const key = this.swapped ? (byteAt(3) << 8) | byteAt(2) : (byteAt(2) << 8) | byteAt(3);
    if ((actionByKey[key] ?? 0) === 0) return -1;
    return Math.max(0, 4 + length - carry.length);
  }

  /** A carry that is not one plausible record: finish it with a generous look-ahead (covers a resync chain); returns the unread rest of the chunk. */
  private pushAfterDamage(chunk: Uint8Array): Uint8Array {
    const carried = this.carry?.length ?? 0;
    const borrowed = Math.min(chunk.length, carryLookahead);
    const joined = joinBytes(this.carry ?? new Uint8Array(0), chunk, borrowed);
    this.carry = null;
    const used = this.consume(joined, false);
    if (this.stopped) return new Uint8Array(0);
    if (used < carried || borrowed === chunk.length) {
      this.keepRest(joined, used);
      if (borrowed === chunk.length || this.carry === null) return new Uint8Array(0);
      const tail = chunk.subarray(borrowed);
      const pending: Uint8Array = this.carry;
      this.carry = null;
      this.push2(pending, tail);
      return new Uint8Array(0);
    }
    this.baseOffset += used;
    return chunk.subarray(used - carried);
  }

  /** Rare path: a carried remainder still incomplete although the chunk had more bytes; join them all. */
  private push2(pending: Uint8Array, tail: Uint8Array): void {
    const joined = new Uint8Array(pending.length + tail.length);
    joined.set(pending);
    joined.set(tail, pending.length);
    const used = this.consume(joined, false);
    this.keepRest(joined, used);
  }

  /**
   * Record an error found outside the reader (e.g. a broken compressed container); reading stops.
   * `altered`: the container's own check failed, so the bytes read are not what was written.
   */
  fail(message: string, altered = false): void {
    this.errors.push({ offset: this.totalBytes, record: this.recordIndex, message });
    this.stopped = true;
    if (altered) this.altered ??= message;
  }

  /** End of input: report a cut last record and return the result. */
  finish(): StdfResult {
    if (!this.stopped && this.carry !== null) {
      const buffer = this.carry;
      this.carry = null;
      const used = this.consume(buffer, true);
      if (used < buffer.length && !this.stopped) this.reportTruncation(buffer, used);
    }
    if (this.state === null && this.errors.length === 0) {
      this.errors.push({ offset: 0, record: 0, message: 'empty input: no STDF records' });
    }
    return this.buildResult();
  }

  private keepRest(buffer: Uint8Array, used: number): void {
    if (this.stopped || used >= buffer.length) {
      this.baseOffset += buffer.length;
      return;
    }
    this.carry = buffer.slice(used);
    this.baseOffset += used;
  }

  private reportTruncation(buffer: Uint8Array, used: number): void {
    const remaining = buffer.length - used;
    let message = `file ends inside a record header: ${remaining} byte(s) left`;
    if (remaining >= 4) {
      const length = this.littleEndian ? (buffer[used] ?? 0) | ((buffer[used + 1] ?? 0) << 8) : ((buffer[used] ?? 0) << 8) | (buffer[used + 1] ?? 0);
      const name = this.nameOf(buffer, used) ?? 'unknown record';
      message = `file ends inside ${name}: header claims ${length} bytes, only ${remaining - 4} present`;
    }
    if (this.resyncing) message = `no plausible record header found after damage up to the end of the file (${remaining} bytes skipped)`;
    this.errors.push({ offset: this.baseOffset + used, record: this.recordIndex, message });
  }

  private nameOf(buffer: Uint8Array, position: number): string | undefined {
    const first = buffer[position + 2] ?? 0;
    const second = buffer[position + 3] ?? 0;
    return this.swapped ? nameByKey[(second << 8) | first] : nameByKey[(first << 8) | second];
  }

  /** Process whole records in `buffer`; returns the bytes consumed. */
  private consume(buffer: Uint8Array, final: boolean): number {
    if (this.state === null && !this.detectByteOrder(buffer)) return this.stopped ? buffer.length : 0;
    const state = this.state;
    if (state === null) return 0;
    state.useBuffer(buffer);
    const littleEndian = this.littleEndian;
    const swapped = this.swapped;
    const counts = this.counts;
    const end = buffer.length;
    let position = 0;
    // Counters kept in locals in the loop (one record in ~17 bytes) and stored where anything else reads them.
    let recordIndex = this.recordIndex;
    let recordBytes = this.recordBytes;
    const store = (): void => {
      this.recordIndex = recordIndex;
      this.recordBytes = recordBytes;
    };
    while (position + 4 <= end) {
      if (this.resyncing) {
        store();
        const found = this.findResync(buffer, position, final);
        if (found < 0) return final ? position : -1 - found;
        position = found;
        this.resyncing = false;
        this.resynced = true;
      }
      const length = littleEndian ? (buffer[position] ?? 0) | ((buffer[position + 1] ?? 0) << 8) : ((buffer[position] ?? 0) << 8) | (buffer[position + 1] ?? 0);
      const first = buffer[position + 2] ?? 0;
      const second = buffer[position + 3] ?? 0;
      const key = swapped ? (second << 8) | first : (first << 8) | second;
      const action = actionByKey[key] ?? 0;
      if (action === 0) {
        store();
        if (!this.damage(position, key)) return end;
        position += 1;
        continue;
      }
      if (position + 4 + length > end) break;
      counts[key] = (counts[key] ?? 0) + 1;
      if (action === 1) handlePtr(state, position + 4, length, this.baseOffset + position);
      else if (action === 2) state.handle(nameByKey[key] ?? '', position + 4, length, this.baseOffset + position);
      recordIndex++;
      recordBytes += 4 + length;
      position += 4 + length;
    }
    store();
    return position;
  }

  /** Note damage at `position`; returns false when reading must stop. */
  private damage(position: number, key: number): boolean {
    const offset = this.baseOffset + position;
    const limit = this.options.maxErrors ?? 50;
    if (this.errors.length + 1 >= limit) {
      this.errors.push({ offset, record: this.recordIndex, message: `implausible record header (type ${key >> 8}, sub ${key & 255}); too many errors, reading stopped` });
      this.stopped = true;
      return false;
    }
    this.errors.push({ offset, record: this.recordIndex, message: `implausible record header (type ${key >> 8}, sub ${key & 255}): data damaged here; searching for the next plausible header` });
    this.resyncing = true;
    return true;
  }

  /** First position from `start` where `resyncChain` known headers follow each other; `-1 - p` when more data is needed from p. */
  private findResync(buffer: Uint8Array, start: number, final: boolean): number {
    for (let candidate = start; candidate + 4 <= buffer.length; candidate++) {
      const verdict = this.chainAt(buffer, candidate, final);
      if (verdict === 'yes') {
        this.errors.push({ offset: this.baseOffset + candidate, record: this.recordIndex, message: `resynchronised on a plausible record header after skipping ${candidate - start} byte(s)` });
        return candidate;
      }
      if (verdict === 'more') return -1 - candidate;
    }
    return final ? -1 : -1 - Math.max(start, buffer.length - 3);
  }

  private chainAt(buffer: Uint8Array, candidate: number, final: boolean): 'yes' | 'no' | 'more' {
    let position = candidate;
    for (let link = 0; link < resyncChain; link++) {
      if (position === buffer.length && final && link > 0) return 'yes';
      if (position + 4 > buffer.length) return final ? 'no' : 'more';
      const length = this.littleEndian ? (buffer[position] ?? 0) | ((buffer[position + 1] ?? 0) << 8) : ((buffer[position] ?? 0) << 8) | (buffer[position + 1] ?? 0);
      if (this.nameOf(buffer, position) === undefined) return 'no';
      position += 4 + length;
    }
    return 'yes';
  }

  /** Decide byte order from the FAR's REC_LEN (must be 2) and spot swapped REC_TYP/REC_SUB. */
  private detectByteOrder(buffer: Uint8Array): boolean {
    if (buffer.length < 4) return false;
    const [b0, b1, b2, b3] = [buffer[0] ?? 0, buffer[1] ?? 0, buffer[2] ?? 0, buffer[3] ?? 0];
    const little = b0 === 2 && b1 === 0;
    const big = b0 === 0 && b1 === 2;
    if ((!little && !big) || !((b2 === 0 && b3 === 10) || (b2 === 10 && b3 === 0))) {
      this.errors.push({ offset: 0, record: 0, message: `not an STDF V4 file: the first record is not a FAR (first bytes ${hex(buffer.subarray(0, 4))})` });
      this.stopped = true;
      return false;
    }
    this.littleEndian = little;
    this.swapped = b2 === 10;
    this.state = new RecordState(little, this.options.expectedBytes, this.options.resultStorage);
    const cpuType = buffer.length >= 5 ? buffer[4] : undefined;
    if (cpuType !== undefined && (cpuType === 1) !== big) {
      this.state.findings.add('wrong-cpu-type', 0, `FAR CPU_TYPE = ${cpuType} names ${cpuType === 1 ? 'big' : 'little'}-endian, but the FAR length reads as 2 only ${big ? 'big' : 'little'}-endian: the file was read ${big ? 'big' : 'little'}-endian; readers that trust CPU_TYPE see garbage.`, { cpuType, readAs: big ? 'big' : 'little' });
    }
    if (this.swapped) {
      this.state.findings.add('swapped-header', 0, 'REC_TYP and REC_SUB are swapped in the record headers (the FAR reads as type 10, sub 0): every header was read swapped; strict readers reject this file.', {});
    }
    return true;
  }

  private buildResult(): StdfResult {
    const state = this.state ?? new RecordState(true);
    const recordCounts: Record<string, number> = {};
    const unknownRecordTypes: Record<string, number> = {};
    let recordTotal = 0;
    this.counts.forEach((count, key) => {
      if (count === 0) return;
      recordTotal += count;
      const name = nameByKey[key];
      if (name !== undefined) recordCounts[name] = count;
      else unknownRecordTypes[`${key >> 8}/${key & 255}`] = count;
    });
    for (const [typeSub, count] of Object.entries(unknownRecordTypes)) {
      state.findings.add('unknown-record', -1, `${count} record(s) of unknown type ${typeSub}: skipped by their length.`, { count, typeSub });
    }
    const sharedTestNumbers = new Map<number, string[]>();
    for (const [testNum, names] of state.tests.sharedNumbers) sharedTestNumbers.set(testNum, [...names]);
    const results = state.results;
    return {
      byteOrder: (this.littleEndian ? 'little' : 'big') as ByteOrder,
      compression: this.options.compression ?? 'none',
      headerSwapped: this.swapped, cpuType: state.cpuType, stdfVersion: state.stdfVersion,
      recordCounts, unknownRecordTypes, recordTotal, bytesRead: this.totalBytes, unreadBytes: this.totalBytes - this.recordBytes, altered: this.altered,
      complete: this.errors.length === 0, resynced: this.resynced,
      mir: state.mir, mrr: state.mrr, sdrs: state.sdrs, pcrs: state.pcrs, hardBins: state.hardBins, softBins: state.softBins,
      wafers: state.wafers, wcr: state.wcr, tsrs: state.tsrs, tests: state.tests.definitions,
      parts: partColumns(state),
      results: {
        count: results.count, partIndex: results.partIndex.subarray(0, results.count), testIndex: results.testIndex.subarray(0, results.count),
        value: results.value.subarray(0, results.count), flags: results.flags.subarray(0, results.count), mprStarts: results.mprStarts,
      },
      texts: state.texts, sharedTestNumbers, errors: this.errors, findings: state.findings.list(),
    };
  }
}

function partColumns(state: RecordState): PartColumns {
  const parts = state.parts;
  const count = parts.count;
  return {
    count, head: parts.head.subarray(0, count), site: parts.site.subarray(0, count), waferIndex: parts.waferIndex.subarray(0, count),
    x: parts.x.subarray(0, count), y: parts.y.subarray(0, count), hardBin: parts.hardBin.subarray(0, count), softBin: parts.softBin.subarray(0, count),
    partFlag: parts.partFlag.subarray(0, count), testCount: parts.testCount.subarray(0, count), testTime: parts.testTime.subarray(0, count),
    completed: parts.completed.subarray(0, count), prrOrdinal: parts.prrOrdinal.subarray(0, count), partId: parts.partId, partText: parts.partText,
  };
}

/** `first` followed by the first `count` bytes of `second`, in a new array. */
function joinBytes(first: Uint8Array, second: Uint8Array, count: number): Uint8Array {
  const joined = new Uint8Array(first.length + count);
  joined.set(first);
  joined.set(second.subarray(0, count), first.length);
  return joined;
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
}
