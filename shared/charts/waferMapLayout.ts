/**
 * Wafer map drawing geometry and colours, pure: die rectangles in canvas pixels from die x/y and the
 * wafer orientation (shared/wafer), the wafer outline and notch, and the bin / parametric palettes.
 */
import { dieToScreen, screenToDie, type WaferSide, type WaferView } from '../wafer/index.ts';

/** Pixel transform of one wafer drawn into a square canvas: screen (right, up) → canvas (x, y). */
export interface WaferCanvasTransform {
  /** Canvas pixels per wafer unit (mm when the die size is known). */
  pixelsPerUnit: number;
  /** Canvas position of the wafer center. */
  centerPixelX: number;
  centerPixelY: number;
  /** Radius of the outline circle in pixels (the wafer radius, or the dies' extent when unknown). */
  outlineRadiusPixels: number;
}

/** Die rectangles, four floats per die: left, top, width, height (canvas pixels). */
export interface DieRectangles {
  transform: WaferCanvasTransform;
  rectangles: Float32Array;
}

/** Gap between neighbouring dies as a share of the die pitch, so the grid stays readable. */
const dieGapShare = 0.08;

/** Die center on screen as an affine map of (x, y), derived once from dieToScreen (it is linear in x and y). */
interface DieCenterMap {
  rightPerX: number;
  rightPerY: number;
  rightAtOrigin: number;
  upPerX: number;
  upPerY: number;
  upAtOrigin: number;
}

function dieCenterMap(view: WaferView): DieCenterMap {
  const origin = dieToScreen(view, 0, 0);
  const stepX = dieToScreen(view, 1, 0);
  const stepY = dieToScreen(view, 0, 1);
  return {
    rightPerX: stepX.right - origin.right, rightPerY: stepY.right - origin.right, rightAtOrigin: origin.right,
    upPerX: stepX.up - origin.up, upPerY: stepY.up - origin.up, upAtOrigin: origin.up,
  };
}

/** Largest distance of a die corner from the wafer center, in wafer units. */
function dieExtent(view: WaferView, xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const map = dieCenterMap(view);
  let largestSquare = 0;
  for (let index = 0; index < xs.length; index++) {
    const x = xs[index] ?? 0;
    const y = ys[index] ?? 0;
    const right = map.rightAtOrigin + map.rightPerX * x + map.rightPerY * y;
    const up = map.upAtOrigin + map.upPerX * x + map.upPerY * y;
    largestSquare = Math.max(largestSquare, right * right + up * up);
  }
  return xs.length === 0 ? 0 : Math.sqrt(largestSquare) + Math.hypot(view.dieWidth, view.dieHeight) / 2;
}

/** Fit the wafer (its circle, or the dies when the radius is unknown) into a square canvas with a margin. */
export function fitWaferToCanvas(view: WaferView, xs: ArrayLike<number>, ys: ArrayLike<number>, canvasSize: number, marginPixels: number): WaferCanvasTransform {
  const radius = Number.isFinite(view.radius) ? Math.max(view.radius, dieExtent(view, xs, ys)) : dieExtent(view, xs, ys);
  const usable = Math.max(1, canvasSize / 2 - marginPixels);
  const pixelsPerUnit = radius > 0 ? usable / radius : 1;
  return { pixelsPerUnit, centerPixelX: canvasSize / 2, centerPixelY: canvasSize / 2, outlineRadiusPixels: radius * pixelsPerUnit };
}

/** Rectangles of every die, one pass over the coordinate arrays; a 90°/270° view swaps width and height. */
export function dieRectangles(view: WaferView, xs: ArrayLike<number>, ys: ArrayLike<number>, canvasSize: number, marginPixels: number): DieRectangles {
  const transform = fitWaferToCanvas(view, xs, ys, canvasSize, marginPixels);
  const quarterTurn = view.rotationDegrees === 90 || view.rotationDegrees === 270;
  const pitchX = (quarterTurn ? view.dieHeight : view.dieWidth) * transform.pixelsPerUnit;
  const pitchY = (quarterTurn ? view.dieWidth : view.dieHeight) * transform.pixelsPerUnit;
  const width = pitchX * (1 - dieGapShare);
  const height = pitchY * (1 - dieGapShare);
  const rectangles = new Float32Array(xs.length * 4);
  const map = dieCenterMap(view);
  const scale = transform.pixelsPerUnit;
  for (let index = 0; index < xs.length; index++) {
    const x = xs[index] ?? 0;
    const y = ys[index] ?? 0;
    const right = map.rightAtOrigin + map.rightPerX * x + map.rightPerY * y;
    const up = map.upAtOrigin + map.upPerX * x + map.upPerY * y;
    rectangles[index * 4] = transform.centerPixelX + right * scale - width / 2;
    rectangles[index * 4 + 1] = transform.centerPixelY - up * scale - height / 2;
    rectangles[index * 4 + 2] = width;
    rectangles[index * 4 + 3] = height;
  }
  return { transform, rectangles };
}

/** Die (x, y) under a canvas pixel, the inverse of the rectangle placement. */
export function canvasToDie(view: WaferView, transform: WaferCanvasTransform, pixelX: number, pixelY: number): { x: number; y: number } {
  const right = (pixelX - transform.centerPixelX) / transform.pixelsPerUnit;
  const up = (transform.centerPixelY - pixelY) / transform.pixelsPerUnit;
  return screenToDie(view, right, up);
}

/** Canvas position of the notch marker on the outline for a screen side, or null when unknown. */
export function notchPosition(transform: WaferCanvasTransform, side: WaferSide | null): { x: number; y: number } | null {
  if (side === null) return null;
  const radius = transform.outlineRadiusPixels;
  const offsets: Record<WaferSide, [number, number]> = { U: [0, -radius], D: [0, radius], L: [-radius, 0], R: [radius, 0] };
  const [dx, dy] = offsets[side];
  return { x: transform.centerPixelX + dx, y: transform.centerPixelY + dy };
}

/** Greens for pass bins, dark to light, so several good bins stay told apart yet read as "good". */
const passColours = ['#2e9e4f', '#7cc86f', '#1b6e3a', '#b5e3a0', '#4fb585'];

/** Distinct non-green colours for fail bins (red, orange, blue, purple, ...), picked by bin number. */
const failColours = [
  '#d62728', '#ff7f0e', '#1f77b4', '#9467bd', '#e377c2', '#8c564b', '#17becf', '#bcbd22',
  '#7f7f7f', '#f5b800', '#393b79', '#ad494a', '#e7969c', '#6b6ecf', '#843c39', '#de9ed6',
];

/** Colour of a bin: stable for a bin number (it never depends on which other bins a wafer has). */
export function binColour(bin: number, pass: boolean): string {
  const palette = pass ? passColours : failColours;
  const slot = ((Math.trunc(bin) % palette.length) + palette.length) % palette.length;
  return palette[pass ? (slot + palette.length - 1) % palette.length : slot] ?? '#000000';
}

/** Colour of dies outside the test limits in parametric mode. */
export const outOfLimitColours = { low: '#1a1aff', high: '#ff1a1a' } as const;

/** Colour of dies without a value (test not executed). */
export const missingValueColour = '#d0d4da';

/** Ramp of the continuous scale (dark purple → teal → yellow, perceptually ordered, no pure red/blue). */
const rampStops: [number, number, number][] = [
  [68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37],
];

/** Colour of a value on the continuous scale between low and high (clamped), as #rrggbb. */
export function continuousColour(value: number, low: number, high: number): string {
  const span = high - low;
  const position = span > 0 ? Math.min(1, Math.max(0, (value - low) / span)) : 0.5;
  const scaled = position * (rampStops.length - 1);
  const lower = Math.min(rampStops.length - 2, Math.floor(scaled));
  const share = scaled - lower;
  const from = rampStops[lower] ?? [0, 0, 0];
  const to = rampStops[lower + 1] ?? from;
  const channel = (index: 0 | 1 | 2): string => Math.round(from[index] + (to[index] - from[index]) * share).toString(16).padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/** Dies grouped for drawing: a palette and one palette index per die (batched fills, one per colour). */
export interface DieColouring {
  palette: string[];
  colourIndex: Uint16Array;
}

/** Steps of the continuous scale when batching by colour. */
export const continuousSteps = 32;

/** One legend row of a parametric map: a class of dies and its colour. */
export type ParametricClass = 'low' | 'high' | 'missing' | number;

/** Legend classes of a parametric map, used as the dies' keys. */
export const parametricClasses = { withinLimits: 0, belowLow: 1, aboveHigh: 2, notMeasured: 3 } as const;

/** Palette slot per die for a parametric map: quantized ramp inside the limits, distinct colours outside. */
export function colourParametric(values: Float64Array, lowLimit: number | null, highLimit: number | null): KeyedColouring & { scaleLow: number; scaleHigh: number } {
  let scaleLow = Infinity;
  let scaleHigh = -Infinity;
  for (const value of values) {
    if (Number.isNaN(value) || (lowLimit !== null && value < lowLimit) || (highLimit !== null && value > highLimit)) continue;
    scaleLow = Math.min(scaleLow, value);
    scaleHigh = Math.max(scaleHigh, value);
  }
  if (!Number.isFinite(scaleLow)) [scaleLow, scaleHigh] = [0, 1];
  const palette: string[] = [];
  for (let step = 0; step < continuousSteps; step++) palette.push(continuousColour(step / (continuousSteps - 1), 0, 1));
  palette.push(outOfLimitColours.low, outOfLimitColours.high, missingValueColour);
  const colourIndex = new Uint16Array(values.length);
  const keys = new Int32Array(values.length);
  for (let index = 0; index < values.length; index++) {
    const value = values[index] ?? Number.NaN;
    if (Number.isNaN(value)) keys[index] = parametricClasses.notMeasured;
    else if (lowLimit !== null && value < lowLimit) keys[index] = parametricClasses.belowLow;
    else if (highLimit !== null && value > highLimit) keys[index] = parametricClasses.aboveHigh;
    const key = keys[index] ?? 0;
    colourIndex[index] = key === 0
      ? Math.max(0, Math.min(continuousSteps - 1, Math.round(((value - scaleLow) / (scaleHigh - scaleLow || 1)) * (continuousSteps - 1))))
      : continuousSteps + key - 1;
  }
  return { palette, colourIndex, keys, scaleLow, scaleHigh };
}

/** Dies coloured by an integer key each (bin number, retest class, ...), keeping the key for legend and hiding. */
export interface KeyedColouring extends DieColouring {
  keys: Int32Array;
}

/** Colour dies by their key: one palette slot per distinct key, colour from colourOfKey. */
export function colourByKey(keys: Int32Array, colourOfKey: (key: number) => string): KeyedColouring {
  const slotOfKey = new Map<number, number>();
  const palette: string[] = [];
  const colourIndex = new Uint16Array(keys.length);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] ?? 0;
    let slot = slotOfKey.get(key);
    if (slot === undefined) {
      slot = palette.length;
      slotOfKey.set(key, slot);
      palette.push(colourOfKey(key));
    }
    colourIndex[index] = slot;
  }
  return { palette, colourIndex, keys };
}

/** Classes of the first-pass-vs-final mode: how a die's result changed on retest. */
export const retestClasses = { passed: 0, failed: 1, recoveredOnRetest: 2, failedOnRetest: 3 } as const;

/** Colours of the retest classes: changed dies stand out (orange, magenta) against muted unchanged ones. */
export const retestColours: Record<number, string> = { 0: '#a8d8b0', 1: '#e3a5a5', 2: '#ff8c00', 3: '#c000c0' };

/** Retest class of a die from its first and final result. */
export function retestClass(firstPass: boolean, finalPass: boolean): number {
  if (firstPass === finalPass) return finalPass ? retestClasses.passed : retestClasses.failed;
  return finalPass ? retestClasses.recoveredOnRetest : retestClasses.failedOnRetest;
}

/** Count of dies per key (bin, class, ...), in the order keys first appear sorted by number. */
export function countByKey(keys: ArrayLike<number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] ?? 0;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return new Map([...counts].sort(([a], [b]) => a - b));
}

/** A #rrggbb colour as one opaque RGBA pixel in a little-endian Uint32 view of canvas ImageData. */
export function packedPixel(hex: string): number {
  const value = parseInt(hex.slice(1, 7), 16);
  const [red, green, blue] = [(value >> 16) & 255, (value >> 8) & 255, value & 255];
  return ((255 << 24) | (blue << 16) | (green << 8) | red) >>> 0;
}

/**
 * Paint visible die rectangles (CSS pixels × pixelRatio, snapped to whole device pixels) into a pixel
 * buffer of width × height, one row fill per die row: far cheaper than 20k canvas fillRect calls.
 */
export function paintDies(pixels: Uint32Array, width: number, height: number, pixelRatio: number, rectangles: Float32Array, colourIndex: Uint16Array, packedPalette: Uint32Array, visible: Uint8Array): void {
  paintDiesScaled(pixels, width, height, { scale: pixelRatio, offsetX: 0, offsetY: 0 }, rectangles, colourIndex, packedPalette, visible);
}

/**
 * paintDies through a zoom: buffer pixel = base × scale + offset (a zoomed viewport times the pixel
 * ratio, shifted to the region being rendered). Dies wholly outside the buffer are skipped; a die is
 * at least one pixel.
 *
 * Each die fills its whole cell (the die plus its share of the gap, dieRectangles) snapped to whole
 * pixels, less the gap rounded to whole pixels once for every die. Rounding each die's own edges left
 * a gap of 0 or 1 pixel depending on the column: at 4-5 pixels per die (5,000-20,000 dies on a
 * 620-pixel map) a plaid of white lines over the map. Neighbouring cells share their snapped edge, so
 * dies smaller than a pixel's gap touch, and larger ones keep one even gap.
 */
export function paintDiesScaled(pixels: Uint32Array, width: number, height: number, placement: { scale: number; offsetX: number; offsetY: number }, rectangles: Float32Array, colourIndex: Uint16Array, packedPalette: Uint32Array, visible: Uint8Array): void {
  const { scale, offsetX, offsetY } = placement;
  const count = colourIndex.length;
  const gapPerSize = dieGapShare / (1 - dieGapShare);
  for (let index = 0; index < count; index++) {
    if (visible[index] === 0) continue;
    const at = index * 4;
    const [dieLeft, dieTop, dieWidth, dieHeight] = [rectangles[at] ?? 0, rectangles[at + 1] ?? 0, rectangles[at + 2] ?? 0, rectangles[at + 3] ?? 0];
    const [gapX, gapY] = [dieWidth * gapPerSize, dieHeight * gapPerSize];
    const rawLeft = Math.round((dieLeft - gapX / 2) * scale + offsetX);
    const rawTop = Math.round((dieTop - gapY / 2) * scale + offsetY);
    const rawRight = Math.max(rawLeft + 1, Math.round((dieLeft + dieWidth + gapX / 2) * scale + offsetX) - Math.round(gapX * scale));
    const rawBottom = Math.max(rawTop + 1, Math.round((dieTop + dieHeight + gapY / 2) * scale + offsetY) - Math.round(gapY * scale));
    if (rawRight <= 0 || rawBottom <= 0 || rawLeft >= width || rawTop >= height) continue;
    const [left, top, right, bottom] = [Math.max(0, rawLeft), Math.max(0, rawTop), Math.min(width, rawRight), Math.min(height, rawBottom)];
    const colour = packedPalette[colourIndex[index] ?? 0] ?? 0;
    for (let row = top; row < bottom; row++) pixels.fill(colour, row * width + left, row * width + right);
  }
}
