import { useI18n } from 'vue-i18n';
import type { ImportMessage } from '../stores/workspace';
import type { ImportOutcome } from '../services/workspaceService';
import type { ImportSource } from '../services/importSource';

/** Turn an import outcome into a translated log line. */
export function useImportMessages(): (outcome: ImportOutcome, source: ImportSource) => ImportMessage {
  const { t, n } = useI18n();
  return (outcome, source) => {
    if (outcome.kind === 'imported') return { kind: 'ok', text: t('import.imported', { file: source.name, rows: n(outcome.record.rows, 'integer') }) };
    if (outcome.kind === 'duplicate') return { kind: 'info', text: t('import.duplicate', { file: source.name }) };
    return { kind: 'info', text: t('mapping.title', { file: source.name }) };
  };
}
