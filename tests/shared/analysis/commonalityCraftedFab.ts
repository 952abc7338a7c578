/**
 * A small crafted fab for commonality tests: the raw rows as plain objects (for the independent
 * TypeScript computation) and a loader that puts them into a real duckdb-wasm engine.
 *
 * Product P1: lots L1-L4 x 6 wafers x 20 dies; product P2: lot M1 x 5 wafers. Step ETCH: tools
 * T1/T2, chambers A/B given as bare ids (so the level is "T1/A"); chamber T2/B loses yield.
 * Step CMP: each tool has one chamber (tool and chamber confounded). Step LITHO: tool S3 sees
 * only two wafers (small group). One recipe everywhere (single level). Die (0,0) of every wafer
 * is retested: insertion 1 value 100, insertion 2 (final) value 1 + wafer index.
 */
import { createBaseTablesSql, refreshWaferSummarySql } from '../../../shared/schema/canonical.ts';
import type { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { appendResults } from '../../support/appendResults.ts';

/** One crafted wafer with its dies and route. */
export interface CraftedWafer {
  product: string;
  lot: string;
  wafer: string;
  startTime: string;
  tester: string;
  probeCard: string;
  etch: { tool: string; chamber: string; time: string };
  cmp: { tool: string; chamber: string; time: string };
  litho: { tool: string; time: string };
  /** Final pass flag and hard bin of each die (x = index, y = 0). */
  dies: { pass: boolean; hardBin: number; value: number }[];
}

const dayMs = 86_400_000;
const origin = Date.parse('2026-09-07T08:00:00Z'); // a Monday

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Deterministic pseudo-random numbers (LCG) so the data never changes. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function craftDies(random: () => number, failChance: number, waferIndex: number): CraftedWafer['dies'] {
  return Array.from({ length: 20 }, (_, x) => {
    const pass = random() >= failChance;
    const hardBin = pass ? 1 : random() < 0.5 ? 5 : 7;
    return { pass, hardBin, value: x === 0 ? 1 + waferIndex : 2 + random() };
  });
}

/** The crafted wafers (29 of them). */
export function craftedWafers(): CraftedWafer[] {
  const random = generator(42);
  const wafers: CraftedWafer[] = [];
  const lots = [['P1', 'L1'], ['P1', 'L2'], ['P1', 'L3'], ['P1', 'L4'], ['P2', 'M1']] as const;
  lots.forEach(([product, lot], lotIndex) => {
    const count = product === 'P2' ? 5 : 6;
    for (let index = 0; index < count; index += 1) {
      const serial = wafers.length;
      const etchTool = serial % 2 === 0 ? 'T1' : 'T2';
      const etchChamber = serial % 4 < 2 ? 'A' : 'B';
      const cmpTool = lotIndex % 2 === 0 ? 'C1' : 'C2';
      const base = origin + lotIndex * 5 * dayMs + index * 3_600_000;
      const degraded = etchTool === 'T2' && etchChamber === 'B';
      wafers.push({
        product,
        lot,
        wafer: String(index + 1),
        startTime: iso(base + 4 * dayMs),
        tester: serial % 3 === 0 ? 'TESTER-1' : 'TESTER-2',
        probeCard: product === 'P2' ? 'PC-2' : 'PC-1',
        etch: { tool: etchTool, chamber: etchChamber, time: iso(base + dayMs) },
        cmp: { tool: cmpTool, chamber: cmpTool === 'C1' ? 'C1/X' : 'C2/Y', time: iso(base + 2 * dayMs) },
        litho: { tool: serial === 3 || serial === 10 ? 'S3' : serial % 2 === 0 ? 'S1' : 'S2', time: iso(base) },
        dies: craftDies(random, degraded ? 0.45 : 0.12, serial),
      });
    }
  });
  return wafers;
}

function literal(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  return typeof value === 'string' ? `'${value.replaceAll("'", "''")}'` : String(value);
}

function valuesList(rows: readonly (readonly (string | number | boolean | null)[])[]): string {
  return rows.map((row) => `(${row.map(literal).join(', ')})`).join(',\n');
}

/** Create the canonical tables (without derived views) and insert the crafted rows. */
export async function loadCraftedFab(engine: WasmNodeSqlEngine, wafers: readonly CraftedWafer[]): Promise<void> {
  for (const statement of createBaseTablesSql()) await engine.exec(statement);
  const waferRows = wafers.map((w) => [w.product, w.lot, w.wafer, w.tester, w.probeCard, w.startTime]);
  await engine.exec(`INSERT INTO wafers (product, lot, wafer, tester, probe_card, start_time) VALUES ${valuesList(waferRows)}`);
  const dieRows = wafers.flatMap((w) => w.dies.map((die, x) => [w.product, w.lot, w.wafer, x, 0, die.hardBin, die.pass, x === 0 ? 2 : 1, w.startTime]));
  await engine.exec(`INSERT INTO dies (product, lot, wafer, x, y, hard_bin, pass, insertions, tested_at) VALUES ${valuesList(dieRows)}`);
  const resultRows = wafers.flatMap((w) => [
    [w.product, w.lot, w.wafer, 0, 0, 1, 4001, 100],
    ...w.dies.map((die, x) => [w.product, w.lot, w.wafer, x, 0, x === 0 ? 2 : 1, 4001, die.value]),
  ]);
  await appendResults(engine, (into) => engine.exec(`INSERT INTO ${into} (product, lot, wafer, x, y, insertion, test_num, value) VALUES ${valuesList(resultRows)}`));
  const equipmentRows = wafers.flatMap((w) => [
    [w.lot, w.wafer, 'ETCH', w.etch.tool, w.etch.chamber, 'RCP-1', w.etch.time],
    [w.lot, w.wafer, 'CMP', w.cmp.tool, w.cmp.chamber, 'RCP-1', w.cmp.time],
    [w.lot, w.wafer, 'LITHO', w.litho.tool, null, 'RCP-1', w.litho.time],
  ]);
  await engine.exec(`INSERT INTO equipment_history (lot, wafer, step, tool, chamber, recipe, start_time) VALUES ${valuesList(equipmentRows)}`);
  // The per-wafer counts an open workspace keeps beside the dies.
  await engine.exec(refreshWaferSummarySql);
}
