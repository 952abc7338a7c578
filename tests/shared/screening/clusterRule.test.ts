import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { clusterScreenedDies } from '../../../shared/screening/clusterRule.ts';
import { runScreen } from '../../../shared/screening/screen.ts';
import type { WaferDie } from '../../../shared/wafer/waferRaster.ts';
import { generatedDies, generatedEngine } from './generatedLots.ts';

/** Dies of a drawn wafer: '.' passing, 'X' failing, ' ' no die; row = y, column = x (from 10, 20 so offsets matter). */
function drawn(rows: readonly string[]): WaferDie[] {
  return rows.flatMap((row, y) => [...row].flatMap((cell, x) => (cell === ' ' ? [] : [{ x: x + 10, y: y + 20, pass: cell === '.' }])));
}

/** Positions marked 'o' in a drawing of the expected result. */
function marked(rows: readonly string[]): string[] {
  return rows.flatMap((row, y) => [...row].flatMap((cell, x) => (cell === 'o' ? [`${x + 10}/${y + 20}`] : []))).sort();
}

const cases = [
  {
    name: 'a ring of 8 rejects its rim and the die it encloses; a lone fail rejects nothing',
    wafer: ['.......', '.XXX...', '.X.X...', '.XXX...', '.......', '.......', '.....X.'],
    expected: ['ooooo..', 'oXXXo..', 'oXoXo..', 'oXXXo..', 'ooooo..', '.......', '.....X.'],
  },
  {
    name: 'a die enclosed deeper than the rim is rejected too',
    wafer: ['XXXXX', 'X...X', 'X...X', 'X...X', 'XXXXX'],
    expected: ['XXXXX', 'XoooX', 'XoooX', 'XoooX', 'XXXXX'],
  },
  {
    name: 'a cluster of 4 is below the default size of 5',
    wafer: ['....', '.XX.', '.XX.', '....'],
    expected: ['....', '.XX.', '.XX.', '....'],
  },
  {
    name: 'a diagonal chain is one cluster (8-connectivity); holes in the wafer are not passing dies',
    wafer: ['X....', '.X...', '..X..', '...X.', '....X', ' ....'],
    expected: ['Xoo..', 'oXoo.', 'ooXoo', '.ooXo', '..ooX', ' ..oo'],
  },
];

describe('cluster rule: passing dies inside or at the rim of a failing cluster (issue #16 §2)', () => {
  it.each(cases)('$name', ({ wafer, expected }) => {
    expect(clusterScreenedDies(drawn(wafer)).map((die) => `${die.x}/${die.y}`).sort()).toEqual(marked(expected));
  });

  it('takes the smallest cluster size as an option', () => {
    expect(clusterScreenedDies(drawn(['....', '.XX.', '.XX.', '....']), 4)).toHaveLength(12);
  });
});

describe('cluster rule on a generated lot in DuckDB', () => {
  const dies = generatedDies();
  let engine: WasmNodeSqlEngine;
  beforeAll(async () => {
    engine = await generatedEngine(dies);
  }, 60_000);
  afterAll(() => engine?.close());

  it('rejects, per wafer, the dies the rule finds on the raw rows', async () => {
    const result = await runScreen(engine, { method: 'cluster', lot: 'L5' });
    const lotDies = dies.filter((die) => die.lot === 'L5');
    const expected = [...new Set(lotDies.map((die) => die.wafer))].flatMap((wafer) =>
      clusterScreenedDies(lotDies.filter((die) => die.wafer === wafer)).map((die) => `${wafer}/${die.x}/${die.y}`));
    expect(result.outliers.map((outlier) => `${outlier.wafer}/${outlier.x}/${outlier.y}`).sort()).toEqual(expected.sort());
    expect(result.outliers.every((outlier) => outlier.reason === 'Cluster' && outlier.test === null)).toBe(true);
    console.log(`cluster rule on generated lot L5: ${result.outliers.length} passing dies rejected`);
  });
});
