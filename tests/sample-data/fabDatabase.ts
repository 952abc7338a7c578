import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WasmNodeSqlEngine } from '../../node/engine/wasmNodeEngine.ts';

/** One wafer entry of ground-truth.json. */
export interface TruthWafer {
  lot: string;
  wafer: number;
  product: string;
  signature: string;
  degraded: boolean;
}

/** The parts of ground-truth.json the tests read. */
export interface GroundTruth {
  seed: number;
  generatedBy: string;
  degraded: { step: string; factor: string; level: string; from: string };
  wafers: TruthWafer[];
  drifts: { product: string; test: number; column: string; from: string; shift: number }[];
}

/** Read ground-truth.json of a generated folder. */
export function readGroundTruth(folder: string): GroundTruth {
  return JSON.parse(readFileSync(join(folder, 'ground-truth.json'), 'utf8')) as GroundTruth;
}

/**
 * Load a generated folder into DuckDB as tables: dies (every insertion), final (last insertion per
 * die), wafers, tests, bins, equipment, truth (ground-truth wafers).
 */
export async function openFabDatabase(folder: string): Promise<WasmNodeSqlEngine> {
  const engine = await WasmNodeSqlEngine.open();
  const dieFiles = readdirSync(join(folder, 'dies')).filter((name) => name.endsWith('.csv.gz')).sort();
  for (const name of dieFiles) await engine.registerBuffer(`dies/${name}`, readFileSync(join(folder, 'dies', name)));
  for (const name of ['wafers.csv', 'tests.csv', 'bins.csv', 'equipment.csv']) await engine.registerBuffer(name, readFileSync(join(folder, name)));
  const fileList = dieFiles.map((name) => `'dies/${name}'`).join(', ');
  await engine.exec(`CREATE TABLE dies AS SELECT * FROM read_csv([${fileList}], union_by_name = true)`);
  await engine.exec(`CREATE TABLE final AS SELECT * FROM dies QUALIFY row_number() OVER (PARTITION BY lot, wafer, x, y ORDER BY insertion DESC) = 1`);
  for (const name of ['wafers', 'tests', 'bins', 'equipment']) await engine.exec(`CREATE TABLE ${name} AS SELECT * FROM read_csv('${name}.csv')`);
  const truth = readGroundTruth(folder);
  await engine.exec('CREATE TABLE truth (lot VARCHAR, wafer INTEGER, product VARCHAR, signature VARCHAR, degraded BOOLEAN)');
  const statement = 'INSERT INTO truth VALUES (?, ?, ?, ?, ?)';
  for (const wafer of truth.wafers) await engine.query(statement, [wafer.lot, wafer.wafer, wafer.product, wafer.signature, wafer.degraded]);
  return engine;
}

/** Run a query and return its rows as plain objects with bigints turned into numbers. */
export async function rows(engine: WasmNodeSqlEngine, sql: string, params: readonly (string | number | boolean)[] = []): Promise<Record<string, unknown>[]> {
  const table = await engine.query(sql, params);
  return table.toArray().map((row: { toJSON(): Record<string, unknown> }) =>
    Object.fromEntries(Object.entries(row.toJSON()).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value])),
  );
}

/** The single number a one-row, one-column query returns. */
export async function scalar(engine: WasmNodeSqlEngine, sql: string, params: readonly (string | number | boolean)[] = []): Promise<number> {
  const [first] = await rows(engine, sql, params);
  return Number(Object.values(first ?? {})[0]);
}
