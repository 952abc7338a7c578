/**
 * Process capability (within sigma: Cp, Cpk, Cpu, Cpl, Cpm) and performance (overall sigma: Pp,
 * Ppk, Ppu, Ppl, Ppm) with expected and observed out-of-spec fractions (SPC_YIELD.md §3).
 */
import { normalCdf, normalUpperTail } from './normalDistribution.ts';

/** Specification limits; either side may be missing (one-sided spec). */
export interface SpecLimits {
  lsl?: number;
  usl?: number;
  /** Target for Cpm/Ppm; default the spec midpoint (two-sided specs only). */
  target?: number;
}

/** Fractions (0..1) below LSL / above USL, their total, and the total in parts per million (PPM). */
export interface OutOfSpec {
  belowLsl: number;
  aboveUsl: number;
  total: number;
  partsPerMillion: number;
}

/** Capability and performance indices; undefined where a side of the spec is missing. */
export interface CapabilityReport {
  mean: number;
  sigmaWithin: number;
  sigmaOverall: number;
  count: number;
  cp?: number;
  cpl?: number;
  cpu?: number;
  cpk?: number;
  cpm?: number;
  pp?: number;
  ppl?: number;
  ppu?: number;
  ppk?: number;
  ppm?: number;
  expectedWithin: OutOfSpec;
  expectedOverall: OutOfSpec;
  observed: OutOfSpec;
}

/** Sample standard deviation with divisor N − 1 (no c4 correction, as qcc and Minitab). */
export function sampleStandardDeviation(values: readonly number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
}

/** Cp/Cpl/Cpu/Cpk/Cpm-style indices for one sigma. */
function indices(mean: number, sigma: number, specs: SpecLimits): { p?: number; l?: number; u?: number; k?: number; m?: number } {
  const { lsl, usl } = specs;
  const lower = lsl === undefined ? undefined : (mean - lsl) / (3 * sigma);
  const upper = usl === undefined ? undefined : (usl - mean) / (3 * sigma);
  const both = lsl !== undefined && usl !== undefined;
  const potential = both ? (usl - lsl) / (6 * sigma) : undefined;
  const sides = [lower, upper].filter((value): value is number => value !== undefined);
  const worst = sides.length > 0 ? Math.min(...sides) : undefined;
  const target = specs.target ?? (both ? (lsl + usl) / 2 : undefined);
  const taguchi =
    potential !== undefined && target !== undefined ? potential / Math.sqrt(1 + ((mean - target) / sigma) ** 2) : undefined;
  return { p: potential, l: lower, u: upper, k: worst, m: taguchi };
}

/** Normal-model fractions outside the specs. */
function expectedOutOfSpec(mean: number, sigma: number, specs: SpecLimits): OutOfSpec {
  const belowLsl = specs.lsl === undefined ? 0 : normalCdf((specs.lsl - mean) / sigma);
  const aboveUsl = specs.usl === undefined ? 0 : normalUpperTail((specs.usl - mean) / sigma);
  return { belowLsl, aboveUsl, total: belowLsl + aboveUsl, partsPerMillion: 1e6 * (belowLsl + aboveUsl) };
}

/** Observed fractions strictly below LSL / strictly above USL. */
function observedOutOfSpec(values: readonly number[], specs: SpecLimits): OutOfSpec {
  const below = specs.lsl === undefined ? 0 : values.filter((value) => value < (specs.lsl ?? 0)).length / values.length;
  const above = specs.usl === undefined ? 0 : values.filter((value) => value > (specs.usl ?? 0)).length / values.length;
  return { belowLsl: below, aboveUsl: above, total: below + above, partsPerMillion: 1e6 * (below + above) };
}

/**
 * Capability of `values` against `specs`. `sigmaWithin` comes from the chart (R̄/d2, S̄/c4, MR̄/d2…);
 * sigma overall is the sample SD of all values unless given.
 */
export function processCapability(
  values: readonly number[],
  sigmaWithin: number,
  specs: SpecLimits,
  options: { mean?: number; sigmaOverall?: number } = {},
): CapabilityReport {
  const finite = values.filter((value) => Number.isFinite(value));
  if (specs.lsl === undefined && specs.usl === undefined) throw new Error('capability needs at least one spec limit');
  const mean = options.mean ?? finite.reduce((sum, value) => sum + value, 0) / finite.length;
  const sigmaOverall = options.sigmaOverall ?? sampleStandardDeviation(finite);
  const within = indices(mean, sigmaWithin, specs);
  const overall = indices(mean, sigmaOverall, specs);
  return {
    mean,
    sigmaWithin,
    sigmaOverall,
    count: finite.length,
    cp: within.p,
    cpl: within.l,
    cpu: within.u,
    cpk: within.k,
    cpm: within.m,
    pp: overall.p,
    ppl: overall.l,
    ppu: overall.u,
    ppk: overall.k,
    ppm: overall.m,
    expectedWithin: expectedOutOfSpec(mean, sigmaWithin, specs),
    expectedOverall: expectedOutOfSpec(mean, sigmaOverall, specs),
    observed: observedOutOfSpec(finite, specs),
  };
}
