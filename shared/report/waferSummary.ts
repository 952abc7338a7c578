/** Spatial summary of one wafer for the lot report: WM-811K signature and edge-to-center yield (shared/wafer). */
import { classifyWaferMap, createWaferView, dieToScreen, zonalYield, type WaferView } from '../wafer/index.ts';
import type { ProductGeometry, WaferMapData } from './model.ts';

/** A wafer's drawing view from its product geometry (raster orientation when unknown). */
export function waferViewOf(geometry: ProductGeometry | null, map: Pick<WaferMapData, 'xs' | 'ys'>): WaferView {
  const fallbackCenter = { x: midpoint(map.xs), y: midpoint(map.ys) };
  if (!geometry) {
    return createWaferView({ flat: ' ', posX: ' ', posY: ' ', centerX: Number.NaN, centerY: Number.NaN, dieWidth: 1, dieHeight: 1, waferDiameter: Number.NaN }, { fallbackCenter });
  }
  return createWaferView({
    flat: geometry.flat, posX: geometry.posX, posY: geometry.posY, centerX: geometry.centerX, centerY: geometry.centerY,
    dieWidth: geometry.dieWidthMm, dieHeight: geometry.dieHeightMm, waferDiameter: geometry.waferSizeMm,
  }, { fallbackCenter });
}

function midpoint(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  return Math.round((low + high) / 2);
}

/** Signature class and edge-minus-center ring yield of one wafer (nulls when it cannot be judged). */
export function waferSpatialSummary(map: WaferMapData, geometry: ProductGeometry | null): { signature: string | null; edgeToCenterDelta: number | null } {
  if (map.xs.length === 0) return { signature: null, edgeToCenterDelta: null };
  let signature: string | null = null;
  try {
    signature = classifyWaferMap(map.xs.map((x, index) => ({ x, y: map.ys[index] ?? 0, pass: map.passes[index] ?? false }))).class;
  } catch {
    signature = null;
  }
  const view = waferViewOf(geometry, map);
  const dies = map.xs.map((x, index) => {
    const point = dieToScreen(view, x, map.ys[index] ?? 0);
    return { x: point.right, y: point.up, pass: map.passes[index] ?? false };
  });
  const radius = Number.isFinite(view.radius) ? view.radius : Math.max(...dies.map((die) => Math.hypot(die.x, die.y))) || 1;
  const delta = zonalYield(dies, { radius, notchSide: view.notchScreenSide ?? 'D' }).edgeToCenterDelta;
  return { signature, edgeToCenterDelta: Number.isFinite(delta) ? delta : null };
}
