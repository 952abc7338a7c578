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
 * Fail clusters of a wafer, largest first; `include` can restrict which failing cells take part and
 * `linkRadius` 2 also links dies one gap apart (a scratch is often broken).
 */
export function findFailClusters(
  geometry: WaferGeometry,
  edgeBandDepth: number,
  include: (index: number) => boolean = () => true,
  linkRadius = 1,
): FailCluster[] {
  const { rows, cols, cells } = geometry.raster;
  const seen = new Uint8Array(cells.length);
  const clusters: FailCluster[] = [];
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
    clusters.push(shapeOf(geometry, members, edgeBandDepth));
  }
  return clusters.sort((a, b) => b.size - a.size);
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
