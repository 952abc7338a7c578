/**
 * Outlier dies for the screening rules to find (issue #16 §5), applied to one wafer's final die
 * records after they are simulated: parametric outliers inside the spec limits (beyond the
 * wafer's DPAT limits, median + 6 robust sigmas of the passing dies) and a "good die in a bad
 * neighbourhood" (a passing die whose 8 neighbours are made to fail). What was injected is returned
 * for ground-truth.json.
 */
import { hardBinOfSoftBin, SOFT_BIN_BY_CATEGORY } from './bins.ts';
import type { DieRecord } from './dieSimulation.ts';
import type { TestDefinition } from './products.ts';
import { deriveSeed, SeededRandom } from './random.ts';

/** One injected outlier die. */
export interface InjectedOutlier {
  lot: string;
  wafer: number;
  x: number;
  y: number;
  kind: 'parametric' | 'gdbn';
  /** Parametric: the test and the value written (inside its spec limits). */
  testNumber?: number;
  value?: number;
}

/** Quantile with linear interpolation (Hyndman-Fan 7), as the DPAT rule computes it. */
function quantile(sorted: readonly number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const below = Math.floor(at);
  const above = Math.min(below + 1, sorted.length - 1);
  return (sorted[below] ?? 0) + ((sorted[above] ?? 0) - (sorted[below] ?? 0)) * (at - below);
}

const positionKey = (record: { x: number; y: number }): string => `${record.x}/${record.y}`;

/**
 * Inject into one wafer's final records (one per die): `parametric` outliers on tests whose DPAT
 * high limit lies inside the spec (value halfway between the two, at the test's resolution) and
 * `gdbn` passing dies with all 8 neighbours failing. Returns new records and what was injected.
 */
export function injectWaferOutliers(
  seed: number,
  records: readonly DieRecord[],
  tests: readonly TestDefinition[],
  count: { parametric: number; gdbn: number } = { parametric: 2, gdbn: 1 },
): { records: DieRecord[]; injected: InjectedOutlier[] } {
  const first = records[0];
  if (!first) return { records: [], injected: [] };
  const random = new SeededRandom(deriveSeed(seed, 'outliers', first.lot, first.wafer));
  const result = records.map((record) => ({ ...record, values: Float64Array.from(record.values) }));
  const byPosition = new Map(result.map((record, index) => [positionKey(record), index]));
  const injected: InjectedOutlier[] = [];
  const taken = new Set<string>();
  const neighbours = (record: DieRecord): number[] => [-1, 0, 1].flatMap((dx) => [-1, 0, 1].flatMap((dy) => {
    const index = dx === 0 && dy === 0 ? undefined : byPosition.get(positionKey({ x: record.x + dx, y: record.y + dy }));
    return index === undefined ? [] : [index];
  }));
  // Good die in a bad neighbourhood: an interior passing die; its 8 neighbours fail functionally.
  const failBin = SOFT_BIN_BY_CATEGORY.functional;
  const interior = result.filter((record) => record.pass && neighbours(record).length === 8);
  for (let n = 0; n < count.gdbn && interior.length > 0; n++) {
    const centre = interior.splice(random.integer(0, interior.length - 1), 1)[0]!;
    const ring = neighbours(centre);
    if ([centre, ...ring.map((index) => result[index]!)].some((record) => taken.has(positionKey(record)))) continue;
    for (const index of ring) {
      const neighbour = result[index]!;
      result[index] = { ...neighbour, softBin: failBin, hardBin: hardBinOfSoftBin(failBin), pass: false };
      taken.add(positionKey(neighbour));
    }
    taken.add(positionKey(centre));
    injected.push({ lot: centre.lot, wafer: centre.wafer, x: centre.x, y: centre.y, kind: 'gdbn' });
  }
  // Parametric outliers inside spec, on tests where DPAT is tighter than the spec.
  const candidates = tests.flatMap((test, column) => {
    const values = result.filter((record) => record.pass).map((record) => record.values[column] ?? Number.NaN).filter(Number.isFinite).sort((a, b) => a - b);
    if (values.length < 30) return [];
    const sigma = (quantile(values, 0.75) - quantile(values, 0.25)) / 1.35;
    const patHigh = quantile(values, 0.5) + 6 * sigma;
    const step = 10 ** -Math.max(0, test.decimals);
    const value = Math.round(((patHigh + test.highLimit) / 2) / step) * step;
    return sigma > 0 && value > patHigh + step && value < test.highLimit ? [{ test, column, value }] : [];
  });
  const passing = result.filter((record) => record.pass && !taken.has(positionKey(record)));
  for (let n = 0; n < count.parametric && candidates.length > 0 && passing.length > 0; n++) {
    const { test, column, value } = candidates[n % candidates.length]!;
    const die = passing.splice(random.integer(0, passing.length - 1), 1)[0]!;
    if (!Number.isFinite(die.values[column] ?? Number.NaN)) continue;
    die.values[column] = value;
    taken.add(positionKey(die));
    injected.push({ lot: die.lot, wafer: die.wafer, x: die.x, y: die.y, kind: 'parametric', testNumber: test.testNumber, value });
  }
  return { records: result, injected };
}
