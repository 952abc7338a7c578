/**
 * Two die CSV files of the same wafers, written to disk like tester output: a first-pass file (some
 * dies retested in it, one of them twice) and a later retest file (some dies again, one twice in
 * that file). Their final values are recomputed from the raw CSV text, independently of the app.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The written files: a first-pass file of both lots and one retest file per lot. */
export interface RetestFiles {
  folder: string;
  paths: string[];
  texts: string[];
}

/** Lots in test order: LA first (the explain baseline), then LB. */
export const lots = ['LA', 'LB'] as const;
/** Wafers of each lot. */
export const wafers = ['1', '2'] as const;
/** Parametric tests in the files. */
export const testNumbers = [1001, 1002] as const;

const columns = 'product,lot,wafer,x,y,site,hard_bin,soft_bin,pass,insertion,tested_at,t1001_vth_n,t1002_idd';

/** A value per file, die, insertion and test that differs from every other one (4 decimals). */
function measured(file: number, lot: string, wafer: string, x: number, y: number, insertion: number, test: number): string {
  let hash = 2166136261;
  for (const character of `${file}|${lot}|${wafer}|${x}|${y}|${insertion}|${test}`) hash = Math.imul(hash ^ character.charCodeAt(0), 16777619) >>> 0;
  return ((test === 1001 ? 0.4 : 20) + (hash % 100000) / 10000).toFixed(4);
}

/** Insertions of a die in the first-pass file: 3 for die (2, 1), 2 when x + y is a multiple of 5. */
function firstPassInsertions(x: number, y: number): number {
  if (x === 2 && y === 1) return 3;
  return (x + y) % 5 === 0 ? 2 : 1;
}

/** Insertions of a die in the retest file: (2, 1) again, (4, 3) twice, and every die with 3x + y ≡ 1 (mod 4). */
function retestInsertions(x: number, y: number): number {
  if (x === 4 && y === 3) return 2;
  return (x === 2 && y === 1) || (3 * x + y) % 4 === 1 ? 1 : 0;
}

function time(day: number, minutes: number): string {
  return new Date(Date.UTC(2026, 9, day, 6, 0, 0) + minutes * 60_000).toISOString();
}

/**
 * Rows of file 1 (first pass) or 2 (retest) for some lots. In a retest file, insertions restart at 1
 * (`continueNumbering` false) or continue the first file's count (true).
 */
function dieRows(file: number, chosenLots: readonly string[], continueNumbering: boolean): string[] {
  const rows: string[] = [];
  chosenLots.forEach((lot) => wafers.forEach((wafer, waferIndex) => {
    const day = (file === 1 ? 1 : 8) + lots.indexOf(lot as (typeof lots)[number]) * 3 + waferIndex;
    // Each wafer is probed die by die, and its retests follow at the end, as a prober does.
    for (let pass = 1; pass <= 3; pass++) {
      for (let y = 0; y < 4; y++) {
        for (let x = 0; x < 5; x++) {
          const count = file === 1 ? firstPassInsertions(x, y) : retestInsertions(x, y);
          if (pass > count) continue;
          const insertion = continueNumbering ? firstPassInsertions(x, y) + pass : pass;
          const good = pass === count;
          rows.push(['P', lot, wafer, x, y, (x % 2) + 1, good ? 1 : 5, good ? 1 : 50, good ? 1 : 0, insertion,
            time(day, pass * 100 + y * 5 + x), measured(file, lot, wafer, x, y, pass, 1001), measured(file, lot, wafer, x, y, pass, 1002)].join(','));
        }
      }
    }
  }));
  return rows;
}

/**
 * Write the first-pass file of both lots, then a retest file per lot: LA's has no insertion column
 * (the importer numbers each file from 1), LB's continues the first file's insertion numbers.
 */
export function writeRetestFiles(): RetestFiles {
  const folder = mkdtempSync(join(tmpdir(), 'ym-final-results-'));
  const withoutInsertion = (line: string): string => line.split(',').filter((_, index) => index !== 9).join(',');
  const texts = [
    [columns, ...dieRows(1, lots, false)],
    [columns, ...dieRows(2, ['LA'], false)].map(withoutInsertion),
    [columns, ...dieRows(2, ['LB'], true)],
  ].map((lines) => `${lines.join('\n')}\n`);
  const paths = ['first-pass.csv', 'retest-LA.csv', 'retest-LB.csv'].map((name) => join(folder, name));
  paths.forEach((path, index) => writeFileSync(path, texts[index] ?? ''));
  return { folder, paths, texts };
}

/** One die's final values, read back from the raw CSV texts. */
export interface FinalDie {
  lot: string;
  wafer: string;
  x: number;
  y: number;
  values: Map<number, number>;
}

/** Rows of a raw CSV text as cell lookups, with each row's parametric values by test number. */
function csvRows(text: string): { cell: (name: string) => string; values: Map<number, number> }[] {
  const [header, ...lines] = text.trim().split('\n');
  const names = (header ?? '').split(',');
  const testColumns = names.filter((column) => /^t\d+_/.test(column));
  return lines.map((line) => {
    const cells = line.split(',');
    const cell = (name: string): string => cells[names.indexOf(name)] ?? '';
    return { cell, values: new Map(testColumns.map((name) => [Number(name.slice(1, name.indexOf('_'))), Number(cell(name))])) };
  });
}

/**
 * The final value of every die and test, from the raw files: the row with the latest tested_at
 * across both files (later rows of a file win ties), found with a plain loop.
 */
export function finalDiesFromFiles(texts: readonly string[]): FinalDie[] {
  const latest = new Map<string, { testedAt: string; die: FinalDie }>();
  for (const { cell, values } of texts.flatMap(csvRows)) {
    const key = `${cell('lot')}/${cell('wafer')}/${cell('x')}/${cell('y')}`;
    const previous = latest.get(key);
    if (!previous || cell('tested_at') >= previous.testedAt) {
      latest.set(key, { testedAt: cell('tested_at'), die: { lot: cell('lot'), wafer: cell('wafer'), x: Number(cell('x')), y: Number(cell('y')), values } });
    }
  }
  return [...latest.values()].map((entry) => entry.die);
}

/** Mean and count of numbers. */
export function meanOf(values: readonly number[]): { n: number; mean: number } {
  return { n: values.length, mean: values.reduce((sum, value) => sum + value, 0) / values.length };
}

/** Every test of one die across the raw files, in tested_at order: what the die detail lists. */
export function allTestsOfDie(texts: readonly string[], lot: string, wafer: string, x: number, y: number): { testedAt: string; values: Map<number, number> }[] {
  const found = texts.flatMap(csvRows)
    .filter(({ cell }) => cell('lot') === lot && cell('wafer') === wafer && Number(cell('x')) === x && Number(cell('y')) === y)
    .map(({ cell, values }) => ({ testedAt: cell('tested_at'), values }));
  return found.sort((a, b) => a.testedAt.localeCompare(b.testedAt));
}
