import { describe, expect, it } from 'vitest';
import { assignZone, EQUAL_RADIUS_RINGS, zonalYield, type TestedDie } from '../../../shared/wafer/zones.ts';

// Radius 10, notch down. Equal-area boundaries 0.577R and 0.816R (SPC_YIELD.md 5.2).
// Angles: screen atan2 minus 270 (notch down), counter-clockwise, wrapped to [0, 360).
const zoneCases = [
  { right: 0, up: 0, ring: 'center', angle: 0, quadrant: 0, octant: 0 },
  { right: 0, up: -7, ring: 'middle', angle: 0, quadrant: 0, octant: 0 },
  { right: 7, up: 0, ring: 'middle', angle: 90, quadrant: 1, octant: 2 },
  { right: 0, up: 9, ring: 'edge', angle: 180, quadrant: 2, octant: 4 },
  { right: -9, up: 0, ring: 'edge', angle: 270, quadrant: 3, octant: 6 },
  { right: 5, up: -5, ring: 'middle', angle: 45, quadrant: 0, octant: 1 },
  { right: 1, up: 1, ring: 'center', angle: 135, quadrant: 1, octant: 3 },
  { right: 12, up: 0, ring: 'edge', angle: 90, quadrant: 1, octant: 2 },
];

describe('assignZone', () => {
  it.each(zoneCases)('die at ($right, $up)', ({ right, up, ring, angle, quadrant, octant }) => {
    const zone = assignZone(right, up, { radius: 10 });
    expect(zone.ringName).toBe(ring);
    expect(zone.angleFromNotch).toBeCloseTo(angle, 9);
    expect(zone.quadrant).toBe(quadrant);
    expect(zone.octant).toBe(octant);
  });

  it.each([
    { up: 3, ring: 'center' },
    { up: 5, ring: 'middle' },
    { up: 7, ring: 'edge' },
  ])('equal-radius rings: r = $up of 10 is $ring', ({ up, ring }) => {
    expect(assignZone(0, up, { radius: 10, ringBoundaries: [...EQUAL_RADIUS_RINGS] }).ringName).toBe(ring);
  });

  it('measures angles from the notch side', () => {
    expect(assignZone(0, 9, { radius: 10, notchSide: 'U' }).angleFromNotch).toBeCloseTo(0, 9);
    expect(assignZone(-9, 0, { radius: 10, notchSide: 'R' }).angleFromNotch).toBeCloseTo(180, 9);
  });

  it('accepts custom radii and rejects bad ones', () => {
    expect(assignZone(0, 5, { radius: 10, ringBoundaries: [0.25, 0.5, 0.75, 1] }).ringName).toBe('ring1');
    expect(() => assignZone(0, 5, { radius: 10, ringBoundaries: [0.5, 0.4, 1] })).toThrow(/ascending/);
    expect(() => assignZone(0, 5, { radius: 0 })).toThrow(/radius/);
  });
});

describe('zonalYield', () => {
  const dies: TestedDie[] = [
    { x: 0, y: 0, pass: true },
    { x: 1, y: 1, pass: false },
    { x: 0, y: -7, pass: true },
    { x: 7, y: 0, pass: true },
    { x: 0, y: 9, pass: false },
    { x: -9, y: 0, pass: false },
    { x: 9.5, y: 0, pass: true },
  ];

  it('computes ring, quadrant and octant yields and the edge-to-center delta by hand', () => {
    const report = zonalYield(dies, { radius: 10 });
    expect(report.rings.map((row) => [row.zone, row.good, row.tested])).toEqual([
      ['center', 1, 2],
      ['middle', 2, 2],
      ['edge', 1, 3],
    ]);
    expect(report.edgeToCenterDelta).toBeCloseTo(1 / 3 - 1 / 2, 12);
    expect(report.quadrants.map((row) => [row.good, row.tested])).toEqual([
      [2, 2],
      [2, 3],
      [0, 1],
      [0, 1],
    ]);
    expect(report.octants.map((row) => row.tested)).toEqual([2, 0, 2, 1, 1, 0, 1, 0]);
  });

  it('reports NaN yield for an empty zone', () => {
    const report = zonalYield([{ x: 0, y: 0, pass: true }], { radius: 10 });
    expect(report.rings[0]?.yield).toBe(1);
    expect(Number.isNaN(report.rings[2]?.yield)).toBe(true);
    expect(Number.isNaN(report.edgeToCenterDelta)).toBe(true);
  });
});
