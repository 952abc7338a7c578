/**
 * Zoom and pan of a wafer map, pure: a viewport maps "base" coordinates (CSS pixels of the map drawn to
 * fit its square canvas, 0..canvasSize) to screen coordinates (CSS pixels of the canvas element) as
 * screen = base × scale + offset. Zooming around a point, panning, clamping and the inverse used for
 * hit-testing all live here so a unit test can check them without a canvas.
 */

/** Scale and offset of the map on screen: screen = base × scale + offset. */
export interface WaferViewport {
  scale: number;
  offsetX: number;
  offsetY: number;
}

/** A point in CSS pixels (base or screen, as the function says). */
export interface ViewportPoint {
  x: number;
  y: number;
}

/** A rectangle in base coordinates. */
export interface BaseRectangle {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Smallest and largest zoom: 1 is the whole wafer fitted; 40 shows a few dies of a 20k-die wafer. */
export interface ZoomLimits {
  minScale: number;
  maxScale: number;
}

/** Default zoom limits of the wafer map. */
export const defaultZoomLimits: ZoomLimits = { minScale: 1, maxScale: 40 };

/** Zoom factor of one button press or key press. */
export const zoomStepFactor = 1.5;

/** The whole wafer fitted to the canvas (no zoom, no pan). */
export function fitViewport(): WaferViewport {
  return { scale: 1, offsetX: 0, offsetY: 0 };
}

/** Whether the viewport shows the fitted wafer. */
export function isFitted(viewport: WaferViewport): boolean {
  return viewport.scale === 1 && viewport.offsetX === 0 && viewport.offsetY === 0;
}

/** Screen position of a base point. */
export function baseToScreen(viewport: WaferViewport, point: ViewportPoint): ViewportPoint {
  return { x: point.x * viewport.scale + viewport.offsetX, y: point.y * viewport.scale + viewport.offsetY };
}

/** Base position under a screen point: the inverse of baseToScreen, what hit-testing needs. */
export function screenToBase(viewport: WaferViewport, point: ViewportPoint): ViewportPoint {
  return { x: (point.x - viewport.offsetX) / viewport.scale, y: (point.y - viewport.offsetY) / viewport.scale };
}

/**
 * Keep the scale within limits and the map covering the canvas: at scale s the drawing spans
 * [offset, offset + size × s], so the offset stays within [size × (1 − s), 0] (0 when s ≤ 1: centered).
 */
export function clampViewport(viewport: WaferViewport, canvasSize: number, limits: ZoomLimits = defaultZoomLimits): WaferViewport {
  const scale = Math.min(limits.maxScale, Math.max(limits.minScale, viewport.scale));
  const clampOffset = (offset: number): number => {
    if (scale <= 1) return (canvasSize * (1 - scale)) / 2;
    return Math.min(0, Math.max(canvasSize * (1 - scale), offset));
  };
  return { scale, offsetX: clampOffset(viewport.offsetX), offsetY: clampOffset(viewport.offsetY) };
}

/** Zoom by a factor keeping the base point under the screen point `anchor` where it is (then clamp). */
export function zoomAround(viewport: WaferViewport, factor: number, anchor: ViewportPoint, canvasSize: number, limits: ZoomLimits = defaultZoomLimits): WaferViewport {
  const scale = Math.min(limits.maxScale, Math.max(limits.minScale, viewport.scale * factor));
  const base = screenToBase(viewport, anchor);
  return clampViewport({ scale, offsetX: anchor.x - base.x * scale, offsetY: anchor.y - base.y * scale }, canvasSize, limits);
}

/** Zoom by whole steps (positive in, negative out) around the canvas center: the buttons and +/- keys. */
export function zoomSteps(viewport: WaferViewport, steps: number, canvasSize: number, limits: ZoomLimits = defaultZoomLimits): WaferViewport {
  return zoomAround(viewport, zoomStepFactor ** steps, { x: canvasSize / 2, y: canvasSize / 2 }, canvasSize, limits);
}

/** Move the map by a screen distance (a drag, an arrow key), then clamp. */
export function panBy(viewport: WaferViewport, deltaX: number, deltaY: number, canvasSize: number, limits: ZoomLimits = defaultZoomLimits): WaferViewport {
  return clampViewport({ scale: viewport.scale, offsetX: viewport.offsetX + deltaX, offsetY: viewport.offsetY + deltaY }, canvasSize, limits);
}

/**
 * Zoom factor of a wheel event: one 100 px notch zooms by 2^(1/3) ≈ 1.26, smooth for touchpads.
 * deltaMode 1 counts lines (about 33 px each), 2 pages (the canvas size).
 */
export function wheelZoomFactor(deltaY: number, deltaMode: number, canvasSize: number): number {
  const pixels = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * canvasSize : deltaY;
  return 2 ** (-pixels / 300);
}

/** The part of the base drawing on screen, clipped to the drawing. */
export function visibleBaseRectangle(viewport: WaferViewport, canvasSize: number): BaseRectangle {
  const topLeft = screenToBase(viewport, { x: 0, y: 0 });
  const bottomRight = screenToBase(viewport, { x: canvasSize, y: canvasSize });
  const left = Math.max(0, topLeft.x);
  const top = Math.max(0, topLeft.y);
  return { left, top, width: Math.min(canvasSize, bottomRight.x) - left, height: Math.min(canvasSize, bottomRight.y) - top };
}

/**
 * The base region worth re-rendering sharply after a gesture: the visible part grown by `marginShare`
 * of its size on every side (so a short pan stays sharp), clipped to the drawing.
 */
export function sharpRegion(viewport: WaferViewport, canvasSize: number, marginShare = 0.5): BaseRectangle {
  const visible = visibleBaseRectangle(viewport, canvasSize);
  const left = Math.max(0, visible.left - visible.width * marginShare);
  const top = Math.max(0, visible.top - visible.height * marginShare);
  const right = Math.min(canvasSize, visible.left + visible.width * (1 + marginShare));
  const bottom = Math.min(canvasSize, visible.top + visible.height * (1 + marginShare));
  return { left, top, width: right - left, height: bottom - top };
}

/** Whether a base rectangle covers another (the sharp cache still covers what is on screen). */
export function coversRectangle(outer: BaseRectangle, inner: BaseRectangle): boolean {
  const epsilon = 1e-6;
  return inner.left >= outer.left - epsilon && inner.top >= outer.top - epsilon
    && inner.left + inner.width <= outer.left + outer.width + epsilon && inner.top + inner.height <= outer.top + outer.height + epsilon;
}
