import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { nodeParquetCodec } from '../../../node/engine/parquetCodec.ts';
import { FolderWorkspaceStore } from '../../../node/workspace/folderWorkspaceStore.ts';
import { Workspace } from '../../../shared/workspace/workspace.ts';
import { copySampleWorkspace } from '../../support/sampleWorkspace.ts';
import { sampleCsvRows } from '../../support/sampleTruth.ts';

/** The sample's equipment.csv parsed by hand: the independent side of the comparison. */
const equipmentCsvRows = (): Record<string, string>[] => sampleCsvRows('equipment.csv');

describe('wafer_factors view on the sample workspace', () => {
  let engine: WasmNodeSqlEngine;
  beforeAll(async () => {
    engine = await WasmNodeSqlEngine.open();
    await new Workspace(engine, new FolderWorkspaceStore(copySampleWorkspace()), nodeParquetCodec).open();
  }, 400_000);
  afterAll(() => engine.close());

  it('names the degraded chamber ETCH-02/B at step ETCH for the wafers etched there', async () => {
    const expected = new Set(equipmentCsvRows().filter((row) => row.step === 'ETCH' && row.chamber === 'ETCH-02/B').map((row) => `${row.lot}|${row.wafer}`));
    const table = await engine.query(
      `SELECT lot, wafer FROM wafer_factors WHERE step = 'ETCH' AND factor = 'chamber' AND level = $1`, ['ETCH-02/B'],
    );
    const actual = new Set(table.toArray().map((row) => `${row.lot as string}|${row.wafer as string}`));
    expect(expected.size).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
  });

  it('has one tool, chamber and recipe level per history row and a TEST tester per tested wafer', async () => {
    const rows = equipmentCsvRows();
    const counts = await engine.query(
      `SELECT factor, count(*)::INTEGER AS n FROM wafer_factors WHERE step <> 'TEST' GROUP BY factor ORDER BY factor`,
    );
    const byFactor = Object.fromEntries(counts.toArray().map((row) => [row.factor as string, row.n as number]));
    expect(byFactor).toEqual({ chamber: rows.filter((row) => row.chamber).length, recipe: rows.filter((row) => row.recipe).length, tool: rows.filter((row) => row.tool).length });
    const testers = await engine.query(
      `SELECT count(*)::INTEGER AS factors, (SELECT count(*) FROM wafers WHERE tester IS NOT NULL AND tester <> '')::INTEGER AS wafers
       FROM wafer_factors WHERE step = 'TEST' AND factor = 'tester' AND step_time IS NOT NULL`,
    );
    expect(testers.get(0)?.factors).toBe(testers.get(0)?.wafers);
  });

  it('creates the event and sensor tables empty, and has test equipment only for the lots shipped as STDF', async () => {
    for (const table of ['equipment_events', 'sensor_summaries']) {
      const result = await engine.query(`SELECT count(*)::INTEGER AS n FROM ${table}`);
      expect(result.get(0)?.n).toBe(0);
    }
    // CSV lots carry no tester-side equipment; each wafer of an STDF lot gets its MIR/SDR equipment.
    const stdfLots = readdirSync('sample-data/fab/stdf').filter((name) => name.endsWith('.stdf.gz')).map((name) => name.replace('.stdf.gz', '')).sort();
    const lots = await engine.query('SELECT DISTINCT lot FROM test_equipment ORDER BY lot');
    expect(lots.toArray().map((row) => row.lot as string)).toEqual(stdfLots);
    const uncovered = await engine.query(
      `SELECT count(*)::INTEGER AS n FROM wafers w WHERE list_contains(string_split($1, ','), w.lot)
       AND NOT EXISTS (SELECT 1 FROM test_equipment e WHERE e.lot = w.lot AND e.wafer = w.wafer AND e.kind = 'probe_card')`,
      [stdfLots.join(',')],
    );
    expect(uncovered.get(0)?.n).toBe(0);
  });
});
