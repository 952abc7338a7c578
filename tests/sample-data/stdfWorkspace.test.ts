import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderWorkspaceStore } from '../../node/workspace/folderWorkspaceStore.ts';
import { WasmNodeSqlEngine } from '../../node/engine/wasmNodeEngine.ts';
import { nodeParquetCodec } from '../../node/engine/parquetCodec.ts';
import { Workspace } from '../../shared/workspace/workspace.ts';
import { sampleWorkspaceDir } from '../support/sampleWorkspace.ts';
import { sampleCsvRows } from '../support/sampleTruth.ts';

const FOLDER = 'sample-data/fab';
const stdfLots = readdirSync(join(FOLDER, 'stdf')).filter((name) => name.endsWith('.stdf.gz')).map((name) => name.replace('.stdf.gz', '')).sort();

function dieRows(lot: string): Record<string, string>[] {
  return sampleCsvRows(`dies/${lot}.csv.gz`);
}

/**
 * The sample workspace imports the STDF lots from their STDF files: what it holds for them must be
 * what their reference die CSV says (computed here by plain loops over the CSV).
 */
describe('STDF lots in the sample workspace', () => {
  let engine: WasmNodeSqlEngine;
  const query = async (sql: string, params: (string | number)[] = []): Promise<Record<string, unknown>[]> =>
    (await engine.query(sql, params)).toArray().map((row: { toJSON(): Record<string, unknown> }) => row.toJSON());

  beforeAll(async () => {
    engine = await WasmNodeSqlEngine.open();
    await new Workspace(engine, new FolderWorkspaceStore(sampleWorkspaceDir()), nodeParquetCodec).open();
  }, 400_000);
  afterAll(() => engine.close());

  it('come from STDF imports', async () => {
    const manifest = JSON.parse(readFileSync(join(sampleWorkspaceDir(), 'manifest.json'), 'utf8')) as { imports: { sourceFile: string; format: string }[] };
    expect(manifest.imports.filter((entry) => entry.format === 'stdf').map((entry) => entry.sourceFile).sort()).toEqual(stdfLots.map((lot) => `${lot}.stdf.gz`));
    expect(stdfLots.length).toBe(2);
  });

  it.each(stdfLots)('%s: every insertion with its wafer, x, y, site, bins, pass, insertion and test time', async (lot) => {
    const key = (row: Record<string, unknown>): string =>
      ['wafer', 'x', 'y', 'site', 'hard_bin', 'soft_bin', 'pass', 'insertion', 'test_time_ms'].map((column) => String(row[column])).join('|');
    const expected = dieRows(lot).map((row) => key({ ...row, pass: row.pass === '1' })).sort();
    const actual = (await query('SELECT * FROM die_insertions WHERE lot = $1', [lot])).map(key).sort();
    expect(actual.length).toBe(expected.length);
    expect(actual).toEqual(expected);
  });

  it.each(stdfLots)('%s: final dies, bins and yield per wafer as the highest insertion in the CSV', async (lot) => {
    const finals = new Map<string, Record<string, string>>();
    const insertions = new Map<string, number>();
    for (const row of dieRows(lot)) {
      const die = `${row.wafer}|${row.x}|${row.y}`;
      insertions.set(die, (insertions.get(die) ?? 0) + 1);
      if (Number(finals.get(die)?.insertion ?? 0) < Number(row.insertion)) finals.set(die, row);
    }
    const expected = [...finals].map(([die, row]) => `${die}|${row.hard_bin}|${row.soft_bin}|${row.pass === '1'}|${insertions.get(die)}`).sort();
    const actual = (await query('SELECT wafer, x, y, hard_bin, soft_bin, pass, insertions FROM dies WHERE lot = $1', [lot]))
      .map((row) => `${String(row.wafer)}|${String(row.x)}|${String(row.y)}|${String(row.hard_bin)}|${String(row.soft_bin)}|${String(row.pass)}|${String(row.insertions)}`).sort();
    expect(actual).toEqual(expected);
  });

  it.each(stdfLots)('%s: every test value (float32 of the CSV value, within its rounding) and no value where the CSV is empty', async (lot) => {
    const rows = dieRows(lot);
    const columns = Object.keys(rows[0] ?? {}).filter((name) => /^t\d+_/.test(name));
    const expected = new Map<string, number>();
    for (const row of rows) {
      for (const column of columns) {
        if (row[column] !== '') expected.set(`${row.wafer}|${row.x}|${row.y}|${row.insertion}|${column.slice(1, column.indexOf('_'))}`, Number(row[column]));
      }
    }
    const table = await engine.query(`SELECT concat_ws('|', wafer, x, y, insertion, test_num) AS key, value FROM results WHERE lot = $1`, [lot]);
    const keys = table.getChild('key')?.toArray() as string[];
    const values = table.getChild('value')?.toArray() as Float64Array;
    expect(keys.length).toBe(expected.size);
    const off = keys.flatMap((key, index) => {
      const reference = expected.get(key);
      const value = values[index] ?? Number.NaN;
      // float32 keeps 24 bits: a relative error below 2^-24.
      return reference === undefined || !(Math.abs(value - reference) <= Math.abs(reference) * 2 ** -24) ? [`${key}: ${value} vs ${reference}`] : [];
    });
    expect(off.slice(0, 3)).toEqual([]);
  });

  it.each(stdfLots)('%s: wafers, tests and bins keep the exact values of the sample tables; test equipment from MIR/SDR', async (lot) => {
    const wafers = sampleCsvRows('wafers.csv').filter((row) => row.lot === lot);
    const actualWafers = await query(
      `SELECT wafer, tester, probe_card, program, strftime(start_time, '%Y-%m-%dT%H:%M:%SZ') AS start_time, strftime(end_time, '%Y-%m-%dT%H:%M:%SZ') AS end_time, die_width_mm, center_x
       FROM wafers WHERE lot = $1 ORDER BY wafer::INTEGER`, [lot]);
    expect(actualWafers).toEqual(wafers.map((row) => ({
      wafer: row.wafer, tester: row.tester, probe_card: row.probe_card, program: row.program, start_time: row.start_time, end_time: row.end_time,
      die_width_mm: Number(row.die_width_mm), center_x: Number(row.center_x),
    })));
    const product = wafers[0]?.product ?? '';
    const tests = sampleCsvRows('tests.csv').filter((row) => row.product === product);
    const actualTests = await query('SELECT test_num, name, units, lo_limit, hi_limit FROM tests WHERE product = $1 ORDER BY test_num', [product]);
    expect(actualTests).toEqual(tests.map((row) => ({ test_num: Number(row.test_num), name: row.name, units: row.units, lo_limit: Number(row.lo_limit), hi_limit: Number(row.hi_limit) })));
    const equipment = await query(`SELECT DISTINCT kind, equipment_id FROM test_equipment WHERE lot = $1 AND kind IN ('tester', 'probe_card') ORDER BY kind`, [lot]);
    expect(equipment).toEqual([{ kind: 'probe_card', equipment_id: wafers[0]?.probe_card }, { kind: 'tester', equipment_id: wafers[0]?.tester }]);
  });

  it.each(stdfLots)('%s: insertions carry the start time of their wafer (STDF has no time per part)', async (lot) => {
    const starts = new Map(sampleCsvRows('wafers.csv').filter((row) => row.lot === lot).map((row) => [row.wafer, row.start_time]));
    const actual = await query(`SELECT DISTINCT wafer, strftime(tested_at, '%Y-%m-%dT%H:%M:%SZ') AS tested_at FROM die_insertions WHERE lot = $1`, [lot]);
    expect(actual.length).toBe(starts.size);
    for (const row of actual) expect(row.tested_at).toBe(starts.get(String(row.wafer)));
  });
});
