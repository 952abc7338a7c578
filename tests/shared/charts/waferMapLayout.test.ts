import { describe, expect, it } from 'vitest';
import { createWaferView, type WaferOrientation } from '../../../shared/wafer/index.ts';
import {
  binColour, canvasToDie, packedPixel, paintDies, paintDiesScaled, colourByKey, colourParametric, continuousColour, countByKey, dieRectangles, notchPosition, parametricClasses,
  retestClass, retestClasses,
} from '../../../shared/charts/waferMapLayout.ts';

// A 300 mm wafer of 10 x 5 mm dies drawn into a 600 px canvas without margin: 300 px for 150 mm,
// so 2 px per mm and the wafer center at (300, 300). Dies are 92 % of their pitch (8 % gap).
const orientation: WaferOrientation = { flat: 'D', posX: 'R', posY: 'D', centerX: 13, centerY: 13, dieWidth: 10, dieHeight: 5, waferDiameter: 300 };
const xs = [13, 14, 13];
const ys = [13, 13, 14];

function rectangle(rectangles: Float32Array, index: number): number[] {
  return [...rectangles.slice(index * 4, index * 4 + 4)].map((value) => Math.round(value * 100) / 100);
}

/** Hue in degrees of a #rrggbb colour, computed the textbook way. */
function hueOf(colour: string): number {
  const [red, green, blue] = [1, 3, 5].map((at) => parseInt(colour.slice(at, at + 2), 16) / 255) as [number, number, number];
  const max = Math.max(red, green, blue);
  const span = max - Math.min(red, green, blue);
  if (span === 0) return Number.NaN;
  const sector = max === red ? ((green - blue) / span) % 6 : max === green ? (blue - red) / span + 2 : (red - green) / span + 4;
  return (sector * 60 + 360) % 360;
}

describe('dieRectangles', () => {
  it.each([
    // die, posX, posY, [left, top, width, height] computed by hand
    { name: 'center die', index: 0, posX: 'R', posY: 'D', expected: [290.8, 295.4, 18.4, 9.2] },
    { name: 'x + 1 with X to the right', index: 1, posX: 'R', posY: 'D', expected: [310.8, 295.4, 18.4, 9.2] },
    { name: 'x + 1 with X to the left', index: 1, posX: 'L', posY: 'D', expected: [270.8, 295.4, 18.4, 9.2] },
    { name: 'y + 1 with Y down', index: 2, posX: 'R', posY: 'D', expected: [290.8, 305.4, 18.4, 9.2] },
    { name: 'y + 1 with Y up', index: 2, posX: 'R', posY: 'U', expected: [290.8, 285.4, 18.4, 9.2] },
  ])('$name', ({ index, posX, posY, expected }) => {
    const view = createWaferView({ ...orientation, posX, posY });
    const { transform, rectangles } = dieRectangles(view, xs, ys, 600, 0);
    expect(transform.pixelsPerUnit).toBeCloseTo(2, 9);
    expect(rectangle(rectangles, index)).toEqual(expected);
  });

  it('swaps width and height when the view turns the notch from down to left (270 degrees)', () => {
    const view = createWaferView(orientation, { notchAt: 'L' });
    const { transform, rectangles } = dieRectangles(view, xs, ys, 600, 0);
    // x + 1 (10 mm right) turns 270 degrees counter-clockwise: 10 mm down, i.e. 20 px below the center.
    expect(rectangle(rectangles, 1)).toEqual([295.4, 310.8, 9.2, 18.4]);
    expect(notchPosition(transform, view.notchScreenSide)).toEqual({ x: 0, y: 300 });
    expect(canvasToDie(view, transform, 300, 320)).toEqual({ x: 14, y: 13 });
  });

  it('places the notch on the recorded side and hit-tests back to the die', () => {
    const view = createWaferView(orientation);
    const { transform } = dieRectangles(view, xs, ys, 600, 0);
    expect(notchPosition(transform, view.notchScreenSide)).toEqual({ x: 300, y: 600 });
    expect(canvasToDie(view, transform, 321, 299)).toEqual({ x: 14, y: 13 });
    expect(canvasToDie(view, transform, 302, 309)).toEqual({ x: 13, y: 14 });
    expect(notchPosition(transform, null)).toBeNull();
  });

  it('fits the dies themselves when the wafer size is unknown', () => {
    const view = createWaferView({ ...orientation, waferDiameter: Number.NaN, dieWidth: 1, dieHeight: 1 });
    // farthest corner: die (14, 13) at 1 from the center plus half the diagonal of a unit die
    const { transform } = dieRectangles(view, xs, ys, 600, 0);
    expect(transform.outlineRadiusPixels).toBeCloseTo(300, 9);
    expect(transform.pixelsPerUnit).toBeCloseTo(300 / (1 + Math.SQRT2 / 2), 9);
  });
});

describe('bin palette', () => {
  it('draws pass bins in greens and fail bins in other hues', () => {
    for (let bin = 0; bin < 20; bin++) {
      const hue = hueOf(binColour(bin, true));
      expect(hue).toBeGreaterThan(80);
      expect(hue).toBeLessThan(160);
      const failHue = hueOf(binColour(bin, false));
      if (!Number.isNaN(failHue)) expect(failHue < 80 || failHue > 160).toBe(true);
    }
  });

  it('gives 16 consecutive fail bins 16 different colours', () => {
    expect(new Set(Array.from({ length: 16 }, (_, offset) => binColour(2 + offset, false))).size).toBe(16);
  });

  it('keeps a bin\'s colour whatever other bins the wafer has', () => {
    const colourOf = (bin: number): string => binColour(bin, bin === 1);
    const first = colourByKey(Int32Array.from([5, 1, 7]), colourOf);
    const second = colourByKey(Int32Array.from([9, 9, 3, 5]), colourOf);
    expect(first.palette[first.colourIndex[0]!]).toBe(second.palette[second.colourIndex[3]!]);
    expect(second.palette).toHaveLength(3);
    expect([...second.colourIndex]).toEqual([0, 0, 1, 2]);
  });
});

describe('continuous scale', () => {
  // Stops of matplotlib's viridis at 0, 0.5 and 1 (published values).
  it.each([
    { value: 0, expected: '#440154' },
    { value: 5, expected: '#21918c' },
    { value: 10, expected: '#fde725' },
    { value: -3, expected: '#440154' },
    { value: 99, expected: '#fde725' },
  ])('$value on 0..10 is $expected', ({ value, expected }) => {
    expect(continuousColour(value, 0, 10)).toBe(expected);
  });

  it('keeps out-of-limit and unmeasured dies apart from the ramp', () => {
    const coloured = colourParametric(Float64Array.from([1, 2, 3, Number.NaN, 0.5, 5]), 1, 3);
    const { withinLimits, belowLow, aboveHigh, notMeasured } = parametricClasses;
    expect([...coloured.keys]).toEqual([withinLimits, withinLimits, withinLimits, notMeasured, belowLow, aboveHigh]);
    expect([coloured.scaleLow, coloured.scaleHigh]).toEqual([1, 3]);
    const colours = [...coloured.colourIndex].map((slot) => coloured.palette[slot]);
    expect(colours[0]).toBe('#440154');
    expect(colours[2]).toBe('#fde725');
    expect(new Set(colours.slice(3)).size).toBe(3);
    expect(colours.slice(3)).not.toContain(colours[0]);
  });
});

describe('retest classes and counts', () => {
  it.each([
    { firstPass: true, finalPass: true, expected: retestClasses.passed },
    { firstPass: false, finalPass: false, expected: retestClasses.failed },
    { firstPass: false, finalPass: true, expected: retestClasses.recoveredOnRetest },
    { firstPass: true, finalPass: false, expected: retestClasses.failedOnRetest },
  ])('first $firstPass, final $finalPass', ({ firstPass, finalPass, expected }) => {
    expect(retestClass(firstPass, finalPass)).toBe(expected);
  });

  it('counts dies per key in key order', () => {
    expect([...countByKey([7, 1, 7, 3, 1, 7])]).toEqual([[1, 2], [3, 1], [7, 3]]);
  });
});

describe('pixel painting', () => {
  it('packs #rrggbb as the bytes r, g, b, 255 of a little-endian RGBA pixel', () => {
    const bytes = new Uint8Array(Uint32Array.of(packedPixel('#102030')).buffer);
    expect([...bytes]).toEqual([0x10, 0x20, 0x30, 255]);
  });

  it('fills each visible die rectangle snapped to device pixels and skips hidden dies', () => {
    // 6 x 4 buffer at pixel ratio 2: die 0 covers CSS (0.5, 0.5)-(1.5, 1.5) = device (1, 1)-(3, 3);
    // die 1 at CSS (2, 0) size 1 x 2 = device columns 4-5, rows 0-3, but it is hidden.
    const pixels = new Uint32Array(6 * 4);
    const rectangles = Float32Array.of(0.5, 0.5, 1, 1, 2, 0, 1, 2);
    paintDies(pixels, 6, 4, 2, rectangles, Uint16Array.of(0, 1), Uint32Array.of(7, 9), Uint8Array.of(1, 0));
    const rows = [0, 1, 2, 3].map((row) => [...pixels.slice(row * 6, row * 6 + 6)]);
    expect(rows).toEqual([[0, 0, 0, 0, 0, 0], [0, 7, 7, 0, 0, 0], [0, 7, 7, 0, 0, 0], [0, 0, 0, 0, 0, 0]]);
    paintDies(pixels, 6, 4, 2, rectangles, Uint16Array.of(0, 1), Uint32Array.of(7, 9), Uint8Array.of(1, 1));
    expect(pixels[5]).toBe(9);
    expect(pixels[3 * 6 + 4]).toBe(9);
  });

  it('paints through a zoom: base × scale + offset, skipping dies off the buffer and clipping the rest', () => {
    // 4 x 4 buffer, scale 2, offset (−1, −1): die 0 at base (1, 1) size 1 → pixels (1, 1)-(3, 3);
    // die 1 at base (−3, 0) → pixels x −7..−5, off the buffer; die 2 at base (2, 0) → x 3..5, y −1..1, clipped to column 3, row 0.
    const pixels = new Uint32Array(4 * 4);
    const rectangles = Float32Array.of(1, 1, 1, 1, -3, 0, 1, 1, 2, 0, 1, 1);
    paintDiesScaled(pixels, 4, 4, { scale: 2, offsetX: -1, offsetY: -1 }, rectangles, Uint16Array.of(0, 1, 2), Uint32Array.of(7, 8, 9), Uint8Array.of(1, 1, 1));
    const rows = [0, 1, 2, 3].map((row) => [...pixels.slice(row * 4, row * 4 + 4)]);
    expect(rows).toEqual([[0, 0, 0, 9], [0, 7, 7, 0], [0, 7, 7, 0], [0, 0, 0, 0]]);
  });

  /** Background runs between painted pixels along one pixel row: their lengths, in order. */
  function gapRuns(pixels: Uint32Array, size: number, row: number): number[] {
    const line = pixels.subarray(row * size, row * size + size);
    const first = line.findIndex((pixel) => pixel !== 0);
    let last = line.length - 1;
    while (last >= 0 && line[last] === 0) last -= 1;
    const runs: number[] = [];
    let run = 0;
    for (let column = first; column <= last; column++) {
      if (line[column] === 0) run += 1;
      else if (run > 0) { runs.push(run); run = 0; }
    }
    return runs;
  }

  /** A full grid of `columns` x `rows` dies of one size, centred, painted into a size x size buffer. */
  function paintedGrid(columns: number, rows: number, dieMm: number, size: number, pixelRatio: number): { pixels: Uint32Array; pixelsPerMm: number } {
    const view = createWaferView({ flat: 'D', posX: 'R', posY: 'D', centerX: 0, centerY: 0, dieWidth: dieMm, dieHeight: dieMm, waferDiameter: 300 });
    const [gridXs, gridYs]: [number[], number[]] = [[], []];
    for (let y = -rows / 2; y < rows / 2; y++) for (let x = -columns / 2; x < columns / 2; x++) { gridXs.push(x); gridYs.push(y); }
    const { rectangles, transform } = dieRectangles(view, gridXs, gridYs, size / pixelRatio, 10);
    const pixels = new Uint32Array(size * size);
    paintDies(pixels, size, size, pixelRatio, rectangles, new Uint16Array(gridXs.length), Uint32Array.of(7), new Uint8Array(gridXs.length).fill(1));
    return { pixels, pixelsPerMm: transform.pixelsPerUnit * pixelRatio };
  }

  it('leaves no seams between dies smaller than a pixel\'s gap (100 x 50 dies of 2.9 mm on a 620 px map)', () => {
    const { pixels } = paintedGrid(100, 50, 2.9, 620, 1);
    const rows = [200, 310, 311, 400];
    console.log(`background runs inside the die block on rows ${rows.join(', ')}: ${rows.map((row) => gapRuns(pixels, 620, row).length).join(', ')}`);
    for (const row of rows) expect(gapRuns(pixels, 620, row)).toEqual([]);
  });

  it.each([1, 2])('keeps one even gap between larger dies (12 x 12 dies of 20 mm, pixel ratio %i)', (pixelRatio) => {
    const size = 620 * pixelRatio;
    const { pixels, pixelsPerMm } = paintedGrid(12, 12, 20, size, pixelRatio);
    // The dies' corners reach past the 300 mm wafer, so the map fits them: a pitch of 32.6 px per CSS px,
    // 8 % of it a gap of 2.6 px → 3 at pixel ratio 1, 5.2 → 5 at ratio 2.
    const expectedGap = Math.round(0.08 * 20 * pixelsPerMm);
    const runs = gapRuns(pixels, size, size / 2 + 3);
    expect(runs).toHaveLength(11);
    expect(new Set(runs)).toEqual(new Set([expectedGap]));
  });
});
