import type { FieldCursor } from './fieldCursor.ts';
import type {
  BinRecord, MirRecord, MrrRecord, PcrRecord, SdrRecord, TsrRecord, WaferRecord, WcrRecord,
} from './types.ts';

/** U4 field that stays null when the record ended before it. */
function optionalU4(cursor: FieldCursor): number | null {
  return cursor.has(4) ? cursor.u4() : null;
}

/** Decode an MIR body (field order of the V4 spec). */
export function decodeMir(cursor: FieldCursor): MirRecord {
  const setupTime = optionalU4(cursor);
  const startTime = optionalU4(cursor);
  const stationNumber = cursor.has(1) ? cursor.u1() : null;
  const modeCode = cursor.c1();
  const retestCode = cursor.c1();
  cursor.c1(); // PROT_COD
  cursor.u2(); // BURN_TIM
  cursor.c1(); // CMOD_COD
  const text = (): string => cursor.cn();
  return {
    setupTime, startTime, stationNumber, modeCode, retestCode,
    lotId: text(), partType: text(), nodeName: text(), testerType: text(), jobName: text(),
    jobRevision: text(), sublotId: text(), operatorName: text(), execType: text(), execVersion: text(),
    testCode: text(), testTemperature: text(), userText: text(), auxFile: text(), packageType: text(),
    familyId: text(), dateCode: text(), facilityId: text(), floorId: text(), processId: text(),
    operationFrequency: text(), specName: text(), specVersion: text(), flowId: text(), setupId: text(),
    designRevision: text(), engineeringId: text(), romCode: text(), serialNumber: text(), supervisorName: text(),
  };
}

/** Decode an MRR body. */
export function decodeMrr(cursor: FieldCursor): MrrRecord {
  return { finishTime: optionalU4(cursor), dispositionCode: cursor.c1(), userDescription: cursor.cn(), execDescription: cursor.cn() };
}

/** Decode an SDR body (site list and equipment IDs). */
export function decodeSdr(cursor: FieldCursor): SdrRecord {
  const head = cursor.u1();
  const siteGroup = cursor.u1();
  const siteCount = cursor.u1();
  const sites: number[] = [];
  for (let index = 0; index < siteCount && cursor.has(1); index++) sites.push(cursor.u1());
  const text = (): string => cursor.cn();
  return {
    head, siteGroup, sites,
    handlerType: text(), handlerId: text(), probeCardType: text(), probeCardId: text(),
    loadBoardType: text(), loadBoardId: text(), dibType: text(), dibId: text(), cableType: text(), cableId: text(),
    contactorType: text(), contactorId: text(), laserType: text(), laserId: text(), extraType: text(), extraId: text(),
  };
}

/** Decode a PCR body. */
export function decodePcr(cursor: FieldCursor): PcrRecord {
  return {
    head: cursor.u1(), site: cursor.u1(),
    partCount: optionalU4(cursor), retestCount: optionalU4(cursor), abortCount: optionalU4(cursor),
    goodCount: optionalU4(cursor), functionalCount: optionalU4(cursor),
  };
}

/** Decode an HBR or SBR body (same layout). */
export function decodeBin(cursor: FieldCursor): BinRecord {
  return { head: cursor.u1(), site: cursor.u1(), bin: cursor.u2(), count: cursor.u4(), passFail: cursor.c1(), name: cursor.cn() };
}

/** Decode a WIR body into a new wafer (WRR fields still empty). */
export function decodeWir(cursor: FieldCursor): WaferRecord {
  const head = cursor.u1();
  const siteGroup = cursor.u1(255);
  const startTime = optionalU4(cursor);
  return {
    head, siteGroup, startTime, waferId: cursor.cn(), wrrSeen: false, finishTime: null,
    partCount: null, retestCount: null, abortCount: null, goodCount: null, functionalCount: null,
    fabWaferId: '', frameId: '', maskId: '', userDescription: '', execDescription: '',
  };
}

/** Decode a WRR body into the given wafer; returns the WRR's own head number. */
export function decodeWrrInto(cursor: FieldCursor, wafer: WaferRecord): void {
  cursor.u1();
  cursor.u1();
  wafer.wrrSeen = true;
  wafer.finishTime = optionalU4(cursor);
  wafer.partCount = optionalU4(cursor);
  wafer.retestCount = optionalU4(cursor);
  wafer.abortCount = optionalU4(cursor);
  wafer.goodCount = optionalU4(cursor);
  wafer.functionalCount = optionalU4(cursor);
  const waferId = cursor.cn();
  if (waferId !== '' && wafer.waferId === '') wafer.waferId = waferId;
  wafer.fabWaferId = cursor.cn();
  wafer.frameId = cursor.cn();
  wafer.maskId = cursor.cn();
  wafer.userDescription = cursor.cn();
  wafer.execDescription = cursor.cn();
}

/** Peek the head number of a WRR without consuming it. */
export function wrrHead(cursor: FieldCursor): number {
  const start = cursor.position;
  const head = cursor.u1(255);
  cursor.position = start;
  return head;
}

/** Decode a WCR body. */
export function decodeWcr(cursor: FieldCursor): WcrRecord {
  return {
    waferSize: cursor.r4(0), dieHeight: cursor.r4(0), dieWidth: cursor.r4(0), waferUnits: cursor.u1(0),
    flat: cursor.c1(' '), centerX: cursor.i2(-32768), centerY: cursor.i2(-32768),
    positiveX: cursor.c1(' '), positiveY: cursor.c1(' '),
  };
}

/** Decode the leading fields of a TSR body. */
export function decodeTsr(cursor: FieldCursor): TsrRecord {
  return {
    head: cursor.u1(), site: cursor.u1(), testType: cursor.c1(), testNum: cursor.u4(),
    execCount: optionalU4(cursor), failCount: optionalU4(cursor), alarmCount: optionalU4(cursor),
    testName: cursor.cn(),
  };
}

/** Walk a GDR body (FLD_CNT then typed Vn items, including the B0 pad type 0); returns the item count read. */
export function walkGdr(cursor: FieldCursor): number {
  const fieldCount = cursor.u2();
  let read = 0;
  for (; read < fieldCount && cursor.has(1); read++) {
    const itemType = cursor.u1();
    const fixedSizes = [0, 1, 2, 4, 1, 2, 4, 4, 8, -1, -2, -2, -3, 1];
    const size = fixedSizes[itemType];
    if (size === undefined || size === -1) {
      cursor.cutShort = true;
      break;
    }
    if (size >= 0) cursor.skip(size);
    else if (size === -2) cursor.bn();
    else cursor.dn();
  }
  return read;
}
