/**
 * Defect-limited die-yield models and the gross-die-per-wafer estimate. Every model takes the mean
 * number of killer defects per die, A * D0 (critical area times defect density).
 */

/** Poisson yield exp(-A D0). */
export function poissonYield(meanDefectsPerDie: number): number {
  return Math.exp(-meanDefectsPerDie);
}

/** Murphy (triangular density) yield ((1 - exp(-A D0)) / (A D0))^2; 1 at A D0 = 0. */
export function murphyYield(meanDefectsPerDie: number): number {
  if (meanDefectsPerDie === 0) return 1;
  // expm1 keeps precision when A D0 is tiny.
  const ratio = -Math.expm1(-meanDefectsPerDie) / meanDefectsPerDie;
  return ratio * ratio;
}

/** Seeds (exponential density) yield 1 / (1 + A D0). */
export function seedsYield(meanDefectsPerDie: number): number {
  return 1 / (1 + meanDefectsPerDie);
}

/** Negative binomial (Stapper) yield (1 + A D0 / alpha)^-alpha; alpha = cluster parameter. */
export function negativeBinomialYield(meanDefectsPerDie: number, clusterAlpha: number): number {
  if (clusterAlpha === Number.POSITIVE_INFINITY) return poissonYield(meanDefectsPerDie);
  return Math.exp(-clusterAlpha * Math.log1p(meanDefectsPerDie / clusterAlpha));
}

/** Bose-Einstein yield (1 + A D0)^-n with D0 per critical layer and n layers. */
export function boseEinsteinYield(meanDefectsPerDiePerLayer: number, criticalLayers: number): number {
  return Math.exp(-criticalLayers * Math.log1p(meanDefectsPerDiePerLayer));
}

/** Moment estimate of the negative binomial cluster parameter, alpha = m^2 / (v - m); Infinity if v <= m. */
export function negativeBinomialAlphaFromMoments(meanDefects: number, varianceDefects: number): number {
  if (varianceDefects <= meanDefects) return Number.POSITIVE_INFINITY;
  return (meanDefects * meanDefects) / (varianceDefects - meanDefects);
}

/** Options for the gross-die estimate. */
export interface GrossDieOptions {
  /** Edge exclusion width in the same unit as the diameter (default 0). */
  edgeExclusion?: number;
}

/**
 * Gross die per wafer, pi (d/2)^2 / S - pi d / sqrt(2 S) (d = usable diameter, S = die area
 * including scribe). An estimate, not a grid count: returns the unrounded formula value.
 */
export function grossDiePerWafer(waferDiameter: number, dieArea: number, options: GrossDieOptions = {}): number {
  const diameter = waferDiameter - 2 * (options.edgeExclusion ?? 0);
  if (!(diameter > 0) || !(dieArea > 0)) return 0;
  const estimate = (Math.PI * (diameter / 2) ** 2) / dieArea - (Math.PI * diameter) / Math.sqrt(2 * dieArea);
  return Math.max(0, estimate);
}
