/**
 * Die CSV import is strict (issue #13 §1): each broken rule rejects the whole file with file:line:column
 * and what was expected, before anything is staged. Table-driven, one engine for all cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { CsvFormatError, csvText } from '../../../shared/import/csvStrict.ts';
import { stageDieCsv } from '../../../shared/import/dieCsvImport.ts';
import { createI18n } from 'vue-i18n';
import importEn from '../../../renderer/src/i18n/import.en.ts';
import importVi from '../../../renderer/src/i18n/import.vi.ts';

const header = 'lot,wafer,x,y,hard_bin,pass,t100_vdd';
const good = 'L1,1,0,0,1,P,1.25';

/** Enough good rows that a later value lies outside DuckDB's type-sniffing sample. */
const manyGood = Array.from({ length: 20_481 }, (_, index) => `L1,1,${index},0,1,P,1.25`);

/** [case, file lines, line, column, message pattern]: line and column count from 1, column = field number. */
const CSV_REJECT_CASES: [string, string[], number, number, RegExp][] = [
  ['a hard bin "1.5"', [header, good, 'L1,1,1,0,1.5,P,1.0'], 3, 5, /hard_bin "1\.5" is not a whole number \(expected an integer\)/],
  ['pass "maybe"', [header, good, 'L1,1,1,0,1,maybe,1.0'], 3, 6, /pass "maybe" is not a pass\/fail value \(expected 1\/0, P\/F/],
  ['a quoted decimal comma in a test column', [header, good, 'L1,1,1,0,1,P,"1,5"'], 3, 7, /"1,5" has a decimal comma \(expected a number with a decimal point\)/],
  ['an unquoted decimal comma (one value too many)', [header, good, 'L1,1,1,0,1,P,1,5'], 3, 8, /8 values, expected 7 as in the header/],
  ['an unbalanced quote', [header, good, 'L1,1,1,0,1,P,"1.0', 'L1,1,2,0,1,P,1.0'], 3, 7, /a quote opened here is never closed \(expected a closing "\)/],
  ['a duplicated header', ['lot,wafer,x,y,hard_bin,pass,X', good], 1, 7, /column name "X" is duplicated \(also column 3; expected each column once\)/],
  ['a ragged row', [header, good, 'L1,1,1,0,1,P'], 3, 7, /6 values, expected 7 as in the header/],
  ['an x that is not an integer', [header, 'L1,1,a,0,1,P,1.0'], 2, 3, /x "a" is not a whole number/],
  ['an empty wafer', [header, 'L1,,0,0,1,P,1.0'], 2, 2, /wafer is empty \(expected a value\)/],
  // Past DuckDB's 20,480-row type sample the column still reads as a numeric test column; the strict check finds the word.
  ['a test value that is not a number', [header, ...manyGood, 'L1,1,1,0,1,P,high'], 20_483, 7, /test t100_vdd "high" is not a number \(expected a decimal number\)/],
];

let engine: WasmNodeSqlEngine;
beforeAll(async () => {
  engine = await WasmNodeSqlEngine.open();
});
afterAll(() => engine.close());

async function stage(lines: string[], importId: string) {
  const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
  await engine.registerBuffer(`${importId}.csv`, bytes);
  return stageDieCsv(engine, { registeredName: `${importId}.csv`, fileName: 'lot.csv', importId, defaultProduct: 'P', text: csvText(bytes) });
}

describe('strict die CSV', () => {
  it.each(CSV_REJECT_CASES)('rejects %s with file:line:column and what was expected', async (_name, lines, line, column, message) => {
    const importId = `imp${CSV_REJECT_CASES.findIndex((entry) => entry[1] === lines)}`;
    const error = await stage(lines, importId).then(() => null, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CsvFormatError);
    expect((error as Error).message).toMatch(new RegExp(`^lot\\.csv:${line}:${column}: `));
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/nothing imported$/);
    // The same refusal as a code the app says in the user's language (issue #13 §5): English word for word, Vietnamese filled.
    const problem = (error as CsvFormatError).problem;
    expect(problem).toBeDefined();
    const say = (locale: 'en' | 'vi') => createI18n({ legacy: false, locale, messages: { en: importEn, vi: importVi } }).global.t(`importLog.${problem!.code}`, problem!.params);
    expect(say('en')).toBe((error as Error).message);
    expect(say('vi')).not.toMatch(/\{\w+\}|importLog|nothing imported|expected/);
    expect(say('vi')).toMatch(new RegExp(`^lot\\.csv:${line}:${column}: .*không nhập gì$`));
    // A test column is named with the Vietnamese word for a test, never the English "test" (issue #13 §5).
    if (/ test t100_vdd /.test((error as Error).message)) expect(say('vi')).toContain(': phép đo t100_vdd "');
    expect(say('vi')).not.toMatch(/\btest\b/);
    const staged = await engine.query(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name LIKE 'stage_%_${importId}'`);
    expect(staged.get(0)?.n).toBe(0);
  });

  it('accepts a well-formed file: quoted values, CRLF, empty optional values, pass words in any case', async () => {
    const outcome = await stage(['lot,wafer,x,y,hard_bin,pass,t100_vdd\r', '"L,1",1,0,0,1,Pass,1.5\r', 'L2,1,1,0,3,FAIL,\r', 'L2,1,2,0,1,y,-2e-3\r'], 'good');
    expect(outcome.kind).toBe('staged');
    if (outcome.kind === 'staged') expect(outcome.rows).toBe(3);
  });

  it('drops a UTF-8 byte order mark', () => {
    expect(csvText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('a');
  });
});
