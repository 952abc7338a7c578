import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Figures a user would check, computed here from the committed sample CSV files (not by the app). */
export interface SampleFigures {
  lots: number;
  wafers: number;
  dies: number;
  good: number;
  lotYield: Map<string, number>;
  /** Final yield per product (die-weighted within the product). */
  productYield: Map<string, number>;
}

const sampleDir = join(process.cwd(), 'sample-data', 'fab');

/**
 * Final result per die = its highest insertion; yields are die-weighted. Reads the die CSV of every
 * lot: for the lots the app imports from STDF (sample-data/fab/stdf) the CSV is the reference copy.
 */
export function sampleFigures(): SampleFigures {
  const finals = new Map<string, { insertion: number; pass: boolean; lot: string; product: string }>();
  const wafers = new Set<string>();
  for (const name of readdirSync(join(sampleDir, 'dies')).filter((file) => file.endsWith('.csv.gz'))) {
    const lines = gunzipSync(readFileSync(join(sampleDir, 'dies', name))).toString('utf8').split('\n');
    const header = lines[0]!.split(',');
    const at = (column: string) => header.indexOf(column);
    const [lotAt, waferAt, xAt, yAt, passAt, insertionAt, productAt] = ['lot', 'wafer', 'x', 'y', 'pass', 'insertion', 'product'].map(at) as number[];
    for (const line of lines.slice(1)) {
      if (!line) continue;
      const cells = line.split(',');
      const key = `${cells[lotAt!]}|${cells[waferAt!]}|${cells[xAt!]}|${cells[yAt!]}`;
      const insertion = Number(cells[insertionAt!]);
      wafers.add(`${cells[lotAt!]}|${cells[waferAt!]}`);
      const previous = finals.get(key);
      if (!previous || previous.insertion < insertion) finals.set(key, { insertion, pass: cells[passAt!] === '1', lot: cells[lotAt!]!, product: cells[productAt!]! });
    }
  }
  const perLot = new Map<string, { good: number; total: number }>();
  for (const die of finals.values()) {
    const entry = perLot.get(die.lot) ?? { good: 0, total: 0 };
    entry.total++;
    if (die.pass) entry.good++;
    perLot.set(die.lot, entry);
  }
  const perProduct = new Map<string, { good: number; total: number }>();
  for (const die of finals.values()) {
    const entry = perProduct.get(die.product) ?? { good: 0, total: 0 };
    entry.total++;
    if (die.pass) entry.good++;
    perProduct.set(die.product, entry);
  }
  const good = [...finals.values()].filter((die) => die.pass).length;
  return {
    lots: perLot.size,
    wafers: wafers.size,
    dies: finals.size,
    good,
    lotYield: new Map([...perLot].map(([lot, entry]) => [lot, entry.good / entry.total])),
    productYield: new Map([...perProduct].map(([product, entry]) => [product, entry.good / entry.total])),
  };
}
