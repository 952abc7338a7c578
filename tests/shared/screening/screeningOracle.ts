/**
 * Independent screening computations in plain loops over raw die rows (no SQL): type-7 quartiles,
 * PAT limits, GDBN counts and NNR residuals, for the tests to compare the SQL against.
 */

/** One die's final result as a test sees it. */
export interface OracleDie {
  product: string;
  lot: string;
  wafer: string;
  x: number;
  y: number;
  pass: boolean;
  hardBin: number;
  /** Final value per test number; null or NaN = missing. */
  values: Map<number, number | null>;
}

/** Quantile with linear interpolation between order statistics (Hyndman-Fan type 7). */
export function quantile7(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] ?? NaN;
  const high = sorted[above] ?? NaN;
  return low + (high - low) * (position - below);
}

/** Robust limits of a sample: median +/- k IQR/1.35, clipped to spec; null below minParts or with no spread. */
export function robustLimits(values: readonly number[], k: number, minParts: number, specLo: number | null, specHi: number | null) {
  if (values.length < minParts) return null;
  const median = quantile7(values, 0.5);
  const sigma = (quantile7(values, 0.75) - quantile7(values, 0.25)) / 1.35;
  if (!(sigma > 0)) return null;
  let lo = median - k * sigma;
  let hi = median + k * sigma;
  if (specLo !== null && specLo > lo) lo = specLo;
  if (specHi !== null && specHi < hi) hi = specHi;
  return { median, sigma, lo, hi, n: values.length };
}

/** Finite value of a test on a die, or null. */
export function finiteValue(die: OracleDie, test: number): number | null {
  const value = die.values.get(test);
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

/** Failing 8-neighbours of every passing die, keyed "wafer/x/y". */
export function gdbnCounts(dies: readonly OracleDie[]): Map<string, number> {
  const byPosition = new Map(dies.map((die) => [`${die.wafer}/${die.x}/${die.y}`, die]));
  const counts = new Map<string, number>();
  for (const die of dies) {
    if (!die.pass) continue;
    let bad = 0;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const neighbour = byPosition.get(`${die.wafer}/${die.x + dx}/${die.y + dy}`);
        if ((dx !== 0 || dy !== 0) && neighbour && !neighbour.pass) bad += 1;
      }
    }
    counts.set(`${die.wafer}/${die.x}/${die.y}`, bad);
  }
  return counts;
}

/** NNR outliers of one test, keyed "wafer/x/y": residual vs the median of >= 3 passing neighbours. */
export function nnrOutliers(dies: readonly OracleDie[], test: number, k: number): Set<string> {
  const passing = dies.filter((die) => die.pass && finiteValue(die, test) !== null);
  const byPosition = new Map(passing.map((die) => [`${die.wafer}/${die.x}/${die.y}`, die]));
  const residuals = new Map<string, { wafer: string; residual: number }>();
  for (const die of passing) {
    const around: number[] = [];
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const neighbour = byPosition.get(`${die.wafer}/${die.x + dx}/${die.y + dy}`);
        if ((dx !== 0 || dy !== 0) && neighbour) around.push(finiteValue(neighbour, test) ?? NaN);
      }
    }
    if (around.length < 3) continue;
    residuals.set(`${die.wafer}/${die.x}/${die.y}`, { wafer: die.wafer, residual: (finiteValue(die, test) ?? NaN) - quantile7(around, 0.5) });
  }
  const outliers = new Set<string>();
  const wafers = new Set([...residuals.values()].map((entry) => entry.wafer));
  for (const wafer of wafers) {
    const values = [...residuals.values()].filter((entry) => entry.wafer === wafer).map((entry) => entry.residual);
    const center = quantile7(values, 0.5);
    const sigma = (quantile7(values, 0.75) - quantile7(values, 0.25)) / 1.35;
    if (!(sigma > 0)) continue;
    for (const [key, entry] of residuals) if (entry.wafer === wafer && Math.abs(entry.residual - center) > k * sigma) outliers.add(key);
  }
  return outliers;
}
