/** Contingency-table tests: Pearson chi-square, Cramér's V, Fisher exact (2x2 and r x 2). */
import { chiSquareSurvival } from './distributions';
import { logFactorial } from './specialFunctions';

/** Result of Pearson's chi-square test of independence. */
export interface ChiSquareContingencyResult {
  /** Chi-square statistic. */
  chiSquare: number;
  /** Degrees of freedom (r - 1)(c - 1), after dropping empty rows/columns. */
  df: number;
  /** Upper-tail p-value. */
  p: number;
  /** Expected counts under independence (same shape as the input). */
  expected: number[][];
  /** Cramér's V = sqrt(chi2 / (N * min(r - 1, c - 1))). */
  cramersV: number;
  /** Smallest expected count (below 5 suggests an exact test). */
  minimumExpected: number;
}

/** Options for the chi-square test. */
export interface ChiSquareOptions {
  /** Apply Yates' continuity correction when df = 1 (default false; scipy's default is true). */
  continuityCorrection?: boolean;
}

/** Pearson chi-square test of independence on a table of counts (rows x columns). */
export function chiSquareContingency(table: readonly (readonly number[])[], options: ChiSquareOptions = {}): ChiSquareContingencyResult {
  const rowTotals = table.map((row) => row.reduce((sum, count) => sum + count, 0));
  const columnCount = Math.max(0, ...table.map((row) => row.length));
  const columnTotals = Array.from({ length: columnCount }, (_, column) => table.reduce((sum, row) => sum + (row[column] ?? 0), 0));
  const total = rowTotals.reduce((sum, count) => sum + count, 0);
  const expected = table.map((_, row) => columnTotals.map((columnTotal) => ((rowTotals[row] ?? 0) * columnTotal) / total));
  const usedRows = rowTotals.filter((count) => count > 0).length;
  const usedColumns = columnTotals.filter((count) => count > 0).length;
  const df = (usedRows - 1) * (usedColumns - 1);
  const correction = options.continuityCorrection === true && df === 1 ? 0.5 : 0;
  let chiSquare = 0;
  let minimumExpected = Number.POSITIVE_INFINITY;
  table.forEach((row, rowIndex) => {
    columnTotals.forEach((_, column) => {
      const expectedCount = expected[rowIndex]?.[column] ?? 0;
      if (expectedCount <= 0) return;
      minimumExpected = Math.min(minimumExpected, expectedCount);
      const deviation = Math.max(0, Math.abs((row[column] ?? 0) - expectedCount) - correction);
      chiSquare += (deviation * deviation) / expectedCount;
    });
  });
  const p = df > 0 ? chiSquareSurvival(chiSquare, df) : Number.NaN;
  const smallerDimension = Math.min(usedRows - 1, usedColumns - 1);
  const cramersV = smallerDimension > 0 ? Math.sqrt(chiSquare / (total * smallerDimension)) : Number.NaN;
  return { chiSquare, df, p, expected, cramersV, minimumExpected };
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

// Tables whose probability is within this relative tolerance of the observed one count as
// "as extreme" (guards against rounding splitting equal probabilities; same idea as R and scipy).
const RELATIVE_PROBABILITY_TOLERANCE = 1e-7;

/** Result of Fisher's exact test on a 2x2 table. */
export interface FisherExactResult {
  /** Two-sided p-value (sum of table probabilities not above the observed one). */
  p: number;
  /** Sample odds ratio (a d) / (b c); Infinity or NaN when a cell product is zero. */
  oddsRatio: number;
}

/** Fisher's exact test for a 2x2 table [[a, b], [c, d]], two-sided. */
export function fisherExact2x2(table: readonly [readonly [number, number], readonly [number, number]]): FisherExactResult {
  const [[a, b], [c, d]] = table;
  const p = fisherExactRx2([
    [a, b],
    [c, d],
  ]);
  const oddsRatio = b * c === 0 ? (a * d === 0 ? Number.NaN : Number.POSITIVE_INFINITY) : (a * d) / (b * c);
  return { p: p ?? Number.NaN, oddsRatio };
}

/**
 * Fisher-Freeman-Halton exact test for an r x 2 table (two-sided). Enumerates all tables with the
 * observed margins; returns null when more than `maximumTables` would be needed.
 */
export function fisherExactRx2(table: readonly (readonly [number, number])[], maximumTables = 2_000_000): number | null {
  const rowTotals = table.map(([first, second]) => first + second);
  const firstColumnTotal = table.reduce((sum, [first]) => sum + first, 0);
  const total = rowTotals.reduce((sum, count) => sum + count, 0);
  const logDenominator = logChoose(total, firstColumnTotal);
  const logRowTerms = rowTotals.map((rowTotal) => Array.from({ length: rowTotal + 1 }, (_, count) => logChoose(rowTotal, count)));
  const observedLog = table.reduce((sum, [first], row) => sum + (logRowTerms[row]?.[first] ?? 0), 0) - logDenominator;
  const threshold = observedLog + Math.log1p(RELATIVE_PROBABILITY_TOLERANCE);
  const capacityAfter = rowTotals.map((_, row) => rowTotals.slice(row + 1).reduce((sum, count) => sum + count, 0));
  let visited = 0;
  let pValue = 0;
  const visit = (row: number, remaining: number, logSum: number): boolean => {
    if (row === rowTotals.length) {
      visited += 1;
      const logProbability = logSum - logDenominator;
      if (logProbability <= threshold) pValue += Math.exp(logProbability);
      return visited <= maximumTables;
    }
    const rowTotal = rowTotals[row] ?? 0;
    const low = Math.max(0, remaining - (capacityAfter[row] ?? 0));
    const high = Math.min(rowTotal, remaining);
    for (let count = low; count <= high; count += 1) {
      if (!visit(row + 1, remaining - count, logSum + (logRowTerms[row]?.[count] ?? 0))) return false;
    }
    return true;
  };
  if (!visit(0, firstColumnTotal, 0)) return null;
  return Math.min(1, pValue);
}
