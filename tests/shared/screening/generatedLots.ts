/**
 * Generated lots for the screening tests: seeded values with ties, missing and non-finite values,
 * a test whose PAT limits are wider than its spec, a small lot (< 30 parts), injected parametric
 * outliers inside the spec and a "good die in a bad neighbourhood", loaded into a real DuckDB.
 */
import { createBaseTablesSql, derivedViewsSql } from '../../../shared/schema/canonical.ts';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import type { OracleDie } from './screeningOracle.ts';
import { appendResults } from '../../support/appendResults.ts';

/** Tests: number, spec limits and how its values are drawn. */
export const generatedTests = [
  { test: 100, name: 'vth', lo: 0, hi: 10 },
  { test: 200, name: 'idd', lo: 4.8, hi: 5.2 },
  { test: 300, name: 'ties', lo: null, hi: null },
  { test: 400, name: 'gaps', lo: 0, hi: 2 },
] as const;

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number, mean: number, sigma: number): number {
  return mean + sigma * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Injected parametric outliers (test 100, inside spec) and GDBN centres, per lot "wafer/x/y". */
export const injected = { parametric: ['W1/3/9', 'W2/10/2'], gdbnCenter: 'W1/8/8' };

/** Dies of lots L1..L7 (2 wafers of 12 x 12) and the small lot L8 (20 dies of one wafer). */
export function generatedDies(seed = 16): OracleDie[] {
  const random = seeded(seed);
  const dies: OracleDie[] = [];
  const lots = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8'];
  for (const lot of lots) {
    for (const wafer of lot === 'L8' ? ['W1'] : ['W1', 'W2']) {
      for (let y = 0; y < 12; y++) {
        for (let x = 0; x < 12; x++) {
          if (lot === 'L8' && y * 12 + x >= 20) continue;
          const key = `${wafer}/${x}/${y}`;
          const values = new Map<number, number | null>([
            [100, injected.parametric.includes(key) ? 9.5 : normal(random, 5, 0.5)],
            [200, normal(random, 5, 0.08)],
            [300, Math.round(normal(random, 3, 1) * 2) / 2],
            [400, random() < 0.1 ? null : random() < 0.04 ? NaN : normal(random, 1, 0.1)],
          ]);
          // A ring of failing dies around the GDBN centre on W1, and a few functional fails.
          const ring = wafer === 'W1' && Math.max(Math.abs(x - 8), Math.abs(y - 8)) === 1;
          const functional = (random() < 0.06 || ring) && !injected.parametric.includes(key);
          const parametric = generatedTests.some((spec) => {
            const value = values.get(spec.test);
            return value !== null && value !== undefined && Number.isFinite(value) && ((spec.lo !== null && value < spec.lo) || (spec.hi !== null && value > spec.hi));
          });
          const pass = !functional && !parametric;
          dies.push({ product: 'P', lot, wafer, x, y, pass, hardBin: pass ? 1 : functional ? 5 : 2, values });
        }
      }
    }
  }
  return dies;
}

const sqlValue = (value: number | null): string => (value === null ? 'NULL' : Number.isNaN(value) ? "'NaN'::DOUBLE" : String(value));

/** A real DuckDB (duckdb-wasm in Node) with the canonical tables filled from the dies. */
export async function generatedEngine(dies: readonly OracleDie[]): Promise<WasmNodeSqlEngine> {
  const engine = await WasmNodeSqlEngine.open();
  for (const statement of createBaseTablesSql()) await engine.exec(statement);
  for (const view of derivedViewsSql) await engine.exec(view);
  const lotIndex = (lot: string): number => Number(lot.slice(1));
  const dieRows = dies.map((die) => `('${die.product}', '${die.lot}', '${die.wafer}', ${die.x}, ${die.y}, NULL, 1, ${die.hardBin}, ${die.hardBin}, ${die.pass}, ${die.pass}, 1, TIMESTAMP '2026-10-01' + INTERVAL ${lotIndex(die.lot)} DAY, 1.0, 'i')`);
  await engine.exec(`INSERT INTO dies VALUES ${dieRows.join(',')}`);
  const resultRows = dies.flatMap((die) => [...die.values].map(([test, value]) => `('${die.product}', '${die.lot}', '${die.wafer}', ${die.x}, ${die.y}, 1, ${test}, ${sqlValue(value)}, 'i')`));
  await appendResults(engine, (into) => engine.exec(`INSERT INTO ${into} (product, lot, wafer, x, y, insertion, test_num, value, import_id) VALUES ${resultRows.join(',')}`));
  await engine.exec(`INSERT INTO tests (product, test_num, name, units, lo_limit, hi_limit, import_id) VALUES ${generatedTests.map((spec) => `('P', ${spec.test}, '${spec.name}', '', ${spec.lo ?? 'NULL'}, ${spec.hi ?? 'NULL'}, 'i')`).join(',')}`);
  await engine.exec(`INSERT INTO bins VALUES ('P', 'hard', 1, 'PASS', true, 'i'), ('P', 'hard', 2, 'PARAM', false, 'i'), ('P', 'hard', 5, 'FUNC', false, 'i')`);
  return engine;
}
