/**
 * Control-chart constants for subgroup size n, computed from their definitions (SPC_YIELD.md §1):
 * c4 from the Gamma function, d2 = E[R/σ] and d3 = SD[R/σ] by numerical integration of the
 * normal range distribution, and the derived A/B/D/E factors.
 */
import { logGamma, normalCdf } from './normalDistribution.ts';

/** Which d2/d3 values to use: exact integrals, or d2 rounded to 3 decimals as in printed tables (qcc). */
export type ConstantsConvention = 'exact' | 'textbook';

/** All Shewhart constants for one subgroup size. */
export interface ChartConstants {
  n: number;
  A: number;
  A2: number;
  A3: number;
  c4: number;
  B3: number;
  B4: number;
  B5: number;
  B6: number;
  d2: number;
  d3: number;
  D1: number;
  D2: number;
  D3: number;
  D4: number;
  E2: number;
}

/** c4(n) = √(2/(n−1))·Γ(n/2)/Γ((n−1)/2), so that E[s] = c4·σ. */
export function c4(n: number): number {
  if (!(n >= 2)) return Number.NaN;
  return Math.sqrt(2 / (n - 1)) * Math.exp(logGamma(n / 2) - logGamma((n - 1) / 2));
}

// Integration grid: x in [−GRID_HALF_WIDTH, GRID_HALF_WIDTH], range u in [0, 2·GRID_HALF_WIDTH].
const GRID_HALF_WIDTH = 9;
const GRID_STEP = 0.06; // 300 intervals: divisible by 4, as the coarse (2h) Simpson pass needs
const GRID_INTERVALS = Math.round((2 * GRID_HALF_WIDTH) / GRID_STEP);

let cumulativeGrid: Float64Array | undefined;

/** Φ on the points −W + k·h for k = 0..2·intervals (covers x + u for the range integral). */
function normalCdfGrid(): Float64Array {
  if (!cumulativeGrid) {
    cumulativeGrid = new Float64Array(2 * GRID_INTERVALS + 1);
    for (let index = 0; index < cumulativeGrid.length; index += 1) {
      cumulativeGrid[index] = normalCdf(-GRID_HALF_WIDTH + index * GRID_STEP);
    }
  }
  return cumulativeGrid;
}

/** Composite Simpson weight of grid node `index` among `intervals` (even) intervals. */
function simpsonWeight(index: number, intervals: number): number {
  if (index === 0 || index === intervals) return 1;
  return index % 2 === 1 ? 4 : 2;
}

/** d2(n) = ∫ [1 − Φ(x)ⁿ − (1 − Φ(x))ⁿ] dx (exact expected range of n standard normals). */
function integrateExpectedRange(n: number): number {
  const grid = normalCdfGrid();
  let sum = 0;
  for (let index = 0; index <= GRID_INTERVALS; index += 1) {
    const cdf = grid[index] ?? 0;
    sum += simpsonWeight(index, GRID_INTERVALS) * (1 - cdf ** n - (1 - cdf) ** n);
  }
  return (sum * GRID_STEP) / 3;
}

/**
 * E[W²] = 2∬_{x<y} [1 − Φ(y)ⁿ − (1−Φ(x))ⁿ + (Φ(y)−Φ(x))ⁿ] dx dy, written with y = x + u so the
 * domain is a rectangle (x, u ≥ 0), integrated by 2-D Simpson on every `stride`-th grid node.
 */
function simpsonSecondMomentOfRange(n: number, stride: number): number {
  const grid = normalCdfGrid();
  const intervals = GRID_INTERVALS / stride;
  let total = 0;
  for (let rangeStep = 0; rangeStep <= intervals; rangeStep += 1) {
    let inner = 0;
    for (let startStep = 0; startStep <= intervals; startStep += 1) {
      const lowerCdf = grid[startStep * stride] ?? 0;
      const upperCdf = grid[(startStep + rangeStep) * stride] ?? 1;
      const integrand = 1 - upperCdf ** n - (1 - lowerCdf) ** n + (upperCdf - lowerCdf) ** n;
      inner += simpsonWeight(startStep, intervals) * integrand;
    }
    total += simpsonWeight(rangeStep, intervals) * inner;
  }
  return 2 * total * ((GRID_STEP * stride) / 3) ** 2;
}

/** E[W²] with one Richardson step on Simpson's h⁴ error (steps h and 2h): ~2e-10 in d3. */
function integrateSecondMomentOfRange(n: number): number {
  const fine = simpsonSecondMomentOfRange(n, 1);
  const coarse = simpsonSecondMomentOfRange(n, 2);
  return fine + (fine - coarse) / 15;
}

const rangeMomentCache = new Map<number, { d2: number; d3: number }>();

/** Exact d2(n) and d3(n) (cached; n ≥ 2). */
function exactRangeMoments(n: number): { d2: number; d3: number } {
  const cached = rangeMomentCache.get(n);
  if (cached) return cached;
  const d2 = integrateExpectedRange(n);
  const d3 = Math.sqrt(integrateSecondMomentOfRange(n) - d2 * d2);
  const moments = { d2, d3 };
  rangeMomentCache.set(n, moments);
  return moments;
}

/** d2(n): exact, or rounded to 3 decimals like printed tables and qcc ('textbook'). */
export function d2(n: number, convention: ConstantsConvention = 'exact'): number {
  if (!(n >= 2) || !Number.isInteger(n)) return Number.NaN;
  const exact = exactRangeMoments(n).d2;
  return convention === 'textbook' ? Math.round(exact * 1000) / 1000 : exact;
}

/** d3(n) = SD of the relative range (always the exact integral; tables agree to their digits). */
export function d3(n: number): number {
  if (!(n >= 2) || !Number.isInteger(n)) return Number.NaN;
  return exactRangeMoments(n).d3;
}

/** Every constant of SPC_YIELD.md §1 for subgroup size n. */
export function chartConstants(n: number, convention: ConstantsConvention = 'exact'): ChartConstants {
  const c4Value = c4(n);
  const d2Value = d2(n, convention);
  const d3Value = d3(n);
  const sRelativeSpread = Math.sqrt(1 - c4Value * c4Value);
  return {
    n,
    A: 3 / Math.sqrt(n),
    A2: 3 / (d2Value * Math.sqrt(n)),
    A3: 3 / (c4Value * Math.sqrt(n)),
    c4: c4Value,
    B3: Math.max(0, 1 - (3 * sRelativeSpread) / c4Value),
    B4: 1 + (3 * sRelativeSpread) / c4Value,
    B5: Math.max(0, c4Value - 3 * sRelativeSpread),
    B6: c4Value + 3 * sRelativeSpread,
    d2: d2Value,
    d3: d3Value,
    D1: Math.max(0, d2Value - 3 * d3Value),
    D2: d2Value + 3 * d3Value,
    D3: Math.max(0, 1 - (3 * d3Value) / d2Value),
    D4: 1 + (3 * d3Value) / d2Value,
    E2: 3 / d2Value,
  };
}
