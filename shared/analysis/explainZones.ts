/** Ring zones (center / middle / edge, equal-area by default) of die positions, tallied per cohort. */
import { assignZone, EQUAL_AREA_RINGS } from '../wafer/zones.ts';
import type { CohortTally } from './explainTypes.ts';

/** Tested and good dies of a cohort at one die position. */
export interface PositionTally extends CohortTally {
  x: number;
  y: number;
}

/** Where the wafer center is and how big dies and the wafer are (NaN: unknown). */
export interface ZoneGeometry {
  centerX: number;
  centerY: number;
  dieWidth: number;
  dieHeight: number;
  waferDiameter: number;
}

function resolved(geometry: ZoneGeometry, cells: readonly PositionTally[]): { centerX: number; centerY: number; dieWidth: number; dieHeight: number; radius: number } {
  const xs = cells.map((cell) => cell.x);
  const ys = cells.map((cell) => cell.y);
  const middle = (values: number[]): number => (values.length > 0 ? (Math.min(...values) + Math.max(...values)) / 2 : 0);
  const centerX = Number.isFinite(geometry.centerX) ? geometry.centerX : middle(xs);
  const centerY = Number.isFinite(geometry.centerY) ? geometry.centerY : middle(ys);
  const dieWidth = geometry.dieWidth > 0 ? geometry.dieWidth : 1;
  const dieHeight = geometry.dieHeight > 0 ? geometry.dieHeight : 1;
  const farthest = Math.max(0, ...cells.map((cell) => Math.hypot((cell.x - centerX) * dieWidth, (cell.y - centerY) * dieHeight))) + Math.hypot(dieWidth, dieHeight) / 2;
  const radius = geometry.waferDiameter > 0 ? Math.max(geometry.waferDiameter / 2, farthest) : farthest;
  return { centerX, centerY, dieWidth, dieHeight, radius };
}

/** Cohort tallies per ring name ('center', 'middle', 'edge'), rings at the given boundaries (fractions of the radius). */
export function ringTallies(cells: readonly PositionTally[], geometry: ZoneGeometry, ringBoundaries: readonly number[] = EQUAL_AREA_RINGS): Map<string, CohortTally[]> {
  const rings = new Map<string, CohortTally[]>();
  if (cells.length === 0) return rings;
  const layout = resolved(geometry, cells);
  for (const cell of cells) {
    // Rings depend only on the distance from the center, so the axis directions do not matter here.
    const zone = assignZone((cell.x - layout.centerX) * layout.dieWidth, (cell.y - layout.centerY) * layout.dieHeight, { radius: layout.radius, ringBoundaries: [...ringBoundaries] });
    const list = rings.get(zone.ringName) ?? [];
    list.push({ cohort: cell.cohort, tested: cell.tested, good: cell.good });
    rings.set(zone.ringName, list);
  }
  return rings;
}
