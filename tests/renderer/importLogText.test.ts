/**
 * Issue #13 §5: import-log lines follow the language the user switches to. A message keeps keys and
 * params, not text, so the same messages drawn after a switch to Vietnamese read in Vietnamese, with
 * the locale's digit grouping; nothing is left untranslated or unfilled.
 */
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import type { ImportRecord } from '../../shared/workspace/manifest.ts';
import type { ImportSource } from '../../renderer/src/services/importSource.ts';
import { importMessageText, type ImportMessage } from '../../renderer/src/composables/importLogText.ts';
import { describeImport } from '../../renderer/src/composables/useImportMessages.ts';
import baseEn from '../../renderer/src/i18n/en.ts';
import baseVi from '../../renderer/src/i18n/vi.ts';
import importEn from '../../renderer/src/i18n/import.en.ts';
import importVi from '../../renderer/src/i18n/import.vi.ts';
import equipmentEn from '../../renderer/src/i18n/equipment.en.ts';
import equipmentVi from '../../renderer/src/i18n/equipment.vi.ts';

type Messages = Record<string, Record<string, unknown>>;

/** Base strings with area files merged one level deep, as renderer/src/i18n/index.ts does (its import.meta.glob is Vite's). */
function merged(...parts: Messages[]): Messages {
  const result: Messages = {};
  for (const part of parts) for (const [area, strings] of Object.entries(part)) result[area] = { ...result[area], ...strings };
  return result;
}

const integer = { integer: { maximumFractionDigits: 0 } } as const;
const i18n = createI18n({
  legacy: false, locale: 'en',
  messages: { en: merged(baseEn as Messages, importEn as Messages, equipmentEn as Messages), vi: merged(baseVi as Messages, importVi as Messages, equipmentVi as Messages) },
  numberFormats: { en: integer, vi: integer },
});

const source = (name: string) => ({ name }) as ImportSource;
const record = (format: string, extra: Partial<ImportRecord> = {}) => ({ importId: 'i', sourceFile: 'f', format, rows: 12345, warnings: [], files: {}, ...extra }) as unknown as ImportRecord;

const messages: { name: string; message: ImportMessage }[] = [
  { name: 'CSV imported', message: describeImport({ kind: 'imported', record: record('csv') }, source('LOT1.csv')) },
  { name: 'STDF partly read', message: describeImport({ kind: 'imported', record: record('stdf', { partial: { unreadBytes: 20480, offset: 1048576 } } as Partial<ImportRecord>) }, source('cut.stdf')) },
  { name: 'duplicate', message: describeImport({ kind: 'duplicate', record: record('csv') }, source('LOT1.csv')) },
  { name: 'wafer map', message: describeImport({ kind: 'imported', record: record('wafer-map') }, source('map.xml')) },
  { name: 'equipment with a warning', message: describeImport({ kind: 'imported', record: record('equipment-csv', { files: { equipment_history: 'x' }, warnings: ['line 3: ETCH-9 unknown'] } as Partial<ImportRecord>) }, source('eq.csv')) },
  { name: 'cancelled', message: { kind: 'info', lines: [{ key: 'importLog.cancelled', params: { file: 'big.stdf' } }] } },
  { name: 'not STDF', message: { kind: 'error', lines: [{ key: 'importLog.notStdf', params: { file: 'x.stdf', looksLike: { key: 'importLog.looksLike.text' } } }] } },
  { name: 'sample tables', message: { kind: 'ok', lines: [{ key: 'importLog.sampleTables' }] } },
];

describe('import log lines in the language shown (issue #13 §5)', () => {
  it.each(messages)('$name: written in English, shown in Vietnamese after the switch', ({ message }) => {
    i18n.global.locale.value = 'en';
    const english = importMessageText(i18n.global, message);
    i18n.global.locale.value = 'vi';
    const vietnamese = importMessageText(i18n.global, message);
    i18n.global.locale.value = 'en';
    for (const text of [english, vietnamese]) expect(text, text).not.toMatch(/\{\w+\}|importLog\.|import\.|equipment\.|watch\./);
    expect(vietnamese).not.toBe(english);
    expect(vietnamese, vietnamese).not.toMatch(/\b(imported|rows|cancelled|unread|offset|looks like|already)\b/);
    if (JSON.stringify(message).includes('12345')) {
      expect(english).toContain('12,345');
      expect(vietnamese).toContain('12.345');
    }
  });
});
