/**
 * GEM meaning of two SECS-II messages: S6F11 event report (collection event with reports) and
 * S5F1 alarm report. Conversions return a reason string when the body does not fit the standard
 * structure (SEMI E5/E30 layouts).
 */
import type { SmlItem } from './smlItem';

/** Plain JavaScript view of an item: lists become arrays, single values become scalars. */
export type SmlPlainValue = string | number | boolean | SmlPlainValue[];

/** Identifier that equipment may send as an integer or as ASCII. */
export type SmlIdentifier = number | string;

/** One report of an S6F11 event. */
export interface SmlReport {
  /** Report id (RPTID). */
  rptid: SmlIdentifier;
  /** Variable values (V) in report order. */
  values: SmlPlainValue[];
}

/** S6F11 collection event. */
export interface SmlCollectionEvent {
  /** Message timestamp (ISO form). */
  time: string;
  /** Always 6. */
  stream: number;
  /** Always 11. */
  function: number;
  /** Data id (DATAID). */
  dataId: SmlIdentifier;
  /** Collection event id (CEID). */
  ceid: SmlIdentifier;
  /** Attached reports. */
  reports: SmlReport[];
  /** 1-based line number of the message header. */
  line: number;
}

/** S5F1 alarm report. */
export interface SmlAlarm {
  /** Message timestamp (ISO form). */
  time: string;
  /** Alarm code byte (ALCD): bit 8 = set/cleared, bits 1-7 = category. */
  alcd: number;
  /** True when the alarm was set (ALCD bit 8), false when cleared. */
  alarmSet: boolean;
  /** Alarm category (ALCD bits 1-7). */
  category: number;
  /** Alarm id (ALID). */
  alid: SmlIdentifier;
  /** Alarm text (ALTX). */
  altx: string;
  /** 1-based line number of the message header. */
  line: number;
}

/** Minimal message shape the conversions need. */
export interface SmlMessageLike {
  time: string;
  stream: number;
  function: number;
  body: SmlItem | null;
  line: number;
}

/** Convert an item to a plain value (L -> array, A -> string, one number -> number, several -> array). */
export function toPlainValue(item: SmlItem): SmlPlainValue {
  if (item.format === 'L') return item.items.map(toPlainValue);
  if (item.format === 'A' || item.format === 'J') return item.text;
  const values: SmlPlainValue[] = item.values;
  return values.length === 1 ? (values[0] ?? values) : values;
}

function toIdentifier(item: SmlItem | undefined): SmlIdentifier | null {
  if (!item) return null;
  if (item.format === 'A' || item.format === 'J') return item.text;
  if (item.format === 'L' || item.format === 'BOOLEAN' || item.values.length !== 1) return null;
  return item.values[0] ?? null;
}

function listItems(item: SmlItem | null | undefined): SmlItem[] | null {
  return item?.format === 'L' ? item.items : null;
}

function toReport(item: SmlItem): SmlReport | null {
  const pair = listItems(item);
  const rptid = toIdentifier(pair?.[0]);
  const values = listItems(pair?.[1]);
  if (pair?.length !== 2 || rptid === null || values === null) return null;
  return { rptid, values: values.map(toPlainValue) };
}

/** S6F11 body `<L[3] DATAID CEID <L[a] <L[2] RPTID <L[b] V...>>>>` to an event, or a reason. */
export function toCollectionEvent(message: SmlMessageLike): SmlCollectionEvent | string {
  const parts = listItems(message.body);
  const dataId = toIdentifier(parts?.[0]);
  const ceid = toIdentifier(parts?.[1]);
  const reportItems = listItems(parts?.[2]);
  if (parts?.length !== 3 || dataId === null || ceid === null || reportItems === null) {
    return 'S6F11 body is not <L[3] DATAID CEID <L reports>>';
  }
  const reports: SmlReport[] = [];
  for (const reportItem of reportItems) {
    const report = toReport(reportItem);
    if (!report) return 'S6F11 report is not <L[2] RPTID <L values>>';
    reports.push(report);
  }
  return { time: message.time, stream: message.stream, function: message.function, dataId, ceid, reports, line: message.line };
}

/** S5F1 body `<L[3] <B ALCD> ALID <A ALTX>>` to an alarm, or a reason. */
export function toAlarm(message: SmlMessageLike): SmlAlarm | string {
  const parts = listItems(message.body);
  const codeItem = parts?.[0];
  const alcd = codeItem && codeItem.format !== 'L' && codeItem.format !== 'A' && codeItem.format !== 'J' && codeItem.format !== 'BOOLEAN' ? codeItem.values[0] : undefined;
  const alid = toIdentifier(parts?.[1]);
  const textItem = parts?.[2];
  if (parts?.length !== 3 || alcd === undefined || alid === null || (textItem?.format !== 'A' && textItem?.format !== 'J')) {
    return 'S5F1 body is not <L[3] <B ALCD> ALID <A ALTX>>';
  }
  return { time: message.time, alcd, alarmSet: (alcd & 0x80) !== 0, category: alcd & 0x7f, alid, altx: textItem.text, line: message.line };
}
