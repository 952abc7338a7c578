/**
 * The one reader of the committed sample fab's CSV files for tests (issue #15 §3): figures a user
 * would check, computed here by plain loops over the files the generator wrote, never by the app.
 * The sample's CSVs hold no quoted fields (the generator writes none), so a split on commas reads
 * them exactly; `sampleCsvRows` refuses a line with a quote rather than misread it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The sample fab's folder (sample-data/fab) from the repository root. */
export const sampleFabDir = join(process.cwd(), 'sample-data', 'fab');

/** Rows of one sample CSV (`.csv` or `.csv.gz`, path relative to sample-data/fab) as column → text. */
export function sampleCsvRows(relativePath: string): Record<string, string>[] {
  const file = join(sampleFabDir, relativePath);
  const bytes = readFileSync(file);
  const text = (relativePath.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const [headerLine = '', ...lines] = text.split('\n').filter((line) => line.length > 0);
  const header = headerLine.split(',');
  return lines.map((line, index) => {
    if (line.includes('"')) throw new Error(`${file}:${index + 2}: quoted field; the sample-truth reader expects none`);
    const cells = line.split(',');
    return Object.fromEntries(header.map((name, at) => [name, cells[at] ?? '']));
  });
}

/** The die CSV files of the sample (one per lot), sorted by name. */
export function sampleDieFiles(): string[] {
  return readdirSync(join(sampleFabDir, 'dies')).filter((name) => name.endsWith('.csv.gz')).sort().map((name) => join('dies', name));
}

/** One die's final result. */
export interface TruthDie {
  product: string;
  lot: string;
  wafer: string;
  x: number;
  y: number;
  hardBin: number;
  pass: boolean;
  /** Pass at the first insertion. */
  firstPass: boolean;
  testedAt: number;
}

/**
 * Final dies of the sample: the highest insertion of each (lot, wafer, x, y) wins, with the pass
 * of its first insertion. For the lots the app imports from STDF the CSV is the reference copy.
 */
export function sampleFinalDies(): TruthDie[] {
  const finals = new Map<string, TruthDie & { insertion: number }>();
  const firstPass = new Map<string, boolean>();
  for (const file of sampleDieFiles()) {
    for (const row of sampleCsvRows(file)) {
      const key = `${row['lot']}|${row['wafer']}|${row['x']}|${row['y']}`;
      const insertion = Number(row['insertion']);
      const pass = row['pass'] === '1';
      if (insertion === 1) firstPass.set(key, pass);
      const previous = finals.get(key);
      if (previous && previous.insertion >= insertion) continue;
      finals.set(key, {
        product: row['product']!, lot: row['lot']!, wafer: row['wafer']!, x: Number(row['x']), y: Number(row['y']),
        hardBin: Number(row['hard_bin']), pass, firstPass: false, testedAt: Date.parse(row['tested_at']!), insertion,
      });
    }
  }
  return [...finals].map(([key, { insertion: _insertion, ...die }]) => ({ ...die, firstPass: firstPass.get(key) ?? die.pass }));
}

/** Figures a user would check on the overview. */
export interface SampleFigures {
  lots: number;
  wafers: number;
  dies: number;
  good: number;
  lotYield: Map<string, number>;
  /** Final yield per product (die-weighted within the product). */
  productYield: Map<string, number>;
}

/** Good / total per key. */
function yieldBy(dies: readonly TruthDie[], keyOf: (die: TruthDie) => string): Map<string, number> {
  const counts = new Map<string, { good: number; total: number }>();
  for (const die of dies) {
    const entry = counts.get(keyOf(die)) ?? { good: 0, total: 0 };
    entry.total++;
    if (die.pass) entry.good++;
    counts.set(keyOf(die), entry);
  }
  return new Map([...counts].map(([key, entry]) => [key, entry.good / entry.total]));
}

/** The overview's figures of the whole sample: final results, die-weighted yields. */
export function sampleFigures(dies: readonly TruthDie[] = sampleFinalDies()): SampleFigures {
  const lotYield = yieldBy(dies, (die) => die.lot);
  return {
    lots: lotYield.size,
    wafers: new Set(dies.map((die) => `${die.lot}|${die.wafer}`)).size,
    dies: dies.length,
    good: dies.filter((die) => die.pass).length,
    lotYield,
    productYield: yieldBy(dies, (die) => die.product),
  };
}

/** Figures of a set of final dies. */
export interface TruthFigures {
  lots: number;
  wafers: number;
  dies: number;
  good: number;
  yield: number;
  firstPassYield: number;
  failsByBin: Map<number, number>;
}

/** Dies of the wafers whose first (final-result) test time is in [fromDay, toDay + 1 day), for the products (empty = all). */
export function diesInPeriod(dies: readonly TruthDie[], fromDay: string, toDay: string, products: readonly string[] = []): TruthDie[] {
  const firstTest = new Map<string, number>();
  for (const die of dies) {
    const key = `${die.lot}|${die.wafer}`;
    firstTest.set(key, Math.min(firstTest.get(key) ?? Infinity, die.testedAt));
  }
  const start = Date.parse(`${fromDay}T00:00:00Z`);
  const end = Date.parse(`${toDay}T00:00:00Z`) + 86_400_000;
  return dies.filter((die) => {
    const first = firstTest.get(`${die.lot}|${die.wafer}`)!;
    return first >= start && first < end && (products.length === 0 || products.includes(die.product));
  });
}

/** Counts and yields of a set of final dies. */
export function figuresOf(dies: readonly TruthDie[]): TruthFigures {
  const failsByBin = new Map<number, number>();
  let good = 0;
  let firstGood = 0;
  for (const die of dies) {
    if (die.pass) good++;
    else failsByBin.set(die.hardBin, (failsByBin.get(die.hardBin) ?? 0) + 1);
    if (die.firstPass) firstGood++;
  }
  return {
    lots: new Set(dies.map((die) => die.lot)).size,
    wafers: new Set(dies.map((die) => `${die.lot}|${die.wafer}`)).size,
    dies: dies.length, good, yield: good / dies.length, firstPassYield: firstGood / dies.length, failsByBin,
  };
}
