/**
 * What kind of text file an import got, decided from its content (first lines and header), not
 * from its name: die-level test CSV, equipment history / events / sensor summaries (CSV or JSON
 * Lines), or a SECS/GEM message log in SML text.
 */
import { detectColumns, normalizeColumnName, type EquipmentRecordKind } from '../equipment/columns.ts';

/** Text layout of a file, from its first lines. */
export type TextLayout = 'jsonl' | 'sml' | 'csv';

/** What a tabular file holds, from its header names. */
export type TableContent = 'die' | EquipmentRecordKind;

const SML_TIMESTAMP = /^\s*\[?\d{4}[-/]\d{2}[-/]\d{2}[T ]\d{2}:\d{2}:\d{2}/;
const SML_HEADER = /(?:^|[\s:'])S\d{1,3}F\d{1,3}\b/i;

/** Decode the first bytes of a file as text (BOM dropped; a cut multi-byte character is harmless). */
export function headText(bytes: Uint8Array, limit = 65536): string {
  return new TextDecoder('utf-8').decode(bytes.subarray(0, limit)).replace(/^\uFEFF/, '');
}

/**
 * JSON Lines when the first non-blank line is a JSON object; SML when it starts with a timestamp
 * and an SxFy header appears in the first lines; CSV otherwise.
 */
export function sniffTextLayout(head: string): TextLayout {
  const lines = head.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '').slice(0, 20);
  const first = lines[0]?.trim() ?? '';
  if (first.startsWith('{')) return 'jsonl';
  if (SML_TIMESTAMP.test(first) && lines.some((line) => SML_HEADER.test(line))) return 'sml';
  return 'csv';
}

const dieCoordinateNames = new Set(['x', 'xcoord', 'diex', 'dx', 'col', 'column']);
const dieRowNames = new Set(['y', 'ycoord', 'diey', 'dy', 'row']);
const dieBinNames = new Set(['hardbin', 'hbin', 'hb', 'bin', 'softbin', 'sbin', 'hardbinnum']);

/** Fields that tell the equipment record kinds apart (lot, tool, chamber and step are shared). */
const distinctiveFields: Readonly<Record<EquipmentRecordKind, readonly string[]>> = {
  history: ['start', 'end', 'recipe'],
  event: ['time', 'code', 'text'],
  sensor: ['parameter', 'value'],
};

/** How many distinctive fields of a record kind the headers supply (matched or ambiguous); 0 without a tool column. */
export function equipmentKindScore(headers: readonly string[], kind: EquipmentRecordKind): number {
  const detection = detectColumns(headers, kind);
  const found = new Set([...Object.keys(detection.mapping), ...detection.ambiguous.map((entry) => entry.field)]);
  // Every equipment record names its tool; a die CSV with odd names and a timestamp must not look like events.
  if (!found.has('tool')) return 0;
  return distinctiveFields[kind].filter((field) => found.has(field)).length;
}

/**
 * Die data when the header has die coordinates and a bin; otherwise the equipment record kind whose
 * header has a tool and whose distinctive fields match best (ties: sensor, event, history); die data when nothing matches, so
 * the die CSV's own mapping dialog still asks about a file that fits no kind.
 */
export function classifyHeaders(headers: readonly string[]): TableContent {
  const names = headers.map(normalizeColumnName);
  const hasDieKeys = names.some((name) => dieCoordinateNames.has(name)) && names.some((name) => dieRowNames.has(name));
  if (hasDieKeys && names.some((name) => dieBinNames.has(name))) return 'die';
  const kinds: EquipmentRecordKind[] = ['sensor', 'event', 'history'];
  const scored = kinds.map((kind) => ({ kind, score: equipmentKindScore(headers, kind) }));
  const best = scored.reduce((winner, entry) => (entry.score > winner.score ? entry : winner));
  return best.score > 0 ? best.kind : 'die';
}

/** A stable signature of an equipment header, to remember the user's mapping for files with the same layout. */
export function equipmentHeaderSignature(kind: EquipmentRecordKind, headers: readonly string[]): string {
  return `${kind}:${headers.map(normalizeColumnName).join('|')}`;
}

const alarmHeaderNames = new Set(['alarmid', 'alid', 'alarmcode', 'errorcode', 'alarm']);
const eventKindHeaderNames = ['kind', 'type', 'eventtype', 'category', 'class', 'severity'];

/** The column saying "alarm" or "event" per row, when an events file has one. */
export function eventKindColumn(headers: readonly string[]): string | undefined {
  return headers.find((header) => eventKindHeaderNames.includes(normalizeColumnName(header)));
}

/** Whether an events file's code column names alarms (ALID, alarm code) rather than events. */
export function codeColumnMeansAlarm(codeHeader: string | undefined): boolean {
  return codeHeader !== undefined && alarmHeaderNames.has(normalizeColumnName(codeHeader));
}
