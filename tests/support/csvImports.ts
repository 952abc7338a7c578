/**
 * A workspace of small die-CSV imports, one lot each, committed through the workspace like a shift's
 * tester files, and what the CSVs hold per lot (dies, result rows, the sum of their values), summed
 * here from the values written, never read back through the app.
 */
import { expect } from 'vitest';
import { openNodeEngine, workspaceOn } from '../../node/workspace/openWorkspace.ts';
import { dieCsvTables, dropStaging, stageDieCsv } from '../../shared/import/dieCsvImport.ts';
import type { Workspace } from '../../shared/workspace/workspace.ts';
import type { SqlEngine } from '../../shared/engine/sqlEngine.ts';

/** Per lot: dies, result rows and the sum of the values, as written into the CSVs. */
export type LotTruth = Map<string, { dies: number; results: number; sum: number }>;

/** Lot `index`'s CSV (12 dies, two tests each) and its truth. */
export function lotCsv(index: number): { lot: string; csv: string; truth: { dies: number; results: number; sum: number } } {
  const lot = `L${String(index).padStart(3, '0')}`;
  const lines = ['lot,wafer,x,y,hard_bin,tested_at,t1_vdd,t2_idd'];
  let sum = 0;
  for (let die = 0; die < 12; die++) {
    const vdd = index + die / 100;
    const idd = 1000 * index + die;
    sum += vdd + idd;
    lines.push(`${lot},${(index % 3) + 1},${die % 4},${Math.floor(die / 4)},${die === index % 12 ? 4 : 1},2026-10-01T10:${String(index % 60).padStart(2, '0')}:00Z,${vdd},${idd}`);
  }
  return { lot, csv: lines.join('\n'), truth: { dies: 12, results: 24, sum } };
}

/** Stage lot `index`'s CSV on the workspace's engine and commit it as import `imp_<index>`. */
export async function commitLot(engine: SqlEngine, workspace: Workspace, index: number, truth: LotTruth): Promise<void> {
  const id = `imp_${index}`;
  const { lot, csv, truth: lotTruth } = lotCsv(index);
  await engine.registerBuffer(`${id}.csv`, new TextEncoder().encode(csv));
  const staging = await stageDieCsv(engine, { registeredName: `${id}.csv`, fileName: `${id}.csv`, importId: id, defaultProduct: 'P' });
  if (staging.kind !== 'staged') throw new Error(`${id} not staged`);
  await workspace.commitImport(id, { sourceFile: `${id}.csv`, contentHash: id, format: 'csv', rows: staging.rows, warnings: [] }, dieCsvTables);
  await dropStaging(engine, id);
  truth.set(lot, lotTruth);
}

/** Commit lots 0 .. count - 1 into the (new or empty) workspace folder on native DuckDB; their truth. */
export async function writeCsvImports(folder: string, count: number): Promise<LotTruth> {
  const truth: LotTruth = new Map();
  const engine = await openNodeEngine('native');
  try {
    const workspace = workspaceOn(engine, folder);
    await workspace.open();
    for (let index = 0; index < count; index++) await commitLot(engine, workspace, index, truth);
  } finally {
    engine.close();
  }
  return truth;
}

/** Per lot from the open workspace's `results` view: result rows, sum of values, distinct dies. */
async function resultsPerLot(engine: SqlEngine): Promise<{ lot: string; results: number; sum: number; dies: number }[]> {
  const rows = await engine.query(`SELECT lot, count(*)::INTEGER AS results, sum(value)::DOUBLE AS sum, count(DISTINCT (x, y))::INTEGER AS dies
    FROM results GROUP BY lot ORDER BY lot`);
  return rows.toArray().map((row) => ({ lot: String(row.lot), results: Number(row.results), sum: Number(row.sum), dies: Number(row.dies) }));
}

/** The open workspace's results per lot equal what the CSVs hold, and no value is left without its wafer. */
export async function expectResultsAsWritten(engine: SqlEngine, truth: LotTruth): Promise<void> {
  const rows = await resultsPerLot(engine);
  expect(rows.map((row) => row.lot)).toEqual([...truth.keys()].sort());
  for (const row of rows) {
    const expected = truth.get(row.lot)!;
    expect({ lot: row.lot, results: row.results, dies: row.dies }).toEqual({ lot: row.lot, results: expected.results, dies: expected.dies });
    expect(Math.abs(row.sum - expected.sum)).toBeLessThan(1e-9 * expected.sum);
  }
  // The results view would drop a value whose wafer key matches no wafer silently.
  const orphans = await engine.query('SELECT count(*)::INTEGER AS n FROM result_values v ANTI JOIN result_wafers w ON w.wafer_key = v.wafer_key');
  expect(orphans.get(0)?.n).toBe(0);
}
