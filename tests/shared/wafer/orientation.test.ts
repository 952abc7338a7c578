import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  createWaferView,
  dieToScreen,
  screenToDie,
  screenToDieFractional,
  type WaferOrientation,
  type WaferSide,
} from '../../../shared/wafer/orientation.ts';

const base: WaferOrientation = {
  flat: 'D',
  posX: 'R',
  posY: 'D',
  centerX: 10,
  centerY: 10,
  dieWidth: 2,
  dieHeight: 3,
  waferDiameter: 300,
};

// Die (12, 11) is +2 columns and +1 row from the center: offset (4, 3) in wafer units.
// Hand-derived screen positions before rotation, per POS_X/POS_Y (SPC_YIELD.md 5.1 step 2).
const unrotatedCases: { posX: 'L' | 'R'; posY: 'U' | 'D'; expected: { right: number; up: number } }[] = [
  { posX: 'R', posY: 'U', expected: { right: 4, up: 3 } },
  { posX: 'R', posY: 'D', expected: { right: 4, up: -3 } },
  { posX: 'L', posY: 'U', expected: { right: -4, up: 3 } },
  { posX: 'L', posY: 'D', expected: { right: -4, up: -3 } },
];

// Counter-clockwise rotation needed to move the notch from `flat` to `notchAt` (R=0, U=90, L=180, D=270).
const rotationCases: { flat: WaferSide; notchAt: WaferSide; degrees: number }[] = [
  { flat: 'D', notchAt: 'D', degrees: 0 },
  { flat: 'U', notchAt: 'D', degrees: 180 },
  { flat: 'L', notchAt: 'D', degrees: 90 },
  { flat: 'R', notchAt: 'D', degrees: 270 },
  { flat: 'D', notchAt: 'U', degrees: 180 },
  { flat: 'U', notchAt: 'U', degrees: 0 },
  { flat: 'L', notchAt: 'U', degrees: 270 },
  { flat: 'R', notchAt: 'U', degrees: 90 },
  { flat: 'D', notchAt: 'L', degrees: 270 },
  { flat: 'U', notchAt: 'L', degrees: 90 },
  { flat: 'L', notchAt: 'L', degrees: 0 },
  { flat: 'R', notchAt: 'L', degrees: 180 },
  { flat: 'D', notchAt: 'R', degrees: 90 },
  { flat: 'U', notchAt: 'R', degrees: 270 },
  { flat: 'L', notchAt: 'R', degrees: 180 },
  { flat: 'R', notchAt: 'R', degrees: 0 },
];

// A point (a, b) rotated counter-clockwise by 0/90/180/270 degrees: (a,b), (-b,a), (-a,-b), (b,-a).
function rotatedByHand(point: { right: number; up: number }, degrees: number): { right: number; up: number } {
  const table: Record<number, { right: number; up: number }> = {
    0: { right: point.right, up: point.up },
    90: { right: -point.up, up: point.right },
    180: { right: -point.right, up: -point.up },
    270: { right: point.up, up: -point.right },
  };
  const result = table[degrees]!;
  return { right: result.right + 0, up: result.up + 0 };
}

describe('createWaferView / dieToScreen', () => {
  it.each(unrotatedCases)('POS_X=$posX POS_Y=$posY without rotation', ({ posX, posY, expected }) => {
    const view = createWaferView({ ...base, posX, posY });
    expect(view.orientationKnown).toBe(true);
    expect(dieToScreen(view, 12, 11)).toEqual(expected);
    expect(dieToScreen(view, 10, 10)).toEqual({ right: 0, up: 0 });
  });

  for (const axes of unrotatedCases) {
    it.each(rotationCases)(
      `POS_X=${axes.posX} POS_Y=${axes.posY}, flat $flat shown at $notchAt`,
      ({ flat, notchAt, degrees }) => {
        const view = createWaferView({ ...base, posX: axes.posX, posY: axes.posY, flat }, { notchAt });
        expect(view.rotationDegrees).toBe(degrees);
        expect(view.notchScreenSide).toBe(notchAt);
        expect(view.flat).toBe(flat);
        expect(dieToScreen(view, 12, 11)).toEqual(rotatedByHand(axes.expected, degrees));
        expect(screenToDie(view, dieToScreen(view, 12, 11).right, dieToScreen(view, 12, 11).up)).toEqual({ x: 12, y: 11 });
      },
    );
  }

  it('falls back to raster when POS_X/POS_Y are unknown and flags it', () => {
    const view = createWaferView({ ...base, posX: ' ', posY: ' ', flat: ' ' }, { notchAt: 'D' });
    expect(view.orientationKnown).toBe(false);
    expect(view.posX).toBe('R');
    expect(view.posY).toBe('D');
    expect(view.notchScreenSide).toBeNull();
    expect(view.rotationDegrees).toBe(0);
    expect(view.notes.length).toBeGreaterThanOrEqual(2);
    // Raster: x grows right, y grows down.
    expect(dieToScreen(view, 12, 11)).toEqual({ right: 4, up: -3 });
  });

  it('uses the fallback center and unit pitch when CENTER and DIE sizes are missing', () => {
    const view = createWaferView(
      { ...base, centerX: -32768, centerY: -32768, dieWidth: 0, dieHeight: 0, waferDiameter: 0 },
      { fallbackCenter: { x: 5, y: 7 } },
    );
    expect(dieToScreen(view, 6, 9)).toEqual({ right: 1, up: -2 });
    expect(Number.isNaN(view.radius)).toBe(true);
    expect(view.notes.some((note) => note.includes('center'))).toBe(true);
  });
});

describe('screenToDie (hit-testing)', () => {
  it('rounds a click inside a die cell to that die', () => {
    const view = createWaferView({ ...base, posX: 'R', posY: 'U', flat: 'L' }, { notchAt: 'D' });
    // Rotation 90: die (12, 11) at (-3, 4); a click 0.4 unit away still hits it.
    expect(screenToDie(view, -3.4, 4.4)).toEqual({ x: 12, y: 11 });
  });

  it('inverts dieToScreen for any orientation (property)', () => {
    const sides = fc.constantFrom<WaferSide>('U', 'D', 'L', 'R');
    fc.assert(
      fc.property(
        sides,
        sides,
        fc.constantFrom('L', 'R'),
        fc.constantFrom('U', 'D'),
        fc.integer({ min: -200, max: 200 }),
        fc.integer({ min: -200, max: 200 }),
        (flat, notchAt, posX, posY, x, y) => {
          const view = createWaferView({ ...base, flat, posX, posY }, { notchAt });
          const screen = dieToScreen(view, x, y);
          const back = screenToDieFractional(view, screen.right, screen.up);
          expect(back.x).toBeCloseTo(x, 9);
          expect(back.y).toBeCloseTo(y, 9);
        },
      ),
    );
  });
});
