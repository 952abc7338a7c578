/**
 * A wafer map as a raster of die codes (WM-811K convention: 0 = no die, 1 = pass, 2 = fail) plus the
 * geometry the classifier needs: the wafer center, normalized radius and depth from the wafer edge.
 */
import { dieBounds } from './dieBounds.ts';

/** Die code of a raster cell: 0 off-wafer (no die), 1 pass, 2 fail. */
export type DieCode = 0 | 1 | 2;

/** A tested die at grid position (x = column, y = row). */
export interface WaferDie {
  x: number;
  y: number;
  pass: boolean;
}

/** Row-major raster of die codes. */
export interface WaferRaster {
  rows: number;
  cols: number;
  cells: Uint8Array;
}

/** Build a raster from a grid of die codes (rows of equal length, values 0/1/2); throws on anything else. */
export function rasterFromGrid(grid: readonly (readonly number[])[]): WaferRaster {
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  if (rows === 0 || cols === 0) throw new Error('wafer map is empty');
  const cells = new Uint8Array(rows * cols);
  grid.forEach((row, rowIndex) => {
    if (row.length !== cols) throw new Error(`wafer map row ${rowIndex} has ${row.length} cells, expected ${cols}`);
    row.forEach((value, colIndex) => {
      if (value !== 0 && value !== 1 && value !== 2) {
        throw new Error(`wafer map cell (${rowIndex}, ${colIndex}) is ${String(value)}, expected 0, 1 or 2`);
      }
      cells[rowIndex * cols + colIndex] = value;
    });
  });
  return { rows, cols, cells };
}

/** Build a raster from tested dies; positions not listed are off-wafer. A repeated (x, y) keeps the last. */
export function rasterFromDies(dies: readonly WaferDie[]): WaferRaster {
  for (const die of dies) {
    if (!Number.isInteger(die.x) || !Number.isInteger(die.y)) throw new Error('die coordinates must be integers');
  }
  const bounds = dieBounds(dies.map((die) => die.x), dies.map((die) => die.y));
  if (bounds === null) throw new Error('wafer has no dies');
  const { minX, maxX, minY, maxY } = bounds;
  const cols = maxX - minX + 1;
  const rows = maxY - minY + 1;
  if (rows * cols > 4_000_000) throw new Error(`die coordinates span ${cols} x ${rows} cells, too sparse for a wafer map`);
  const cells = new Uint8Array(rows * cols);
  for (const die of dies) cells[(die.y - minY) * cols + (die.x - minX)] = die.pass ? 1 : 2;
  return { rows, cols, cells };
}

/** Geometry of the dies of a raster: normalized polar position and depth from the edge per cell. */
export interface WaferGeometry {
  raster: WaferRaster;
  /** Indices of on-wafer cells (code 1 or 2). */
  dieIndices: number[];
  /** Normalized offsets from the wafer center: the on-wafer bounding box maps to [-1, 1]. */
  u: Float64Array;
  v: Float64Array;
  /** sqrt(u^2 + v^2): about 1 at the outermost dies. */
  radius: Float64Array;
  /** Angle of (u, v) in radians, [0, 2 pi). */
  angle: Float64Array;
  /** Chessboard distance to the nearest off-wafer cell or grid border: 1 = outermost dies; 0 off-wafer. */
  depth: Uint16Array;
  maxDepth: number;
  /** Mean half extent of the wafer in dies (its radius counted in die pitches). */
  radiusInDies: number;
}

function edgeDepths(raster: WaferRaster): Uint16Array {
  const { rows, cols, cells } = raster;
  const depth = new Uint16Array(rows * cols);
  let frontier: number[] = [];
  for (let index = 0; index < cells.length; index++) {
    if (cells[index] === 0) continue;
    const row = Math.floor(index / cols);
    const col = index % cols;
    let outer = false;
    for (let dr = -1; dr <= 1 && !outer; dr++) {
      for (let dc = -1; dc <= 1 && !outer; dc++) {
        const r = row + dr;
        const c = col + dc;
        outer = r < 0 || c < 0 || r >= rows || c >= cols || cells[r * cols + c] === 0;
      }
    }
    if (outer) {
      depth[index] = 1;
      frontier.push(index);
    }
  }
  for (let level = 2; frontier.length > 0; level++) {
    const next: number[] = [];
    for (const index of frontier) {
      const row = Math.floor(index / cols);
      const col = index % cols;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const r = row + dr;
          const c = col + dc;
          if (r < 0 || c < 0 || r >= rows || c >= cols) continue;
          const neighbour = r * cols + c;
          if (cells[neighbour] !== 0 && depth[neighbour] === 0) {
            depth[neighbour] = level;
            next.push(neighbour);
          }
        }
      }
    }
    frontier = next;
  }
  return depth;
}

/** Compute the geometry of a raster: center and extent from the bounding box of the on-wafer cells. */
export function waferGeometry(raster: WaferRaster): WaferGeometry {
  const { rows, cols, cells } = raster;
  const dieIndices: number[] = [];
  let minRow = rows, maxRow = -1, minCol = cols, maxCol = -1;
  for (let index = 0; index < cells.length; index++) {
    if (cells[index] === 0) continue;
    dieIndices.push(index);
    const row = Math.floor(index / cols);
    const col = index % cols;
    minRow = Math.min(minRow, row);
    maxRow = Math.max(maxRow, row);
    minCol = Math.min(minCol, col);
    maxCol = Math.max(maxCol, col);
  }
  if (dieIndices.length === 0) throw new Error('wafer map has no dies');
  const centerRow = (minRow + maxRow) / 2;
  const centerCol = (minCol + maxCol) / 2;
  const halfHeight = (maxRow - minRow + 1) / 2;
  const halfWidth = (maxCol - minCol + 1) / 2;
  const size = rows * cols;
  const u = new Float64Array(size);
  const v = new Float64Array(size);
  const radius = new Float64Array(size);
  const angle = new Float64Array(size);
  for (const index of dieIndices) {
    const uValue = (index % cols - centerCol) / halfWidth;
    const vValue = (centerRow - Math.floor(index / cols)) / halfHeight;
    u[index] = uValue;
    v[index] = vValue;
    radius[index] = Math.hypot(uValue, vValue);
    angle[index] = (Math.atan2(vValue, uValue) + 2 * Math.PI) % (2 * Math.PI);
  }
  const depth = edgeDepths(raster);
  let maxDepth = 0;
  for (const index of dieIndices) maxDepth = Math.max(maxDepth, depth[index] ?? 0);
  return { raster, dieIndices, u, v, radius, angle, depth, maxDepth, radiusInDies: (halfWidth + halfHeight) / 2 };
}
