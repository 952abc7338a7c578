import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { createBaseTablesSql, derivedViewsSql } from '../../../shared/schema/canonical.ts';
import { binParetoSql, drilldownParams } from '../../../shared/sql/drilldownSql.ts';
import { reportBinParetoSql, reportWaferTableSql } from '../../../shared/sql/reportSql.ts';

/**
 * Issue #13 §1: bins belong to a product. Generated dies of two products share bin numbers; product B's file
 * names its bin 5 "3" (and calls bin 2, a fail bin of A, a pass bin). Expected counts come from the dies list below.
 */
const dies = [
  ...Array.from({ length: 6 }, (_, x) => ({ product: 'A', lot: 'LA', x, bin: x < 3 ? 5 : 1 })),
  ...Array.from({ length: 5 }, (_, x) => ({ product: 'B', lot: 'LB', x, bin: x < 2 ? 5 : 2 })),
];
const bins = [['A', 1, 'PASS', true], ['A', 5, 'OPEN', false], ['A', 2, 'LEAK', false], ['B', 5, '3', false], ['B', 2, 'GOOD', true]] as const;

describe('bin names and pass/fail are keyed by product (issue #13 §1)', () => {
  let engine: WasmNodeSqlEngine;
  beforeAll(async () => {
    engine = await WasmNodeSqlEngine.open();
    for (const statement of createBaseTablesSql()) await engine.exec(statement);
    for (const view of derivedViewsSql) await engine.exec(view);
    for (const die of dies) {
      const pass = bins.find(([product, bin]) => product === die.product && bin === die.bin)?.[3] ?? false;
      await engine.query(`INSERT INTO dies (product, lot, wafer, x, y, hard_bin, soft_bin, pass, first_pass, insertions, tested_at)
        VALUES ($1, $2, '1', $3, 0, $4, $4, $5, $5, 1, TIMESTAMP '2026-10-01')`, [die.product, die.lot, die.x, die.bin, pass]);
    }
    for (const [product, bin, name, pass] of bins) {
      await engine.query(`INSERT INTO bins (product, bin_type, bin, name, pass) VALUES ($1, 'hard', $2, $3, $4)`, [product, bin, name, pass]);
    }
  });
  afterAll(() => engine.close());

  it('report Pareto names each die by its own product: bin 5 is OPEN for A and "3" for B, in two rows', async () => {
    const rows = (await engine.query(reportBinParetoSql(), [null, null, null, null])).toArray().map((row: Record<string, unknown>) => ({ bin: row.bin, name: row.name, dies: Number(row.dies) }));
    const expected = [
      { bin: 5, name: 'OPEN', dies: dies.filter((die) => die.product === 'A' && die.bin === 5).length },
      { bin: 5, name: '3', dies: dies.filter((die) => die.product === 'B' && die.bin === 5).length },
    ];
    // B's bin 2 is a pass bin of B: not a failing bin, although A calls bin 2 LEAK.
    expect(rows).toEqual(expected);
  });

  it('report wafer table names the top fail bin by the wafer\'s product', async () => {
    const rows = (await engine.query(reportWaferTableSql(), [null, null, null, null])).toArray().map((row: Record<string, unknown>) => [row.product, row.top_fail_bin, row.top_fail_name]);
    expect(rows.sort()).toEqual([['A', 5, 'OPEN'], ['B', 5, '3']]);
  });

  it('drill-down Pareto over both lots: names and pass flags from each die\'s product', async () => {
    const rows = (await engine.query(binParetoSql('hard'), drilldownParams({ lots: ['LA', 'LB'] }))).toArray()
      .map((row: Record<string, unknown>) => ({ bin: row.bin, name: row.name, pass: row.pass, dies: Number(row.dies) }));
    const count = (product: string, bin: number): number => dies.filter((die) => die.product === product && die.bin === bin).length;
    expect(new Set(rows.map((row) => JSON.stringify(row)))).toEqual(new Set([
      { bin: 5, name: 'OPEN', pass: false, dies: count('A', 5) },
      { bin: 5, name: '3', pass: false, dies: count('B', 5) },
      { bin: 1, name: 'PASS', pass: true, dies: count('A', 1) },
      { bin: 2, name: 'GOOD', pass: true, dies: count('B', 2) },
    ].map((row) => JSON.stringify(row))));
  });
});
