/**
 * Explainable spatial features of a wafer map, the inputs of the rule-based classifier:
 * fail density, radial profile, angular concentration of edge fails, fail clusters and randomness.
 */
import { failingNeighbours, findFailClusters, findStraightFailLine, type FailCluster, type StraightFailLine } from './failClusters.ts';
import type { WaferGeometry } from './waferRaster.ts';

/** Outer boundaries (normalized radius) of the radial profile bins; the last bin takes the rest. */
export const RADIAL_BIN_EDGES: readonly number[] = [0.3, 0.5, 0.7, 0.85];

/** Number of angular sectors used for the edge band. */
export const EDGE_SECTORS = 16;

/** A sector of the outermost dies is "elevated" when at least this fraction fails (and 0.2 above the interior). */
export const ELEVATED_EDGE_DENSITY = 0.55;

/** Features of one wafer map; every value is a plain number so it can be shown as evidence. */
export interface WaferFeatures {
  dieCount: number;
  /** Wafer radius counted in dies. */
  radiusInDies: number;
  failCount: number;
  /** failCount / dieCount. */
  failDensity: number;
  /** Depth (in dies from the edge) of the edge band: max(2, round(0.06 * radius in dies)). */
  edgeBandDepth: number;
  /** Fail density of the dies in the edge band. */
  edgeBandDensity: number;
  /** Fail density inside the edge band. */
  interiorDensity: number;
  /** Fail density at normalized radius < 0.3. */
  centerDensity: number;
  /** Fail density per radial bin (see RADIAL_BIN_EDGES). */
  radialProfile: number[];
  /**
   * Share of 8 angular sectors of the densest mid-radius bin (bins 1-3) failing at least 60 % as often as
   * the whole bin: about 1 for a ring of fails (Donut), low for one blob at that radius (Loc).
   */
  ringCoverage: number;
  /** Fail density of the outermost dies (depth 1), where WM-811K edge rings live. */
  outerRingDensity: number;
  /** Fraction of the 16 sectors of the outermost dies whose fail density is elevated. */
  edgeCoverage: number;
  /** Longest run of consecutive elevated edge sectors, as a fraction of the circumference. */
  edgeLongestArc: number;
  /** Highest fail density of the two outermost die rings in any of the 16 sectors: where an edge blob sits. */
  edgePeakDensity: number;
  /** Inward fail density over rim fail density where the rim fails (see edgeInwardRatioOf): low for a thin ring. */
  edgeInwardRatio: number;
  /** Mean fraction of failing neighbours around a failing die minus the fail density (0 = random). */
  neighbourExcess: number;
  /** Fraction of failing dies with at least two failing neighbours. */
  clusteredFraction: number;
  /** Largest cluster of denoised fails (see supportThreshold); null if none. */
  largestCluster: FailCluster | null;
  /** Size of the largest cluster divided by the die count. */
  largestClusterShare: number;
  /** Scratch candidate (see findLineCluster); null if none. */
  lineCluster: FailCluster | null;
  /** Longest thin straight band of fails off the edge band (see STRAIGHT_LINE_LIMITS); null if none. */
  straightLine: StraightFailLine | null;
}

function density(fails: number, dies: number): number {
  return dies > 0 ? fails / dies : 0;
}

function edgeSectorStats(geometry: WaferGeometry, interior: number): [number, number] {
  const dies = new Array<number>(EDGE_SECTORS).fill(0);
  const fails = new Array<number>(EDGE_SECTORS).fill(0);
  for (const index of geometry.dieIndices) {
    if (geometry.depth[index] !== 1) continue;
    const sector = Math.min(EDGE_SECTORS - 1, Math.floor(((geometry.angle[index] ?? 0) / (2 * Math.PI)) * EDGE_SECTORS));
    dies[sector] = (dies[sector] ?? 0) + 1;
    if (geometry.raster.cells[index] === 2) fails[sector] = (fails[sector] ?? 0) + 1;
  }
  const threshold = Math.max(ELEVATED_EDGE_DENSITY, interior + 0.2);
  const elevated = dies.map((count, sector) => count > 0 && density(fails[sector] ?? 0, count) >= threshold);
  const coverage = elevated.filter(Boolean).length / EDGE_SECTORS;
  if (coverage === 1) return [1, 1];
  let longest = 0;
  for (let start = 0; start < EDGE_SECTORS; start++) {
    let run = 0;
    while (run < EDGE_SECTORS && elevated[(start + run) % EDGE_SECTORS]) run += 1;
    longest = Math.max(longest, run);
  }
  return [coverage, longest / EDGE_SECTORS];
}

/** Sectors whose two outermost rings fail at least this often are where edgeInwardRatio looks inward. */
const EDGE_INWARD_SECTOR_DENSITY = 0.3;

/** Fail and die counts per edge sector for the dies whose depth lies in [fromDepth, toDepth]. */
function sectorCounts(geometry: WaferGeometry, fromDepth: number, toDepth: number): { dies: number[]; fails: number[] } {
  const dies = new Array<number>(EDGE_SECTORS).fill(0);
  const fails = new Array<number>(EDGE_SECTORS).fill(0);
  for (const index of geometry.dieIndices) {
    const depth = geometry.depth[index] ?? Infinity;
    if (depth < fromDepth || depth > toDepth) continue;
    const sector = Math.min(EDGE_SECTORS - 1, Math.floor(((geometry.angle[index] ?? 0) / (2 * Math.PI)) * EDGE_SECTORS));
    dies[sector] = (dies[sector] ?? 0) + 1;
    if (geometry.raster.cells[index] === 2) fails[sector] = (fails[sector] ?? 0) + 1;
  }
  return { dies, fails };
}

function edgePeakDensityOf(geometry: WaferGeometry): number {
  const rim = sectorCounts(geometry, 1, 2);
  return Math.max(0, ...rim.dies.map((count, sector) => density(rim.fails[sector] ?? 0, count)));
}

/**
 * In the sectors whose two outermost rings fail at least 30 %, the fail density three to five dies in
 * divided by the density of those two rings: low for a thin ring along the rim (Edge-Ring, even a broken
 * one), higher for a blob that reaches inward (Edge-Loc). 1 when no sector is that dense.
 */
function edgeInwardRatioOf(geometry: WaferGeometry): number {
  const rim = sectorCounts(geometry, 1, 2);
  const inside = sectorCounts(geometry, 3, 5);
  let rimDies = 0;
  let rimFails = 0;
  let insideDies = 0;
  let insideFails = 0;
  rim.dies.forEach((count, sector) => {
    if (count === 0 || density(rim.fails[sector] ?? 0, count) < EDGE_INWARD_SECTOR_DENSITY) return;
    rimDies += count;
    rimFails += rim.fails[sector] ?? 0;
    insideDies += inside.dies[sector] ?? 0;
    insideFails += inside.fails[sector] ?? 0;
  });
  return rimFails > 0 ? density(insideFails, insideDies) / density(rimFails, rimDies) : 1;
}

/** Angular sectors of the ring-coverage feature, and the share of the bin's density a sector must reach. */
const RING_SECTORS = 8;
const RING_SECTOR_SHARE = 0.6;

function radialBinOf(radius: number): number {
  const found = RADIAL_BIN_EDGES.findIndex((edge) => radius < edge);
  return found < 0 ? RADIAL_BIN_EDGES.length : found;
}

function ringCoverageOf(geometry: WaferGeometry, radialProfile: readonly number[]): number {
  const middle = radialProfile.slice(1, RADIAL_BIN_EDGES.length);
  const peakBin = 1 + middle.indexOf(Math.max(...middle));
  const peakDensity = radialProfile[peakBin] ?? 0;
  const dies = new Array<number>(RING_SECTORS).fill(0);
  const fails = new Array<number>(RING_SECTORS).fill(0);
  for (const index of geometry.dieIndices) {
    if (radialBinOf(geometry.radius[index] ?? 0) !== peakBin) continue;
    const sector = Math.min(RING_SECTORS - 1, Math.floor(((geometry.angle[index] ?? 0) / (2 * Math.PI)) * RING_SECTORS));
    dies[sector] = (dies[sector] ?? 0) + 1;
    fails[sector] = (fails[sector] ?? 0) + (geometry.raster.cells[index] === 2 ? 1 : 0);
  }
  const covered = dies.filter((count, sector) => count > 0 && density(fails[sector] ?? 0, count) >= RING_SECTOR_SHARE * peakDensity);
  return peakDensity > 0 ? covered.length / RING_SECTORS : 0;
}

/** Elongation from which a cluster counts as a line. */
export const LINE_MIN_ELONGATION = 4;

/**
 * Scratch candidate: among 8-connected clusters of at least 5 dies lying mostly off the edge band, the
 * longest one that is line-like (else the most elongated). Fails are not linked across one-die gaps:
 * at 6-11 % random fails such links chain chance fails into long elongated clusters, and 15-32 % of
 * wafers with nothing but random fails (5,000 dies, 90 % yield) were read as scratches; unlinked, none
 * of 800 were, and the WM-811K sample and the generator's scratches lost one wafer of 26 (a broken
 * line; the straight-line search below still finds gapped lines through the fill it allows).
 */
function findLineCluster(geometry: WaferGeometry, edgeBandDepth: number): FailCluster | null {
  const candidates = findFailClusters(geometry, edgeBandDepth).filter((cluster) => cluster.size >= 5 && cluster.edgeFraction < 0.5);
  const lines = candidates.filter((cluster) => cluster.elongation >= LINE_MIN_ELONGATION);
  if (lines.length > 0) return lines.sort((a, b) => b.length - a.length)[0] ?? null;
  return candidates.sort((a, b) => b.elongation - a.elongation)[0] ?? null;
}

/**
 * What a straight run must show to count as a scratch line: at least 80 % of the dies on it fail, at most
 * 20 % of the dies two pitches to either side (a blob or a dense map fails beside the line too), and
 * less than half of it in the edge band (a ring or edge blob is not a scratch).
 */
export const STRAIGHT_LINE_LIMITS = { minFill: 0.8, maxFlankDensity: 0.2, maxEdgeShare: 0.5 } as const;

function isThinLine(line: StraightFailLine): boolean {
  const limits = STRAIGHT_LINE_LIMITS;
  return line.fill >= limits.minFill && line.flankDensity <= limits.maxFlankDensity && line.edgeShare < limits.maxEdgeShare;
}

/** Die and fail counts per region of the wafer, gathered in one pass. */
interface RegionTally {
  failCount: number;
  radialDies: number[];
  radialFails: number[];
  bandDies: number;
  bandFails: number;
  outerDies: number;
  outerFails: number;
  /** Sum over failing dies of (failing neighbours / 8). */
  neighbourShare: number;
  /** Failing dies with at least two failing neighbours. */
  clustered: number;
}

function tallyRegions(geometry: WaferGeometry, edgeBandDepth: number): RegionTally {
  const bins = RADIAL_BIN_EDGES.length + 1;
  const tally: RegionTally = {
    failCount: 0,
    radialDies: new Array<number>(bins).fill(0),
    radialFails: new Array<number>(bins).fill(0),
    bandDies: 0,
    bandFails: 0,
    outerDies: 0,
    outerFails: 0,
    neighbourShare: 0,
    clustered: 0,
  };
  for (const index of geometry.dieIndices) {
    const radius = geometry.radius[index] ?? 0;
    const bin = radialBinOf(radius);
    const inBand = (geometry.depth[index] ?? 0) <= edgeBandDepth;
    const outer = geometry.depth[index] === 1;
    const failing = geometry.raster.cells[index] === 2 ? 1 : 0;
    tally.radialDies[bin] = (tally.radialDies[bin] ?? 0) + 1;
    tally.radialFails[bin] = (tally.radialFails[bin] ?? 0) + failing;
    tally.bandDies += inBand ? 1 : 0;
    tally.bandFails += inBand ? failing : 0;
    tally.outerDies += outer ? 1 : 0;
    tally.outerFails += outer ? failing : 0;
    tally.failCount += failing;
    if (!failing) continue;
    const neighbours = failingNeighbours(geometry, index);
    tally.neighbourShare += neighbours / 8;
    if (neighbours >= 2) tally.clustered += 1;
  }
  return tally;
}

function binomialTail(trials: number, probability: number, atLeast: number): number {
  let tail = 0;
  let coefficient = 1;
  for (let successes = 0; successes <= trials; successes++) {
    if (successes > 0) coefficient = (coefficient * (trials - successes + 1)) / successes;
    if (successes >= atLeast) tail += coefficient * probability ** successes * (1 - probability) ** (trials - successes);
  }
  return tail;
}

/** Largest probability that a random fail has `support` failing neighbours by chance. */
const CHANCE_SUPPORT_PROBABILITY = 0.3;

/** Cap of the denoising threshold: a blob's rim die has about 3 failing neighbours, so never ask more. */
const MAX_SUPPORT = 3;

/**
 * Denoising threshold: the fewest failing 8-neighbours (2 or 3) that random fails at this density reach
 * with probability <= 30 % (2 up to about 14 % fails, 3 above), so chance clumps do not form blobs.
 */
export function supportThreshold(failDensity: number): number {
  for (let needed = 2; needed < MAX_SUPPORT; needed++) {
    if (binomialTail(8, failDensity, needed) <= CHANCE_SUPPORT_PROBABILITY) return needed;
  }
  return MAX_SUPPORT;
}

/** Compute all classifier features of a wafer. */
export function computeWaferFeatures(geometry: WaferGeometry): WaferFeatures {
  const edgeBandDepth = Math.max(2, Math.round(0.06 * geometry.radiusInDies));
  const tally = tallyRegions(geometry, edgeBandDepth);
  const radialProfile = tally.radialDies.map((count, bin) => density(tally.radialFails[bin] ?? 0, count));
  const { failCount, radialDies, radialFails } = tally;
  const dieCount = geometry.dieIndices.length;
  const failDensity = density(failCount, dieCount);
  const interiorDensity = density(failCount - tally.bandFails, dieCount - tally.bandDies);
  const [edgeCoverage, edgeLongestArc] = edgeSectorStats(geometry, interiorDensity);
  const support = supportThreshold(failDensity);
  const supported = (index: number): boolean => failingNeighbours(geometry, index) >= support;
  const largestCluster = findFailClusters(geometry, edgeBandDepth, supported)[0] ?? null;
  return {
    dieCount,
    radiusInDies: geometry.radiusInDies,
    failCount,
    failDensity,
    edgeBandDepth,
    edgeBandDensity: density(tally.bandFails, tally.bandDies),
    interiorDensity,
    centerDensity: density(radialFails[0] ?? 0, radialDies[0] ?? 0),
    radialProfile,
    ringCoverage: ringCoverageOf(geometry, radialProfile),
    outerRingDensity: density(tally.outerFails, tally.outerDies),
    edgeCoverage,
    edgeLongestArc,
    edgePeakDensity: edgePeakDensityOf(geometry),
    edgeInwardRatio: edgeInwardRatioOf(geometry),
    neighbourExcess: failCount > 0 ? tally.neighbourShare / failCount - failDensity : 0,
    clusteredFraction: density(tally.clustered, failCount),
    largestCluster,
    largestClusterShare: density(largestCluster?.size ?? 0, dieCount),
    lineCluster: findLineCluster(geometry, edgeBandDepth),
    straightLine: findStraightFailLine(geometry, edgeBandDepth, isThinLine),
  };
}
