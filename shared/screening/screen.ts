/**
 * Runs one screening rule on a lot against the workspace's engine: PAT (dynamic, static), GDBN,
 * NNR and the AEC-Q002 statistical yield and bin limits. SQL comes from shared/sql/screeningSql.ts,
 * in the engine's dialect (DuckDB, or ClickHouse over a published lake: issue #17 §2).
 */
import type { SqlEngine } from '../engine/sqlEngine.ts';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.ts';
import {
  diesOutsideLimitsSql,
  dynamicPatLimitsSql,
  gdbnSql,
  lotBinHistorySql,
  lotProductSql,
  lotYieldHistorySql,
  nnrResidualsSql,
  staticPatLimitsSql,
  type ScreeningStatement,
} from '../sql/screeningSql.ts';
import type { ScreenLimit, ScreenOutlier, ScreenRequest, ScreenResult } from './types.ts';
import { clusterScreen } from './clusterRule.ts';

type Row = Record<string, unknown>;

/** Rows of a bound statement as plain objects. */
export async function screeningRows(engine: SqlEngine, statement: ScreeningStatement): Promise<Row[]> {
  const table = await engine.query(statement.sql, statement.params);
  return table.toArray().map((row) => (row as { toJSON(): Row }).toJSON());
}

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** A PAT limits row of screeningSql as a ScreenLimit. */
function patLimit(row: Row, scope: ScreenLimit['scope']): ScreenLimit {
  return {
    product: String(row.product),
    test: Number(row.test_num),
    testKey: Number(row.test_key),
    testName: textOrNull(row.test_name),
    scope,
    wafer: textOrNull(row.wafer),
    robustMean: Number(row.robust_mean),
    robustSigma: Number(row.robust_sigma),
    lo: numberOrNull(row.lo),
    hi: numberOrNull(row.hi),
    n: Number(row.n),
  };
}

/** Where a row's die is. */
function dieOf(row: Row): Pick<ScreenOutlier, 'lot' | 'wafer' | 'x' | 'y'> {
  return { lot: String(row.lot), wafer: String(row.wafer), x: Number(row.x), y: Number(row.y) };
}

/** Which test a row is about: number (display), key and name. */
function testOf(row: Row): Pick<ScreenOutlier, 'test' | 'testKey' | 'testName'> {
  return { test: Number(row.test_num), testKey: Number(row.test_key), testName: textOrNull(row.test_name) };
}

/** Passing dies of the lot outside the given limits, one outlier per die and test. */
export async function diesOutside(engine: SqlEngine, lot: string, limits: readonly ScreenLimit[], reason: string, dialect: SqlDialect = duckdbDialect): Promise<ScreenOutlier[]> {
  const applied = limits.flatMap((limit) =>
    limit.testKey === null || limit.lo === null || limit.hi === null ? [] : [{ testKey: limit.testKey, wafer: limit.scope === 'wafer' ? limit.wafer : null, lo: limit.lo, hi: limit.hi }],
  );
  if (applied.length === 0) return [];
  const rows = await screeningRows(engine, diesOutsideLimitsSql(lot, applied, dialect));
  return rows.map((row) => ({ ...dieOf(row), ...testOf(row), value: Number(row.value), reason }));
}

/** Product of a lot, or an error naming the lot when it has no dies. */
export async function productOfLot(engine: SqlEngine, lot: string): Promise<string> {
  const product = (await screeningRows(engine, lotProductSql(lot)))[0]?.product;
  if (product === null || product === undefined) throw new Error(`lot "${lot}" has no dies in this workspace`);
  return String(product);
}

async function dynamicPat(engine: SqlEngine, request: ScreenRequest, dialect: SqlDialect): Promise<ScreenResult> {
  const scope = request.scope ?? 'lot';
  const rows = await screeningRows(engine, dynamicPatLimitsSql({ lot: request.lot, scope, k: request.k ?? 6, minParts: request.minParts ?? 30 }, dialect));
  const limits = rows.map((row) => patLimit(row, scope));
  return { method: 'dpat', lot: request.lot, limits, outliers: await diesOutside(engine, request.lot, limits, 'DPAT', dialect) };
}

/** Static PAT limits of a product computed from the workspace's lots (AEC-Q001: 6 lots, 30 parts each). */
export async function computeStaticPatLimits(
  engine: SqlEngine, product: string, request: Pick<ScreenRequest, 'k' | 'minParts' | 'minLots'> = {}, dialect: SqlDialect = duckdbDialect,
): Promise<ScreenLimit[]> {
  const statement = staticPatLimitsSql({ product, k: request.k ?? 6, minPartsPerLot: request.minParts ?? 30, minLots: request.minLots ?? 6 }, dialect);
  return (await screeningRows(engine, statement)).map((row) => ({ ...patLimit(row, 'product'), source: 'computed' as const }));
}

async function gdbn(engine: SqlEngine, request: ScreenRequest, dialect: SqlDialect): Promise<ScreenResult> {
  const rows = await screeningRows(engine, gdbnSql(request.lot, request.minBad ?? 6, request.window ?? '3x3', dialect));
  const outliers = rows.map((row) => ({ ...dieOf(row), test: null, testKey: null, testName: null, value: Number(row.bad), reason: 'GDBN' }));
  return { method: 'gdbn', lot: request.lot, limits: [], outliers };
}

async function nnr(engine: SqlEngine, request: ScreenRequest, dialect: SqlDialect): Promise<ScreenResult> {
  // 4.5, not 3: with about 14 tests per die, 3 robust sigmas rejects ~0.3 % per test by chance alone
  // (644 of 13,207 passing dies on sample lot OR26001, no outlier among them); 4.5 leaves ~1 per lot.
  const k = request.k ?? 4.5;
  const rows = await screeningRows(engine, nnrResidualsSql(request.lot, 3, dialect));
  const limits = new Map<string, ScreenLimit>();
  const outliers: ScreenOutlier[] = [];
  for (const row of rows) {
    const center = Number(row.residual_median);
    const sigma = Number(row.residual_sigma);
    const key = `${String(row.wafer)}\u0000${String(row.test_key)}`;
    if (!(sigma > 0)) continue;
    if (!limits.has(key)) {
      limits.set(key, { product: String(row.product), ...testOf(row), scope: 'wafer', wafer: String(row.wafer), robustMean: center, robustSigma: sigma, lo: center - k * sigma, hi: center + k * sigma, n: Number(row.n) });
    }
    if (Math.abs(Number(row.residual) - center) > k * sigma) {
      outliers.push({ ...dieOf(row), ...testOf(row), value: Number(row.value), reason: 'NNR' });
    }
  }
  return { method: 'nnr', lot: request.lot, limits: [...limits.values()], outliers };
}

/** Mean and sample standard deviation. */
function meanAndSigma(values: readonly number[]): { mean: number; sigma: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(values.length - 1, 1);
  return { mean, sigma: Math.sqrt(variance) };
}

/** History = the product's other lots; fewer than minLots gives no limits. */
async function statisticalYieldLimits(engine: SqlEngine, request: ScreenRequest): Promise<ScreenResult> {
  const product = await productOfLot(engine, request.lot);
  const minLots = request.minLots ?? 6;
  const limits: ScreenLimit[] = [];
  const outliers: ScreenOutlier[] = [];
  if (request.method === 'syl') {
    const rows = await screeningRows(engine, lotYieldHistorySql(product));
    const history = rows.filter((row) => row.lot !== request.lot).map((row) => Number(row.yield));
    const current = rows.find((row) => row.lot === request.lot);
    if (history.length >= minLots && current) {
      const { mean, sigma } = meanAndSigma(history);
      limits.push({ product, test: null, testKey: null, testName: 'lot yield', scope: 'product', wafer: null, robustMean: mean, robustSigma: sigma, lo: mean - 3 * sigma, hi: null, quarantine: mean - 4 * sigma, n: history.length });
      const value = Number(current.yield);
      if (value < mean - 3 * sigma) outliers.push({ lot: request.lot, wafer: null, x: null, y: null, test: null, testKey: null, testName: null, value, reason: value < mean - 4 * sigma ? 'SYL quarantine' : 'SYL review' });
    }
  } else {
    const rows = await screeningRows(engine, lotBinHistorySql(product));
    const bins = [...new Set(rows.map((row) => Number(row.bin)))];
    for (const bin of bins) {
      const ofBin = rows.filter((row) => Number(row.bin) === bin);
      const history = ofBin.filter((row) => row.lot !== request.lot).map((row) => Number(row.fraction));
      const current = ofBin.find((row) => row.lot === request.lot);
      if (history.length < minLots || !current) continue;
      const { mean, sigma } = meanAndSigma(history);
      limits.push({ product, test: null, testKey: null, testName: `bin ${bin}`, bin, scope: 'product', wafer: null, robustMean: mean, robustSigma: sigma, lo: null, hi: mean + 3 * sigma, quarantine: mean + 4 * sigma, n: history.length });
      const value = Number(current.fraction);
      if (value > mean + 3 * sigma) outliers.push({ lot: request.lot, wafer: null, x: null, y: null, test: null, testKey: null, testName: null, value, reason: `${value > mean + 4 * sigma ? 'SBL quarantine' : 'SBL review'} bin ${bin}` });
    }
  }
  return { method: request.method, lot: request.lot, limits, outliers };
}

/**
 * Static PAT on a lot with the given limits (approved ones, else those computed from the history);
 * callers that keep approved limits pass them (see approvedLimits.ts).
 */
export async function staticPat(engine: SqlEngine, request: ScreenRequest, approved: readonly ScreenLimit[] = [], dialect: SqlDialect = duckdbDialect): Promise<ScreenResult> {
  const product = await productOfLot(engine, request.lot);
  const computed = await computeStaticPatLimits(engine, product, request, dialect);
  const ofProduct = approved.filter((limit) => limit.product === product);
  const approvedTests = new Set(ofProduct.map((limit) => limit.testKey));
  const limits = [...ofProduct, ...computed.filter((limit) => !approvedTests.has(limit.testKey))]
    .sort((a, b) => (a.test ?? 0) - (b.test ?? 0) || (b.testKey ?? 0) - (a.testKey ?? 0));
  return { method: 'spat', lot: request.lot, limits, outliers: await diesOutside(engine, request.lot, limits, 'SPAT', dialect) };
}

/** Run one rule on one lot; `dialect` is the engine's (ClickHouse over a lake, DuckDB by default). */
export async function runScreen(engine: SqlEngine, request: ScreenRequest, approved: readonly ScreenLimit[] = [], dialect: SqlDialect = duckdbDialect): Promise<ScreenResult> {
  await productOfLot(engine, request.lot);
  switch (request.method) {
    case 'dpat':
      return dynamicPat(engine, request, dialect);
    case 'spat':
      return staticPat(engine, request, approved, dialect);
    case 'gdbn':
      return gdbn(engine, request, dialect);
    case 'nnr':
      return nnr(engine, request, dialect);
    case 'cluster':
      return { method: 'cluster', lot: request.lot, limits: [], outliers: await clusterScreen(engine, request.lot, request.minCluster) };
    case 'syl':
    case 'sbl':
      return statisticalYieldLimits(engine, request);
  }
}
