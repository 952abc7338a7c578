/**
 * Confidence intervals for capability indices, as qcc reports them: Cp and Pp from the chi-square
 * distribution with N − 1 degrees of freedom, Cpk and Ppk from the normal approximation
 * Cpk·(1 ± z·√(1/(9N·Cpk²) + 1/(2(N−1)))).
 */
import type { CapabilityReport } from './capability.ts';
import { logGamma, normalCdf } from './normalDistribution.ts';

/** Lower and upper bound of a confidence interval. */
export type Interval = [number, number];

/** Regularized lower incomplete gamma P(a, x): power series below a + 1, continued fraction above. */
export function regularizedLowerGamma(shape: number, x: number): number {
  if (x <= 0) return 0;
  const logPrefactor = shape * Math.log(x) - x - logGamma(shape);
  if (x < shape + 1) {
    let term = 1 / shape;
    let sum = term;
    for (let step = 1; step < 1000 && Math.abs(term) > 1e-17 * Math.abs(sum); step += 1) {
      term *= x / (shape + step);
      sum += term;
    }
    return Math.exp(logPrefactor) * sum;
  }
  // Q(a, x) by the Legendre continued fraction, evaluated with the modified Lentz method.
  const tiny = 1e-300;
  let b = x + 1 - shape;
  let c = 1 / tiny;
  let d = 1 / b;
  let fraction = d;
  for (let step = 1; step < 1000; step += 1) {
    const a = -step * (step - shape);
    b += 2;
    d = a * d + b;
    d = Math.abs(d) < tiny ? tiny : d;
    c = b + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const change = d * c;
    fraction *= change;
    if (Math.abs(change - 1) < 1e-16) break;
  }
  return 1 - Math.exp(logPrefactor) * fraction;
}

/** Invert an increasing function on [low, high] by bisection to double precision. */
function bisect(increasing: (x: number) => number, target: number, low: number, high: number): number {
  let lower = low;
  let upper = high;
  for (let step = 0; step < 200 && upper - lower > 1e-15 * Math.max(1, Math.abs(lower)); step += 1) {
    const middle = (lower + upper) / 2;
    if (increasing(middle) < target) lower = middle;
    else upper = middle;
  }
  return (lower + upper) / 2;
}

/** Standard normal quantile Φ⁻¹(p). */
export function normalQuantile(probability: number): number {
  return bisect(normalCdf, probability, -40, 40);
}

/** Chi-square quantile with `degrees` degrees of freedom. */
export function chiSquareQuantile(probability: number, degrees: number): number {
  return bisect((x) => regularizedLowerGamma(degrees / 2, x / 2), probability, 0, 100 + 20 * degrees);
}

/** Two-sided intervals for Cp, Cpk, Pp, Ppk at `confidence` (default 0.95), N = report.count. */
export function capabilityConfidenceIntervals(
  report: CapabilityReport,
  confidence = 0.95,
): { cp?: Interval; cpk?: Interval; pp?: Interval; ppk?: Interval } {
  const alpha = 1 - confidence;
  const degrees = report.count - 1;
  const lowerFactor = Math.sqrt(chiSquareQuantile(alpha / 2, degrees) / degrees);
  const upperFactor = Math.sqrt(chiSquareQuantile(1 - alpha / 2, degrees) / degrees);
  const z = normalQuantile(1 - alpha / 2);
  const potential = (index?: number): Interval | undefined =>
    index === undefined ? undefined : [index * lowerFactor, index * upperFactor];
  const actual = (index?: number): Interval | undefined => {
    if (index === undefined) return undefined;
    const spread = z * Math.sqrt(1 / (9 * report.count * index * index) + 1 / (2 * degrees));
    return [index * (1 - spread), index * (1 + spread)];
  };
  return { cp: potential(report.cp), cpk: actual(report.cpk), pp: potential(report.pp), ppk: actual(report.ppk) };
}
