import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScreen } from '../../shared/screening/screen.ts';
import { screenMethods, type ScreenRequest, type ScreenResult } from '../../shared/screening/types.ts';
import { clickhouseDialect } from '../../shared/sql/dialect.ts';
import {
  diesOutsideLimitsSql, dynamicPatLimitsSql, gdbnSql, lotBinHistorySql, lotMappedDiesSql, lotProductSql, lotYieldHistorySql, nnrResidualsSql, staticPatLimitsSql,
} from '../../shared/sql/screeningSql.ts';
import { ClickHouseSqlEngine } from '../../node/engine/clickhouseEngine.ts';
import { chdbTransport, loadChdb } from '../../node/engine/clickhouseTransports.ts';
import type { NativeSqlEngine } from '../../node/engine/nativeEngine.ts';
import { openLakeEngine } from '../../node/lake/openLake.ts';
import { sampleWorkspaceDir } from '../support/sampleWorkspace.ts';
import { sampleCsvRows, sampleFinalDies } from '../support/sampleTruth.ts';
import { finiteValue, gdbnCounts, nnrOutliers, robustLimits, type OracleDie } from '../shared/screening/screeningOracle.ts';
import { clickhouseTraps, removeLake, writeLake } from './clickhouseLake.ts';

// Issue #17 §2: no screening statement sent to ClickHouse may hold an approximate median( or a `//` (a comment there).
describe('ClickHouse statements of the screening rules', () => {
  it('hold neither median( nor // in any rule', () => {
    const statements = [
      dynamicPatLimitsSql({ lot: 'L', scope: 'lot', k: 6, minParts: 30 }, clickhouseDialect),
      dynamicPatLimitsSql({ lot: 'L', scope: 'wafer', k: 6, minParts: 30 }, clickhouseDialect),
      staticPatLimitsSql({ product: 'P', k: 6, minPartsPerLot: 30, minLots: 6 }, clickhouseDialect),
      diesOutsideLimitsSql('L', [{ testKey: 1, wafer: null, lo: 0, hi: 1 }], clickhouseDialect),
      gdbnSql('L', 6, '3x3', clickhouseDialect), gdbnSql('L', 6, '5x5-weighted', clickhouseDialect),
      nnrResidualsSql('L', 3, clickhouseDialect), lotYieldHistorySql('P'), lotBinHistorySql('P'), lotProductSql('L'), lotMappedDiesSql('L'),
    ];
    for (const statement of statements) expect(clickhouseTraps(statement.sql)).toEqual([]);
  });
});

const chdbAvailable = (await loadChdb()) !== null;
if (!chdbAvailable) console.warn('clickhouseScreen: chDB not installed (npm install --no-save chdb, Linux/macOS): ClickHouse parity skipped');

/**
 * Final dies of one sample lot read from its die CSV by plain loops (the highest insertion of each
 * die wins; blank cells are missing values): the oracle's input, independent of import, lake and SQL.
 */
function lotDiesFromCsv(lot: string): OracleDie[] {
  const finals = new Map<string, { insertion: number; die: OracleDie }>();
  for (const row of sampleCsvRows(`dies/${lot}.csv.gz`)) {
    const values = new Map<number, number | null>();
    for (const [column, text] of Object.entries(row)) {
      const test = /^t(\d+)_/.exec(column)?.[1];
      if (test !== undefined) values.set(Number(test), text === '' ? null : Number(text));
    }
    const key = `${row['wafer']}/${row['x']}/${row['y']}`;
    const insertion = Number(row['insertion']);
    if ((finals.get(key)?.insertion ?? 0) >= insertion) continue;
    finals.set(key, {
      insertion,
      die: { product: row['product']!, lot, wafer: row['wafer']!, x: Number(row['x']), y: Number(row['y']), pass: row['pass'] === '1', hardBin: Number(row['hard_bin']), values },
    });
  }
  return [...finals.values()].map((entry) => entry.die);
}

/** Spec limits of a product's tests from the sample's tests.csv (blank: none). */
function specLimits(product: string): Map<number, { lo: number | null; hi: number | null }> {
  const limit = (text: string | undefined): number | null => (text === undefined || text === '' ? null : Number(text));
  return new Map(sampleCsvRows('tests.csv').filter((row) => row['product'] === product).map((row) => [Number(row['test_num']), { lo: limit(row['lo_limit']), hi: limit(row['hi_limit']) }]));
}

/** Mean and sample standard deviation, in plain loops. */
function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / values.length;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return { mean, sd: Math.sqrt(squares / (values.length - 1)) };
}

const dieKey = (outlier: { wafer: string | null; x: number | null; y: number | null }): string => `${outlier.wafer}/${outlier.x}/${outlier.y}`;

describe.skipIf(!chdbAvailable)('screen on DuckDB and ClickHouse (chDB) over the same lake', () => {
  let lake = '';
  let duckdb: NativeSqlEngine;
  let clickhouse: ClickHouseSqlEngine;
  const onClickHouse = new Map<string, ScreenResult>();

  beforeAll(async () => {
    lake = await writeLake(sampleWorkspaceDir());
    // The CLI's two lake engines: `screen --lake` (native DuckDB, read-only) and `screen --engine clickhouse --lake`.
    duckdb = await openLakeEngine(lake);
    clickhouse = await ClickHouseSqlEngine.open(await chdbTransport(), { url: lake });
  }, 600_000);

  afterAll(() => {
    duckdb?.close();
    clickhouse?.close();
    if (lake) removeLake(lake);
  });

  const cases: ScreenRequest[] = [
    ...screenMethods.map((method): ScreenRequest => ({ method, lot: 'OR26001' })),
    { method: 'dpat', lot: 'OR26001', scope: 'wafer' },
    { method: 'gdbn', lot: 'OR26001', window: '5x5-weighted', minBad: 4 },
    // An STDF lot: test keys apart from numbers, cross-file insertions; NNR at k = 3 rejects enough dies to compare many.
    { method: 'dpat', lot: 'OR26003', scope: 'wafer', k: 4 },
    { method: 'nnr', lot: 'OR26003', k: 3 },
    // The other product (one lot: no SYL/SBL history), a lot with thousands of GDBN dies.
    { method: 'gdbn', lot: 'VG26010' },
  ];

  // Issue #17 §2: every rule the CLI accepts gives the same limits and the same rejected dies on both engines, to the last bit.
  it.each(cases.map((request) => [JSON.stringify(request), request] as const))('%s: limits and outliers equal', async (_label, request) => {
    const started = Date.now();
    const expected = await runScreen(duckdb, request);
    const duckdbMs = Date.now() - started;
    const actual = await runScreen(clickhouse, request, [], clickhouseDialect);
    console.log(`${request.method} ${request.lot} ${JSON.stringify(request)}: ${actual.limits.length} limits, ${actual.outliers.length} rejected; DuckDB ${duckdbMs} ms, ClickHouse ${Date.now() - started - duckdbMs} ms`);
    expect(actual.limits).toEqual(expected.limits);
    expect(actual.outliers).toEqual(expected.outliers);
    expect(actual.limits.length + actual.outliers.length).toBeGreaterThan(0);
    onClickHouse.set(JSON.stringify(request), actual);
  }, 300_000);

  // The answer itself, not only engine against engine: plain loops over the lot's die CSV, the file the lake's rows came from.
  describe('ClickHouse over the lake against plain loops over the sample CSV', () => {
    const dies = lotDiesFromCsv('OR26001');
    const specs = specLimits('ORION');
    const resultOf = async (request: ScreenRequest): Promise<ScreenResult> =>
      onClickHouse.get(JSON.stringify(request)) ?? runScreen(clickhouse, request, [], clickhouseDialect);

    it.each([['lot', 6], ['wafer', 4]] as const)('dynamic PAT per %s at k %d: limits of every test and the dies outside them', async (scope, k) => {
      const request: ScreenRequest = scope === 'lot' ? { method: 'dpat', lot: 'OR26001' } : { method: 'dpat', lot: 'OR26001', scope, k };
      const result = await resultOf(request);
      const groups = scope === 'lot' ? [{ wafer: null, dies }] : [...new Set(dies.map((die) => die.wafer))].map((wafer) => ({ wafer, dies: dies.filter((die) => die.wafer === wafer) }));
      const outside: string[] = [];
      let limits = 0;
      for (const [test, spec] of specs) for (const group of groups) {
        const values = group.dies.filter((die) => die.pass).map((die) => finiteValue(die, test)).filter((value): value is number => value !== null);
        const expected = robustLimits(values, k, 30, spec.lo, spec.hi);
        const limit = result.limits.find((candidate) => candidate.test === test && candidate.wafer === group.wafer);
        if (expected === null) {
          expect(limit).toBeUndefined();
          continue;
        }
        limits += 1;
        expect(limit?.n).toBe(expected.n);
        expect(limit?.robustMean).toBeCloseTo(expected.median, 12);
        expect(limit?.robustSigma).toBeCloseTo(expected.sigma, 12);
        expect(limit?.lo).toBeCloseTo(expected.lo, 12);
        expect(limit?.hi).toBeCloseTo(expected.hi, 12);
        for (const die of group.dies) {
          const value = finiteValue(die, test);
          if (die.pass && value !== null && (value < expected.lo || value > expected.hi)) outside.push(`${dieKey(die)}/${test}`);
        }
      }
      expect(result.limits).toHaveLength(limits);
      expect(result.outliers.map((outlier) => `${dieKey(outlier)}/${outlier.test}`).sort()).toEqual(outside.sort());
      console.log(`DPAT OR26001 per ${scope} at k ${k}, oracle: ${limits} limits, ${outside.length} die-tests outside`);
    }, 300_000);

    it('GDBN: passing dies with at least 6 failing neighbours', async () => {
      const result = await resultOf({ method: 'gdbn', lot: 'OR26001' });
      const expected = [...gdbnCounts(dies)].filter(([, bad]) => bad >= 6);
      expect(result.outliers.map((outlier) => [dieKey(outlier), outlier.value]).sort()).toEqual(expected.sort());
      expect(expected.length).toBeGreaterThan(5);
    }, 300_000);

    it('NNR at k 4.5: the dies whose residual leaves its wafer\'s robust band', async () => {
      const result = await resultOf({ method: 'nnr', lot: 'OR26001' });
      const expected = [...specs.keys()].flatMap((test) => [...nnrOutliers(dies, test, 4.5)].map((key) => `${key}/${test}`));
      expect(result.outliers.map((outlier) => `${dieKey(outlier)}/${outlier.test}`).sort()).toEqual(expected.sort());
      console.log(`NNR OR26001 oracle: ${expected.length} rejected (${expected.join(', ')})`);
    }, 300_000);

    it('SYL and SBL: the lot against mean and sample sigma of the product\'s other lots', async () => {
      const product = sampleFinalDies().filter((die) => die.product === 'ORION');
      const lots = [...new Set(product.map((die) => die.lot))];
      const others = lots.filter((lot) => lot !== 'OR26001');
      const yieldOf = (lot: string): number => product.filter((die) => die.lot === lot && die.pass).length / product.filter((die) => die.lot === lot).length;
      const syl = await resultOf({ method: 'syl', lot: 'OR26001' });
      const history = meanAndSd(others.map(yieldOf));
      expect(syl.limits[0]?.n).toBe(others.length);
      expect(syl.limits[0]?.robustMean).toBeCloseTo(history.mean, 12);
      expect(syl.limits[0]?.robustSigma).toBeCloseTo(history.sd, 12);
      expect(syl.outliers.length).toBe(yieldOf('OR26001') < history.mean - 3 * history.sd ? 1 : 0);

      const sbl = await resultOf({ method: 'sbl', lot: 'OR26001' });
      const failBins = [...new Set(product.filter((die) => !die.pass).map((die) => die.hardBin))].sort((a, b) => a - b);
      expect(sbl.limits.map((limit) => limit.bin)).toEqual(failBins);
      for (const bin of failBins) {
        const fraction = (lot: string): number => product.filter((die) => die.lot === lot && die.hardBin === bin && !die.pass).length / product.filter((die) => die.lot === lot).length;
        const binHistory = meanAndSd(others.map(fraction));
        const limit = sbl.limits.find((candidate) => candidate.bin === bin);
        expect(limit?.robustMean).toBeCloseTo(binHistory.mean, 12);
        expect(limit?.hi).toBeCloseTo(binHistory.mean + 3 * binHistory.sd, 12);
      }
    }, 300_000);
  });
});
