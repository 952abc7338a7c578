/**
 * The bounding box of die coordinates, and what is built on it: the box centre (the wafer centre
 * when the orientation gives none) and the slot grid the map canvases use to find the die under
 * the pointer. One loop, instead of one per map.
 */

/** The smallest rectangle of die coordinates holding every die (inclusive). */
export interface DieBounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** Bounding box of dies `start` to `end` (exclusive) of two coordinate columns; null when there are none. */
export function dieBounds(xs: ArrayLike<number>, ys: ArrayLike<number>, start = 0, end = xs.length): DieBounds | null {
  if (end <= start) return null;
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let index = start; index < end; index++) {
    const x = xs[index] ?? 0;
    const y = ys[index] ?? 0;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, maxX, minY, maxY };
}

/** Centre of a bounding box; (0, 0) when there are no dies. */
export function boundsCenter(bounds: DieBounds | null): { x: number; y: number } {
  return bounds === null ? { x: 0, y: 0 } : { x: (bounds.minX + bounds.maxX) / 2, y: (bounds.minY + bounds.maxY) / 2 };
}

/** Die index + 1 per cell of the bounding box (0: no die), row by row from (minX, minY). */
export interface DieSlotGrid {
  minX: number;
  minY: number;
  columns: number;
  rows: number;
  slots: Int32Array;
}

/** The slot grid of dies at integer coordinates; a repeated (x, y) keeps the last die. */
export function dieSlotGrid(xs: ArrayLike<number>, ys: ArrayLike<number>): DieSlotGrid {
  const bounds = dieBounds(xs, ys);
  if (bounds === null) return { minX: 0, minY: 0, columns: 0, rows: 0, slots: new Int32Array(0) };
  const { minX, minY } = bounds;
  const columns = bounds.maxX - minX + 1;
  const rows = bounds.maxY - minY + 1;
  const slots = new Int32Array(columns * rows);
  for (let index = 0; index < xs.length; index++) slots[((ys[index] ?? 0) - minY) * columns + (xs[index] ?? 0) - minX] = index + 1;
  return { minX, minY, columns, rows, slots };
}

/** Index of the die at cell (x, y) of a slot grid, -1 when there is none. */
export function dieAtCell(grid: DieSlotGrid, x: number, y: number): number {
  const column = x - grid.minX;
  const row = y - grid.minY;
  if (column < 0 || row < 0 || column >= grid.columns || row >= grid.rows) return -1;
  return (grid.slots[row * grid.columns + column] ?? 0) - 1;
}
