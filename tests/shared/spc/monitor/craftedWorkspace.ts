/**
 * A small crafted workspace inserted straight into the canonical tables (real duckdb-wasm), with
 * the raw rows kept in plain arrays so tests can compute every expected figure independently.
 */
import { WasmNodeSqlEngine } from '../../../../node/engine/wasmNodeEngine.ts';
import type { WorkspaceStore } from '../../../../shared/host/hostApi.ts';
import { createCanonicalTablesSql } from '../../../../shared/workspace/manifest.ts';
import { refreshWaferSummarySql } from '../../../../shared/schema/canonical.ts';
import { refreshWaferTestSummarySql } from '../../../../shared/schema/waferTestSummary.ts';
import { appendResults } from '../../../support/appendResults.ts';

/** One die's final result and its values by insertion. */
export interface CraftedDie {
  lot: string;
  wafer: string;
  x: number;
  pass: boolean;
  hardBin: number;
  insertions: number;
  /** value of test 1 per insertion (index 0 = insertion 1). */
  values: number[];
}

/** One wafer: identity, start time, tester and equipment. */
export interface CraftedWafer {
  lot: string;
  wafer: string;
  start: string;
  tester: string;
  etchTool: string;
  etchChamber: string;
}

/** Deterministic pseudo-random numbers (LCG) in [0, 1). */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** 2 lots x 5 wafers x 12 dies; wafer A/5 is far off (low yield, high values); die x=0 is retested. */
export function craftedRows(): { wafers: CraftedWafer[]; dies: CraftedDie[] } {
  const random = generator(7);
  const wafers: CraftedWafer[] = [];
  const dies: CraftedDie[] = [];
  let hour = 0;
  for (const lot of ['A', 'B']) {
    for (let number = 1; number <= 5; number += 1) {
      const wafer = String(number);
      hour += 1;
      const start = `2026-10-01T${String(hour).padStart(2, '0')}:00:00.000Z`;
      const etchTool = lot === 'A' ? 'E1' : 'E2';
      wafers.push({ lot, wafer, start, tester: number % 2 === 1 ? 'T1' : 'T2', etchTool, etchChamber: `${etchTool}/${number % 2 === 1 ? 'A' : 'B'}` });
      const outlier = lot === 'A' && number === 5;
      for (let x = 0; x < 12; x += 1) {
        const pass = outlier ? x % 3 === 0 : random() > 0.15;
        const insertions = x === 0 ? 2 : 1;
        const base = (outlier ? 1.3 : 1) + (random() - 0.5) * 0.1;
        const values = insertions === 2 ? [base + 0.5, base] : [base];
        dies.push({ lot, wafer, x, pass, hardBin: pass ? 1 : 5, insertions, values });
      }
    }
  }
  return { wafers, dies };
}

/** SQL literal of a value (test data only). */
function literal(value: string | number | boolean): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** Open an engine holding the crafted rows in the canonical tables. */
export async function craftedEngine(): Promise<{ engine: WasmNodeSqlEngine; wafers: CraftedWafer[]; dies: CraftedDie[] }> {
  const engine = await WasmNodeSqlEngine.open();
  for (const statement of createCanonicalTablesSql()) await engine.exec(statement);
  const { wafers, dies } = craftedRows();
  const row = (values: (string | number | boolean | null)[]) => `(${values.map((value) => (value === null ? 'NULL' : literal(value))).join(', ')})`;
  await engine.exec(`INSERT INTO wafers (product, lot, wafer, tester, start_time) VALUES ${wafers.map((w) => row(['P', w.lot, w.wafer, w.tester, w.start])).join(', ')}`);
  await engine.exec(`INSERT INTO equipment_history (lot, wafer, step, tool, chamber, start_time) VALUES ${wafers.map((w) => row([w.lot, w.wafer, 'ETCH', w.etchTool, w.etchChamber, '2026-09-20T00:00:00Z'])).join(', ')}`);
  const waferStart = new Map(wafers.map((w) => [`${w.lot}/${w.wafer}`, w.start]));
  await engine.exec(`INSERT INTO dies (product, lot, wafer, x, y, hard_bin, soft_bin, pass, first_pass, insertions, tested_at) VALUES ${dies
    .map((d) => row(['P', d.lot, d.wafer, d.x, 0, d.hardBin, d.hardBin, d.pass, d.pass, d.insertions, waferStart.get(`${d.lot}/${d.wafer}`) ?? '']))
    .join(', ')}`);
  // The per-wafer counts an open workspace keeps beside `dies` (Workspace.consolidateDies).
  await engine.exec(refreshWaferSummarySql);
  const results = dies.flatMap((d) => d.values.map((value, index) => row(['P', d.lot, d.wafer, d.x, 0, index + 1, 1, value])));
  await appendResults(engine, (into) => engine.exec(`INSERT INTO ${into} (product, lot, wafer, x, y, insertion, test_num, value) VALUES ${results.join(', ')}`));
  // The per-wafer test statistics an open workspace keeps beside `results` (Workspace.refreshTestSummary).
  await engine.exec(refreshWaferTestSummarySql);
  await engine.exec(`INSERT INTO tests (product, test_num, name, units, lo_limit, hi_limit) VALUES ('P', 1, 'vdd', 'V', 0.8, 1.2), ('P', 2, 'nolimits', 'V', NULL, NULL)`);
  await engine.exec(`INSERT INTO bins (product, bin_type, bin, name, pass) VALUES ('P', 'hard', 1, 'PASS', true), ('P', 'hard', 5, 'FAIL', false)`);
  return { engine, wafers, dies };
}

/** A workspace store kept in a Map (paths → bytes), listing by prefix. */
export class MemoryStore implements WorkspaceStore {
  readonly files = new Map<string, Uint8Array>();
  async describe(): Promise<string> {
    return 'memory';
  }
  async readFile(path: string): Promise<Uint8Array | null> {
    return this.files.get(path) ?? null;
  }
  async writeFile(path: string, bytes: Uint8Array): Promise<void> {
    this.files.set(path, bytes.slice());
  }
  async removeFile(path: string): Promise<void> {
    this.files.delete(path);
  }
  async listFiles(folder: string): Promise<string[]> {
    return [...this.files.keys()].filter((path) => path.startsWith(`${folder}/`)).sort();
  }
}
