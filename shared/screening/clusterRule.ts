/**
 * Cluster rule: passing dies inside or at the rim of a failing cluster. Clusters are the spatial
 * signature code's (shared/wafer/failClusters.ts: failing dies connected through their 8
 * neighbours); a cluster of at least `minCluster` dies rejects the passing dies touching it (its
 * rim, 8-neighbours) and the passing dies it encloses (not reachable from outside its bounding box
 * without crossing it).
 */
import type { SqlEngine } from '../engine/sqlEngine.ts';
import { failClusterMembers } from '../wafer/failClusters.ts';
import { rasterFromDies, waferGeometry, type WaferDie } from '../wafer/waferRaster.ts';
import { lotMappedDiesSql } from '../sql/screeningSql.ts';
import { screeningRows } from './screen.ts';
import type { ScreenOutlier } from './types.ts';

/** Default smallest failing cluster the rule acts on. */
export const defaultMinCluster = 5;

/** Raster cells (row-major over cols) of passing dies inside or at the rim of one cluster. */
function screenedAround(cells: Uint8Array, rows: number, cols: number, members: readonly number[]): number[] {
  const member = new Set(members);
  let top = rows, bottom = -1, left = cols, right = -1;
  for (const index of members) {
    const row = Math.floor(index / cols);
    const col = index % cols;
    top = Math.min(top, row - 1); bottom = Math.max(bottom, row + 1);
    left = Math.min(left, col - 1); right = Math.max(right, col + 1);
  }
  const width = right - left + 1;
  const outside = new Uint8Array(width * (bottom - top + 1));
  const stack: [number, number][] = [];
  for (let row = top; row <= bottom; row++) for (let col = left; col <= right; col++) if (row === top || row === bottom || col === left || col === right) stack.push([row, col]);
  while (stack.length > 0) {
    const [row, col] = stack.pop() ?? [0, 0];
    if (row < top || row > bottom || col < left || col > right) continue;
    const local = (row - top) * width + (col - left);
    if (outside[local] || (row >= 0 && col >= 0 && row < rows && col < cols && member.has(row * cols + col))) continue;
    outside[local] = 1;
    stack.push([row - 1, col], [row + 1, col], [row, col - 1], [row, col + 1]);
  }
  const screened: number[] = [];
  for (let row = Math.max(0, top); row <= Math.min(rows - 1, bottom); row++) {
    for (let col = Math.max(0, left); col <= Math.min(cols - 1, right); col++) {
      const index = row * cols + col;
      if (cells[index] !== 1) continue;
      const enclosed = !outside[(row - top) * width + (col - left)];
      let rim = false;
      for (let dr = -1; dr <= 1 && !rim; dr++) for (let dc = -1; dc <= 1 && !rim; dc++) rim = (dr !== 0 || dc !== 0) && member.has((row + dr) * cols + (col + dc)) && col + dc >= 0 && col + dc < cols;
      if (enclosed || rim) screened.push(index);
    }
  }
  return screened;
}

/** Passing dies of one wafer inside or at the rim of its failing clusters of at least minCluster dies. */
export function clusterScreenedDies(dies: readonly WaferDie[], minCluster = defaultMinCluster): { x: number; y: number; clusterSize: number }[] {
  if (dies.length === 0) return [];
  const raster = rasterFromDies(dies);
  const geometry = waferGeometry(raster);
  const minX = Math.min(...dies.map((die) => die.x));
  const minY = Math.min(...dies.map((die) => die.y));
  const found = new Map<number, number>();
  for (const members of failClusterMembers(geometry)) {
    if (members.length < minCluster) continue;
    for (const index of screenedAround(raster.cells, raster.rows, raster.cols, members)) found.set(index, Math.max(found.get(index) ?? 0, members.length));
  }
  return [...found].sort(([a], [b]) => a - b).map(([index, clusterSize]) => ({ x: (index % raster.cols) + minX, y: Math.floor(index / raster.cols) + minY, clusterSize }));
}

/** The cluster rule on every wafer of a lot; an outlier's value is the size of its cluster. */
export async function clusterScreen(engine: SqlEngine, lot: string, minCluster = defaultMinCluster): Promise<ScreenOutlier[]> {
  const byWafer = new Map<string, WaferDie[]>();
  for (const row of await screeningRows(engine, lotMappedDiesSql(lot))) {
    const wafer = String(row.wafer);
    const list = byWafer.get(wafer) ?? [];
    list.push({ x: Number(row.x), y: Number(row.y), pass: Boolean(row.pass) });
    byWafer.set(wafer, list);
  }
  return [...byWafer].flatMap(([wafer, dies]) => clusterScreenedDies(dies, minCluster).map((die) => ({ lot, wafer, x: die.x, y: die.y, test: null, testKey: null, testName: null, value: die.clusterSize, reason: 'Cluster' })));
}
