/**
 * Wafer orientation: maps STDF die coordinates (PRR X_COORD/Y_COORD) to screen coordinates and back,
 * following the WCR fields (WF_FLAT, POS_X, POS_Y, CENTER_X/Y, DIE_WID/HT, WAFR_SIZ).
 * Screen coordinates are (right, up) in wafer units, relative to the wafer center, after an optional
 * view rotation that puts the notch where the user wants it. Die coordinates are never changed.
 */

/** A side of the wafer as drawn on screen: up, down, left or right. */
export type WaferSide = 'U' | 'D' | 'L' | 'R';

/** WCR-like orientation fields; a space (or any other value) means "unknown". */
export interface WaferOrientation {
  flat: WaferSide | ' ' | string;
  posX: 'L' | 'R' | ' ' | string;
  posY: 'U' | 'D' | ' ' | string;
  centerX: number;
  centerY: number;
  dieWidth: number;
  dieHeight: number;
  waferDiameter: number;
}

/** Options of a view: where the notch should end up, and a center to use when CENTER_X/Y is missing. */
export interface WaferViewOptions {
  notchAt?: WaferSide;
  fallbackCenter?: { x: number; y: number };
}

/** Resolved, validated orientation used for every coordinate conversion of one wafer. */
export interface WaferView {
  orientationKnown: boolean;
  notes: string[];
  posX: 'L' | 'R';
  posY: 'U' | 'D';
  /** Notch side as recorded in the WCR (before view rotation); null when unknown. */
  flat: WaferSide | null;
  /** Notch side on screen after the view rotation; null when unknown (draw no notch marker). */
  notchScreenSide: WaferSide | null;
  /** Counter-clockwise rotation applied to the STDF-oriented picture, in degrees. */
  rotationDegrees: 0 | 90 | 180 | 270;
  centerX: number;
  centerY: number;
  dieWidth: number;
  dieHeight: number;
  /** Wafer radius in wafer units; NaN when WAFR_SIZ is unknown. */
  radius: number;
}

/** STDF marker for a missing I*2 coordinate. */
export const MISSING_COORDINATE = -32768;

const sideAngles: Record<WaferSide, number> = { R: 0, U: 90, L: 180, D: 270 };
const anglesToSide: WaferSide[] = ['R', 'U', 'L', 'D'];

function isSide(value: string): value is WaferSide {
  return value === 'U' || value === 'D' || value === 'L' || value === 'R';
}

function resolveCenter(
  orientation: WaferOrientation,
  options: WaferViewOptions,
  notes: string[],
): { x: number; y: number } {
  const known = (value: number): boolean => Number.isFinite(value) && value !== MISSING_COORDINATE;
  if (known(orientation.centerX) && known(orientation.centerY)) {
    return { x: orientation.centerX, y: orientation.centerY };
  }
  const fallback = options.fallbackCenter ?? { x: 0, y: 0 };
  notes.push(`center die unknown: using (${fallback.x}, ${fallback.y})`);
  return fallback;
}

function resolvePitch(value: number, name: string, notes: string[]): number {
  if (Number.isFinite(value) && value > 0) return value;
  notes.push(`${name} unknown: using 1 (die-pitch units)`);
  return 1;
}

/** Validate WCR fields and build the view used by dieToScreen/screenToDie; unknown axes fall back to raster. */
export function createWaferView(orientation: WaferOrientation, options: WaferViewOptions = {}): WaferView {
  const notes: string[] = [];
  const posXKnown = orientation.posX === 'L' || orientation.posX === 'R';
  const posYKnown = orientation.posY === 'U' || orientation.posY === 'D';
  const flat = isSide(orientation.flat) ? orientation.flat : null;
  if (!posXKnown || !posYKnown) {
    notes.push('POS_X/POS_Y unknown: falling back to raster orientation (X grows right, Y grows down)');
  }
  if (flat === null) notes.push('WF_FLAT unknown: no notch marker and no view rotation');
  const rotation = flat !== null && options.notchAt ? (sideAngles[options.notchAt] - sideAngles[flat] + 360) % 360 : 0;
  const center = resolveCenter(orientation, options, notes);
  const diameterKnown = Number.isFinite(orientation.waferDiameter) && orientation.waferDiameter > 0;
  return {
    orientationKnown: posXKnown && posYKnown && flat !== null,
    notes,
    posX: orientation.posX === 'L' ? 'L' : 'R',
    posY: orientation.posY === 'U' ? 'U' : 'D',
    flat,
    notchScreenSide: flat === null ? null : (anglesToSide[((sideAngles[flat] + rotation) % 360) / 90] ?? null),
    rotationDegrees: rotation as 0 | 90 | 180 | 270,
    centerX: center.x,
    centerY: center.y,
    dieWidth: resolvePitch(orientation.dieWidth, 'DIE_WID', notes),
    dieHeight: resolvePitch(orientation.dieHeight, 'DIE_HT', notes),
    radius: diameterKnown ? orientation.waferDiameter / 2 : Number.NaN,
  };
}

/** Screen position (right, up) of a point, relative to the wafer center. */
export interface ScreenPoint {
  right: number;
  up: number;
}

/** Adding 0 turns -0 into 0, so a die on an axis reports 0 whatever the sign flips. */
function withoutNegativeZero(value: number): number {
  return value + 0;
}

function rotate(point: ScreenPoint, degrees: number): ScreenPoint {
  switch (((degrees % 360) + 360) % 360) {
    case 90:
      return { right: -point.up, up: point.right };
    case 180:
      return { right: -point.right, up: -point.up };
    case 270:
      return { right: point.up, up: -point.right };
    default:
      return { right: point.right, up: point.up };
  }
}

/** Screen position of the center of die (x, y): POS_X/POS_Y decide the axis signs, then the view rotation. */
export function dieToScreen(view: WaferView, x: number, y: number): ScreenPoint {
  const offsetX = (x - view.centerX) * view.dieWidth;
  const offsetY = (y - view.centerY) * view.dieHeight;
  const unrotated = {
    right: view.posX === 'R' ? offsetX : -offsetX,
    up: view.posY === 'U' ? offsetY : -offsetY,
  };
  const rotated = rotate(unrotated, view.rotationDegrees);
  return { right: withoutNegativeZero(rotated.right), up: withoutNegativeZero(rotated.up) };
}

/** Fractional die coordinates under a screen point (inverse of dieToScreen). */
export function screenToDieFractional(view: WaferView, right: number, up: number): { x: number; y: number } {
  const unrotated = rotate({ right, up }, -view.rotationDegrees);
  const offsetX = view.posX === 'R' ? unrotated.right : -unrotated.right;
  const offsetY = view.posY === 'U' ? unrotated.up : -unrotated.up;
  return { x: view.centerX + offsetX / view.dieWidth, y: view.centerY + offsetY / view.dieHeight };
}

/** Die (integer x, y) whose cell contains the screen point, for hit-testing a click. */
export function screenToDie(view: WaferView, right: number, up: number): { x: number; y: number } {
  const fractional = screenToDieFractional(view, right, up);
  return { x: withoutNegativeZero(Math.round(fractional.x)), y: withoutNegativeZero(Math.round(fractional.y)) };
}
