/** Byte order of the STDF record fields. */
export type ByteOrder = 'little' | 'big';
/** Container around the STDF bytes, found from the magic bytes. */
export type Compression = 'none' | 'gzip' | 'bzip2' | 'zip';

/** A place where reading stopped or skipped bytes because of damage. */
export interface StdfError {
  /** Byte offset (in the decompressed STDF stream) of the offending record header. */
  offset: number;
  /** Zero-based index of the record (in file order) where the damage was found. */
  record: number;
  message: string;
}

/** A spec violation or oddity for `stdf check`, with the consequence in plain words. */
export interface StdfFinding {
  offset: number;
  code: string;
  /** The finding in English (the CLI prints it; the app translates `code` with `params` instead). */
  message: string;
  /** The values the message names, for a translated text (absent in records written before they existed). */
  params?: StdfFindingParams;
}

/** Named values of a finding's message. */
export type StdfFindingParams = Record<string, string | number>;

/** Master Information Record fields (missing fields are empty strings or null). */
export interface MirRecord {
  setupTime: number | null;
  startTime: number | null;
  stationNumber: number | null;
  modeCode: string;
  retestCode: string;
  lotId: string;
  partType: string;
  nodeName: string;
  testerType: string;
  jobName: string;
  jobRevision: string;
  sublotId: string;
  operatorName: string;
  execType: string;
  execVersion: string;
  testCode: string;
  testTemperature: string;
  userText: string;
  auxFile: string;
  packageType: string;
  familyId: string;
  dateCode: string;
  facilityId: string;
  floorId: string;
  processId: string;
  operationFrequency: string;
  specName: string;
  specVersion: string;
  flowId: string;
  setupId: string;
  designRevision: string;
  engineeringId: string;
  romCode: string;
  serialNumber: string;
  supervisorName: string;
}

/** Master Results Record fields. */
export interface MrrRecord {
  finishTime: number | null;
  dispositionCode: string;
  userDescription: string;
  execDescription: string;
}

/** Site Description Record: the equipment on a site group. */
export interface SdrRecord {
  head: number;
  siteGroup: number;
  sites: number[];
  handlerType: string;
  handlerId: string;
  probeCardType: string;
  probeCardId: string;
  loadBoardType: string;
  loadBoardId: string;
  dibType: string;
  dibId: string;
  cableType: string;
  cableId: string;
  contactorType: string;
  contactorId: string;
  laserType: string;
  laserId: string;
  extraType: string;
  extraId: string;
}

/** Part Count Record counts as written (null = the record ended before the field). */
export interface PcrRecord {
  head: number;
  site: number;
  partCount: number | null;
  retestCount: number | null;
  abortCount: number | null;
  goodCount: number | null;
  functionalCount: number | null;
}

/** Hard or soft bin summary record (HBR/SBR). */
export interface BinRecord {
  head: number;
  site: number;
  bin: number;
  count: number;
  /** 'P', 'F', or whatever the file holds ('\u0000' and ' ' occur). */
  passFail: string;
  name: string;
}

/** One wafer, from its WIR to its WRR (WRR fields null when there is none). */
export interface WaferRecord {
  head: number;
  siteGroup: number;
  startTime: number | null;
  waferId: string;
  wrrSeen: boolean;
  finishTime: number | null;
  partCount: number | null;
  retestCount: number | null;
  abortCount: number | null;
  goodCount: number | null;
  functionalCount: number | null;
  fabWaferId: string;
  frameId: string;
  maskId: string;
  userDescription: string;
  execDescription: string;
}

/** Wafer Configuration Record: geometry and map orientation. */
export interface WcrRecord {
  waferSize: number;
  dieHeight: number;
  dieWidth: number;
  waferUnits: number;
  /** U, D, L, R or ' ' (unknown). */
  flat: string;
  centerX: number;
  centerY: number;
  /** L or R, or ' ' (unknown). */
  positiveX: string;
  /** U or D, or ' ' (unknown). */
  positiveY: string;
}

/** Test Synopsis Record, as written. */
export interface TsrRecord {
  head: number;
  site: number;
  testType: string;
  testNum: number;
  execCount: number | null;
  failCount: number | null;
  alarmCount: number | null;
  testName: string;
}

/** One test definition: a (record kind, TEST_NUM, TEST_TXT) with defaults from its first record. */
export interface TestDefinition {
  kind: 'PTR' | 'MPR' | 'FTR';
  testNum: number;
  name: string;
  units: string;
  lowLimit: number | null;
  highLimit: number | null;
  resultScale: number | null;
  lowLimitScale: number | null;
  highLimitScale: number | null;
  /** Byte offset of the record that defined this test. */
  offset: number;
}
