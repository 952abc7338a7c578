import type { ImportMessage } from './importLogText';
import type { ImportRecord } from '@shared/workspace/manifest';
import type { ImportSource } from '../services/importSource';
import { warningLine } from './importWarningText';

/** What describeImport reads of an import outcome (services/workspaceService's ImportOutcome fits it). */
type ImportOutcome = { kind: 'imported' | 'duplicate'; record: ImportRecord } | { kind: 'needs-mapping' };

const equipmentFormats = new Set(['equipment-csv', 'equipment-jsonl', 'sml']);

/**
 * The import-log message of an outcome, as keys and params (translated when shown, see importLogText): equipment
 * imports name their table and list their warnings on further lines, STDF lines carry their import record.
 */
export function describeImport(outcome: ImportOutcome, source: ImportSource): ImportMessage {
  const file = source.name;
  if (outcome.kind === 'duplicate') return { kind: 'info', lines: [{ key: 'import.duplicate', params: { file } }] };
  if (outcome.kind === 'needs-mapping') return { kind: 'info', lines: [{ key: 'mapping.title', params: { file } }] };
  const record = outcome.record;
  const rows = record.rows;
  // STDF lines carry their record: the log shows a warnings count that expands, and File Info.
  // A damaged file that was partly read is amber and says how much is missing, never a plain "ok".
  if (record.partial) {
    return { kind: 'partial', lines: [{ key: 'importLog.partial', params: { file, rows, unread: record.partial.unreadBytes, offset: record.partial.offset } }], record };
  }
  if (record.format === 'stdf') return { kind: 'ok', lines: [{ key: 'import.imported', params: { file, rows } }], record };
  if (record.format === 'wafer-map') return { kind: 'ok', lines: [{ key: 'import.mapImported', params: { file, rows } }] };
  if (record.format === 'klarf') return { kind: 'ok', lines: [{ key: 'import.defectsImported', params: { file, rows } }] };
  if (!equipmentFormats.has(record.format)) return { kind: 'ok', lines: [{ key: 'import.imported', params: { file, rows } }] };
  const table = Object.keys(record.files)[0] ?? 'equipment_history';
  const lines = [
    { key: 'equipment.imported', params: { file, rows, table: { key: `equipment.tables.${table}` } } },
    // A warning with a code (issue #15 §4) is said in the log's language; an older record's stays as it was written.
    ...record.warnings.map((text, index) => {
      const coded = record.warningCodes?.[index];
      return coded ? warningLine(coded) : { key: 'equipment.warning', params: { text } };
    }),
  ];
  return { kind: record.warnings.length > 0 ? 'info' : 'ok', lines };
}

/** The describe callback the import actions take (kept as a composable for its callers). */
export function useImportMessages(): (outcome: ImportOutcome, source: ImportSource) => ImportMessage {
  return describeImport;
}
