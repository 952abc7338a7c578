import { useI18n } from 'vue-i18n';
import type { ImportMessage } from '../stores/workspace';
import type { ImportOutcome } from '../services/workspaceService';
import type { ImportSource } from '../services/importSource';

const equipmentFormats = new Set(['equipment-csv', 'equipment-jsonl', 'sml']);

/** Turn an import outcome into a translated log line; equipment imports name their table and list their warnings on further lines, STDF lines carry their import record. */
export function useImportMessages(): (outcome: ImportOutcome, source: ImportSource) => ImportMessage {
  const { t, n } = useI18n();
  return (outcome, source) => {
    if (outcome.kind === 'duplicate') return { kind: 'info', text: t('import.duplicate', { file: source.name }) };
    if (outcome.kind === 'needs-mapping') return { kind: 'info', text: t('mapping.title', { file: source.name }) };
    const record = outcome.record;
    const rows = n(record.rows, 'integer');
    // STDF lines carry their record: the log shows a warnings count that expands, and File Info.
    // A damaged file that was partly read is amber and says how much is missing, never a plain "ok".
    if (record.partial) {
      const text = t('importLog.partial', { file: source.name, rows, unread: n(record.partial.unreadBytes, 'integer'), offset: n(record.partial.offset, 'integer') });
      return { kind: 'partial', text, record };
    }
    if (record.format === 'stdf') return { kind: 'ok', text: t('import.imported', { file: source.name, rows }), record };
    if (record.format === 'wafer-map') return { kind: 'ok', text: t('import.mapImported', { file: source.name, rows }) };
    if (record.format === 'klarf') return { kind: 'ok', text: t('import.defectsImported', { file: source.name, rows }) };
    if (!equipmentFormats.has(record.format)) return { kind: 'ok', text: t('import.imported', { file: source.name, rows }) };
    const table = Object.keys(record.files)[0] ?? 'equipment_history';
    const lines = [t('equipment.imported', { file: source.name, rows, table: t(`equipment.tables.${table}`) }), ...record.warnings.map((text) => t('equipment.warning', { text }))];
    return { kind: record.warnings.length > 0 ? 'info' : 'ok', text: lines.join('\n') };
  };
}
