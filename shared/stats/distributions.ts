/**
 * Cumulative distribution and survival functions used by the hypothesis tests. Survival functions
 * are computed directly from the upper-tail special function, so small p-values keep their
 * relative accuracy.
 */
import { regularizedBeta, regularizedGammaP, regularizedGammaQ } from './specialFunctions';

/** Complementary error function erfc(x), via erfc(x) = Q(1/2, x^2) for x >= 0. */
export function complementaryErrorFunction(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= 0) return regularizedGammaQ(0.5, x * x);
  return 1 + regularizedGammaP(0.5, x * x);
}

/** Standard normal cumulative distribution Phi(z). */
export function normalCdf(z: number): number {
  return 0.5 * complementaryErrorFunction(-z / Math.SQRT2);
}

/** Standard normal survival 1 - Phi(z), accurate for large z. */
export function normalSurvival(z: number): number {
  return 0.5 * complementaryErrorFunction(z / Math.SQRT2);
}

/** Standard normal density. */
export function normalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Standard normal quantile Phi^-1(p): rational starting value refined by Halley steps. */
export function normalQuantile(probability: number): number {
  if (Number.isNaN(probability) || probability < 0 || probability > 1) return Number.NaN;
  if (probability === 0) return Number.NEGATIVE_INFINITY;
  if (probability === 1) return Number.POSITIVE_INFINITY;
  const lowerTail = probability < 0.5;
  const tailProbability = lowerTail ? probability : 1 - probability;
  // Abramowitz & Stegun 26.2.23 start (|error| < 4.5e-4), then refine on the smaller tail.
  const t = Math.sqrt(-2 * Math.log(tailProbability));
  const numerator = 2.515517 + 0.802853 * t + 0.010328 * t * t;
  const denominator = 1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t;
  let z = -(t - numerator / denominator);
  for (let iteration = 0; iteration < 6; iteration += 1) {
    const density = normalDensity(z);
    if (density === 0) break;
    const error = normalCdf(z) - tailProbability;
    const step = error / density;
    const next = z - step / (1 + (z * step) / 2);
    if (Math.abs(next - z) <= 1e-15 * Math.max(1, Math.abs(z))) {
      z = next;
      break;
    }
    z = next;
  }
  return lowerTail ? z : -z;
}

/** Chi-square cumulative distribution P(X <= x) with the given degrees of freedom. */
export function chiSquareCdf(x: number, degreesOfFreedom: number): number {
  if (x <= 0) return 0;
  return regularizedGammaP(degreesOfFreedom / 2, x / 2);
}

/** Chi-square survival P(X > x) (upper-tail p-value). */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  if (x <= 0) return 1;
  return regularizedGammaQ(degreesOfFreedom / 2, x / 2);
}

/** F distribution survival P(F > f) with numerator/denominator degrees of freedom. */
export function fSurvival(f: number, numeratorDf: number, denominatorDf: number): number {
  if (Number.isNaN(f)) return Number.NaN;
  if (f <= 0) return 1;
  if (f === Number.POSITIVE_INFINITY) return 0;
  const x = denominatorDf / (denominatorDf + numeratorDf * f);
  return regularizedBeta(x, denominatorDf / 2, numeratorDf / 2);
}

/** F distribution cumulative P(F <= f). */
export function fCdf(f: number, numeratorDf: number, denominatorDf: number): number {
  if (f <= 0) return 0;
  const x = (numeratorDf * f) / (numeratorDf * f + denominatorDf);
  return regularizedBeta(x, numeratorDf / 2, denominatorDf / 2);
}

/** Student t survival P(T > t). */
export function studentTSurvival(t: number, degreesOfFreedom: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  const halfTail = 0.5 * regularizedBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
  return t >= 0 ? halfTail : 1 - halfTail;
}

/** Student t cumulative P(T <= t). */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  return studentTSurvival(-t, degreesOfFreedom);
}

/** Two-sided Student t p-value P(|T| > |t|). */
export function studentTTwoSided(t: number, degreesOfFreedom: number): number {
  return regularizedBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
}
