/**
 * Import warnings in the user's language (issue #15 §4): every code shared/import can raise has an
 * English and a Vietnamese text with the same placeholders; the app's English is the manifest's English
 * text (what the CLI prints); Vietnamese shows the counts in its number format and names and ids as the
 * file has them; a warning without a code keeps its stored text.
 */
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { IMPORT_WARNING_CODES, importWarning, warningFields, type ImportWarning, type ImportWarningCode } from '../../shared/import/importWarning.ts';
import { EQUIPMENT_FIELDS } from '../../shared/equipment/columns.ts';
import { EQUIPMENT_PROBLEM_CODES, EQUIPMENT_PROBLEM_EN, problemOnLine, type EquipmentProblemCode } from '../../shared/equipment/rowProblems.ts';
import type { ImportRecord } from '../../shared/workspace/manifest.ts';
import type { ImportSource } from '../../renderer/src/services/importSource.ts';
import { importWarningTexts } from '../../renderer/src/composables/importWarningText.ts';
import { importMessageText } from '../../renderer/src/composables/importLogText.ts';
import { describeImport } from '../../renderer/src/composables/useImportMessages.ts';
import en from '../../renderer/src/i18n/importWarning.en.ts';
import vi from '../../renderer/src/i18n/importWarning.vi.ts';
import problemEn from '../../renderer/src/i18n/equipmentProblem.en.ts';
import problemVi from '../../renderer/src/i18n/equipmentProblem.vi.ts';
import equipmentEn from '../../renderer/src/i18n/equipment.en.ts';
import equipmentVi from '../../renderer/src/i18n/equipment.vi.ts';

const integer = { integer: { maximumFractionDigits: 0 } } as const;

function translator(locale: 'en' | 'vi') {
  const i18n = createI18n({
    legacy: false, locale, messages: { en: { ...en, ...problemEn, ...equipmentEn }, vi: { ...vi, ...problemVi, ...equipmentVi } }, numberFormats: { en: integer, vi: integer },
  });
  const { t, te, n } = i18n.global;
  return { t: (key: string, values: Record<string, unknown>) => t(key, values), te: (key: string) => te(key, locale), n: (value: number, format: string) => n(value, format) };
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

/** One warning of every code, with the values an import would give it. */
const samples: Record<ImportWarningCode, Record<string, string | number>> = {
  rowsSkipped: { count: 2, problems: 'line 5: start is not a date/time; line 9: missing lot' },
  rowsSkippedMore: { count: 1234, problems: 'line 5: start is not a date/time', more: 1233 },
  equipmentLotNotTested: { count: 2, ids: 'T1, X9' },
  equipmentWaferNotTested: { count: 12, ids: 'T1/4, T1/5, ...' },
  equipmentWaferNoHistory: { count: 1, ids: 'T1/3' },
  smlLinesNotUnderstood: { count: 3, lines: 'line 17: <U4 BROKEN; line 40: S9F9' },
  stdfIncomplete: { file: 'OR26003_w07.stdf', offset: 1048576 },
};

describe('import warning texts', () => {
  it('exist in English and Vietnamese for every code, with the same placeholders', () => {
    expect(Object.keys(en.importWarning).sort()).toEqual([...IMPORT_WARNING_CODES].sort());
    expect(Object.keys(vi.importWarning).sort()).toEqual([...IMPORT_WARNING_CODES].sort());
    for (const code of IMPORT_WARNING_CODES) {
      expect(placeholders(vi.importWarning[code]), code).toEqual(placeholders(en.importWarning[code]));
      expect(placeholders(en.importWarning[code]), code).toEqual(Object.keys(samples[code]).sort());
    }
  });

  it('say in English what the manifest stores, and the same values in Vietnamese', () => {
    const warnings: ImportWarning[] = IMPORT_WARNING_CODES.map((code) => importWarning(code, samples[code]));
    const record = warningFields(warnings);
    const english = importWarningTexts(translator('en'), record);
    const vietnamese = importWarningTexts(translator('vi'), record);
    expect(english).toEqual(warnings.map((warning) => warning.message.replace(/\b(1234|1233|1048576)\b/g, (digits) => Number(digits).toLocaleString('en'))));
    for (const [index, text] of vietnamese.entries()) {
      const params = samples[IMPORT_WARNING_CODES[index]!];
      expect(text).not.toMatch(/[{}]/);
      expect(text).not.toBe(english[index]);
      for (const value of Object.values(params)) expect(text).toContain(typeof value === 'number' ? value.toLocaleString('vi-VN') : value);
    }
    expect(vietnamese[1]).toBe('1.234 dòng bị bỏ qua: line 5: start is not a date/time; còn 1.233 dòng khác');
  });

  it('keep the stored text of a warning without a code', () => {
    const record = warningFields(['cross-check: 2 PRRs but 3 parts counted', importWarning('stdfIncomplete', samples.stdfIncomplete)]);
    expect(importWarningTexts(translator('vi'), record)[0]).toBe('cross-check: 2 PRRs but 3 parts counted');
    expect(importWarningTexts(translator('vi'), { warnings: ['an old record'] })).toEqual(['an old record']);
  });
});

/** One problem of every code, with the values an import gives it (the file's text as written). */
const problemSamples: Record<EquipmentProblemCode, Record<string, string>> = {
  missing: { field: 'lot' },
  notDateTime: { field: 'start', value: 'yesterday' },
  notNumber: { field: 'value', value: '12,5' },
  endBeforeStart: {},
  notYearFirstDateTime: { value: '05/10/2026' },
  valueNotNumber: { value: 'n/a' },
  unsupportedValueType: { type: 'boolean' },
  endBeforeStartAt: { end: '2026-10-05T10:00:00', start: '2026-10-05T11:00:00' },
  notJsonObject: {},
  notJson: { message: 'Unexpected end of JSON input' },
};

/** A record whose skipped-rows warning lists one problem of every code, on lines 2, 3, ... as the import stores it. */
function skippedRowsRecord(): Pick<ImportRecord, 'warnings' | 'warningCodes'> {
  const problems = EQUIPMENT_PROBLEM_CODES.map((code, index) => problemOnLine({ code, params: problemSamples[code] }, index + 2));
  const warning = importWarning('rowsSkipped', { count: problems.length, problems: problems.map((problem) => problem.message).join('; ') });
  return warningFields([{ ...warning, problems: problems.map(({ code, params }) => ({ code, params })) }]);
}

describe('equipment row problems in the import warning (issue #15 §4)', () => {
  it('have an English and a Vietnamese text for every code, with the line and the params the shared English names', () => {
    expect(Object.keys(problemEn.equipmentProblem).filter((key) => key !== 'fields').sort()).toEqual([...EQUIPMENT_PROBLEM_CODES].sort());
    for (const code of EQUIPMENT_PROBLEM_CODES) {
      expect(placeholders(problemEn.equipmentProblem[code]), code).toEqual(['line', ...placeholders(EQUIPMENT_PROBLEM_EN[code])].sort());
      expect(placeholders(problemVi.equipmentProblem[code]), code).toEqual(placeholders(problemEn.equipmentProblem[code]));
      expect(placeholders(EQUIPMENT_PROBLEM_EN[code]), code).toEqual(Object.keys(problemSamples[code]).sort());
    }
  });

  it('name every canonical field: as the CLI does in English, in Vietnamese words', () => {
    const fields = [...new Set(Object.values(EQUIPMENT_FIELDS).flatMap((specs) => specs.map((spec) => spec.field)))].sort();
    expect(Object.keys(problemEn.equipmentProblem.fields).sort()).toEqual(fields);
    for (const field of fields) expect(problemEn.equipmentProblem.fields[field as keyof typeof problemEn.equipmentProblem.fields]).toBe(field);
    expect(Object.keys(problemVi.equipmentProblem.fields).sort()).toEqual(fields);
  });

  it('say in English word for word what the manifest stores, and each line in Vietnamese with the file\'s values as written', () => {
    const record = skippedRowsRecord();
    expect(importWarningTexts(translator('en'), record)).toEqual(record.warnings);
    const [vietnamese = ''] = importWarningTexts(translator('vi'), record);
    expect(vietnamese.startsWith('10 dòng bị bỏ qua: dòng 2: thiếu lô; dòng 3: thời điểm bắt đầu không phải ngày/giờ: "yesterday"; ')).toBe(true);
    for (const params of Object.values(problemSamples)) for (const value of Object.values(params).filter((text) => text !== 'lot' && text !== 'start' && text !== 'value')) expect(vietnamese).toContain(value);
    // No English sentence is left inside the Vietnamese one: not 'line N', not a field's English name, not the English checks.
    expect(vietnamese).not.toMatch(/\bline \d|\bmissing\b|is not a|before start|JSON object|\bstart is\b/);
  });

  it('say the same in the import log, drawn in the language shown', () => {
    const stored = skippedRowsRecord();
    const record = { importId: 'i', sourceFile: 'history.csv', format: 'equipment-csv', rows: 4, files: { equipment_history: 'x.parquet' }, ...stored } as unknown as ImportRecord;
    const message = describeImport({ kind: 'imported', record }, { name: 'history.csv' } as ImportSource);
    const logLine = (locale: 'en' | 'vi') => importMessageText(translator(locale), message).split('\n')[1];
    expect(logLine('en')).toBe(stored.warnings[0]);
    expect(logLine('vi')).toBe(importWarningTexts(translator('vi'), stored)[0]);
  });

  it('keep the stored English lines when a problem code is one this version does not know', () => {
    const record = skippedRowsRecord();
    const codes = record.warningCodes?.map((coded) => (coded ? { ...coded, problems: [{ code: 'fromTheFuture', params: { line: '2' } }] } : null));
    expect(importWarningTexts(translator('vi'), { ...record, warningCodes: codes })[0]).toBe(`10 dòng bị bỏ qua: ${String(record.warningCodes?.[0]?.params.problems)}`);
  });
});
