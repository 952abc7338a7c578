import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';

/** One die's final result, counted here straight from the committed sample CSV files (not by the app). */
export interface TruthDie {
  product: string;
  lot: string;
  wafer: string;
  hardBin: number;
  pass: boolean;
  firstPass: boolean;
  testedAt: number;
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

const sampleDies = join(process.cwd(), 'sample-data', 'fab', 'dies');

/** Final dies (highest insertion wins) of the sample, with the pass of the first insertion. */
export function sampleFinalDies(): TruthDie[] {
  const finals = new Map<string, TruthDie & { insertion: number }>();
  const firstPass = new Map<string, boolean>();
  for (const name of readdirSync(sampleDies).filter((file) => file.endsWith('.csv.gz')).sort()) {
    const lines = new TextDecoder().decode(gunzipSync(readFileSync(join(sampleDies, name)))).split('\n');
    const header = lines[0]!.split(',');
    const at = (column: string): number => header.indexOf(column);
    const columns = ['product', 'lot', 'wafer', 'x', 'y', 'hard_bin', 'pass', 'insertion', 'tested_at'].map(at);
    const [product, lot, wafer, x, y, hardBin, pass, insertion, testedAt] = columns as [number, number, number, number, number, number, number, number, number];
    for (const line of lines.slice(1)) {
      if (!line) continue;
      const cells = line.split(',');
      const key = `${cells[lot]}|${cells[wafer]}|${cells[x]}|${cells[y]}`;
      const number = Number(cells[insertion]);
      if (number === 1) firstPass.set(key, cells[pass] === '1');
      const previous = finals.get(key);
      if (previous && previous.insertion >= number) continue;
      finals.set(key, {
        product: cells[product]!, lot: cells[lot]!, wafer: cells[wafer]!, hardBin: Number(cells[hardBin]), pass: cells[pass] === '1',
        firstPass: false, testedAt: Date.parse(cells[testedAt]!), insertion: number,
      });
    }
  }
  return [...finals].map(([key, die]) => ({ ...die, firstPass: firstPass.get(key) ?? die.pass }));
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
