import { FieldCursor } from './fieldCursor.ts';
import { FindingLog } from './findingLog.ts';
import {
  decodeBin, decodeMir, decodeMrr, decodePcr, decodeSdr, decodeTsr, decodeWcr, decodeWir, decodeWrrInto, walkGdr, wrrHead,
} from './recordDecoders.ts';
import { PartTable, ResultTable, TestTable, type ResultColumnStorage } from './resultTables.ts';
import { handleFtr, handleMpr, handlePtr, type TestRecordContext } from './testRecords.ts';
import type {
  BinRecord, MirRecord, MrrRecord, PcrRecord, SdrRecord, TsrRecord, WaferRecord, WcrRecord,
} from './types.ts';

/** Most DTR texts kept (they are free text and can be numerous). */
const maxTexts = 10_000;

/** Decoded content of an STDF stream, built record by record (everything but the framing). */
export class RecordState implements TestRecordContext {
  cursor: FieldCursor;
  view: DataView;
  bytes: Uint8Array;
  readonly parts: PartTable;
  readonly results: ResultTable;
  readonly tests = new TestTable();
  readonly findings = new FindingLog();
  readonly wafers: WaferRecord[] = [];
  readonly sdrs: SdrRecord[] = [];
  readonly pcrs: PcrRecord[] = [];
  readonly hardBins: BinRecord[] = [];
  readonly softBins: BinRecord[] = [];
  readonly tsrs: TsrRecord[] = [];
  readonly texts: string[] = [];
  mir: MirRecord | null = null;
  mrr: MrrRecord | null = null;
  wcr: WcrRecord | null = null;
  cpuType: number | null = null;
  stdfVersion: number | null = null;
  prrCount = 0;
  /** Open part index per `head << 8 | site`, -1 when none is open. */
  private readonly openPartBySlot = new Int32Array(65536).fill(-1);
  /** Open wafer index per head, -1 when none. */
  private readonly openWaferByHead = new Int32Array(256).fill(-1);
  private lastOpenWafer = -1;

  constructor(readonly littleEndian: boolean, expectedBytes = 0, resultStorage?: ResultColumnStorage) {
    // A PTR takes at least ~17 bytes: sizing from the expected size avoids repeated growth.
    this.results = new ResultTable(Math.min(Math.max(65536, Math.ceil(expectedBytes / 16)), 1 << 28), resultStorage);
    this.parts = new PartTable(resultStorage);
    this.bytes = new Uint8Array(0);
    this.view = new DataView(this.bytes.buffer);
    this.cursor = new FieldCursor(this.bytes, littleEndian);
  }

  /** Point the decoders at a new buffer. */
  useBuffer(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Open part for (head, site); a result with no PIR before it opens the part itself (some testers write no PIR). */
  partFor(head: number, site: number, offset = -1): number {
    const open = this.openPartBySlot[(head << 8) | site] ?? -1;
    if (open >= 0) return open;
    this.findings.add('result-without-pir', offset, `test result for head ${head} site ${site} with no open PIR: a part is opened here and the next PRR of that head/site closes it.`, { head, site });
    return this.openPart(head, site, offset);
  }

  /** Decode one record body; `name` is the record name from the header. */
  handle(name: string, start: number, length: number, offset: number): void {
    if (name === 'PTR') return handlePtr(this, start, length, offset);
    if (name === 'MPR') return handleMpr(this, start, length, offset);
    if (name === 'FTR') return handleFtr(this, start, length, offset);
    const cursor = this.cursor;
    cursor.reset(this.bytes, start, start + length);
    switch (name) {
      case 'FAR': this.cpuType = cursor.u1(); this.stdfVersion = cursor.u1(); break;
      case 'MIR': this.mir = decodeMir(cursor); break;
      case 'MRR': this.mrr = decodeMrr(cursor); break;
      case 'SDR': this.sdrs.push(decodeSdr(cursor)); break;
      case 'PCR': this.pcrs.push(decodePcr(cursor)); break;
      case 'HBR': this.hardBins.push(decodeBin(cursor)); break;
      case 'SBR': this.softBins.push(decodeBin(cursor)); break;
      case 'TSR': this.tsrs.push(decodeTsr(cursor)); cursor.position = cursor.end; break;
      case 'WCR': this.wcr = decodeWcr(cursor); break;
      case 'WIR': this.openWafer(offset); break;
      case 'WRR': this.closeWafer(offset); break;
      case 'PIR': this.openPart(cursor.u1(), cursor.u1(), offset); break;
      case 'PRR': this.closePart(offset); break;
      case 'GDR': walkGdr(cursor); break;
      case 'DTR': { const text = cursor.cn(); if (this.texts.length < maxTexts) this.texts.push(text); break; }
      default: cursor.position = cursor.end;
    }
    if (cursor.cutShort) {
      this.findings.add('length-mismatch', offset, `${name} record is shorter than its own string/array lengths claim: the cut field was truncated at the record end.`, { record: name, extraBytes: 0 });
    } else if (cursor.position < cursor.end && name !== 'TSR') {
      this.findings.add('length-mismatch', offset, `${name} record has ${cursor.end - cursor.position} bytes beyond its last field: they were skipped.`, { record: name, extraBytes: cursor.end - cursor.position });
    }
  }

  private openWafer(offset: number): void {
    const wafer = decodeWir(this.cursor);
    const previous = this.openWaferByHead[wafer.head] ?? -1;
    if (previous >= 0) this.findings.add('wir-without-wrr', offset, `WIR for head ${wafer.head} while wafer "${this.wafers[previous]?.waferId}" is still open: the earlier wafer has no WRR and is closed here.`, { head: wafer.head, wafer: this.wafers[previous]?.waferId ?? '' });
    const index = this.wafers.length;
    this.wafers.push(wafer);
    this.openWaferByHead[wafer.head] = index;
    this.lastOpenWafer = index;
  }

  private closeWafer(offset: number): void {
    const head = wrrHead(this.cursor);
    let index = this.openWaferByHead[head] ?? -1;
    if (index < 0) index = this.lastOpenWafer;
    const wafer = index >= 0 ? this.wafers[index] : undefined;
    if (wafer === undefined || wafer.wrrSeen) {
      this.findings.add('wrr-without-wir', offset, 'WRR without an open WIR: its counts are kept on a wafer of their own.', {});
      const orphan = decodeWir(new FieldCursor(new Uint8Array(0), true));
      orphan.head = head;
      decodeWrrInto(this.cursor, orphan);
      this.wafers.push(orphan);
      return;
    }
    decodeWrrInto(this.cursor, wafer);
    if (this.openWaferByHead[wafer.head] === index) this.openWaferByHead[wafer.head] = -1;
    if (this.openWaferByHead[head] === index) this.openWaferByHead[head] = -1;
    if (this.lastOpenWafer === index) this.lastOpenWafer = -1;
  }

  private waferFor(head: number): number {
    const index = this.openWaferByHead[head] ?? -1;
    return index >= 0 ? index : this.lastOpenWafer;
  }

  private openPart(head: number, site: number, offset: number): number {
    const slot = (head << 8) | site;
    if ((this.openPartBySlot[slot] ?? -1) >= 0) {
      this.findings.add('pir-without-prr', offset, `PIR for head ${head} site ${site} while a part is still open there: the earlier part has no PRR and is left incomplete.`, { head, site });
    }
    const index = this.parts.open(head, site, this.waferFor(head));
    this.openPartBySlot[slot] = index;
    return index;
  }

  private closePart(offset: number): void {
    const cursor = this.cursor;
    const head = cursor.u1();
    const site = cursor.u1();
    const slot = (head << 8) | site;
    let index = this.openPartBySlot[slot] ?? -1;
    if (index < 0) {
      this.findings.add('prr-without-pir', offset, `PRR for head ${head} site ${site} without a PIR: the part is counted, with no test results.`, { head, site });
      index = this.parts.open(head, site, this.waferFor(head));
    }
    this.openPartBySlot[slot] = -1;
    const parts = this.parts;
    parts.partFlag[index] = cursor.u1(0x10);
    parts.testCount[index] = cursor.u2(0);
    parts.hardBin[index] = cursor.u2(65535);
    parts.softBin[index] = cursor.u2(65535);
    parts.x[index] = cursor.i2(-32768);
    parts.y[index] = cursor.i2(-32768);
    parts.testTime[index] = cursor.u4(0);
    parts.partId[index] = cursor.cn();
    parts.partText[index] = cursor.cn();
    cursor.skip(cursor.u1(0)); // PART_FIX (Bn), not kept
    parts.completed[index] = 1;
    parts.prrOrdinal[index] = this.prrCount++;
  }
}
