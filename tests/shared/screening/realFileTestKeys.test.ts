/**
 * Issue #13 §1 in screening on a real wafer-sort file: itestinc__bcdm_S11189_c_01.stdf has 686 tests
 * (PTRs, MPR pins, FTRs) under far fewer numbers (an MPR's pins share its number), so a number names
 * up to dozens of tests. DPAT keys each test by (product, test_key); the expected limits are plain
 * loops over the imported raw rows, not the SQL under test.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeWorkspace, type NodeSqlEngine } from '../../../node/workspace/openWorkspace.ts';
import { runScreen } from '../../../shared/screening/screen.ts';
import { robustLimits } from './screeningOracle.ts';

const run = promisify(execFile);
const file = resolve(import.meta.dirname, '../../..', '../shared/corpus/stdf/itestinc__bcdm_S11189_c_01.stdf');
let folder = '';
let engine: NodeSqlEngine;

type Row = Record<string, unknown>;
const rows = async (sql: string): Promise<Row[]> => (await engine.query(sql)).toArray().map((row) => (row as { toJSON(): Row }).toJSON());

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'ym-real-keys-'));
  await run(process.execPath, ['cli/bin.mjs', 'import', file, '--workspace', folder], { encoding: 'utf8' });
  engine = (await openNodeWorkspace(folder)).engine;
}, 120_000);

afterAll(() => {
  engine?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('DPAT on a real file whose tests share numbers', () => {
  it('gives every test key its own limits, equal to loops over the raw rows; none pools a number', async () => {
    // Every die of this file is tested once: its one row per test is its final value.
    const passing = new Set((await rows('SELECT wafer, x, y FROM dies WHERE pass')).map((die) => `${die.wafer}/${die.x}/${die.y}`));
    const specs = new Map((await rows('SELECT coalesce(test_key, test_num) AS k, lo_limit, hi_limit FROM tests')).map((test) =>
      [Number(test.k), { lo: test.lo_limit === null ? null : Number(test.lo_limit), hi: test.hi_limit === null ? null : Number(test.hi_limit) }]));
    const values = new Map<number, { number: number; values: number[] }>();
    for (const row of await rows('SELECT wafer, x, y, test_num, coalesce(test_key, test_num) AS k, value FROM results')) {
      if (!passing.has(`${row.wafer}/${row.x}/${row.y}`) || row.value === null || !Number.isFinite(Number(row.value))) continue;
      const entry = values.get(Number(row.k)) ?? { number: Number(row.test_num), values: [] };
      entry.values.push(Number(row.value));
      values.set(Number(row.k), entry);
    }
    const lot = String((await rows('SELECT min(lot) AS lot FROM dies'))[0]?.lot);
    const result = await runScreen(engine, { method: 'dpat', lot, minParts: 20 });
    let expectedLimits = 0;
    for (const [key, entry] of values) {
      const spec = specs.get(key) ?? { lo: null, hi: null };
      const expected = robustLimits(entry.values, 6, 20, spec.lo, spec.hi);
      const actual = result.limits.find((limit) => limit.testKey === key);
      if (expected === null) {
        expect(actual, `key ${key}`).toBeUndefined();
        continue;
      }
      expectedLimits += 1;
      expect(actual?.test).toBe(entry.number);
      expect(actual?.n).toBe(expected.n);
      expect(actual?.n).toBeLessThanOrEqual(passing.size);
      expect([actual?.robustMean, actual?.lo, actual?.hi].map((value) => Number(value?.toPrecision(10)))).toEqual([expected.median, expected.lo, expected.hi].map((value) => Number(value.toPrecision(10))));
    }
    expect(result.limits).toHaveLength(expectedLimits);
    const perNumber = new Map<number, number>();
    for (const limit of result.limits) perNumber.set(limit.test ?? NaN, (perNumber.get(limit.test ?? NaN) ?? 0) + 1);
    const shared = [...perNumber.values()].filter((count) => count > 1).length;
    console.log(`bcdm_S11189_c_01: ${result.limits.length} DPAT limits over ${perNumber.size} test numbers (${shared} numbers carry several tests), ${result.outliers.length} rejected values, ${passing.size} passing dies`);
    expect(shared).toBeGreaterThan(0);
  });
});
