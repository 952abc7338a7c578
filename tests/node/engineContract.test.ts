import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromArrays, tableFromIPC, type Table } from 'apache-arrow';
import { engineKinds, openEngine } from '../support/engines.ts';
import type { NodeSqlEngine } from '../../node/workspace/openWorkspace.ts';

/** Rows of a result with every value as a plain number/string/null (BigInt and Decimal read with Number()). */
function plainRows(table: Table): Record<string, unknown>[] {
  return table.toArray().map((row: Record<string, unknown>) => Object.fromEntries(
    table.schema.fields.map((field) => {
      const value = row[field.name];
      if (value === null || value === undefined) return [field.name, null];
      if (typeof value === 'bigint') return [field.name, Number(value)];
      if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return [field.name, value];
      return [field.name, Number(value)];
    }),
  ));
}

describe.each(engineKinds)('SqlEngine contract (%s DuckDB)', (kind) => {
  let engine: NodeSqlEngine;
  beforeAll(async () => {
    engine = await openEngine(kind);
  });
  afterAll(() => engine.close());

  it('binds parameters of every kind the app uses, including a NUL and quotes inside a string', async () => {
    const text = "lot'A\u0000\"B";
    const result = await engine.query('SELECT ? AS s, length(?) AS n, ? + 1 AS i, ? * 2 AS d, ? AS b, ? IS NULL AS z', [text, text, 41, 0.25, true, null]);
    expect(plainRows(result)).toEqual([{ s: text, n: text.length, i: 42, d: 0.5, b: true, z: true }]);
  });

  it('runs several statements in one exec, and one statement with parameters', async () => {
    await engine.exec('CREATE TABLE many (a INTEGER, b VARCHAR); INSERT INTO many VALUES (1, \'x\'); INSERT INTO many VALUES (2, NULL)');
    await engine.exec('INSERT INTO many VALUES (?, ?)', [3, 'z']);
    const result = await engine.query('SELECT a, b FROM many ORDER BY a');
    expect(plainRows(result)).toEqual([{ a: 1, b: 'x' }, { a: 2, b: null }, { a: 3, b: 'z' }]);
  });

  it('gives the same Arrow types for the column types the schema uses', async () => {
    const result = await engine.query(`SELECT 1::INTEGER AS i, 2::BIGINT AS l, 1.5::DOUBLE AS d, 2.5::FLOAT AS f, 'x' AS s, true AS b,
      DATE '2026-10-05' AS day, TIMESTAMP '2026-10-05 12:34:56.789' AS ts, 3::SMALLINT AS si, [1, 2] AS list`);
    const types = Object.fromEntries(result.schema.fields.map((field) => [field.name, String(field.type)]));
    expect(types).toEqual({
      i: 'Int32', l: 'Int64', d: 'Float64', f: 'Float32', s: 'Utf8', b: 'Bool', day: 'Date32<DAY>', ts: 'Timestamp<MICROSECOND>', si: 'Int16', list: 'List<Int32>',
    });
    const row = result.get(0)!;
    expect(row.ts).toBe(Date.UTC(2026, 9, 5, 12, 34, 56, 789));
    expect(row.day).toBe(Date.UTC(2026, 9, 5));
    expect(row.l).toBe(2n);
    expect([...row.list]).toEqual([1, 2]);
  });

  it('keeps nulls in every fixed-width column across chunk boundaries (5,000 rows)', async () => {
    const result = await engine.query(`SELECT i::INTEGER AS i, CASE WHEN i % 7 = 0 THEN NULL ELSE i * 0.5 END AS v,
      CASE WHEN i % 11 = 0 THEN NULL ELSE i::BIGINT END AS l FROM range(5000) t(i)`);
    expect(result.numRows).toBe(5000);
    let nulls = 0;
    let sum = 0;
    for (let index = 0; index < 5000; index++) {
      const value = result.getChild('v')!.get(index) as number | null;
      if (value === null) nulls++;
      else sum += value;
      expect(result.getChild('l')!.get(index) === null).toBe(index % 11 === 0);
    }
    const expectedNulls = Array.from({ length: 5000 }, (_, i) => i).filter((i) => i % 7 === 0).length;
    const expectedSum = Array.from({ length: 5000 }, (_, i) => i).filter((i) => i % 7 !== 0).reduce((total, i) => total + i * 0.5, 0);
    expect(nulls).toBe(expectedNulls);
    expect(sum).toBeCloseTo(expectedSum, 6);
  });

  it('reads short, long, non-ASCII and null strings and 128-bit decimals across chunk boundaries', async () => {
    const result = await engine.query(`SELECT CASE WHEN i % 3 = 0 THEN NULL WHEN i % 2 = 0 THEN 'W' || i ELSE 'lô dài ünïcödé số ' || i END AS s,
      (i::BIGINT * 0.5) AS half FROM range(5000) t(i) ORDER BY i`);
    for (let i = 0; i < 5000; i++) {
      const expected = i % 3 === 0 ? null : i % 2 === 0 ? `W${i}` : `lô dài ünïcödé số ${i}`;
      expect(result.getChild('s')!.get(i)).toBe(expected);
      expect(Number(result.getChild('half')!.get(i))).toBe(i * 0.5);
    }
  });

  it('inserts Arrow tables (created, then appended) with nulls and strings, and reads them back as IPC', async () => {
    const first = tableFromArrays({ x: Int32Array.from([1, 2, 3]), y: Float64Array.from([0.5, 1.5, 2.5]), name: ['a', 'b', 'c'] });
    await engine.insertArrow('arrow_in', first);
    await engine.insertArrow('arrow_in', first);
    const ipc = await engine.queryIpc('SELECT sum(y) AS s, count(*)::INTEGER AS n, string_agg(name, \'\' ORDER BY name) AS names FROM arrow_in WHERE x > 1');
    expect(plainRows(tableFromIPC(ipc))).toEqual([{ s: 2 * (1.5 + 2.5), n: 4, names: 'bbcc' }]);
  });

  it('returns an empty result with its columns', async () => {
    const result = await engine.query('SELECT 1::INTEGER AS a, \'x\' AS b WHERE false');
    expect(result.numRows).toBe(0);
    expect(result.schema.fields.map((field) => field.name)).toEqual(['a', 'b']);
  });

  it('reads a registered buffer with DuckDB’s CSV reader, and forgets it when dropped', async () => {
    await engine.registerBuffer('contract/d.csv', new TextEncoder().encode('lot,wafer,x\nL1,1,3\nL1,2,4\n'));
    const result = await engine.query(`SELECT sum(x)::INTEGER AS s FROM read_csv('contract/d.csv')`);
    expect(plainRows(result)).toEqual([{ s: 7 }]);
    await engine.dropFile('contract/d.csv');
    await expect(engine.query(`SELECT * FROM read_csv('contract/d.csv')`)).rejects.toThrow();
  });

  it('fails a bad statement with DuckDB’s message and stays usable', async () => {
    await expect(engine.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    expect(plainRows(await engine.query('SELECT 1 AS one'))).toEqual([{ one: 1 }]);
  });

  it('agrees on the statistics the analyses use (quantile_cont, stddev_samp, corr, regr_slope)', async () => {
    const result = await engine.query(`SELECT quantile_cont(v, 0.25) AS q1, quantile_cont(v, 0.75) AS q3, median(v) AS m, stddev_samp(v) AS s, corr(v, w) AS r, regr_slope(w, v) AS b
      FROM (VALUES (1.0, 2.0), (2.0, 4.1), (4.0, 7.9), (8.0, 16.2), (9.0, 18.0)) t(v, w)`);
    const row = plainRows(result)[0]!;
    const v = [1, 2, 4, 8, 9];
    const w = [2, 4.1, 7.9, 16.2, 18];
    const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
    const mv = mean(v);
    const mw = mean(w);
    const sxy = v.reduce((total, value, index) => total + (value - mv) * (w[index]! - mw), 0);
    const sxx = v.reduce((total, value) => total + (value - mv) ** 2, 0);
    const syy = w.reduce((total, value) => total + (value - mw) ** 2, 0);
    expect(row.q1).toBeCloseTo(2, 12);
    expect(row.q3).toBeCloseTo(8, 12);
    expect(row.m).toBeCloseTo(4, 12);
    expect(row.s).toBeCloseTo(Math.sqrt(sxx / 4), 12);
    expect(row.r).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 12);
    expect(row.b).toBeCloseTo(sxy / sxx, 12);
  });
});
