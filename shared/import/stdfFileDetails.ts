/**
 * What one imported STDF file says about itself (MIR, SDR, WCR, MRR, the checker's findings),
 * kept in the import's manifest record so the File Info panel works after a restart.
 * Fields are keyed by their STDF V4 names (LOT_ID, PART_TYP, ...): engineers know them by those.
 */
import type { PartialRead } from '../workspace/manifest.ts';
import { stdfTimeToIso, type MirRecord, type SdrRecord, type StdfFinding, type StdfResult } from '../stdf/index.ts';

/** STDF field name -> value as text; empty fields are left out. */
export type StdfFields = Record<string, string>;

/** The checker's verdict on a file: how many findings, per code, and the first ones with their byte offsets. */
export interface StdfCheckSummary {
  total: number;
  byCode: Record<string, number>;
  /** The first `maxKeptFindings` findings (offset -1 = the whole file). */
  findings: StdfFinding[];
}

/** Details of one STDF file, stored as `ImportRecord.details`. */
export interface StdfFileDetails {
  kind: 'stdf';
  compression: string;
  byteOrder: string;
  /** Decompressed bytes read and records in them. */
  bytes: number;
  records: number;
  parts: number;
  wafers: number;
  tests: number;
  mir: StdfFields | null;
  sdrs: StdfFields[];
  wcr: StdfFields | null;
  mrr: StdfFields | null;
  check: StdfCheckSummary;
  /** Set when the file is damaged and was only partly read (see ImportRecord.partial); absent when read whole. */
  partial?: PartialRead;
}


/** How many findings a manifest record keeps (the counts per code cover all of them). */
export const maxKeptFindings = 200;

const mirTextFields: [string, keyof MirRecord][] = [
  ['LOT_ID', 'lotId'], ['SBLOT_ID', 'sublotId'], ['PART_TYP', 'partType'], ['NODE_NAM', 'nodeName'], ['TSTR_TYP', 'testerType'],
  ['JOB_NAM', 'jobName'], ['JOB_REV', 'jobRevision'], ['OPER_NAM', 'operatorName'], ['EXEC_TYP', 'execType'], ['EXEC_VER', 'execVersion'],
  ['TEST_COD', 'testCode'], ['TST_TEMP', 'testTemperature'], ['MODE_COD', 'modeCode'], ['RTST_COD', 'retestCode'], ['FACIL_ID', 'facilityId'],
  ['FLOOR_ID', 'floorId'], ['PROC_ID', 'processId'], ['FAMLY_ID', 'familyId'], ['PKG_TYP', 'packageType'], ['DATE_COD', 'dateCode'],
  ['OPER_FRQ', 'operationFrequency'], ['SPEC_NAM', 'specName'], ['SPEC_VER', 'specVersion'], ['FLOW_ID', 'flowId'], ['SETUP_ID', 'setupId'],
  ['DSGN_REV', 'designRevision'], ['ENG_ID', 'engineeringId'], ['ROM_COD', 'romCode'], ['SERL_NUM', 'serialNumber'], ['SUPR_NAM', 'supervisorName'],
  ['USER_TXT', 'userText'], ['AUX_FILE', 'auxFile'],
];

const sdrTextFields: [string, keyof SdrRecord][] = [
  ['HAND_TYP', 'handlerType'], ['HAND_ID', 'handlerId'], ['CARD_TYP', 'probeCardType'], ['CARD_ID', 'probeCardId'],
  ['LOAD_TYP', 'loadBoardType'], ['LOAD_ID', 'loadBoardId'], ['DIB_TYP', 'dibType'], ['DIB_ID', 'dibId'], ['CABL_TYP', 'cableType'],
  ['CABL_ID', 'cableId'], ['CONT_TYP', 'contactorType'], ['CONT_ID', 'contactorId'], ['LASR_TYP', 'laserType'], ['LASR_ID', 'laserId'],
  ['EXTR_TYP', 'extraType'], ['EXTR_ID', 'extraId'],
];

/** Keep fields whose value says something (not empty, not blank, no NUL padding). */
function present(entries: [string, string | number | null | undefined][]): StdfFields {
  const fields: StdfFields = {};
  for (const [name, value] of entries) {
    if (value === null || value === undefined) continue;
    // Testers pad text fields with NUL bytes.
    const text = String(value).replace(/\u0000/g, '').trim();
    if (text !== '') fields[name] = text;
  }
  return fields;
}

function mirFields(mir: MirRecord): StdfFields {
  return present([
    ...mirTextFields.map(([name, key]): [string, string] => [name, String(mir[key] ?? '')]),
    ['STAT_NUM', mir.stationNumber], ['SETUP_T', stdfTimeToIso(mir.setupTime)], ['START_T', stdfTimeToIso(mir.startTime)],
  ]);
}

function sdrFields(sdr: SdrRecord): StdfFields {
  return present([
    ['HEAD_NUM', sdr.head], ['SITE_GRP', sdr.siteGroup], ['SITE_NUM', sdr.sites.join(', ')],
    ...sdrTextFields.map(([name, key]): [string, string] => [name, String(sdr[key])]),
  ]);
}

const waferUnitNames: Record<number, string> = { 0: 'unknown', 1: 'inches', 2: 'cm', 3: 'mm', 4: 'mils' };

function wcrFields(result: StdfResult): StdfFields | null {
  const wcr = result.wcr;
  if (!wcr) return null;
  const positive = (value: number): number | null => (value > 0 ? value : null);
  return present([
    ['WAFR_SIZ', positive(wcr.waferSize)], ['DIE_HT', positive(wcr.dieHeight)], ['DIE_WID', positive(wcr.dieWidth)],
    ['WF_UNITS', waferUnitNames[wcr.waferUnits] ?? String(wcr.waferUnits)], ['WF_FLAT', wcr.flat],
    ['CENTER_X', wcr.centerX === -32768 ? null : wcr.centerX], ['CENTER_Y', wcr.centerY === -32768 ? null : wcr.centerY],
    ['POS_X', wcr.positiveX], ['POS_Y', wcr.positiveY],
  ]);
}

function mrrFields(result: StdfResult): StdfFields | null {
  const mrr = result.mrr;
  if (!mrr) return null;
  return present([['FINISH_T', stdfTimeToIso(mrr.finishTime)], ['DISP_COD', mrr.dispositionCode], ['USR_DESC', mrr.userDescription], ['EXC_DESC', mrr.execDescription]]);
}

/** Summarise checker findings: the total, a count per code, and the first `maxKeptFindings`. */
export function summariseFindings(findings: readonly StdfFinding[]): StdfCheckSummary {
  const byCode: Record<string, number> = {};
  for (const finding of findings) byCode[finding.code] = (byCode[finding.code] ?? 0) + 1;
  return { total: findings.length, byCode, findings: findings.slice(0, maxKeptFindings).map((finding) => ({ ...finding })) };
}

/** Details of a read STDF file and its checker findings, for the manifest and the File Info panel. */
export function stdfFileDetails(result: StdfResult, findings: readonly StdfFinding[]): StdfFileDetails {
  const details: StdfFileDetails = {
    kind: 'stdf', compression: result.compression, byteOrder: result.byteOrder, bytes: result.bytesRead, records: result.recordTotal,
    parts: result.recordCounts.PRR ?? 0, wafers: result.wafers.length, tests: result.tests.length,
    mir: result.mir ? mirFields(result.mir) : null, sdrs: result.sdrs.map(sdrFields), wcr: wcrFields(result), mrr: mrrFields(result),
    check: summariseFindings(findings),
  };
  const partial = partialRead(result);
  if (partial) details.partial = partial;
  return details;
}

/** The partial-read summary of a damaged result, or undefined when the reader read it whole. */
export function partialRead(result: StdfResult): PartialRead | undefined {
  const first = result.errors[0];
  if (result.complete || first === undefined) return undefined;
  return { offset: first.offset, unreadBytes: result.unreadBytes };
}

/** True when a manifest record's `details` value looks like STDF details (older manifests have none). */
export function isStdfFileDetails(value: unknown): value is StdfFileDetails {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'stdf';
}
