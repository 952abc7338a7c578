import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { createCanonicalTablesSql } from '../../../shared/workspace/manifest.ts';
import { stackedMapSql, stackedSummarySql, stackedTestsSql, type StackedMeasure, type WaferSelection } from '../../../shared/sql/stackedMapSql.ts';
import { appendResults } from '../../support/appendResults.ts';

/**
 * A crafted 3-wafer table: lot A (product P) wafers 1 and 2, lot B (product Q) wafer 1. Die (0,0) of
 * A/2 was retested: its final insertion (2) failed and carries test 100 = 4 (insertion 1 had 10).
 * Every expected cell below was computed by hand from these rows.
 */
const dies = [
  // product, lot, wafer, x, y, pass, first_pass, insertions, tested_at
  ['P', 'A', '1', 0, 0, true, true, 1, '2026-10-01 08:00:00'],
  ['P', 'A', '1', 1, 0, false, false, 1, '2026-10-01 08:00:01'],
  ['P', 'A', '1', 0, 1, true, true, 1, '2026-10-01 08:00:02'],
  ['P', 'A', '2', 0, 0, false, true, 2, '2026-10-03 09:00:00'],
  ['P', 'A', '2', 1, 0, false, false, 1, '2026-10-03 09:00:01'],
  ['P', 'A', '2', 0, 1, true, true, 1, '2026-10-03 09:00:02'],
  ['Q', 'B', '1', 0, 0, true, true, 1, '2026-10-10 10:00:00'],
  ['Q', 'B', '1', 1, 0, true, true, 1, '2026-10-10 10:00:01'],
  ['Q', 'B', '1', 1, 1, false, false, 1, '2026-10-10 10:00:02'],
] as const;

const results = [
  // product, lot, wafer, x, y, insertion, test_num, value
  ['P', 'A', '1', 0, 0, 1, 100, 1], ['P', 'A', '1', 1, 0, 1, 100, 2], ['P', 'A', '1', 0, 1, 1, 100, 3],
  ['P', 'A', '2', 0, 0, 1, 100, 10], ['P', 'A', '2', 0, 0, 2, 100, 4], ['P', 'A', '2', 1, 0, 1, 100, 5], ['P', 'A', '2', 0, 1, 1, 100, 6],
  ['Q', 'B', '1', 0, 0, 1, 100, 7], ['Q', 'B', '1', 1, 0, 1, 100, 8], ['Q', 'B', '1', 1, 1, 1, 100, 9],
  ['P', 'A', '1', 0, 0, 1, 200, 1000],
] as const;

let engine: WasmNodeSqlEngine;

beforeAll(async () => {
  engine = await WasmNodeSqlEngine.open();
  for (const statement of createCanonicalTablesSql()) await engine.exec(statement);
  for (const [product, lot, wafer, x, y, pass, firstPass, insertions, testedAt] of dies) {
    await engine.query(
      `INSERT INTO dies (product, lot, wafer, x, y, pass, first_pass, insertions, tested_at, import_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::TIMESTAMP, 'test')`,
      [product, lot, wafer, x, y, pass, firstPass, insertions, testedAt],
    );
  }
  await appendResults(engine, async (into) => {
    for (const row of results) {
      await engine.query(`INSERT INTO ${into} (product, lot, wafer, x, y, insertion, test_num, value, import_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'test')`, [...row]);
    }
  });
  await engine.exec(`INSERT INTO wafers (product, lot, wafer, wafer_size_mm, die_width_mm, die_height_mm, flat, pos_x, pos_y, center_x, center_y, import_id)
    VALUES ('P', 'A', '1', 300, 10, 10, 'D', 'R', 'D', 0, 0, 'test'), ('P', 'A', '2', 300, 10, 10, 'D', 'R', 'D', 0, 0, 'test'),
           ('Q', 'B', '1', 200, 5, 5, 'U', 'L', 'U', 1, 1, 'test')`);
});

afterAll(() => engine.close());

type Cell = { x: number; y: number; dies: number; wafers: number; value: number | null };

async function cells(selection: WaferSelection, measure: StackedMeasure): Promise<Cell[]> {
  const { sql, params } = stackedMapSql(selection, measure);
  const table = await engine.query(sql, params);
  return table.toArray().map((row) => ({ x: row.x, y: row.y, dies: row.dies, wafers: row.wafers, value: row.value === null ? null : Math.round(row.value * 1e6) / 1e6 }));
}

const failPercent: StackedMeasure = { kind: 'failPercent' };
const third = Math.round((100 / 3) * 1e6) / 1e6;

describe('stackedMapSql: fail percentage per cell', () => {
  it.each<{ name: string; selection: WaferSelection; expected: Cell[] }>([
    {
      name: 'every wafer (across lots and products)',
      selection: {},
      expected: [
        { x: 0, y: 0, dies: 3, wafers: 3, value: third }, { x: 1, y: 0, dies: 3, wafers: 3, value: Math.round((200 / 3) * 1e6) / 1e6 },
        { x: 0, y: 1, dies: 2, wafers: 2, value: 0 }, { x: 1, y: 1, dies: 1, wafers: 1, value: 100 },
      ],
    },
    {
      name: 'one lot',
      selection: { lots: ['A'] },
      expected: [{ x: 0, y: 0, dies: 2, wafers: 2, value: 50 }, { x: 1, y: 0, dies: 2, wafers: 2, value: 100 }, { x: 0, y: 1, dies: 2, wafers: 2, value: 0 }],
    },
    {
      name: 'a date range (inclusive end day)',
      selection: { from: '2026-10-02', to: '2026-10-10' },
      expected: [
        { x: 0, y: 0, dies: 2, wafers: 2, value: 50 }, { x: 1, y: 0, dies: 2, wafers: 2, value: 50 },
        { x: 0, y: 1, dies: 1, wafers: 1, value: 0 }, { x: 1, y: 1, dies: 1, wafers: 1, value: 100 },
      ],
    },
    {
      name: 'explicit wafers from two lots',
      selection: { wafers: [{ lot: 'A', wafer: '1' }, { lot: 'B', wafer: '1' }] },
      expected: [
        { x: 0, y: 0, dies: 2, wafers: 2, value: 0 }, { x: 1, y: 0, dies: 2, wafers: 2, value: 50 },
        { x: 0, y: 1, dies: 1, wafers: 1, value: 0 }, { x: 1, y: 1, dies: 1, wafers: 1, value: 100 },
      ],
    },
    {
      name: 'a product and a lot list together',
      selection: { products: ['Q'], lots: ['A', 'B'] },
      expected: [{ x: 0, y: 0, dies: 1, wafers: 1, value: 0 }, { x: 1, y: 0, dies: 1, wafers: 1, value: 0 }, { x: 1, y: 1, dies: 1, wafers: 1, value: 100 }],
    },
    { name: 'a lot that does not exist', selection: { lots: ["x' OR 1=1 --"] }, expected: [] },
  ])('$name', async ({ selection, expected }) => {
    expect(await cells(selection, failPercent)).toEqual(expected);
  });
});

describe('stackedMapSql: parametric statistics at the final insertion', () => {
  const sigmaOf = (values: number[]): number => {
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
  };
  const round = (value: number): number => Math.round(value * 1e6) / 1e6;

  it.each<{ statistic: 'mean' | 'median' | 'sigma'; values: (number | null)[] }>([
    { statistic: 'mean', values: [4, 5, 4.5, 9] },
    { statistic: 'median', values: [4, 5, 4.5, 9] },
    { statistic: 'sigma', values: [3, 3, round(sigmaOf([3, 6])), null] },
  ])('$statistic of test 100 over all wafers', async ({ statistic, values }) => {
    const result = await cells({}, { kind: 'parametric', testNumber: 100, statistic });
    expect(result.map((cell) => [cell.x, cell.y])).toEqual([[0, 0], [1, 0], [0, 1], [1, 1]]);
    expect(result.map((cell) => cell.value)).toEqual(values);
    expect(result.map((cell) => cell.dies)).toEqual([3, 3, 2, 1]);
  });

  it('mean of one lot ignores other tests and earlier insertions', async () => {
    const result = await cells({ lots: ['A'] }, { kind: 'parametric', testNumber: 100, statistic: 'mean' });
    expect(result.map((cell) => cell.value)).toEqual([2.5, 3.5, 4.5]);
  });
});

describe('stackedSummarySql and stackedTestsSql', () => {
  it('counts wafers, lots and dies and picks the most common orientation', async () => {
    const { sql, params } = stackedSummarySql({});
    const row = (await engine.query(sql, params)).get(0)?.toJSON();
    expect(row).toMatchObject({ wafers: 3, lots: 2, products: 'P,Q', flat: 'D', pos_x: 'R', center_x: 0, wafer_size_mm: 300 });
    expect(Number(row?.dies)).toBe(9);
  });

  it('an empty selection still returns one row', async () => {
    const { sql, params } = stackedSummarySql({ lots: ['none'] });
    const row = (await engine.query(sql, params)).get(0)?.toJSON();
    expect(row).toMatchObject({ wafers: 0, lots: 0, products: '', flat: null });
  });

  it('lists the tests of the chosen products', async () => {
    await engine.exec(`INSERT INTO tests (product, test_num, name, units, import_id) VALUES ('P', 100, 'vth', 'V', 't'), ('Q', 300, 'idd', 'mA', 't')`);
    const { sql, params } = stackedTestsSql(['P']);
    expect((await engine.query(sql, params)).toArray().map((row) => row.test_num)).toEqual([100]);
  });
});
