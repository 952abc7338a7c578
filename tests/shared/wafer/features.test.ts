import { describe, expect, it } from 'vitest';
import { computeWaferFeatures, supportThreshold } from '../../../shared/wafer/features.ts';
import { findFailClusters, findStraightFailLine, type StraightFailLine } from '../../../shared/wafer/failClusters.ts';
import { rasterFromDies, rasterFromGrid, waferGeometry } from '../../../shared/wafer/waferRaster.ts';

// A 7 x 7 grid with every cell on the wafer: the bounding box is square, so one normalized unit is
// 3.5 dies and cluster shapes come out in die pitches.
function fullGrid(fails: [number, number][]): number[][] {
  const grid = Array.from({ length: 7 }, () => new Array<number>(7).fill(1));
  for (const [row, col] of fails) grid[row]![col] = 2;
  return grid;
}

describe('waferGeometry', () => {
  it('measures depth from the edge in chessboard steps', () => {
    const geometry = waferGeometry(rasterFromGrid(fullGrid([])));
    const depthAt = (row: number, col: number): number => geometry.depth[row * 7 + col] ?? -1;
    expect([depthAt(0, 0), depthAt(1, 1), depthAt(2, 3), depthAt(3, 3)]).toEqual([1, 2, 3, 4]);
    expect(geometry.maxDepth).toBe(4);
    expect(geometry.radius[3 * 7 + 3]).toBe(0);
    // Cell (3, 6) is 3 dies right of center: 3 / 3.5.
    expect(geometry.radius[3 * 7 + 6]).toBeCloseTo(3 / 3.5, 12);
  });

  it('treats off-wafer cells (code 0) as outside', () => {
    const geometry = waferGeometry(rasterFromGrid([[0, 1, 0], [1, 1, 1], [0, 1, 0]]));
    expect(geometry.dieIndices).toEqual([1, 3, 4, 5, 7]);
    expect(geometry.depth[4]).toBe(1);
  });

  it('builds the same raster from a die list', () => {
    const raster = rasterFromDies([
      { x: 10, y: 5, pass: true },
      { x: 11, y: 5, pass: false },
      { x: 10, y: 6, pass: true },
    ]);
    expect({ rows: raster.rows, cols: raster.cols, cells: [...raster.cells] }).toEqual({ rows: 2, cols: 2, cells: [1, 2, 1, 0] });
  });
});

describe('findFailClusters', () => {
  it('measures a horizontal 5-die line: length 5, elongation sqrt((2 + 1/12) / (1/12)) = 5', () => {
    const geometry = waferGeometry(rasterFromGrid(fullGrid([[3, 1], [3, 2], [3, 3], [3, 4], [3, 5]])));
    const [line] = findFailClusters(geometry, 1);
    expect(line?.size).toBe(5);
    expect(line?.length).toBeCloseTo(5, 9);
    expect(line?.elongation).toBeCloseTo(5, 9);
    expect(line?.centroidRadius).toBeCloseTo(0, 9);
    expect(line?.minDepth).toBe(2);
  });

  it('links diagonal neighbours (8-connectivity) and separates distant fails', () => {
    const geometry = waferGeometry(rasterFromGrid(fullGrid([[0, 0], [1, 1], [5, 5]])));
    expect(findFailClusters(geometry, 1).map((cluster) => cluster.size)).toEqual([2, 1]);
    // A one-die gap is bridged with linkRadius 2.
    expect(findFailClusters(geometry, 1, () => true, 2).map((cluster) => cluster.size)).toEqual([2, 1]);
    const gapped = waferGeometry(rasterFromGrid(fullGrid([[3, 1], [3, 3]])));
    expect(findFailClusters(gapped, 1, () => true, 2).map((cluster) => cluster.size)).toEqual([2]);
  });
});

describe('computeWaferFeatures', () => {
  it('counts densities by region by hand', () => {
    // Fails: the whole outer ring's top row (7 dies) and the center die.
    const fails: [number, number][] = [[0, 0], [0, 1], [0, 2], [0, 3], [0, 4], [0, 5], [0, 6], [3, 3]];
    const features = computeWaferFeatures(waferGeometry(rasterFromGrid(fullGrid(fails))));
    expect(features.dieCount).toBe(49);
    expect(features.failDensity).toBeCloseTo(8 / 49, 12);
    // Outer ring (depth 1) has 24 dies, 7 failing.
    expect(features.outerRingDensity).toBeCloseTo(7 / 24, 12);
    // Edge band = depth <= 2: 40 dies, 7 failing; inside: 9 dies, 1 failing.
    expect(features.edgeBandDepth).toBe(2);
    expect(features.edgeBandDensity).toBeCloseTo(7 / 40, 12);
    expect(features.interiorDensity).toBeCloseTo(1 / 9, 12);
    // Center bin r < 0.3 holds only the center die (the next die is at 1 / 3.5 = 0.286 < 0.3: 5 dies).
    expect(features.centerDensity).toBeCloseTo(1 / 5, 12);
  });
});

describe('supportThreshold', () => {
  // P(Binomial(8, p) >= 2) = 1 - (1-p)^8 - 8p(1-p)^7: 0.057 at p = 0.05, 0.497 at p = 0.2 (limit 0.3).
  it.each([
    { density: 0, expected: 2 },
    { density: 0.05, expected: 2 },
    { density: 0.2, expected: 3 },
    { density: 0.9, expected: 3 },
  ])('is $expected failing neighbours at $density fails', ({ density, expected }) => {
    expect(supportThreshold(density)).toBe(expected);
  });
});

// A 21 x 21 grid with every cell on the wafer, failing cells given as [row, col].
function bigGrid(fails: [number, number][]): number[][] {
  const grid = Array.from({ length: 21 }, () => new Array<number>(21).fill(1));
  for (const [row, col] of fails) grid[row]![col] = 2;
  return grid;
}

function rowOfFails(row: number, fromCol: number, toCol: number, skip: number[] = []): [number, number][] {
  const cells: [number, number][] = [];
  for (let col = fromCol; col <= toCol; col++) if (!skip.includes(col)) cells.push([row, col]);
  return cells;
}

const anyRun = (): boolean => true;
const fewFailsBeside = (line: StraightFailLine): boolean => line.flankDensity <= 0.2;

describe('findStraightFailLine', () => {
  it('finds a 12-die row of fails: 12 long, all failing, nothing beside it, off the edge band', () => {
    const geometry = waferGeometry(rasterFromGrid(bigGrid(rowOfFails(10, 4, 15))));
    expect(findStraightFailLine(geometry, 2, anyRun)).toEqual({ length: 12, fails: 12, fill: 1, flankDensity: 0, edgeShare: 0 });
  });

  it('bridges a one-die gap (11 of 12 fail) but not a two-die gap (5 + 5 dies)', () => {
    const oneGap = waferGeometry(rasterFromGrid(bigGrid(rowOfFails(10, 4, 15, [9]))));
    expect(findStraightFailLine(oneGap, 2, anyRun)).toMatchObject({ length: 12, fails: 11 });
    const twoGap = waferGeometry(rasterFromGrid(bigGrid(rowOfFails(10, 4, 14, [9, 10]))));
    expect(findStraightFailLine(twoGap, 2, anyRun)).toMatchObject({ length: 5, fails: 5 });
  });

  it('sees the failing row two dies away (a thick band, not a thin line) and can reject it', () => {
    const geometry = waferGeometry(rasterFromGrid(bigGrid([...rowOfFails(10, 4, 15), ...rowOfFails(12, 4, 15)])));
    expect(findStraightFailLine(geometry, 2, anyRun)).toMatchObject({ length: 12, flankDensity: 1 });
    // Rejecting runs with fails beside them leaves only short runs across the two rows.
    expect(findStraightFailLine(geometry, 2, fewFailsBeside)?.length ?? 0).toBeLessThan(12);
  });

  it('counts the dies of the edge band on the run', () => {
    // Row 1 has depth 2 everywhere between columns 1 and 19: the whole run is in a depth-2 edge band.
    const geometry = waferGeometry(rasterFromGrid(bigGrid(rowOfFails(1, 4, 15))));
    expect(findStraightFailLine(geometry, 2, anyRun)).toMatchObject({ length: 12, edgeShare: 1 });
  });
});

describe('ringCoverage', () => {
  // On the 21 x 21 grid a cell's normalized radius is its distance from (10, 10) over 10.5.
  const cellsWhere = (keep: (radius: number, angle: number) => boolean): [number, number][] => {
    const cells: [number, number][] = [];
    for (let row = 0; row < 21; row++) {
      for (let col = 0; col < 21; col++) {
        const [u, v] = [(col - 10) / 10.5, (10 - row) / 10.5];
        const angle = (Math.atan2(v, u) + 2 * Math.PI) % (2 * Math.PI);
        if (keep(Math.hypot(u, v), angle)) cells.push([row, col]);
      }
    }
    return cells;
  };
  const inBin1 = (radius: number): boolean => radius >= 0.3 && radius < 0.5;

  it('is 1 for a full ring of fails in the 0.3-0.5 R bin', () => {
    const features = computeWaferFeatures(waferGeometry(rasterFromGrid(bigGrid(cellsWhere(inBin1)))));
    expect(features.radialProfile[1]).toBe(1);
    expect(features.ringCoverage).toBe(1);
  });

  it('is 1/8 for fails in one 45-degree sector of that bin only', () => {
    const sector = cellsWhere((radius, angle) => inBin1(radius) && angle < Math.PI / 4);
    const features = computeWaferFeatures(waferGeometry(rasterFromGrid(bigGrid(sector))));
    expect(features.ringCoverage).toBe(1 / 8);
  });
});
