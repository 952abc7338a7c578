import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { createCanonicalTablesSql } from '../../../shared/workspace/manifest.ts';
import { readLot } from '../../../shared/wafer/lotData.ts';

/** A crafted lot: wafers '10', '2', 'A' and '1' (natural order 1, 2, 10, A), another lot that must not leak in. */
const dies: [string, string, number, number, boolean, boolean, number][] = [
  // lot, wafer, x, y, pass, first_pass, hard_bin
  ['L', '10', 1, 0, true, true, 1], ['L', '10', 0, 0, false, false, 7],
  ['L', '2', 0, 1, true, false, 1], ['L', '2', 0, 0, true, true, 1], ['L', '2', 1, 1, false, false, 5],
  ['L', 'A', 0, 0, false, true, 9],
  ['L', '1', 0, 0, true, true, 1],
  ['M', '1', 0, 0, false, false, 5],
];

let engine: WasmNodeSqlEngine;

beforeAll(async () => {
  engine = await WasmNodeSqlEngine.open();
  for (const statement of createCanonicalTablesSql()) await engine.exec(statement);
  for (const [lot, wafer, x, y, pass, firstPass, hardBin] of dies) {
    await engine.query(
      `INSERT INTO dies (product, lot, wafer, x, y, pass, first_pass, hard_bin, insertions, import_id) VALUES ('P', $1, $2, $3, $4, $5, $6, $7, 1, 'i1')`,
      [lot, wafer, x, y, pass, firstPass, hardBin],
    );
  }
  // Two imports supplied wafer 2's orientation; the later import id wins.
  await engine.exec(`INSERT INTO wafers (product, lot, wafer, wafer_size_mm, die_width_mm, die_height_mm, flat, pos_x, pos_y, center_x, center_y, import_id)
    VALUES ('P', 'L', '2', 200, 5, 6, 'U', 'L', 'U', 3, 4, 'i1'), ('P', 'L', '2', 300, 10, 11, 'D', 'R', 'D', 13, 14, 'i2')`);
});

afterAll(() => engine.close());

describe('lot gallery SQL (readLot)', () => {
  it('lists the wafers in natural order with die and good counts', async () => {
    const lot = await readLot(engine, 'L');
    expect(lot.wafers.map((wafer) => [wafer.wafer, wafer.dies, wafer.good, wafer.firstPassGood])).toEqual([
      ['1', 1, 1, 1], ['2', 3, 2, 1], ['10', 2, 1, 1], ['A', 1, 0, 1],
    ]);
  });

  it('returns every die once, sorted by wafer then y, x, with ranges per wafer', async () => {
    const lot = await readLot(engine, 'L');
    expect(Array.from(lot.columns.waferIndex)).toEqual([0, 1, 1, 1, 2, 2, 3]);
    expect(Array.from(lot.columns.x)).toEqual([0, 0, 0, 1, 0, 1, 0]);
    expect(Array.from(lot.columns.y)).toEqual([0, 0, 1, 1, 0, 0, 0]);
    expect(Array.from(lot.columns.pass)).toEqual([1, 1, 1, 0, 0, 1, 0]);
    expect(Array.from(lot.columns.firstPass)).toEqual([1, 1, 0, 0, 0, 1, 1]);
    expect(Array.from(lot.columns.hardBin)).toEqual([1, 1, 1, 5, 7, 1, 9]);
    expect(lot.ranges).toEqual([{ start: 0, end: 1 }, { start: 1, end: 4 }, { start: 4, end: 6 }, { start: 6, end: 7 }]);
  });

  it('takes the orientation of the latest import, and NULLs where no wafer row exists', async () => {
    const lot = await readLot(engine, 'L');
    expect(lot.wafers[1]?.orientation).toEqual({ waferSizeMm: 300, dieWidthMm: 10, dieHeightMm: 11, flat: 'D', posX: 'R', posY: 'D', centerX: 13, centerY: 14 });
    expect(lot.wafers[0]?.orientation.flat).toBeNull();
    expect(lot.wafers[0]?.orientation.waferSizeMm).toBeNull();
  });

  it('returns nothing for an unknown lot', async () => {
    const lot = await readLot(engine, "L' OR 'x'='x");
    expect(lot.wafers).toEqual([]);
    expect(lot.columns.count).toBe(0);
  });
});
