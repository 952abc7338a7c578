import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  baseToScreen, clampViewport, coversRectangle, fitViewport, isFitted, panBy, screenToBase, sharpRegion, visibleBaseRectangle, wheelZoomFactor,
  zoomAround, zoomSteps, type WaferViewport,
} from '../../../shared/charts/waferViewport.ts';

// Every expectation below is worked out by hand for a 600 px canvas: screen = base × scale + offset,
// and a zoomed map (scale s) may be offset within [600 × (1 − s), 0].
const size = 600;

describe('baseToScreen / screenToBase', () => {
  it('maps a base point through scale and offset, and back', () => {
    const viewport: WaferViewport = { scale: 2, offsetX: 10, offsetY: 20 };
    expect(baseToScreen(viewport, { x: 5, y: 7 })).toEqual({ x: 20, y: 34 });
    expect(screenToBase(viewport, { x: 20, y: 34 })).toEqual({ x: 5, y: 7 });
  });

  it('is a round trip for any viewport and point', () => {
    fc.assert(fc.property(
      fc.double({ min: 0.5, max: 40, noNaN: true }), fc.double({ min: -5000, max: 5000, noNaN: true }), fc.double({ min: -5000, max: 5000, noNaN: true }),
      fc.double({ min: 0, max: size, noNaN: true }), fc.double({ min: 0, max: size, noNaN: true }),
      (scale, offsetX, offsetY, x, y) => {
        const back = screenToBase({ scale, offsetX, offsetY }, baseToScreen({ scale, offsetX, offsetY }, { x, y }));
        expect(back.x).toBeCloseTo(x, 6);
        expect(back.y).toBeCloseTo(y, 6);
      }));
  });
});

describe('zoomAround', () => {
  it.each([
    // anchor, factor → expected viewport from the fitted map
    { name: 'doubles around (150, 300): base (150, 300) stays at the cursor', anchor: { x: 150, y: 300 }, factor: 2, expected: { scale: 2, offsetX: -150, offsetY: -300 } },
    { name: 'doubles around the top-left corner', anchor: { x: 0, y: 0 }, factor: 2, expected: { scale: 2, offsetX: 0, offsetY: 0 } },
    { name: 'stops at the largest zoom, 40, around the center: 300 − 300 × 40', anchor: { x: 300, y: 300 }, factor: 100, expected: { scale: 40, offsetX: -11700, offsetY: -11700 } },
    { name: 'never zooms out beyond the fitted wafer', anchor: { x: 100, y: 100 }, factor: 0.5, expected: { scale: 1, offsetX: 0, offsetY: 0 } },
  ])('$name', ({ anchor, factor, expected }) => {
    expect(zoomAround(fitViewport(), factor, anchor, size)).toEqual(expected);
  });

  it('keeps the base point under the cursor when no clamping is needed', () => {
    const zoomed = zoomAround({ scale: 2, offsetX: -150, offsetY: -300 }, 1.5, { x: 400, y: 200 }, size);
    // base under (400, 200) before: ((400 + 150) / 2, (200 + 300) / 2) = (275, 250); scale 3 → offset (400 − 825, 200 − 750).
    expect(zoomed).toEqual({ scale: 3, offsetX: -425, offsetY: -550 });
    expect(screenToBase(zoomed, { x: 400, y: 200 })).toEqual({ x: 275, y: 250 });
  });

  it('zooming back out to 1 recentres the wafer', () => {
    expect(zoomAround({ scale: 2, offsetX: -150, offsetY: -300 }, 0.25, { x: 10, y: 10 }, size)).toEqual(fitViewport());
  });
});

describe('zoomSteps, panBy, clampViewport', () => {
  it('one step in zooms 1.5× around the center: offset 300 − 450', () => {
    expect(zoomSteps(fitViewport(), 1, size)).toEqual({ scale: 1.5, offsetX: -150, offsetY: -150 });
    expect(isFitted(zoomSteps(zoomSteps(fitViewport(), 1, size), -1, size))).toBe(true);
  });

  it('pans by a drag and stops at the edge of the drawing', () => {
    // −300 − 400 = −700, beyond the lowest offset at scale 2, 600 × (1 − 2) = −600.
    expect(panBy({ scale: 2, offsetX: -150, offsetY: -300 }, 50, -400, size)).toEqual({ scale: 2, offsetX: -100, offsetY: -600 });
    expect(panBy(fitViewport(), 30, -30, size)).toEqual(fitViewport());
  });

  it('clamps an offset that would uncover the canvas', () => {
    expect(clampViewport({ scale: 3, offsetX: 100, offsetY: -2000 }, size)).toEqual({ scale: 3, offsetX: 0, offsetY: -1200 });
  });
});

describe('wheelZoomFactor', () => {
  it.each([
    { deltaY: -300, deltaMode: 0, expected: 2 },
    { deltaY: 300, deltaMode: 0, expected: 0.5 },
    { deltaY: 100, deltaMode: 0, expected: 2 ** (-1 / 3) },
    { deltaY: -3, deltaMode: 1, expected: 2 ** (99 / 300) },
    { deltaY: 0.5, deltaMode: 2, expected: 0.5 },
  ])('deltaY $deltaY in mode $deltaMode zooms by $expected', ({ deltaY, deltaMode, expected }) => {
    expect(wheelZoomFactor(deltaY, deltaMode, size)).toBeCloseTo(expected, 10);
  });
});

describe('visible and sharp regions', () => {
  const viewport: WaferViewport = { scale: 2, offsetX: -150, offsetY: -300 };

  it('the visible base rectangle is the screen corners mapped back', () => {
    // (0, 0) → (75, 150); (600, 600) → (375, 450).
    expect(visibleBaseRectangle(viewport, size)).toEqual({ left: 75, top: 150, width: 300, height: 300 });
    expect(visibleBaseRectangle(fitViewport(), size)).toEqual({ left: 0, top: 0, width: 600, height: 600 });
  });

  it('the sharp region grows it by half its size on each side, clipped to the drawing', () => {
    // left 75 − 150 → 0, top 150 − 150 = 0, right 75 + 450 = 525, bottom 150 + 450 = 600.
    const region = sharpRegion(viewport, size);
    expect(region).toEqual({ left: 0, top: 0, width: 525, height: 600 });
    expect(coversRectangle(region, visibleBaseRectangle(viewport, size))).toBe(true);
    // A 400 px drag left shows base x 275..575, beyond the region's right edge at 525.
    expect(coversRectangle(region, visibleBaseRectangle(panBy(viewport, -400, 0, size), size))).toBe(false);
  });
});
