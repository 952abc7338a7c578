/**
 * Default chart definitions for a new workspace: per product a wafer-yield p′ chart and an X-bar/S
 * chart for every parametric test with limits (enabled), a wafer-yield floor and a ceiling per
 * failing hard bin (made, but disabled). Subgroup = wafer in wafer start order; rule WE1; phase I
 * baseline = the first 150 subgroups. Why: shared/spc/monitor/README.md, "Defaults".
 */
import type { SqlEngine } from '../../engine/sqlEngine.ts';
import { failingHardBinsSql, productYieldSql, testsWithLimitsSql } from '../../sql/spcSql.ts';
import type { RuleName } from '../index.ts';
import type { ChartDefinition, LimitsDefinition } from './types.ts';

/**
 * Subgroups (wafers) in the default phase I baseline: 150, six lots of 25. The wafers of a lot
 * share its offset, so the limits must see enough lots to hold the lot-to-lot spread; with four
 * lots (100 wafers) generated in-control fabs raised twice as many episodes (see README).
 */
export const DEFAULT_BASELINE_SUBGROUPS = 150;
/**
 * Run rules of the default control charts: rule 1 only. Rules 2-4 judge consecutive wafers as
 * independent, but the wafers of a lot share its offset, so they fire on every ordinary lot that
 * sits a little off centre.
 */
export const DEFAULT_RULES: readonly RuleName[] = ['WE1'];
/**
 * Limits of the default yield p′ chart (and of a bin p′ chart made in the app), in σ′: 3.5, not 3.
 * A wafer's defect density varies log-normally (the negative-binomial yield model), so the low tail
 * of wafer yield is longer than normal: on generated fabs in control, limits at 3σ′ flagged about
 * 1 % of wafers instead of 0.135 %, at 3.5σ′ about the nominal rate (see README).
 */
export const DEFAULT_PROPORTION_LIMIT_SIGMAS = 3.5;
/** Default yield floor as a fraction of the product's overall yield when the defaults are created. */
export const DEFAULT_YIELD_FLOOR_RATIO = 0.8;
/** Default ceiling of a failing hard bin's fraction on a wafer. */
export const DEFAULT_BIN_CEILING = 0.1;

/** An id-safe form of a product name. */
function idPart(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** The default phase I limits. */
function defaultLimits(): LimitsDefinition {
  return { mode: 'phase-one', baseline: { firstSubgroups: DEFAULT_BASELINE_SUBGROUPS }, dropOutOfControl: true };
}

/** Rows of a query as plain objects. */
async function rows(engine: SqlEngine, sql: string): Promise<Record<string, unknown>[]> {
  return (await engine.query(sql)).toArray().map((row) => (row as { toJSON(): Record<string, unknown> }).toJSON());
}

/** The yield p′ chart (enabled) and the yield floor (disabled: it flags the same wafers) of one product. */
function yieldDefinitions(product: string, overallYield: number): ChartDefinition[] {
  const floor = Math.round(overallYield * DEFAULT_YIELD_FLOOR_RATIO * 1000) / 1000;
  return [
    {
      id: `yield-${idPart(product)}`, name: `${product} wafer yield`, enabled: true, metric: { kind: 'wafer-yield' },
      filter: { product }, chart: 'p', rules: [...DEFAULT_RULES], limits: defaultLimits(), sigmaBasis: 'between', limitSigmas: DEFAULT_PROPORTION_LIMIT_SIGMAS, severity: {},
    },
    {
      id: `yield-floor-${idPart(product)}`, name: `${product} wafer yield below ${(floor * 100).toFixed(1)} %`, enabled: false,
      metric: { kind: 'wafer-yield' }, filter: { product }, chart: 'threshold', rules: [], limits: defaultLimits(),
      threshold: { direction: 'below', value: floor }, severity: { THRESHOLD: 'critical' },
    },
  ];
}

/** Create the default definitions from what the workspace holds (nothing is saved). */
export async function createDefaultDefinitions(engine: SqlEngine): Promise<ChartDefinition[]> {
  const definitions: ChartDefinition[] = [];
  const tests = await rows(engine, testsWithLimitsSql);
  const bins = await rows(engine, failingHardBinsSql);
  for (const { product, yield: overall } of await rows(engine, productYieldSql)) {
    const name = String(product);
    definitions.push(...yieldDefinitions(name, Number(overall)));
    // A test whose limits are one value (0..0 failing vectors of a functional test) is pass/fail: the yield and bin charts watch it.
    for (const test of tests.filter((row) => row.product === name && row.lo_limit !== row.hi_limit)) {
      definitions.push({
        id: `test-${idPart(name)}-${String(test.test_num)}`, name: `${name} ${String(test.test_num)} ${String(test.name ?? '')}`.trim(),
        enabled: true, metric: { kind: 'parametric', testNum: Number(test.test_num) }, filter: { product: name }, chart: 'xbar-s',
        rules: [...DEFAULT_RULES], limits: defaultLimits(), sigmaBasis: 'between', severity: {},
      });
    }
    // Disabled: a wafer with a spatial signature crosses several bin ceilings as well as the yield chart.
    for (const bin of bins.filter((row) => row.product === name)) {
      definitions.push({
        id: `bin-${idPart(name)}-hard-${String(bin.bin)}`, name: `${name} hard bin ${String(bin.bin)} ${String(bin.name ?? '')} above ${DEFAULT_BIN_CEILING * 100} %`,
        enabled: false, metric: { kind: 'bin-fraction', binType: 'hard', bin: Number(bin.bin) }, filter: { product: name }, chart: 'threshold',
        rules: [], limits: defaultLimits(), threshold: { direction: 'above', value: DEFAULT_BIN_CEILING }, severity: { THRESHOLD: 'warning' },
      });
    }
  }
  return definitions;
}
