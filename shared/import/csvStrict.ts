/**
 * Strict checks of a die-level CSV before anything is staged (issue #13 §1): DuckDB's reader is lenient
 * (a hard bin "1.5" or a pass "maybe" became NULL or false, a column of decimal commas quietly stopped being
 * a test). A file that breaks a rule is rejected whole, naming file:line:column and what was expected.
 */
import { gunzipSync } from 'fflate';
import type { CsvColumnMapping, DieColumnRole } from '../sql/csvImportSql.ts';

/** Which CSV rule was broken, for a text in the UI's language (issue #13 §5); `detail` keeps the English. */
export type CsvProblemCode =
  | 'unclosedQuote' | 'textAfterQuote' | 'quoteInValue' | 'emptyFile' | 'duplicateColumn' | 'fieldCount'
  | 'valueEmpty' | 'notInteger' | 'notPassFail' | 'decimalComma' | 'notNumber'
  // A test column's value: its own codes, so the UI says "test" in its language around the column name (issue #13 §5).
  | 'testDecimalComma' | 'testNotNumber';

/** A CSV rule broken at a place in the file (line and column count from 1; column = field number). */
export class CsvFormatError extends Error {
  override readonly name = 'CsvFormatError';

  constructor(
    readonly fileName: string, readonly line: number, readonly column: number, readonly detail: string,
    readonly code?: CsvProblemCode, readonly params: Record<string, string | number> = {},
  ) {
    super(`${fileName}:${line}:${column}: ${detail}; nothing imported`);
  }

  /** The refusal as an i18n code (`csv.<code>`) and its params: file, line and field as text (no digit grouping), then the rule's own. */
  get problem(): { code: string; params: Record<string, string | number> } | undefined {
    return this.code ? { code: `csv.${this.code}`, params: { file: this.fileName, line: String(this.line), at: String(this.column), ...this.params } } : undefined;
  }
}

/** The text of a CSV file's bytes (gzip decoded, BOM dropped); a damaged gzip stream throws, naming it. */
export function csvText(bytes: Uint8Array): string {
  let plain = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      plain = gunzipSync(bytes);
    } catch (error) {
      throw new Error(`not a readable CSV file: its gzip stream is damaged (${(error as Error).message}), nothing imported`);
    }
  }
  return new TextDecoder('utf-8').decode(plain).replace(/^\uFEFF/, '');
}

/** One parsed record: its fields and the line it starts on. */
interface CsvRecord {
  fields: string[];
  line: number;
}

/** RFC 4180 records with `delimiter`; an unbalanced quote throws a CsvFormatError at the quote. */
function parseRecords(text: string, delimiter: string, fileName: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let index = 0;
  const end = text.length;
  while (index < end) {
    const char = text[index];
    if (char === '"' && field === '') {
      const quoteLine = line;
      const quoteColumn = fields.length + 1;
      index++;
      for (;;) {
        if (index >= end) throw new CsvFormatError(fileName, quoteLine, quoteColumn, 'a quote opened here is never closed (expected a closing ")', 'unclosedQuote');
        const inner = text[index];
        if (inner === '"') {
          if (text[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          index++;
          break;
        }
        if (inner === '\n') line++;
        field += inner;
        index++;
      }
      const next = text[index];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new CsvFormatError(fileName, line, fields.length + 1, `text after a closing quote (expected "${delimiter}" or the end of the line)`, 'textAfterQuote', { delimiter });
      }
      // Keep quoted fields apart from empty ones: a quoted empty value is still a value.
      field = field === '' ? '\u0000' : field;
      continue;
    }
    if (char === '"') throw new CsvFormatError(fileName, line, fields.length + 1, 'a quote inside an unquoted value (expected the whole value in quotes, with "" for a quote)', 'quoteInValue');
    if (char === delimiter) {
      fields.push(field);
      field = '';
      index++;
      continue;
    }
    if (char === '\r' || char === '\n') {
      fields.push(field);
      if (!(fields.length === 1 && fields[0] === '')) records.push({ fields: fields.map((value) => (value === '\u0000' ? '' : value)), line: recordLine });
      fields = [];
      field = '';
      index += char === '\r' && text[index + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += char;
    index++;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ fields: fields.map((value) => (value === '\u0000' ? '' : value)), line: recordLine });
  }
  return records;
}

/** The delimiter of the header line: the most frequent of , ; tab and | outside quotes (comma when none). */
function headerDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n/) >>> 0 || text.length).replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t', '|']) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}

/** The file's header and rows, after the structural rules: unique header names, balanced quotes, the header's field count on every row. */
export function checkCsvStructure(text: string, fileName: string): { header: string[]; rows: CsvRecord[] } {
  const [head, ...rows] = parseRecords(text, headerDelimiter(text), fileName);
  if (!head) throw new CsvFormatError(fileName, 1, 1, 'the file is empty (expected a header line)', 'emptyFile');
  const header = head.fields.map((name) => name.trim());
  const seen = new Map<string, number>();
  header.forEach((name, index) => {
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) throw new CsvFormatError(fileName, head.line, index + 1, `column name "${name}" is duplicated (also column ${first + 1}; expected each column once)`, 'duplicateColumn', { name, first: String(first + 1) });
    seen.set(key, index);
  });
  for (const row of rows) {
    if (row.fields.length !== header.length) {
      const column = Math.min(row.fields.length, header.length) + 1;
      throw new CsvFormatError(fileName, row.line, column, `${row.fields.length} values, expected ${header.length} as in the header`, 'fieldCount', { count: row.fields.length, expected: header.length });
    }
  }
  return { header, rows };
}

const integerPattern = /^[+-]?\d+$/;
const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(nan|inf|infinity)$/i;
const decimalCommaPattern = /^[+-]?\d+,\d+$/;
/** Pass values the importer understands (case-insensitive). */
const passWords = new Set(['1', '0', 'true', 'false', 't', 'f', 'p', 'pass', 'fail', 'y', 'n', 'yes', 'no', 'good', 'bad']);
const integerRoles: readonly DieColumnRole[] = ['x', 'y', 'site', 'hard_bin', 'soft_bin', 'insertion'];
const requiredValueRoles: readonly DieColumnRole[] = ['lot', 'wafer', 'x', 'y', 'hard_bin'];

/** What a value of a role or test column must look like: null when it does, else what was expected (English, and its code). */
function valueProblem(value: string, kind: 'integer' | 'pass' | 'number' | 'other', required: boolean): { text: string; code: CsvProblemCode } | null {
  const trimmed = value.trim();
  if (trimmed === '') return required ? { text: 'is empty (expected a value)', code: 'valueEmpty' } : null;
  if (kind === 'integer' && !integerPattern.test(trimmed)) return { text: `"${value}" is not a whole number (expected an integer)`, code: 'notInteger' };
  if (kind === 'pass' && !passWords.has(trimmed.toLowerCase())) return { text: `"${value}" is not a pass/fail value (expected 1/0, P/F, PASS/FAIL, TRUE/FALSE, Y/N)`, code: 'notPassFail' };
  if (kind === 'number' && !numberPattern.test(trimmed)) {
    return decimalCommaPattern.test(trimmed)
      ? { text: `"${value}" has a decimal comma (expected a number with a decimal point)`, code: 'decimalComma' }
      : { text: `"${value}" is not a number (expected a decimal number)`, code: 'notNumber' };
  }
  return null;
}

/**
 * The value rules, once the columns' roles are known: integer x/y/site/bins/insertion, a known pass
 * vocabulary, numeric test columns, values in every required column, and no column left out of the
 * import that holds decimal-comma numbers (a test column DuckDB would have read as text).
 */
export function checkDieCsvValues(parsed: { header: string[]; rows: CsvRecord[] }, mapping: CsvColumnMapping, fileName: string): void {
  const checks: { index: number; label: string; kind: 'integer' | 'pass' | 'number' | 'other'; required: boolean; testColumn?: string }[] = [];
  const indexOf = (name: string): number => parsed.header.indexOf(name.trim());
  for (const [role, name] of Object.entries(mapping.roles) as [DieColumnRole, string | undefined][]) {
    if (!name || indexOf(name) < 0) continue;
    const kind = integerRoles.includes(role) ? 'integer' : role === 'pass' ? 'pass' : role === 'test_time_ms' ? 'number' : 'other';
    checks.push({ index: indexOf(name), label: role, kind, required: requiredValueRoles.includes(role) });
  }
  for (const test of mapping.tests) if (indexOf(test.column) >= 0) checks.push({ index: indexOf(test.column), label: `test ${test.column}`, kind: 'number', required: false, testColumn: test.column });
  const used = new Set(checks.map((check) => check.index));
  const unused = parsed.header.map((_, index) => index).filter((index) => !used.has(index));
  for (const row of parsed.rows) {
    for (const check of checks) {
      const problem = valueProblem(row.fields[check.index] ?? '', check.kind, check.required);
      if (!problem) continue;
      const value = row.fields[check.index] ?? '';
      if (check.testColumn !== undefined && (problem.code === 'notNumber' || problem.code === 'decimalComma')) {
        const code = problem.code === 'notNumber' ? 'testNotNumber' : 'testDecimalComma';
        throw new CsvFormatError(fileName, row.line, check.index + 1, `${check.label} ${problem.text}`, code, { name: check.testColumn, value });
      }
      throw new CsvFormatError(fileName, row.line, check.index + 1, `${check.label} ${problem.text}`, problem.code, { name: check.label, value });
    }
    for (const index of unused) {
      const value = (row.fields[index] ?? '').trim();
      if (decimalCommaPattern.test(value)) {
        throw new CsvFormatError(fileName, row.line, index + 1, `${parsed.header[index]} "${value}" has a decimal comma (expected a number with a decimal point)`, 'decimalComma', { name: parsed.header[index] ?? '', value });
      }
    }
  }
}
