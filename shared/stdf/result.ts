import type {
  BinRecord, ByteOrder, Compression, MirRecord, MrrRecord, PcrRecord, SdrRecord, StdfError, StdfFinding,
  TestDefinition, TsrRecord, WaferRecord, WcrRecord,
} from './types.ts';

/** One row per part (PIR, or PRR without PIR) in file order; -32768 = missing X/Y, 65535 = missing bin. */
export interface PartColumns {
  count: number;
  head: Uint8Array;
  site: Uint8Array;
  /** Index into `wafers`, -1 outside any WIR/WRR bracket. */
  waferIndex: Int32Array;
  x: Int16Array;
  y: Int16Array;
  hardBin: Uint16Array;
  softBin: Uint16Array;
  /** PRR.PART_FLG: bit 3 fail (valid when bit 4 = 0), bit 4 no pass/fail, bit 2 abnormal end, bits 0/1 retest. */
  partFlag: Uint8Array;
  testCount: Uint16Array;
  /** PRR.TEST_T in milliseconds (0 = missing). */
  testTime: Uint32Array;
  /** 1 when the PRR was read (0: PIR only, e.g. a truncated file). */
  completed: Uint8Array;
  /** Insertion order: ordinal of this part's PRR among all PRRs, -1 without PRR. */
  prrOrdinal: Int32Array;
  partId: string[];
  partText: string[];
}

/** One row per PTR (per returned pin for MPR, one per FTR); raw stored values, no scaling applied. */
export interface ResultColumns {
  count: number;
  /** Part row, -1 when the result lies outside any PIR/PRR bracket of its head/site. */
  partIndex: Int32Array;
  /** Index into `tests`. */
  testIndex: Int32Array;
  value: Float32Array;
  /** TEST_FLG: bit 1 invalid, bit 4 not executed (both excluded from statistics), bit 7 fail. */
  flags: Uint8Array;
  /** Row of the first result of every MPR, ascending: an MPR's rows are its pins (RTN_RSLT positions) from there. */
  mprStarts: readonly number[];
}

/** Everything read from one STDF stream. */
export interface StdfResult {
  byteOrder: ByteOrder;
  compression: Compression;
  /** True when REC_TYP and REC_SUB were swapped in every header (a known writer bug). */
  headerSwapped: boolean;
  cpuType: number | null;
  stdfVersion: number | null;
  recordCounts: Record<string, number>;
  /** Unknown record types as "typ/sub": count. */
  unknownRecordTypes: Record<string, number>;
  recordTotal: number;
  bytesRead: number;
  /** Input bytes not decoded as records: damaged, skipped while resynchronising, cut at the end, or after reading stopped. */
  unreadBytes: number;
  /** Why the container's own check (gzip CRC-32/ISIZE) failed: the decoded bytes are altered. Null when it passed or there is none. */
  altered: string | null;
  /** True when the stream was read to its end without damage. */
  complete: boolean;
  /** True when reading resumed after damage on a plausible header. */
  resynced: boolean;
  mir: MirRecord | null;
  mrr: MrrRecord | null;
  sdrs: SdrRecord[];
  pcrs: PcrRecord[];
  hardBins: BinRecord[];
  softBins: BinRecord[];
  wafers: WaferRecord[];
  wcr: WcrRecord | null;
  tsrs: TsrRecord[];
  tests: TestDefinition[];
  parts: PartColumns;
  results: ResultColumns;
  /** DTR texts (the first 10,000). */
  texts: string[];
  /** TEST_NUMs used by PTRs with more than one name. */
  sharedTestNumbers: Map<number, string[]>;
  errors: StdfError[];
  findings: StdfFinding[];
}
