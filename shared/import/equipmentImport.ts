/**
 * Equipment import: history, events/alarms and sensor summaries from CSV (DuckDB's reader) or JSON
 * Lines (shared/equipment row normalisers, then Arrow), into the import's staging tables.
 * Bad rows are skipped and named by line in a warning; a file with no usable row is rejected.
 */
import { quoteIdent, type SqlEngine } from '../engine/sqlEngine.ts';
import { collectHeaders, detectColumns, EQUIPMENT_FIELDS, type ColumnDetection, type EquipmentRecordKind } from '../equipment/columns.ts';
import { normalizeEventRows, normalizeHistoryRows, normalizeSensorRows, type RowNormalizeResult } from '../equipment/rows.ts';
import { problemOnLine, type EquipmentProblemCode, type LineProblem } from '../equipment/rowProblems.ts';
import type { CanonicalTableName } from '../schema/canonical.ts';
import { stagingTable } from '../sql/staging.ts';
import {
  badEquipmentRowsSql, countStagedSql, describeEquipmentCsvSql, equipmentTableOf, readEquipmentCsvSql,
  stageEquipmentRowsSql, typeEquipmentRowsSql,
} from '../sql/equipmentSql.ts';
import { ImportError } from './dieCsvImport.ts';
import { textRowsTable } from './equipmentArrow.ts';
import { classifyHeaders, codeColumnMeansAlarm, eventKindColumn } from './equipmentDetect.ts';
import { equipmentIdWarnings } from './equipmentIdCheck.ts';
import { importWarning, type ImportWarning } from './importWarning.ts';

/** The outcome of staging one equipment file. */
export type EquipmentStaging =
  | { kind: 'staged'; recordKind: EquipmentRecordKind; table: CanonicalTableName; rows: number; warnings: ImportWarning[] }
  | { kind: 'needs-mapping'; recordKind: EquipmentRecordKind; headers: string[]; detection: ColumnDetection };

/** Options shared by the equipment stagers. */
export interface EquipmentStageOptions {
  importId: string;
  fileName: string;
  /** The record kind, when the user chose it; otherwise detected from the header. */
  recordKind?: EquipmentRecordKind;
  /** Field -> column choices (the mapping dialog's, or remembered for this header). */
  overrides?: Readonly<Record<string, string>>;
}

const shownProblems = 10;

/** Stage a registered equipment CSV through DuckDB's reader (every column read as text, then typed). */
export async function stageEquipmentCsv(engine: SqlEngine, registeredName: string, options: EquipmentStageOptions): Promise<EquipmentStaging> {
  let headers: string[];
  try {
    headers = (await engine.query(describeEquipmentCsvSql(registeredName))).toArray().map((row) => String(row.column_name));
  } catch (error) {
    throw new ImportError(options.fileName, `not a readable CSV file: ${(error as Error).message}`);
  }
  const recordKind = options.recordKind ?? equipmentKindOf(headers);
  const detection = detectColumns(headers, recordKind, options.overrides);
  if (!detection.ok) return { kind: 'needs-mapping', recordKind, headers, detection };
  const rawTable = `raw_equipment_${sqlSafe(options.importId)}`;
  try {
    await engine.exec(readEquipmentCsvSql(registeredName, rawTable));
  } catch (error) {
    throw new ImportError(options.fileName, `rejected, nothing imported: ${(error as Error).message}`);
  }
  try {
    return await stageTyped(engine, rawTable, recordKind, detection.mapping, eventKindSql(headers, detection.mapping), 'csv', options, []);
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(rawTable)}`);
  }
}

/** Parse JSON Lines text: one object per non-blank line; lines that are not a JSON object become problems. */
export function parseJsonLines(text: string): { records: Record<string, unknown>[]; lines: number[]; problems: LineProblem[] } {
  const records: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const problems: LineProblem[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      // The parser's own words (the JS engine's, English) stay as they are inside the translated line.
      problems.push(problemOnLine({ code: 'notJson', params: { message: (error as Error).message } }, index + 1));
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(problemOnLine({ code: 'notJsonObject', params: {} }, index + 1));
      return;
    }
    records.push(value as Record<string, unknown>);
    lines.push(index + 1);
  });
  return { records, lines, problems };
}

const normalizers: Record<EquipmentRecordKind, (records: readonly Readonly<Record<string, unknown>>[], options: { columnOverrides?: Readonly<Record<string, string>> }) => RowNormalizeResult<object>> = {
  history: normalizeHistoryRows,
  event: normalizeEventRows,
  sensor: normalizeSensorRows,
};

/** Stage equipment JSON Lines: validated by the shared row normalisers, loaded as one Arrow relation. */
export async function stageEquipmentJsonl(engine: SqlEngine, text: string, options: EquipmentStageOptions): Promise<EquipmentStaging> {
  const parsed = parseJsonLines(text);
  const headers = collectHeaders(parsed.records);
  const recordKind = options.recordKind ?? equipmentKindOf(headers);
  const normalized = normalizers[recordKind](parsed.records, { columnOverrides: options.overrides });
  if (!normalized.detection.ok) return { kind: 'needs-mapping', recordKind, headers, detection: normalized.detection };
  // The normalisers number rows 1..n and keep the good ones in order: good rows are the unnamed ones.
  const badRows = new Set(normalized.problems.map((problem) => problem.row));
  const goodIndexes = parsed.records.map((_, index) => index).filter((index) => !badRows.has(index + 1));
  const lineOf = (index: number): number => parsed.lines[index] ?? index + 1;
  const problems = [
    ...parsed.problems,
    ...normalized.problems.map((problem) => problemOnLine(problem, lineOf(problem.row - 1))),
  ];
  const fields = EQUIPMENT_FIELDS[recordKind].map((spec) => spec.field);
  const columns: Record<string, (string | null)[]> = Object.fromEntries(fields.map((field) => [field, []]));
  const rows = normalized.rows as Record<string, string | number | null>[];
  rows.forEach((row) => fields.forEach((field) => columns[field]?.push(row[field] === null || row[field] === undefined ? null : String(row[field]))));
  const kindColumn = eventKindColumn(headers);
  const alarmByCode = codeColumnMeansAlarm(normalized.detection.mapping.code);
  columns.event_kind = goodIndexes.map((index) => (isAlarm(parsed.records[index]?.[kindColumn ?? ''], alarmByCode) ? 'alarm' : 'event'));
  return stageArrowRows(engine, columns, goodIndexes.map(lineOf), recordKind, 'jsonl', options, problems);
}

/** Stage rows already split into text columns named by canonical field (JSON Lines, SML). */
export async function stageArrowRows(
  engine: SqlEngine, columns: Record<string, (string | null)[]>, lines: readonly number[], recordKind: EquipmentRecordKind,
  source: string, options: EquipmentStageOptions, problems: LineProblem[],
): Promise<EquipmentStaging> {
  if (lines.length === 0) throw new ImportError(options.fileName, `rejected, nothing imported: no usable rows${problems[0] ? `; first problem at ${problems[0].message}` : ''}`);
  const rawTable = `raw_equipment_${sqlSafe(options.importId)}`;
  await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(rawTable)}`);
  await engine.insertArrow(rawTable, textRowsTable(columns, lines));
  const identity = Object.fromEntries(EQUIPMENT_FIELDS[recordKind].map((spec) => [spec.field, spec.field]));
  try {
    return await stageTyped(engine, rawTable, recordKind, identity, recordKind === 'event' ? 'event_kind' : `'event'`, source, options, problems);
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(rawTable)}`);
  }
}

async function stageTyped(
  engine: SqlEngine, rawTable: string, recordKind: EquipmentRecordKind, mapping: Readonly<Record<string, string>>, eventKind: string,
  source: string, options: EquipmentStageOptions, earlierProblems: LineProblem[],
): Promise<EquipmentStaging> {
  const typedTable = `typed_equipment_${sqlSafe(options.importId)}`;
  try {
    await engine.exec(typeEquipmentRowsSql(rawTable, typedTable, recordKind, mapping, eventKind));
    const bad = (await engine.query(badEquipmentRowsSql(typedTable), [shownProblems])).toArray();
    const badCount = Number(bad[0]?.bad_rows ?? 0);
    const problems = [...earlierProblems, ...bad.map((row) => problemOnLine(sqlProblem(row), Number(row.line)))];
    await engine.exec(stageEquipmentRowsSql(typedTable, recordKind, options.importId, source));
    const rows = Number((await engine.query(countStagedSql(recordKind, options.importId))).get(0)?.n ?? 0);
    if (rows === 0) throw new ImportError(options.fileName, `rejected, nothing imported: no usable rows${problems[0] ? `; first problem at ${problems[0].message}` : ''}`);
    const skipped = earlierProblems.length + badCount;
    const warnings = skipped > 0 ? [skippedWarning(skipped, problems)] : [];
    if (recordKind !== 'event') warnings.push(...(await equipmentIdWarnings(engine, stagingTable(equipmentTableOf[recordKind], options.importId), recordKind === 'history')));
    return { kind: 'staged', recordKind, table: equipmentTableOf[recordKind], rows, warnings };
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(typedTable)}`);
  }
}

/** A bad row of badEquipmentRowsSql as a problem: its code and, where the check names them, field and value. */
function sqlProblem(row: Record<string, unknown>): { code: EquipmentProblemCode; params: Record<string, string> } {
  const params: Record<string, string> = {};
  if (row.problem_field !== null && row.problem_field !== undefined) params.field = String(row.problem_field);
  if (row.problem_value !== null && row.problem_value !== undefined) params.value = String(row.problem_value);
  return { code: String(row.problem_code) as EquipmentProblemCode, params };
}

/**
 * The skipped-rows warning: its English text joins the shown problems' lines (the CLI prints it); beside
 * its params it keeps each problem's code and params, so the app says them in its language (issue #15 §4).
 */
function skippedWarning(skipped: number, problems: readonly LineProblem[]): ImportWarning {
  const shown = problems.slice(0, shownProblems);
  const params = { count: skipped, problems: shown.map((problem) => problem.message).join('; ') };
  const warning = skipped > shown.length ? importWarning('rowsSkippedMore', { ...params, more: skipped - shown.length }) : importWarning('rowsSkipped', params);
  return { ...warning, problems: shown.map(({ code, params: values }) => ({ code, params: values })) };
}

/** The record kind a header fits best ('die'-looking headers fall back to history, the mapping dialog then asks). */
export function equipmentKindOf(headers: readonly string[]): EquipmentRecordKind {
  const content = classifyHeaders(headers);
  return content === 'die' ? 'history' : content;
}

function isAlarm(kindValue: unknown, alarmByCode: boolean): boolean {
  if (typeof kindValue === 'string' && kindValue.trim() !== '') return /alarm|alm/i.test(kindValue);
  return alarmByCode;
}

/** Per-row event kind: from a kind/type column when the file has one, else from the code column's name. */
function eventKindSql(headers: readonly string[], mapping: Readonly<Record<string, string>>): string {
  const alarmByCode = codeColumnMeansAlarm(mapping.code);
  const kindColumn = eventKindColumn(headers);
  const fallback = alarmByCode ? `'alarm'` : `'event'`;
  if (!kindColumn) return fallback;
  const value = `lower(trim(CAST(${quoteIdent(kindColumn)} AS VARCHAR)))`;
  return `CASE WHEN ${value} SIMILAR TO '.*(alarm|alm).*' THEN 'alarm' WHEN coalesce(${value}, '') = '' THEN ${fallback} ELSE 'event' END`;
}

function sqlSafe(importId: string): string {
  return importId.replace(/[^A-Za-z0-9]/g, '_');
}
