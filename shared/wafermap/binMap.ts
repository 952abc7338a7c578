/**
 * A wafer's bin map as exchanged with assembly and probers: tested dies with their bin, bin
 * definitions and the little geometry the formats carry. Formats store a raster (rows top to
 * bottom, columns left to right) and the raster position of die (0, 0), so tester coordinates
 * survive a round trip: column = x - minX, row = y - minY.
 */

/** One tested die. */
export interface BinMapDie {
  x: number;
  y: number;
  bin: number;
}

/** A bin's meaning. */
export interface BinDefinition {
  bin: number;
  name: string;
  pass: boolean;
}

/** One wafer's map. */
export interface BinMap {
  device: string;
  lot: string;
  wafer: string;
  /** Die step in mm (null: unknown). */
  dieWidthMm: number | null;
  dieHeightMm: number | null;
  /** Flat or notch direction in degrees (0 = up, 90 = right, 180 = down, 270 = left), null: unknown. */
  flatDegrees: number | null;
  dies: BinMapDie[];
  bins: BinDefinition[];
}

/** The raster a map occupies. */
export interface BinMapRaster {
  minX: number;
  minY: number;
  cols: number;
  rows: number;
  /** Bin per cell, row-major; -1 where no die was tested. */
  cells: Int32Array;
}

/** Lay the dies of a map out on their bounding raster. */
export function rasterOf(map: BinMap): BinMapRaster {
  if (map.dies.length === 0) return { minX: 0, minY: 0, cols: 0, rows: 0, cells: new Int32Array(0) };
  const xs = map.dies.map((die) => die.x);
  const ys = map.dies.map((die) => die.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const cols = Math.max(...xs) - minX + 1;
  const rows = Math.max(...ys) - minY + 1;
  const cells = new Int32Array(cols * rows).fill(-1);
  for (const die of map.dies) cells[(die.y - minY) * cols + (die.x - minX)] = die.bin;
  return { minX, minY, cols, rows, cells };
}

/** Dies of a raster back in tester coordinates, given the raster position of die (0, 0). */
export function diesOfRaster(cells: ArrayLike<number>, cols: number, originColumn: number, originRow: number): BinMapDie[] {
  const dies: BinMapDie[] = [];
  for (let index = 0; index < cells.length; index++) {
    const bin = cells[index] ?? -1;
    if (bin < 0) continue;
    dies.push({ x: (index % cols) - originColumn, y: Math.floor(index / cols) - originRow, bin });
  }
  return dies;
}

/** Flat direction in degrees from the STDF WCR letter (U, R, D, L); null when unknown. */
export function flatDegreesOf(flat: string | null | undefined): number | null {
  const degrees: Record<string, number> = { U: 0, R: 90, D: 180, L: 270 };
  return flat ? (degrees[flat.trim().toUpperCase()] ?? null) : null;
}

/**
 * Replace the bin of screened dies by a bin of their own (e.g. "PAT fail"); throws when that bin
 * already means something else for the product.
 */
export function withScreenedBin(map: BinMap, screened: ReadonlySet<string>, bin: number, name: string): BinMap {
  if (map.bins.some((definition) => definition.bin === bin)) throw new Error(`bin ${bin} is already used by the product; choose another screened bin`);
  const dies = map.dies.map((die) => (screened.has(`${die.x}/${die.y}`) ? { ...die, bin } : die));
  return { ...map, dies, bins: [...map.bins, { bin, name, pass: false }] };
}

/** Two-digit upper-case hex code of a bin (0..255) for SINF and E142. */
export function hexBin(bin: number): string {
  if (!Number.isInteger(bin) || bin < 0 || bin > 254) throw new Error(`bin ${bin} does not fit a two-digit hex code (0..254)`);
  return bin.toString(16).toUpperCase().padStart(2, '0');
}
