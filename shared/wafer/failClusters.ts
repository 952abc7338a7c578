/**
 * Connected clusters of failing dies (8-connectivity) and their shape: size, location and principal
 * axes, which tell a compact blob (Loc, Center) from a thin line (Scratch).
 */
import type { WaferGeometry } from './waferRaster.ts';

/** One connected group of failing dies. */
export interface FailCluster {
  size: number;
  /** Normalized radius of the cluster centroid (0 = wafer center, about 1 = edge). */
  centroidRadius: number;
  /** Angle of the centroid in radians [0, 2 pi). */
  centroidAngle: number;
  /** Smallest depth from the wafer edge of its dies (1 = it touches the outermost dies). */
  minDepth: number;
  /** Fraction of the cluster's dies in the edge band. */
  edgeFraction: number;
  /** Extent along the major principal axis, in die pitches. */
  length: number;
  /** Standard deviation across the major axis, in die pitches (die width included). */
  thickness: number;
  /** sqrt(major / minor eigenvalue) of the position covariance (1 = round, large = line). */
  elongation: number;
}

/** Die-pitch-scaled position of a cell, so that circles stay circles on non-square die grids. */
function scaledPosition(geometry: WaferGeometry, index: number): [number, number] {
  return [(geometry.u[index] ?? 0) * geometry.radiusInDies, (geometry.v[index] ?? 0) * geometry.radiusInDies];
}

function shapeOf(geometry: WaferGeometry, members: number[], edgeBandDepth: number): FailCluster {
  let sumX = 0, sumY = 0, edge = 0, minDepth = Infinity;
  for (const index of members) {
    minDepth = Math.min(minDepth, geometry.depth[index] ?? 0);
    const [x, y] = scaledPosition(geometry, index);
    sumX += x;
    sumY += y;
    if ((geometry.depth[index] ?? 0) <= edgeBandDepth) edge += 1;
  }
  const meanX = sumX / members.length;
  const meanY = sumY / members.length;
  let xx = 0, yy = 0, xy = 0;
  for (const index of members) {
    const [x, y] = scaledPosition(geometry, index);
    xx += (x - meanX) ** 2;
    yy += (y - meanY) ** 2;
    xy += (x - meanX) * (y - meanY);
  }
  // A die is a unit square, not a point: add its own variance (1/12) on both axes.
  xx = xx / members.length + 1 / 12;
  yy = yy / members.length + 1 / 12;
  xy /= members.length;
  const half = (xx + yy) / 2;
  const spread = Math.sqrt(((xx - yy) / 2) ** 2 + xy ** 2);
  const major = half + spread;
  const minor = Math.max(half - spread, 1 / 12);
  const axisAngle = 0.5 * Math.atan2(2 * xy, xx - yy);
  let low = Infinity, high = -Infinity;
  for (const index of members) {
    const [x, y] = scaledPosition(geometry, index);
    const along = (x - meanX) * Math.cos(axisAngle) + (y - meanY) * Math.sin(axisAngle);
    low = Math.min(low, along);
    high = Math.max(high, along);
  }
  const centroidU = meanX / geometry.radiusInDies;
  const centroidV = meanY / geometry.radiusInDies;
  return {
    size: members.length,
    centroidRadius: Math.hypot(centroidU, centroidV),
    centroidAngle: (Math.atan2(centroidV, centroidU) + 2 * Math.PI) % (2 * Math.PI),
    minDepth,
    edgeFraction: edge / members.length,
    length: high - low + 1,
    thickness: Math.sqrt(minor),
    elongation: Math.sqrt(major / minor),
  };
}

/**
 * Raster indices of each connected group of failing cells (8-connectivity, or dies up to
 * `linkRadius` apart); `include` can restrict which failing cells take part.
 */
export function failClusterMembers(geometry: WaferGeometry, include: (index: number) => boolean = () => true, linkRadius = 1): number[][] {
  const { rows, cols, cells } = geometry.raster;
  const seen = new Uint8Array(cells.length);
  const groups: number[][] = [];
  for (const start of geometry.dieIndices) {
    if (cells[start] !== 2 || seen[start] || !include(start)) continue;
    const members: number[] = [];
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const index = stack.pop() ?? 0;
      members.push(index);
      const row = Math.floor(index / cols);
      const col = index % cols;
      for (let dr = -linkRadius; dr <= linkRadius; dr++) {
        for (let dc = -linkRadius; dc <= linkRadius; dc++) {
          const r = row + dr;
          const c = col + dc;
          if (r < 0 || c < 0 || r >= rows || c >= cols) continue;
          const neighbour = r * cols + c;
          if (cells[neighbour] === 2 && !seen[neighbour] && include(neighbour)) {
            seen[neighbour] = 1;
            stack.push(neighbour);
          }
        }
      }
    }
    groups.push(members);
  }
  return groups;
}

/**
 * Fail clusters of a wafer, largest first; `include` can restrict which failing cells take part and
 * `linkRadius` 2 also links dies one gap apart (a scratch is often broken).
 */
export function findFailClusters(
  geometry: WaferGeometry,
  edgeBandDepth: number,
  include: (index: number) => boolean = () => true,
  linkRadius = 1,
): FailCluster[] {
  return failClusterMembers(geometry, include, linkRadius).map((members) => shapeOf(geometry, members, edgeBandDepth)).sort((a, b) => b.size - a.size);
}

/** Number of failing 8-neighbours of a cell. */
export function failingNeighbours(geometry: WaferGeometry, index: number): number {
  const { rows, cols, cells } = geometry.raster;
  const row = Math.floor(index / cols);
  const col = index % cols;
  let count = 0;
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      const r = row + dr;
      const c = col + dc;
      if ((dr !== 0 || dc !== 0) && r >= 0 && c >= 0 && r < rows && c < cols && cells[r * cols + c] === 2) count += 1;
    }
  }
  return count;
}

/** A straight band of failing dies found by scanning lines across the wafer (the scratch detector). */
export interface StraightFailLine {
  /** Span from the first to the last failing die of the run, in dies along the line. */
  length: number;
  /** Failing dies on the run. */
  fails: number;
  /** fails / cells on the run (gaps of one die are allowed inside a run). */
  fill: number;
  /** Fail density of the cells 2.5 dies to either side, the worse side (a thin line has good dies beside it). */
  flankDensity: number;
  /** Share of the run's dies in the edge band. */
  edgeShare: number;
}

/** Directions scanned (every 2.5 degrees), offset step (half a die) and flank distance (dies) of the line scan. */
const LINE_DIRECTIONS = 72;
const LINE_OFFSET_STEP = 0.5;
const FLANK_DISTANCE = 2;
/** Shortest run the scan reports, in dies. */
const MIN_RUN_LENGTH = 5;

/** One sampled line: the cell under each step (-1 = off the wafer) and the geometry to find its flanks. */
interface SampledLine {
  geometry: WaferGeometry;
  edgeBandDepth: number;
  line: Int32Array;
  /** Position of step 0 and the unit step along and across the line, in (col, row). */
  origin: [number, number];
  along: [number, number];
  across: [number, number];
}

/** Raster index of the cell under a point, or -1 off the grid or off the wafer. */
function cellAt(geometry: WaferGeometry, col: number, row: number): number {
  const { rows, cols, cells } = geometry.raster;
  const c = Math.round(col);
  const r = Math.round(row);
  if (r < 0 || c < 0 || r >= rows || c >= cols) return -1;
  const index = r * cols + c;
  return cells[index] === 0 ? -1 : index;
}

/** Code of the cell beside step `step` at `side` (+-1) flank distances, or -1 off the wafer. */
function flankCell(sampled: SampledLine, step: number, side: number): number {
  const distance = side * FLANK_DISTANCE;
  const col = sampled.origin[0] + step * sampled.along[0] + distance * sampled.across[0];
  const row = sampled.origin[1] + step * sampled.along[1] + distance * sampled.across[1];
  return cellAt(sampled.geometry, col, row);
}

/** Fill `line` with the cell under each of `steps` unit steps from `origin` (-1 off the wafer); a hot loop. */
function sampleLine(geometry: WaferGeometry, origin: [number, number], along: [number, number], steps: number, line: Int32Array): void {
  const { rows, cols, cells } = geometry.raster;
  let [col, row] = [origin[0] + 0.5, origin[1] + 0.5];
  for (let step = 0; step < steps; step++, col += along[0], row += along[1]) {
    const c = Math.floor(col);
    const r = Math.floor(row);
    const index = r * cols + c;
    line[step] = r >= 0 && c >= 0 && r < rows && c < cols && cells[index] !== 0 ? index : -1;
  }
}

/** Summary of the run of samples [first, last] of a line (both ends failing). */
function describeRun(sampled: SampledLine, first: number, last: number): StraightFailLine {
  const { cells } = sampled.geometry.raster;
  let fails = 0, inBand = 0;
  const flankDies = [0, 0], flankFails = [0, 0];
  for (let step = first; step <= last; step++) {
    const index = sampled.line[step] ?? 0;
    fails += cells[index] === 2 ? 1 : 0;
    inBand += (sampled.geometry.depth[index] ?? 0) <= sampled.edgeBandDepth ? 1 : 0;
    [-1, 1].forEach((side, which) => {
      const flank = flankCell(sampled, step, side);
      if (flank < 0) return;
      flankDies[which] = (flankDies[which] ?? 0) + 1;
      flankFails[which] = (flankFails[which] ?? 0) + (cells[flank] === 2 ? 1 : 0);
    });
  }
  const length = last - first + 1;
  const flankDensity = Math.max(...flankDies.map((dies, which) => (dies > 0 ? (flankFails[which] ?? 0) / dies : 0)));
  return { length, fails, fill: fails / length, flankDensity, edgeShare: inBand / length };
}

/**
 * Runs along a sampled line longer than `longerThan`: failing dies with at most one passing die between
 * them, ended by the wafer edge.
 */
function runsOnLine(sampled: SampledLine, steps: number, longerThan: number): StraightFailLine[] {
  const { cells } = sampled.geometry.raster;
  const runs: StraightFailLine[] = [];
  let [first, last] = [-1, -1];
  for (let step = 0; step <= steps; step++) {
    const index = step < steps ? (sampled.line[step] ?? -1) : -1;
    if (first >= 0 && (index < 0 || step - last > 2)) {
      if (last - first + 1 >= MIN_RUN_LENGTH && last - first + 1 > longerThan) runs.push(describeRun(sampled, first, last));
      first = -1;
    }
    if (index >= 0 && cells[index] === 2) [first, last] = [first < 0 ? step : first, step];
  }
  return runs;
}

/**
 * The longest thin straight band of fails: lines every 2.5 degrees and half a die apart are walked die by
 * die; a run is accepted when `accept` says so (e.g. few fails beside it, off the edge band).
 */
export function findStraightFailLine(
  geometry: WaferGeometry,
  edgeBandDepth: number,
  accept: (line: StraightFailLine) => boolean,
): StraightFailLine | null {
  const { rows, cols } = geometry.raster;
  const [centerRow, centerCol] = [(rows - 1) / 2, (cols - 1) / 2];
  let farthest = 0;
  for (const index of geometry.dieIndices) farthest = Math.max(farthest, Math.hypot((index % cols) - centerCol, Math.floor(index / cols) - centerRow));
  const reach = Math.ceil(farthest) + 1;
  const line = new Int32Array(2 * reach + 1);
  let best: StraightFailLine | null = null;
  let bestLength = 0;
  for (let direction = 0; direction < LINE_DIRECTIONS; direction++) {
    const angle = (Math.PI * direction) / LINE_DIRECTIONS;
    const along: [number, number] = [Math.cos(angle), Math.sin(angle)];
    const across: [number, number] = [-along[1], along[0]];
    for (let offset = -reach; offset <= reach; offset += LINE_OFFSET_STEP) {
      // Only the chord of the circle of radius `reach` (beyond the farthest die) can hold dies.
      const halfChord = Math.ceil(Math.sqrt(Math.max(0, reach * reach - offset * offset)));
      const steps = 2 * halfChord + 1;
      const origin: [number, number] = [
        centerCol + offset * across[0] - halfChord * along[0],
        centerRow + offset * across[1] - halfChord * along[1],
      ];
      sampleLine(geometry, origin, along, steps, line);
      for (const run of runsOnLine({ geometry, edgeBandDepth, line, origin, along, across }, steps, bestLength)) {
        if (run.length > bestLength && accept(run)) [best, bestLength] = [run, run.length];
      }
    }
  }
  return best;
}
