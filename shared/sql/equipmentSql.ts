/**
 * SQL for equipment imports: typing and validating a raw relation of text columns (from DuckDB's
 * CSV reader or from Arrow built out of JSON Lines / SML), filling the canonical staging tables,
 * and listing lot/wafer ids that do not meet between equipment data and test data.
 */
import { quoteIdent, quoteLiteral } from '../engine/sqlEngine.ts';
import { EQUIPMENT_FIELDS, type EquipmentRecordKind, type FieldValueKind } from '../equipment/columns.ts';
import type { EquipmentProblemCode } from '../equipment/rowProblems.ts';
import type { CanonicalTableName } from '../schema/canonical.ts';
import { stagingTable } from './staging.ts';

/** Canonical table each equipment record kind fills. */
export const equipmentTableOf: Readonly<Record<EquipmentRecordKind, CanonicalTableName>> = {
  history: 'equipment_history',
  event: 'equipment_events',
  sensor: 'sensor_summaries',
};

/**
 * Read a registered CSV with every column as text plus `__line`, its line in the file (data row N is
 * line N + 1). Text first, so a bad value becomes a row-numbered warning rather than a failed sniff.
 */
export function readEquipmentCsvSql(registeredName: string, rawTable: string): string {
  return `CREATE OR REPLACE TEMP TABLE ${quoteIdent(rawTable)} AS
    SELECT *, (row_number() OVER () + 1)::BIGINT AS __line
    FROM read_csv(${quoteLiteral(registeredName)}, header = true, auto_detect = true, all_varchar = true, sample_size = 20480)`;
}

/** Header names of a registered CSV (as DuckDB's sniffer splits them). */
export function describeEquipmentCsvSql(registeredName: string): string {
  return `DESCRIBE SELECT * FROM read_csv(${quoteLiteral(registeredName)}, header = true, auto_detect = true, all_varchar = true, sample_size = 20480)`;
}

function parsedExpression(raw: string, valueKind: FieldValueKind): string {
  if (valueKind === 'time') {
    return `coalesce(TRY_CAST(${raw} AS TIMESTAMP), try_strptime(${raw}, '%Y/%m/%d %H:%M:%S'), try_strptime(${raw}, '%Y/%m/%d %H:%M'))`;
  }
  if (valueKind === 'number') return `TRY_CAST(${raw} AS DOUBLE)`;
  // Wafer "01" and 1 must meet (as in shared/equipment/rows.ts): pure-digit ids lose leading zeros.
  if (valueKind === 'wafer') return `CASE WHEN regexp_full_match(${raw}, '[0-9]{1,30}') THEN CAST(CAST(${raw} AS HUGEINT) AS VARCHAR) ELSE ${raw} END`;
  return raw;
}

/** One check of a row: when it fails, the problem's code (shared/equipment/rowProblems.ts), field and the raw value. */
interface RowCheck {
  when: string;
  code: EquipmentProblemCode;
  field: string | null;
  value: string | null;
}

/**
 * The first failed check of a row as three columns: `problem_code` (NULL for a good row), `problem_field`
 * and `problem_value` (the file's text), the params the import names the problem with (issue #15 §4).
 * Codes and field names are fixed words of this module, never file text.
 */
function problemColumns(kind: EquipmentRecordKind): string {
  const checks: RowCheck[] = [];
  for (const spec of EQUIPMENT_FIELDS[kind]) {
    const raw = quoteIdent(`raw_${spec.field}`);
    const parsed = quoteIdent(spec.field);
    if (spec.required) checks.push({ when: `${raw} IS NULL`, code: 'missing', field: spec.field, value: null });
    if (spec.valueKind === 'time' || spec.valueKind === 'number') {
      checks.push({ when: `${raw} IS NOT NULL AND ${parsed} IS NULL`, code: spec.valueKind === 'time' ? 'notDateTime' : 'notNumber', field: spec.field, value: raw });
    }
  }
  if (kind === 'history') checks.push({ when: `"end" < "start"`, code: 'endBeforeStart', field: null, value: null });
  const column = (name: string, pick: (check: RowCheck) => string | null): string =>
    `CASE ${checks.map((check) => `WHEN ${check.when} THEN ${pick(check) ?? 'NULL'}`).join(' ')} END::VARCHAR AS ${name}`;
  return [
    column('problem_code', (check) => quoteLiteral(check.code)),
    column('problem_field', (check) => (check.field === null ? null : quoteLiteral(check.field))),
    column('problem_value', (check) => check.value),
  ].join(', ');
}

/**
 * Type a raw text relation into `typedTable`: one column per canonical field of the record kind
 * (NULL when unmapped), `__line`, `event_kind` (events only) and the problem columns (`problem_code` NULL for a good row).
 * `mapping` is field -> raw column name; `eventKindExpression` is SQL over the raw relation.
 */
export function typeEquipmentRowsSql(rawTable: string, typedTable: string, kind: EquipmentRecordKind, mapping: Readonly<Record<string, string>>, eventKindExpression = `'event'`): string {
  const rawColumns = EQUIPMENT_FIELDS[kind].map((spec) => {
    const column = mapping[spec.field];
    const text = column === undefined ? 'NULL::VARCHAR' : `nullif(trim(CAST(${quoteIdent(column)} AS VARCHAR)), '')`;
    return `${text} AS ${quoteIdent(`raw_${spec.field}`)}`;
  });
  const parsedColumns = EQUIPMENT_FIELDS[kind].map((spec) => `${parsedExpression(quoteIdent(`raw_${spec.field}`), spec.valueKind)} AS ${quoteIdent(spec.field)}`);
  return `CREATE OR REPLACE TEMP TABLE ${quoteIdent(typedTable)} AS
    WITH raw AS (SELECT ${rawColumns.join(', ')}, ${eventKindExpression} AS event_kind, __line FROM ${quoteIdent(rawTable)}),
    parsed AS (SELECT *, ${parsedColumns.join(', ')} FROM raw)
    SELECT *, ${problemColumns(kind)} FROM parsed`;
}

/** The first bad rows of a typed relation ($1 = how many): line, problem code, field and value, with the total count of bad rows. */
export function badEquipmentRowsSql(typedTable: string): string {
  return `SELECT __line::BIGINT AS line, problem_code, problem_field, problem_value, count(*) OVER ()::BIGINT AS bad_rows
    FROM ${quoteIdent(typedTable)} WHERE problem_code IS NOT NULL ORDER BY __line LIMIT $1`;
}

/** Fill the import's staging table for the record kind from the good rows of a typed relation. */
export function stageEquipmentRowsSql(typedTable: string, kind: EquipmentRecordKind, importId: string, source: string): string {
  const target = quoteIdent(stagingTable(equipmentTableOf[kind], importId));
  const id = quoteLiteral(importId);
  const select = {
    history: `lot, wafer, step, tool, chamber, recipe, "start" AS start_time, "end" AS end_time`,
    event: `"time" AS time, tool, chamber, event_kind AS kind, code, "text" AS text, ${quoteLiteral(source)} AS source`,
    sensor: `lot, wafer, step, tool, chamber, parameter, value`,
  }[kind];
  return `CREATE OR REPLACE TEMP TABLE ${target} AS
    SELECT ${select}, ${id} AS import_id FROM ${quoteIdent(typedTable)} WHERE problem_code IS NULL ORDER BY __line`;
}

/** Rows in the import's staging table for the record kind. */
export function countStagedSql(kind: EquipmentRecordKind, importId: string): string {
  return `SELECT count(*)::BIGINT AS n FROM ${quoteIdent(stagingTable(equipmentTableOf[kind], importId))}`;
}

/** What an id-check row says. */
export type EquipmentIdIssue = 'lot-not-tested' | 'wafer-not-tested' | 'wafer-no-history';

/** Which relations an id check compares (defaults: the whole workspace). */
export interface EquipmentIdCheckScope {
  /** Relations with lot and wafer columns holding equipment data (history, sensor summaries). */
  equipmentRelations: readonly string[];
  /** Relations holding equipment history. */
  historyRelations: readonly string[];
  /** Ask "tested but no history" only of lots present in the equipment relations (one import's view). */
  onlyEquipmentLots: boolean;
}

/** The whole workspace: every history and sensor row against every tested wafer. */
export const workspaceIdCheckScope: EquipmentIdCheckScope = {
  equipmentRelations: ['equipment_history', 'sensor_summaries'],
  historyRelations: ['equipment_history'],
  onlyEquipmentLots: false,
};

function unionOf(relations: readonly string[]): string {
  return relations.map((relation) => `SELECT lot, wafer FROM ${quoteIdent(relation)}`).join(' UNION ALL ');
}

/**
 * Ids that do not meet between equipment data and test data (wafers): equipment lots with no
 * tested wafer at all, equipment wafers of a tested lot that were not tested, and tested wafers
 * with no equipment history (asked only once some history exists). $1 = rows kept per issue.
 * Columns: issue, lot, wafer, equipment_rows, issue_total.
 */
export function equipmentIdCheckSql(scope: EquipmentIdCheckScope = workspaceIdCheckScope): string {
  const historyLots = scope.onlyEquipmentLots
    ? 't.lot IN (SELECT lot FROM equipment)'
    : 'EXISTS (SELECT 1 FROM history)';
  return `WITH tested AS (
      SELECT DISTINCT lot, wafer FROM wafers WHERE lot IS NOT NULL AND wafer IS NOT NULL
    ), equipment AS (
      SELECT lot, wafer, count(*)::BIGINT AS equipment_rows FROM (${unionOf(scope.equipmentRelations)})
      WHERE lot IS NOT NULL GROUP BY lot, wafer
    ), history AS (
      SELECT DISTINCT lot, wafer FROM (${unionOf(scope.historyRelations)})
    ), issues AS (
      SELECT 'lot-not-tested' AS issue, lot, NULL::VARCHAR AS wafer, sum(equipment_rows)::BIGINT AS equipment_rows
      FROM equipment WHERE lot NOT IN (SELECT lot FROM tested) GROUP BY lot
      UNION ALL
      SELECT 'wafer-not-tested', e.lot, e.wafer, e.equipment_rows FROM equipment e
      WHERE e.wafer IS NOT NULL AND e.lot IN (SELECT lot FROM tested)
        AND NOT EXISTS (SELECT 1 FROM tested t WHERE t.lot = e.lot AND t.wafer = e.wafer)
      UNION ALL
      SELECT 'wafer-no-history', t.lot, t.wafer, 0::BIGINT FROM tested t
      WHERE ${historyLots}
        AND NOT EXISTS (SELECT 1 FROM history h WHERE h.lot = t.lot AND (h.wafer = t.wafer OR h.wafer IS NULL))
    )
    SELECT issue, lot, wafer, equipment_rows, count(*) OVER (PARTITION BY issue)::BIGINT AS issue_total
    FROM issues
    QUALIFY row_number() OVER (PARTITION BY issue ORDER BY lot, TRY_CAST(wafer AS INTEGER) NULLS LAST, wafer) <= $1
    ORDER BY issue, lot, TRY_CAST(wafer AS INTEGER) NULLS LAST, wafer`;
}

/** How many equipment history and sensor rows the workspace holds (equipment_rows). */
export function equipmentPresenceSql(): string {
  return `SELECT ((SELECT count(*) FROM equipment_history) + (SELECT count(*) FROM sensor_summaries))::BIGINT AS equipment_rows`;
}
