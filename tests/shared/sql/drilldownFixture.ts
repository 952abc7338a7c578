import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { createBaseTablesSql, derivedViewsSql } from '../../../shared/schema/canonical.ts';
import { appendResults } from '../../support/appendResults.ts';

/** One crafted die (final result) with its values at every insertion. */
export interface CraftedDie {
  lot: string;
  wafer: string;
  x: number;
  y: number;
  site: number;
  hardBin: number;
  softBin: number;
  pass: boolean;
  insertions: number;
  testedAt: number;
  /** test number → value per insertion (index 0 = insertion 1); null = not measured. */
  values: Map<number, (number | null)[]>;
}

/** A small deterministic generator (mulberry32) so the crafted data is the same every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Tests of the crafted product with their limits. */
export const craftedTests = [
  { testNum: 101, name: 'vdd', units: 'V', lo: 0.9, hi: 1.1 },
  { testNum: 102, name: 'leak', units: 'nA', lo: null, hi: 5 },
  { testNum: 103, name: 'freq', units: 'MHz', lo: 100, hi: 200 },
];

/** Two lots of two wafers on a 7 x 6 grid, some dies retested (their first value differs). */
export function craftDies(): CraftedDie[] {
  const random = seededRandom(42);
  const dies: CraftedDie[] = [];
  let clock = Date.UTC(2026, 9, 1);
  for (const lot of ['L1', 'L2']) {
    for (const wafer of ['1', '2']) {
      for (let y = 0; y < 6; y++) {
        for (let x = 0; x < 7; x++) {
          clock += 1000;
          const hardBin = random() < 0.7 ? 1 : [3, 4, 4, 5][Math.floor(random() * 4)] ?? 3;
          const insertions = random() < 0.15 ? 2 : 1;
          const values = new Map<number, (number | null)[]>();
          for (const test of craftedTests) {
            const draw = (): number | null => (random() < 0.05 ? null : Math.round((test.testNum === 101 ? 1 + (random() - 0.5) * 0.3 : test.testNum === 102 ? random() * 7 : 150 + (random() - 0.4) * 80 + (lot === 'L2' ? 10 : 0)) * 1000) / 1000);
            values.set(test.testNum, Array.from({ length: insertions }, draw));
          }
          dies.push({ lot, wafer, x, y, site: 1 + (x % 2) + 2 * (y % 2), hardBin, softBin: hardBin === 1 ? 1 + Math.floor(random() * 2) : hardBin * 10, pass: hardBin === 1, insertions, testedAt: clock, values });
        }
      }
    }
  }
  return dies;
}

const sqlText = (value: string | null): string => (value === null ? 'NULL' : `'${value}'`);
const timestamp = (millis: number): string => `'${new Date(millis).toISOString()}'::TIMESTAMP`;

/** An in-memory engine with the canonical tables filled from the crafted dies. */
export async function craftedEngine(dies: CraftedDie[]): Promise<WasmNodeSqlEngine> {
  const engine = await WasmNodeSqlEngine.open();
  for (const statement of createBaseTablesSql()) await engine.exec(statement);
  for (const view of derivedViewsSql) await engine.exec(view);
  const dieRows = dies.map((die) => `('P', '${die.lot}', '${die.wafer}', ${die.x}, ${die.y}, NULL, ${die.site}, ${die.hardBin}, ${die.softBin}, ${die.pass}, ${die.pass}, ${die.insertions}, ${timestamp(die.testedAt)}, 1.0, 'i')`);
  await engine.exec(`INSERT INTO dies VALUES ${dieRows.join(',')}`);
  const resultRows: string[] = [];
  for (const die of dies) {
    for (const [testNum, values] of die.values) {
      values.forEach((value, index) => {
        if (value !== null) resultRows.push(`('P', '${die.lot}', '${die.wafer}', ${die.x}, ${die.y}, ${index + 1}, ${testNum}, ${value}, 'i')`);
      });
    }
  }
  await appendResults(engine, (into) => engine.exec(`INSERT INTO ${into} (product, lot, wafer, x, y, insertion, test_num, value, import_id) VALUES ${resultRows.join(',')}`));
  const testRows = craftedTests.map((test) => `('P', ${test.testNum}, '${test.name}', '${test.units}', ${test.lo ?? 'NULL'}, ${test.hi ?? 'NULL'}, 'i')`);
  await engine.exec(`INSERT INTO tests (product, test_num, name, units, lo_limit, hi_limit, import_id) VALUES ${testRows.join(',')}`);
  const bins = [['hard', 1, 'PASS', true], ['hard', 3, 'OPEN', false], ['hard', 4, 'LEAK', false], ['hard', 5, 'FUNC', false], ['soft', 1, 'PASS', true], ['soft', 2, 'SLOW', true], ['soft', 30, 'OPEN', false], ['soft', 40, 'LEAK', false], ['soft', 50, 'FUNC', false]] as const;
  await engine.exec(`INSERT INTO bins VALUES ${bins.map(([type, bin, name, pass]) => `('P', '${type}', ${bin}, ${sqlText(name)}, ${pass}, 'i')`).join(',')}`);
  return engine;
}

/** Final value of a die for a test (value at its last insertion), null when not measured. */
export function finalValue(die: CraftedDie, testNum: number): number | null {
  return die.values.get(testNum)?.[die.insertions - 1] ?? null;
}
