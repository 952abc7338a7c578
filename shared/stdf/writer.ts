import type { BinRecord, MirRecord, PcrRecord, SdrRecord, TsrRecord, WaferRecord, WcrRecord } from './types.ts';

/** PTR fields for the writer; `limits` present = the first PTR of a test (OPT_FLAG, scales, limits, units). */
export interface PtrInput {
  testNum: number;
  head: number;
  site: number;
  testFlags?: number;
  parmFlags?: number;
  result: number;
  text?: string;
  limits?: { optFlag?: number; resultScale?: number; lowScale?: number; highScale?: number; low: number; high: number; units: string };
}

/** PRR fields for the writer. */
export interface PrrInput {
  head: number;
  site: number;
  partFlag: number;
  testCount?: number;
  hardBin: number;
  softBin: number;
  x?: number;
  y?: number;
  testTime?: number;
  partId?: string;
  partText?: string;
}

const mirTexts: (keyof MirRecord)[] = [
  'lotId', 'partType', 'nodeName', 'testerType', 'jobName', 'jobRevision', 'sublotId', 'operatorName', 'execType',
  'execVersion', 'testCode', 'testTemperature', 'userText', 'auxFile', 'packageType', 'familyId', 'dateCode', 'facilityId',
  'floorId', 'processId', 'operationFrequency', 'specName', 'specVersion', 'flowId', 'setupId', 'designRevision',
  'engineeringId', 'romCode', 'serialNumber', 'supervisorName',
];
const sdrTexts: (keyof SdrRecord)[] = [
  'handlerType', 'handlerId', 'probeCardType', 'probeCardId', 'loadBoardType', 'loadBoardId', 'dibType', 'dibId',
  'cableType', 'cableId', 'contactorType', 'contactorId', 'laserType', 'laserId', 'extraType', 'extraId',
];

/** Small little-endian STDF V4 writer: call record methods, then `take()` the bytes written so far. */
export class StdfWriter {
  private buffer = new Uint8Array(1 << 16);
  private view = new DataView(this.buffer.buffer);
  private length = 0;
  private recordStart = 0;

  /** The bytes written since the last call (the writer starts a new buffer). */
  take(): Uint8Array {
    const bytes = this.buffer.slice(0, this.length);
    this.length = 0;
    return bytes;
  }

  /** FAR: CPU_TYPE 2 (little-endian), STDF_VER 4. */
  far(): this {
    return this.record(0, 10, () => { this.u1(2); this.u1(4); });
  }

  /** MIR with times and text fields (absent texts written empty). */
  mir(fields: Partial<MirRecord>): this {
    return this.record(1, 10, () => {
      this.u4(fields.setupTime ?? 0); this.u4(fields.startTime ?? 0); this.u1(fields.stationNumber ?? 1);
      this.c1(fields.modeCode ?? 'P'); this.c1(fields.retestCode ?? ' '); this.c1(' '); this.u2(65535); this.c1(' ');
      for (const key of mirTexts) this.cn(String(fields[key] ?? ''));
    });
  }

  /** MRR. */
  mrr(finishTime: number, dispositionCode = ' ', userDescription = '', execDescription = ''): this {
    return this.record(1, 20, () => { this.u4(finishTime); this.c1(dispositionCode); this.cn(userDescription); this.cn(execDescription); });
  }

  /** PCR (null counts written as 4294967295). */
  pcr(fields: PcrRecord): this {
    return this.record(1, 30, () => {
      this.u1(fields.head); this.u1(fields.site);
      for (const count of [fields.partCount, fields.retestCount, fields.abortCount, fields.goodCount, fields.functionalCount]) this.u4(count ?? 4294967295);
    });
  }

  /** HBR. */
  hbr(fields: BinRecord): this {
    return this.record(1, 40, () => this.bin(fields));
  }

  /** SBR. */
  sbr(fields: BinRecord): this {
    return this.record(1, 50, () => this.bin(fields));
  }

  /** SDR with its site list and equipment IDs. */
  sdr(fields: Partial<SdrRecord> & { head: number; siteGroup: number; sites: number[] }): this {
    return this.record(1, 80, () => {
      this.u1(fields.head); this.u1(fields.siteGroup); this.u1(fields.sites.length);
      for (const site of fields.sites) this.u1(site);
      for (const key of sdrTexts) this.cn(String(fields[key] ?? ''));
    });
  }

  /** WIR. */
  wir(head: number, startTime: number, waferId: string, siteGroup = 255): this {
    return this.record(2, 10, () => { this.u1(head); this.u1(siteGroup); this.u4(startTime); this.cn(waferId); });
  }

  /** WRR (null counts written as 4294967295). */
  wrr(fields: Partial<WaferRecord> & { head: number; waferId: string }): this {
    return this.record(2, 20, () => {
      this.u1(fields.head); this.u1(fields.siteGroup ?? 255); this.u4(fields.finishTime ?? 0);
      for (const count of [fields.partCount, fields.retestCount, fields.abortCount, fields.goodCount, fields.functionalCount]) this.u4(count ?? 4294967295);
      for (const text of [fields.waferId, fields.fabWaferId, fields.frameId, fields.maskId, fields.userDescription, fields.execDescription]) this.cn(text ?? '');
    });
  }

  /** WCR. */
  wcr(fields: WcrRecord): this {
    return this.record(2, 30, () => {
      this.r4(fields.waferSize); this.r4(fields.dieHeight); this.r4(fields.dieWidth); this.u1(fields.waferUnits);
      this.c1(fields.flat); this.i2(fields.centerX); this.i2(fields.centerY); this.c1(fields.positiveX); this.c1(fields.positiveY);
    });
  }

  /** PIR. */
  pir(head: number, site: number): this {
    return this.record(5, 10, () => { this.u1(head); this.u1(site); });
  }

  /** PRR. */
  prr(fields: PrrInput): this {
    return this.record(5, 20, () => {
      this.u1(fields.head); this.u1(fields.site); this.u1(fields.partFlag); this.u2(fields.testCount ?? 0);
      this.u2(fields.hardBin); this.u2(fields.softBin); this.i2(fields.x ?? -32768); this.i2(fields.y ?? -32768);
      this.u4(fields.testTime ?? 0); this.cn(fields.partId ?? ''); this.cn(fields.partText ?? ''); this.u1(0);
    });
  }

  /** PTR; without `limits` the record ends after TEST_TXT (later PTRs of a test may omit the defaults). */
  ptr(fields: PtrInput): this {
    // Written without a per-record closure: generators emit tens of millions of PTRs.
    this.ensure(4);
    const start = this.length;
    this.length += 2;
    this.u1(15); this.u1(10);
    this.u4(fields.testNum); this.u1(fields.head); this.u1(fields.site); this.u1(fields.testFlags ?? 0);
    this.u1(fields.parmFlags ?? 0); this.r4(fields.result); this.cn(fields.text ?? '');
    const limits = fields.limits;
    if (limits !== undefined) {
      this.cn(''); this.u1(limits.optFlag ?? 0x0e); this.i1(limits.resultScale ?? 0); this.i1(limits.lowScale ?? 0);
      this.i1(limits.highScale ?? 0); this.r4(limits.low); this.r4(limits.high); this.cn(limits.units);
    }
    this.view.setUint16(start, this.length - start - 4, true);
    return this;
  }

  /** TSR (leading fields up to TEST_NAM). */
  tsr(fields: TsrRecord): this {
    return this.record(10, 30, () => {
      this.u1(fields.head); this.u1(fields.site); this.c1(fields.testType); this.u4(fields.testNum);
      this.u4(fields.execCount ?? 4294967295); this.u4(fields.failCount ?? 4294967295); this.u4(fields.alarmCount ?? 4294967295);
      this.cn(fields.testName);
    });
  }

  /** DTR. */
  dtr(text: string): this {
    return this.record(50, 30, () => this.cn(text));
  }

  private bin(fields: BinRecord): void {
    this.u1(fields.head); this.u1(fields.site); this.u2(fields.bin); this.u4(fields.count); this.c1(fields.passFail); this.cn(fields.name);
  }

  private record(recordType: number, recordSub: number, writeFields: () => void): this {
    this.ensure(4);
    this.recordStart = this.length;
    this.length += 2;
    this.u1(recordType);
    this.u1(recordSub);
    writeFields();
    const bodyLength = this.length - this.recordStart - 4;
    if (bodyLength > 65535) throw new Error(`STDF record too long (${bodyLength} bytes)`);
    this.view.setUint16(this.recordStart, bodyLength, true);
    return this;
  }

  private ensure(size: number): void {
    if (this.length + size <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + size));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  private u1(value: number): void { this.ensure(1); this.buffer[this.length++] = value; }
  private i1(value: number): void { this.ensure(1); this.view.setInt8(this.length, value); this.length += 1; }
  private u2(value: number): void { this.ensure(2); this.view.setUint16(this.length, value, true); this.length += 2; }
  private i2(value: number): void { this.ensure(2); this.view.setInt16(this.length, value, true); this.length += 2; }
  private u4(value: number): void { this.ensure(4); this.view.setUint32(this.length, value, true); this.length += 4; }
  private r4(value: number): void { this.ensure(4); this.view.setFloat32(this.length, value, true); this.length += 4; }
  private c1(value: string): void { this.u1((value.length > 0 ? value.charCodeAt(0) : 0x20) & 0xff); }

  private cn(value: string): void {
    if (value.length <= 255 && isAscii(value)) {
      this.ensure(1 + value.length);
      this.buffer[this.length++] = value.length;
      for (let index = 0; index < value.length; index++) this.buffer[this.length++] = value.charCodeAt(index);
      return;
    }
    const encoded = encodeUtf8(value);
    const length = Math.min(encoded.length, 255);
    this.ensure(1 + length);
    this.buffer[this.length++] = length;
    this.buffer.set(encoded.subarray(0, length), this.length);
    this.length += length;
  }
}

function isAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) >= 0x80) return false;
  return true;
}

/** UTF-8 bytes of a string (no TextEncoder in the shared build target). */
function encodeUtf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return Uint8Array.from(bytes);
}
