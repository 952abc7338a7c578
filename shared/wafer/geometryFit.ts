/**
 * Wafer geometry checked against the dies (issue #13 §1). Real files declare a centre die, a wafer size or units
 * that do not fit their coordinates; drawn as declared, the map is a blob partly outside its outline. The file's
 * geometry (WCR) is kept when it fits: every die centre inside the disc (edge dies may be partial), and sizes in
 * one unit. Otherwise the
 * outline is fitted to the dies: centred on their bounding box, its radius reaching the farthest die corner.
 */
import { boundsCenter, dieBounds } from './dieBounds.ts';
import { dieToScreen, type WaferView } from './orientation.ts';

/** Where the drawn outline comes from: the file's WCR, or the dies. */
export type GeometrySource = 'file' | 'dies';

/** Why the file's geometry does not fit its dies. */
export type GeometryMisfit = 'sizeUnknown' | 'unitsUnknown' | 'diesOutside';

/** How to choose: the file's when it fits (auto), always the file's, always fitted to the dies. */
export type GeometryMode = 'auto' | 'file' | 'dies';

/** The view to draw with, where its outline comes from, and what was wrong with the file's (null: it fits). */
export interface FittedGeometry {
  view: WaferView;
  source: GeometrySource;
  misfit: GeometryMisfit | null;
}

/** Largest distance from the view's centre to a die corner (die centre distance + half the die diagonal), wafer units. */
export function dieCornerExtent(view: WaferView, xs: ArrayLike<number>, ys: ArrayLike<number>, start = 0, end = xs.length): number {
  let largest = 0;
  for (let index = start; index < end; index++) {
    const point = dieToScreen(view, xs[index] ?? 0, ys[index] ?? 0);
    largest = Math.max(largest, Math.hypot(point.right, point.up));
  }
  return end > start ? largest + Math.hypot(view.dieWidth, view.dieHeight) / 2 : 0;
}

/** What is wrong with the view's (file's) geometry for these dies, null when it fits. */
export function geometryMisfit(view: WaferView, xs: ArrayLike<number>, ys: ArrayLike<number>, start = 0, end = xs.length): GeometryMisfit | null {
  if (!Number.isFinite(view.radius)) return 'sizeUnknown';
  // A wafer size in mm with die pitches unknown (1 unit each) mixes units: the dies would be drawn a few mm wide.
  if (view.notes.some((note) => note.startsWith('DIE_WID unknown') || note.startsWith('DIE_HT unknown'))) return 'unitsUnknown';
  let farthest = 0;
  for (let index = start; index < end; index++) {
    const point = dieToScreen(view, xs[index] ?? 0, ys[index] ?? 0);
    farthest = Math.max(farthest, Math.hypot(point.right, point.up));
  }
  return farthest > view.radius * (1 + 1e-9) ? 'diesOutside' : null;
}

/** The geometry to draw dies `start`..`end` with (see the module comment); `mode` lets the user force either. */
export function fitGeometryToDies(view: WaferView, xs: ArrayLike<number>, ys: ArrayLike<number>, mode: GeometryMode = 'auto', start = 0, end = xs.length): FittedGeometry {
  const misfit = end > start ? geometryMisfit(view, xs, ys, start, end) : null;
  if (end <= start || mode === 'file' || (mode === 'auto' && misfit === null)) return { view, source: 'file', misfit };
  const center = boundsCenter(dieBounds(xs, ys, start, end));
  // Unknown pitches stay 1 (die units): the fitted disc is then measured in dies, consistently.
  const centred: WaferView = { ...view, centerX: center.x, centerY: center.y, notes: [...view.notes, 'outline fitted to the dies'] };
  return { view: { ...centred, radius: dieCornerExtent(centred, xs, ys, start, end) }, source: 'dies', misfit };
}
