/**
 * All wafers of a lot held as one set of typed columns (as read from one Arrow query, sorted by
 * wafer), cut into per-wafer ranges: the gallery's thumbnails, classification and zones read them
 * without building an object per die.
 */
import { classifyRaster, type WaferClassification } from './classify.ts';
import { createWaferView, type WaferSide, type WaferView } from './orientation.ts';
import type { WaferRaster } from './waferRaster.ts';
import { boundsCenter, dieBounds } from './dieBounds.ts';
import { fitGeometryToDies, type FittedGeometry, type GeometryMode } from './geometryFit.ts';

/** Final results of every die of a lot, sorted by wafer index; one slot per die. */
export interface LotDieColumns {
  count: number;
  waferIndex: Int32Array;
  x: Int32Array;
  y: Int32Array;
  /** 1 pass, 0 fail (final result). */
  pass: Int8Array;
  /** 1 pass, 0 fail at the first insertion. */
  firstPass: Int8Array;
  hardBin: Int32Array;
}

/** Where one wafer's dies sit in the lot columns: [start, end). */
export interface WaferRange {
  start: number;
  end: number;
}

/** WCR-like orientation fields of a wafer row; null where the import supplied none. */
export interface WaferOrientationRow {
  waferSizeMm: number | null;
  dieWidthMm: number | null;
  dieHeightMm: number | null;
  flat: string | null;
  posX: string | null;
  posY: string | null;
  centerX: number | null;
  centerY: number | null;
}

/** The orientation fields of a SQL row of the `wafers` table (snake_case columns; absent ones are null). */
export function orientationOfRow(row: Record<string, unknown> | null): WaferOrientationRow {
  const number = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
  const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
  return {
    waferSizeMm: number(row?.wafer_size_mm), dieWidthMm: number(row?.die_width_mm), dieHeightMm: number(row?.die_height_mm),
    flat: text(row?.flat), posX: text(row?.pos_x), posY: text(row?.pos_y), centerX: number(row?.center_x), centerY: number(row?.center_y),
  };
}

/** Ranges of each wafer index 0..waferCount-1 in columns sorted by wafer index (empty when absent). */
export function waferRanges(waferIndex: Int32Array, waferCount: number): WaferRange[] {
  const ranges = Array.from({ length: waferCount }, () => ({ start: 0, end: 0 }));
  let start = 0;
  for (let index = 1; index <= waferIndex.length; index++) {
    if (index < waferIndex.length && waferIndex[index] === waferIndex[start]) continue;
    const range = ranges[waferIndex[start] ?? -1];
    if (range) [range.start, range.end] = [start, index];
    start = index;
  }
  return ranges;
}

/** Bounding-box center of a wafer's dies (the fallback when the center die is unknown). */
export function boundingCenter(xs: ArrayLike<number>, ys: ArrayLike<number>, range: WaferRange): { x: number; y: number } {
  return boundsCenter(dieBounds(xs, ys, range.start, range.end));
}

/** The drawing/zone view of a wafer from its orientation row; unknown fields fall back as createWaferView says. */
export function viewOfOrientation(row: WaferOrientationRow | null, fallbackCenter: { x: number; y: number }, notchAt?: WaferSide): WaferView {
  const numeric = (value: number | null | undefined): number => (value === null || value === undefined ? Number.NaN : value);
  return createWaferView(
    {
      flat: row?.flat ?? ' ', posX: row?.posX ?? ' ', posY: row?.posY ?? ' ',
      centerX: numeric(row?.centerX), centerY: numeric(row?.centerY),
      dieWidth: numeric(row?.dieWidthMm), dieHeight: numeric(row?.dieHeightMm), waferDiameter: numeric(row?.waferSizeMm),
    },
    notchAt ? { fallbackCenter, notchAt } : { fallbackCenter },
  );
}

/**
 * How a wafer is drawn around its dies `start`..`end`: the view of its orientation row (centred on
 * the dies' bounding box when the row names no centre die), with the file's geometry when it fits
 * the dies, else one fitted to them (geometryFit.ts), unless `mode` forces either.
 */
export function waferGeometry(
  row: WaferOrientationRow | null, xs: ArrayLike<number>, ys: ArrayLike<number>,
  options: { notchAt?: WaferSide; mode?: GeometryMode; start?: number; end?: number } = {},
): FittedGeometry {
  const { notchAt, mode = 'auto', start = 0, end = xs.length } = options;
  return fitGeometryToDies(viewOfOrientation(row, boundsCenter(dieBounds(xs, ys, start, end)), notchAt), xs, ys, mode, start, end);
}

/** Die-code raster (0 no die, 1 pass, 2 fail) of one wafer's range, straight from the columns. */
export function rasterOfRange(columns: LotDieColumns, range: WaferRange): WaferRaster | null {
  const bounds = dieBounds(columns.x, columns.y, range.start, range.end);
  if (bounds === null) return null;
  const { minX, maxX, minY, maxY } = bounds;
  const cols = maxX - minX + 1;
  const rows = maxY - minY + 1;
  if (rows * cols > 4_000_000) return null;
  const cells = new Uint8Array(rows * cols);
  for (let index = range.start; index < range.end; index++) {
    cells[((columns.y[index] ?? 0) - minY) * cols + (columns.x[index] ?? 0) - minX] = columns.pass[index] === 1 ? 1 : 2;
  }
  return { rows, cols, cells };
}

/** WM-811K class of every wafer of the lot (null for a wafer without dies or with absurd coordinates). */
export function classifyLotWafers(columns: LotDieColumns, ranges: readonly WaferRange[]): (WaferClassification | null)[] {
  return ranges.map((range) => {
    const raster = rasterOfRange(columns, range);
    return raster ? classifyRaster(raster) : null;
  });
}

/** Good dies / tested dies of a range (NaN when empty). */
export function rangeYield(pass: Int8Array, range: WaferRange): number {
  let good = 0;
  for (let index = range.start; index < range.end; index++) good += pass[index] === 1 ? 1 : 0;
  return range.end > range.start ? good / (range.end - range.start) : Number.NaN;
}
