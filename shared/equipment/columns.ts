/**
 * Column detection for equipment files (CSV or JSON Lines): map free-form header names such as
 * "LotID", "EQP_ID" or "module" onto canonical fields, reporting missing and ambiguous columns.
 */

/** Kinds of equipment record the app imports. */
export type EquipmentRecordKind = 'history' | 'event' | 'sensor';

/** How a field's value is validated. */
export type FieldValueKind = 'text' | 'wafer' | 'time' | 'number';

/** One canonical field of a record kind. */
export interface FieldSpec {
  /** Canonical field name. */
  field: string;
  /** Whether a column (and a value in each row) is required. */
  required: boolean;
  /** Value type. */
  valueKind: FieldValueKind;
}

/** Canonical fields per record kind. */
export const EQUIPMENT_FIELDS: Readonly<Record<EquipmentRecordKind, readonly FieldSpec[]>> = {
  history: [
    { field: 'lot', required: true, valueKind: 'text' },
    { field: 'wafer', required: false, valueKind: 'wafer' },
    { field: 'step', required: true, valueKind: 'text' },
    { field: 'tool', required: true, valueKind: 'text' },
    { field: 'chamber', required: false, valueKind: 'text' },
    { field: 'recipe', required: false, valueKind: 'text' },
    { field: 'start', required: true, valueKind: 'time' },
    { field: 'end', required: false, valueKind: 'time' },
  ],
  event: [
    { field: 'time', required: true, valueKind: 'time' },
    { field: 'tool', required: true, valueKind: 'text' },
    { field: 'chamber', required: false, valueKind: 'text' },
    { field: 'code', required: true, valueKind: 'text' },
    { field: 'text', required: false, valueKind: 'text' },
  ],
  sensor: [
    { field: 'tool', required: true, valueKind: 'text' },
    { field: 'chamber', required: false, valueKind: 'text' },
    { field: 'step', required: false, valueKind: 'text' },
    { field: 'lot', required: true, valueKind: 'text' },
    { field: 'wafer', required: false, valueKind: 'wafer' },
    { field: 'parameter', required: true, valueKind: 'text' },
    { field: 'value', required: true, valueKind: 'number' },
  ],
};

/** Accepted header spellings per canonical field, compared after {@link normalizeColumnName}. */
export const COLUMN_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  lot: ['lotid', 'lotno', 'lotnumber', 'lotname'],
  wafer: ['waferid', 'waferno', 'wafernumber', 'wafernum', 'wfr', 'wfrid'],
  step: ['stepid', 'stepname', 'operation', 'oper', 'operationid', 'processstep', 'stage'],
  tool: ['toolid', 'toolname', 'eqp', 'eqpid', 'equipment', 'equipmentid', 'eqid', 'entity', 'machine'],
  chamber: ['chamberid', 'ch', 'chid', 'module', 'moduleid', 'pm', 'subentity', 'chambername'],
  recipe: ['recipeid', 'recipename', 'ppid', 'rcp'],
  start: ['starttime', 'startdate', 'trackin', 'trackintime', 'intime', 'begin', 'begintime', 'starttimestamp'],
  end: ['endtime', 'enddate', 'trackout', 'trackouttime', 'outtime', 'finish', 'finishtime', 'endtimestamp'],
  time: ['timestamp', 'eventtime', 'datetime', 'alarmtime', 'occurred', 'date'],
  code: ['alarmid', 'alid', 'alarmcode', 'eventid', 'eventcode', 'ceid', 'errorcode'],
  text: ['message', 'msg', 'description', 'altx', 'alarmtext', 'eventtext'],
  parameter: ['param', 'parametername', 'paramname', 'sensor', 'sensorname', 'svid', 'variable'],
  value: ['val', 'parametervalue', 'sensorvalue', 'reading'],
};

/** Result of matching headers to canonical fields. */
export interface ColumnDetection {
  /** True when every required field has exactly one column and nothing required is ambiguous. */
  ok: boolean;
  /** Canonical field -> header name. */
  mapping: Record<string, string>;
  /** Required fields with no matching column. */
  missing: string[];
  /** Fields matched by more than one column (none of them chosen). */
  ambiguous: { field: string; headers: string[] }[];
  /** Headers not used by any field. */
  unmapped: string[];
}

/** Lower-case a header and drop everything but letters and digits ("Lot_ID " -> "lotid"). */
export function normalizeColumnName(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function matchTier(normalized: string, field: string): 0 | 1 | null {
  if (normalized === field) return 0;
  return (COLUMN_SYNONYMS[field] ?? []).includes(normalized) ? 1 : null;
}

/** Match headers to the fields of a record kind; `overrides` (field -> header) wins over detection. */
export function detectColumns(headers: readonly string[], kind: EquipmentRecordKind, overrides: Readonly<Record<string, string>> = {}): ColumnDetection {
  const mapping: Record<string, string> = {};
  const missing: string[] = [];
  const ambiguous: { field: string; headers: string[] }[] = [];
  for (const spec of EQUIPMENT_FIELDS[kind]) {
    const override = overrides[spec.field];
    if (override !== undefined && headers.includes(override)) {
      mapping[spec.field] = override;
      continue;
    }
    const tiers: string[][] = [[], []];
    for (const header of headers) {
      const tier = matchTier(normalizeColumnName(header), spec.field);
      if (tier !== null) tiers[tier]?.push(header);
    }
    const candidates = (tiers[0]?.length ?? 0) > 0 ? (tiers[0] ?? []) : (tiers[1] ?? []);
    if (candidates.length === 1 && candidates[0] !== undefined) mapping[spec.field] = candidates[0];
    else if (candidates.length > 1) ambiguous.push({ field: spec.field, headers: candidates });
    else if (spec.required) missing.push(spec.field);
  }
  const used = new Set(Object.values(mapping));
  const requiredAmbiguous = ambiguous.some((entry) => EQUIPMENT_FIELDS[kind].some((spec) => spec.field === entry.field && spec.required));
  return { ok: missing.length === 0 && !requiredAmbiguous, mapping, missing, ambiguous, unmapped: headers.filter((header) => !used.has(header)) };
}

/** Headers of a list of records, in order of first appearance (scans every record). */
export function collectHeaders(records: readonly Readonly<Record<string, unknown>>[]): string[] {
  const headers = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) headers.add(key);
  return [...headers];
}
