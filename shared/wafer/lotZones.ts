/**
 * Zonal yield of every wafer of a lot and of the lot as a whole (SPC_YIELD.md 5.2): each wafer is
 * turned so its notch points down and scaled to a unit radius, so rings and quadrants/octants mean
 * the same place on every wafer and the lot figure simply pools the dies.
 */
import { dieToScreen, type WaferView } from './orientation.ts';
import type { LotDieColumns, WaferRange } from './lotWafers.ts';
import { zonalYield, type TestedDie, type ZonalYieldReport } from './zones.ts';

/** Zonal yields of each wafer (in range order) and of the whole lot. */
export interface LotZonalYield {
  wafers: (ZonalYieldReport | null)[];
  lot: ZonalYieldReport | null;
}

/** Radius used for zones: the wafer's when known, else the dies' extent (farthest die corner). */
export function zoneRadius(view: WaferView, columns: LotDieColumns, range: WaferRange): number {
  if (Number.isFinite(view.radius) && view.radius > 0) return view.radius;
  let largest = 0;
  for (let index = range.start; index < range.end; index++) {
    const point = dieToScreen(view, columns.x[index] ?? 0, columns.y[index] ?? 0);
    largest = Math.max(largest, Math.hypot(point.right, point.up));
  }
  return largest + Math.hypot(view.dieWidth, view.dieHeight) / 2;
}

/**
 * Dies of one wafer as unit-radius offsets (x = right, y = up) in a view whose notch is down.
 * `view` must have been made with notchAt 'D' (an unknown notch leaves the picture as recorded).
 */
export function unitDiesOfWafer(view: WaferView, columns: LotDieColumns, range: WaferRange): TestedDie[] {
  const radius = zoneRadius(view, columns, range);
  const dies: TestedDie[] = [];
  for (let index = range.start; index < range.end; index++) {
    const point = dieToScreen(view, columns.x[index] ?? 0, columns.y[index] ?? 0);
    dies.push({ x: point.right / radius, y: point.up / radius, pass: columns.pass[index] === 1 });
  }
  return dies;
}

/** Zonal yield per wafer and for the lot; `views[i]` belongs to `ranges[i]` and has its notch down. */
export function lotZonalYield(
  columns: LotDieColumns,
  ranges: readonly WaferRange[],
  views: readonly WaferView[],
  ringBoundaries?: readonly number[],
): LotZonalYield {
  const options = { radius: 1, notchSide: 'D' as const, ...(ringBoundaries ? { ringBoundaries: [...ringBoundaries] } : {}) };
  const pooled: TestedDie[] = [];
  const wafers = ranges.map((range, index) => {
    const view = views[index];
    if (!view || range.end <= range.start) return null;
    const dies = unitDiesOfWafer(view, columns, range);
    for (const die of dies) pooled.push(die);
    return zonalYield(dies, options);
  });
  return { wafers, lot: pooled.length > 0 ? zonalYield(pooled, options) : null };
}
