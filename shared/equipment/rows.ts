/**
 * Validation and normalisation of equipment rows (process history, events/alarms, sensor
 * summaries) given as plain records from CSV or JSON Lines. Bad rows are reported with their row
 * number and skipped; nothing throws.
 */
import { collectHeaders, detectColumns, EQUIPMENT_FIELDS, type ColumnDetection, type EquipmentRecordKind, type FieldValueKind } from './columns';
import { equipmentProblemText, type EquipmentProblem } from './rowProblems';

/** A process-history row: which tool/chamber/recipe a wafer saw at a step, and when. */
export interface EquipmentHistoryRow {
  lot: string;
  wafer: string | null;
  step: string;
  tool: string;
  chamber: string | null;
  recipe: string | null;
  /** ISO 8601 start ("YYYY-MM-DDTHH:MM:SS[.fff][zone]"). */
  start: string;
  /** ISO 8601 end, or null. */
  end: string | null;
}

/** An equipment event or alarm row. */
export interface EquipmentEventRow {
  time: string;
  tool: string;
  chamber: string | null;
  code: string;
  text: string | null;
}

/** A sensor-summary row (one parameter statistic per tool/chamber/step/wafer). */
export interface SensorSummaryRow {
  tool: string;
  chamber: string | null;
  step: string | null;
  lot: string;
  wafer: string | null;
  parameter: string;
  value: number;
}

/** A rejected row or value: why, as a code with params (rowProblems.ts) and as its English text. */
export interface RowProblem extends EquipmentProblem {
  /** Row number (first record = `firstRowNumber`). */
  row: number;
  /** Canonical field concerned, if any. */
  field: string | null;
  /** Why the row was rejected (English). */
  message: string;
}

function rowProblem(row: number, field: string | null, problem: EquipmentProblem): RowProblem {
  return { row, field, ...problem, message: equipmentProblemText(problem) };
}

/** Options for row normalisation. */
export interface RowNormalizeOptions {
  /** Number given to the first record (default 1; use 2 for a CSV with a header line). */
  firstRowNumber?: number;
  /** Explicit field -> header choices that override detection. */
  columnOverrides?: Readonly<Record<string, string>>;
}

/** Normalised rows plus the column detection and the problems found. */
export interface RowNormalizeResult<Row> {
  detection: ColumnDetection;
  rows: Row[];
  problems: RowProblem[];
}

type FieldValue = string | number | null;

const TIME_PATTERN = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Normalise a timestamp to ISO 8601 (year-first forms only; numbers = Unix seconds, or ms if > 1e11). */
export function normalizeTimestamp(raw: string | number): string | null {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return null;
    return new Date(Math.abs(raw) > 1e11 ? raw : raw * 1000).toISOString();
  }
  const match = TIME_PATTERN.exec(raw.trim());
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction, zone] = match;
  const parts = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5]));
  if (date.getUTCMonth() !== parts[1] - 1 || date.getUTCDate() !== parts[2] || parts[3] > 23 || parts[4] > 59 || parts[5] > 59) return null;
  const pad = (value: number): string => String(value).padStart(2, '0');
  const zoneText = zone === undefined ? '' : zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return `${year}-${pad(parts[1])}-${pad(parts[2])}T${pad(parts[3])}:${pad(parts[4])}:${pad(parts[5])}${fraction ? `.${fraction}` : ''}${zoneText}`;
}

/** Milliseconds since the epoch of a normalised timestamp (zoneless treated as UTC, for ordering only). */
export function timestampOrder(isoTimestamp: string): number {
  return Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(isoTimestamp) ? isoTimestamp : `${isoTimestamp}Z`);
}

function parseValue(raw: unknown, valueKind: FieldValueKind): { value: FieldValue } | { error: EquipmentProblem } {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return { value: null };
  if (typeof raw !== 'string' && typeof raw !== 'number') return { error: { code: 'unsupportedValueType', params: { type: typeof raw } } };
  if (valueKind === 'number') {
    const value = typeof raw === 'number' ? raw : NUMBER_PATTERN.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
    return Number.isFinite(value) ? { value } : { error: { code: 'valueNotNumber', params: { value: String(raw) } } };
  }
  if (valueKind === 'time') {
    const value = normalizeTimestamp(raw);
    return value === null ? { error: { code: 'notYearFirstDateTime', params: { value: String(raw) } } } : { value };
  }
  const text = String(raw).trim();
  // Wafer "01" and 1 must meet: pure-digit wafer ids lose their leading zeros.
  if (valueKind === 'wafer' && /^\d+$/.test(text)) return { value: String(Number.parseInt(text, 10)) };
  return { value: text };
}

function normalizeRecord(record: Readonly<Record<string, unknown>>, kind: EquipmentRecordKind, mapping: Readonly<Record<string, string>>, row: number, problems: RowProblem[]): Record<string, FieldValue> | null {
  const values: Record<string, FieldValue> = {};
  let valid = true;
  for (const spec of EQUIPMENT_FIELDS[kind]) {
    const header = mapping[spec.field];
    const parsed = parseValue(header === undefined ? undefined : record[header], spec.valueKind);
    if ('error' in parsed) {
      problems.push(rowProblem(row, spec.field, parsed.error));
      valid = false;
    } else if (parsed.value === null && spec.required) {
      problems.push(rowProblem(row, spec.field, { code: 'missing', params: { field: spec.field } }));
      valid = false;
    } else values[spec.field] = parsed.value;
  }
  return valid ? values : null;
}

function normalizeRows<Row>(records: readonly Readonly<Record<string, unknown>>[], kind: EquipmentRecordKind, options: RowNormalizeOptions, build: (values: Record<string, FieldValue>, row: number, problems: RowProblem[]) => Row | null): RowNormalizeResult<Row> {
  const detection = detectColumns(collectHeaders(records), kind, options.columnOverrides);
  const result: RowNormalizeResult<Row> = { detection, rows: [], problems: [] };
  if (!detection.ok) return result;
  const firstRowNumber = options.firstRowNumber ?? 1;
  records.forEach((record, index) => {
    const row = index + firstRowNumber;
    const values = normalizeRecord(record, kind, detection.mapping, row, result.problems);
    const built = values ? build(values, row, result.problems) : null;
    if (built) result.rows.push(built);
  });
  return result;
}

const text = (value: FieldValue | undefined): string => String(value ?? '');
const optionalText = (value: FieldValue | undefined): string | null => (value === null || value === undefined ? null : String(value));

/** Validate process-history records (lot, wafer, step, tool, chamber, recipe, start, end). */
export function normalizeHistoryRows(records: readonly Readonly<Record<string, unknown>>[], options: RowNormalizeOptions = {}): RowNormalizeResult<EquipmentHistoryRow> {
  return normalizeRows(records, 'history', options, (values, row, problems) => {
    const start = text(values.start);
    const end = optionalText(values.end);
    if (end !== null && timestampOrder(end) < timestampOrder(start)) {
      problems.push(rowProblem(row, 'end', { code: 'endBeforeStartAt', params: { end, start } }));
      return null;
    }
    return { lot: text(values.lot), wafer: optionalText(values.wafer), step: text(values.step), tool: text(values.tool), chamber: optionalText(values.chamber), recipe: optionalText(values.recipe), start, end };
  });
}

/** Validate equipment event/alarm records (time, tool, chamber, code, text). */
export function normalizeEventRows(records: readonly Readonly<Record<string, unknown>>[], options: RowNormalizeOptions = {}): RowNormalizeResult<EquipmentEventRow> {
  return normalizeRows(records, 'event', options, (values) => ({ time: text(values.time), tool: text(values.tool), chamber: optionalText(values.chamber), code: text(values.code), text: optionalText(values.text) }));
}

/** Validate sensor-summary records (tool, chamber, step, lot, wafer, parameter, value). */
export function normalizeSensorRows(records: readonly Readonly<Record<string, unknown>>[], options: RowNormalizeOptions = {}): RowNormalizeResult<SensorSummaryRow> {
  return normalizeRows(records, 'sensor', options, (values) => ({
    tool: text(values.tool),
    chamber: optionalText(values.chamber),
    step: optionalText(values.step),
    lot: text(values.lot),
    wafer: optionalText(values.wafer),
    parameter: text(values.parameter),
    value: Number(values.value),
  }));
}
