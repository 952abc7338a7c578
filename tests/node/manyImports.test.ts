/**
 * A workspace of many small imports (a shift's tester files) opens by loading many imports' files per
 * statement, each import's result keys moved into its own range (shared/workspace/resultKeys.ts): every
 * value must still join to its own import's wafer. 70 imports (more than one batch of files) of die CSVs
 * with values of their own, opened whole and with the large tables deferred, on both engines; the
 * results per lot are checked against the CSVs' values summed here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeEngine, openNodeWorkspace, workspaceOn, type NodeEngineKind } from '../../node/workspace/openWorkspace.ts';
import { dieCsvTables, dropStaging, stageDieCsv } from '../../shared/import/dieCsvImport.ts';

const imports = 70;
const root = mkdtempSync(path.join(tmpdir(), 'ym-many-imports-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Per lot: dies, result rows and the sum of the values, as written into the CSVs. */
const truth = new Map<string, { dies: number; results: number; sum: number }>();

function lotCsv(index: number): string {
  const lot = `L${String(index).padStart(3, '0')}`;
  const lines = ['lot,wafer,x,y,hard_bin,tested_at,t1_vdd,t2_idd'];
  let sum = 0;
  for (let die = 0; die < 12; die++) {
    const vdd = index + die / 100;
    const idd = 1000 * index + die;
    sum += vdd + idd;
    lines.push(`${lot},${(index % 3) + 1},${die % 4},${Math.floor(die / 4)},${die === index % 12 ? 4 : 1},2026-10-01T10:${String(index % 60).padStart(2, '0')}:00Z,${vdd},${idd}`);
  }
  truth.set(lot, { dies: 12, results: 24, sum });
  return lines.join('\n');
}

beforeAll(async () => {
  const engine = await openNodeEngine('native');
  try {
    const workspace = workspaceOn(engine, root);
    await workspace.open();
    for (let index = 0; index < imports; index++) {
      const id = `imp_${index}`;
      await engine.registerBuffer(`${id}.csv`, new TextEncoder().encode(lotCsv(index)));
      const staging = await stageDieCsv(engine, { registeredName: `${id}.csv`, fileName: `${id}.csv`, importId: id, defaultProduct: 'P' });
      if (staging.kind !== 'staged') throw new Error(`${id} not staged`);
      await workspace.commitImport(id, { sourceFile: `${id}.csv`, contentHash: id, format: 'csv', rows: staging.rows, warnings: [] }, dieCsvTables);
      await dropStaging(engine, id);
    }
  } finally {
    engine.close();
  }
}, 300_000);

describe.each(['native', 'wasm'] as NodeEngineKind[])('%s engine: a workspace of 70 imports', (kind) => {
  for (const deferred of [false, true]) {
    it(`joins every value to its own import's wafer (${deferred ? 'large tables loaded after the first view' : 'every table at open'})`, async () => {
      const { engine, workspace } = await openNodeWorkspace(root, { engine: kind, defer: deferred ? ['result_values', 'die_insertions', 'dies'] : [] });
      try {
        await workspace.loadDeferred();
        const rows = (await engine.query(`SELECT lot, count(*)::INTEGER AS results, sum(value)::DOUBLE AS sum, count(DISTINCT (x, y))::INTEGER AS dies
          FROM results GROUP BY lot ORDER BY lot`)).toArray().map((row) => row.toJSON());
        expect(rows.map((row) => row.lot)).toEqual([...truth.keys()].sort());
        for (const row of rows) {
          const expected = truth.get(String(row.lot))!;
          expect({ lot: row.lot, results: row.results, dies: row.dies }).toEqual({ lot: row.lot, results: expected.results, dies: expected.dies });
          expect(Math.abs(Number(row.sum) - expected.sum)).toBeLessThan(1e-9 * expected.sum);
        }
        // No value is left without its wafer (the view would drop it silently).
        const orphans = await engine.query('SELECT count(*)::INTEGER AS n FROM result_values v ANTI JOIN result_wafers w ON w.wafer_key = v.wafer_key');
        expect(orphans.get(0)?.n).toBe(0);
      } finally {
        engine.close();
      }
    }, 300_000);
  }
});
