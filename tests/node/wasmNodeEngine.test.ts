import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { WasmNodeSqlEngine } from '../../node/engine/wasmNodeEngine.ts';

describe('WasmNodeSqlEngine (real duckdb-wasm)', () => {
  it('inserts Arrow twice, appends, and binds parameters', async () => {
    const engine = await WasmNodeSqlEngine.open();
    const input = tableFromArrays({ x: Int32Array.from([1, 2, 3, 4]), y: Float64Array.from([0.5, 1.5, 2.5, 3.5]) });
    await engine.insertArrow('t', input);
    await engine.insertArrow('t', input);
    const sum = await engine.query('SELECT sum(y) AS s, count(*)::INTEGER AS n FROM t WHERE x > ?', [1]);
    expect(sum.getChild('s')?.get(0)).toBe(2 * (1.5 + 2.5 + 3.5));
    expect(sum.getChild('n')?.get(0)).toBe(6);
    engine.close();
  });

  it('reads a CSV registered as bytes with DuckDB’s own reader', async () => {
    const engine = await WasmNodeSqlEngine.open();
    await engine.registerBuffer('d.csv', new TextEncoder().encode('lot,wafer,x\nL1,1,3\nL1,2,4\n'));
    const result = await engine.query(`SELECT sum(x)::INTEGER AS s FROM read_csv('d.csv')`);
    expect(result.getChild('s')?.get(0)).toBe(7);
    engine.close();
  });
});
