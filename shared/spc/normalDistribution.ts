/**
 * Error function, complementary error function, standard normal CDF and log-Gamma, written for
 * ~1e-14 relative accuracy so that capability fractions (PPM) and the integrals behind d2/d3 are
 * trustworthy far into the tails.
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const SERIES_CUTOFF = 2.5;

/** erf(x) for |x| < SERIES_CUTOFF from the all-positive series e^{-x²}·Σ 2ⁿx^{2n+1}/(2n+1)!!. */
function erfBySeries(x: number): number {
  const xSquared = x * x;
  let term = x;
  let sum = x;
  for (let index = 1; index < 200; index += 1) {
    term *= (2 * xSquared) / (2 * index + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-xSquared) * sum;
}

/** erfc(x) for x ≥ SERIES_CUTOFF from the Laplace continued fraction, evaluated backwards. */
function erfcByContinuedFraction(x: number): number {
  // erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  let tail = x;
  for (let depth = 120; depth >= 1; depth -= 1) tail = x + depth / 2 / tail;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / tail;
}

/** Complementary error function erfc(x) = 1 − erf(x), accurate in both tails. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= SERIES_CUTOFF) return x > 27 ? 0 : erfcByContinuedFraction(x);
  if (x <= -SERIES_CUTOFF) return 2 - (x < -27 ? 0 : erfcByContinuedFraction(-x));
  return 1 - erfBySeries(x);
}

/** Error function erf(x). */
export function erf(x: number): number {
  if (Math.abs(x) < SERIES_CUTOFF) return erfBySeries(x);
  return x > 0 ? 1 - erfc(x) : erfc(-x) - 1;
}

/** Standard normal cumulative distribution Φ(z) = ½·erfc(−z/√2). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Upper tail 1 − Φ(z), computed without cancellation. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const STIRLING_SHIFT = 15;

/** Natural log of Γ(x) for x > 0: recurrence up to x ≥ 15, then the Stirling series. */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let shifted = x;
  let logProduct = 0;
  while (shifted < STIRLING_SHIFT) {
    logProduct += Math.log(shifted);
    shifted += 1;
  }
  const inverse = 1 / shifted;
  const inverseSquared = inverse * inverse;
  // Bernoulli-number terms B_{2k}/(2k(2k−1)x^{2k−1}) for k = 1..5
  const series =
    inverse *
    (1 / 12 -
      inverseSquared *
        (1 / 360 - inverseSquared * (1 / 1260 - inverseSquared * (1 / 1680 - inverseSquared / 1188))));
  return (shifted - 0.5) * Math.log(shifted) - shifted + HALF_LOG_TWO_PI + series - logProduct;
}
