/**
 * Radial and angular zones of a wafer (SPC_YIELD.md 5.2): center/middle/edge rings, quadrants and
 * octants measured from the notch, and zone yields with the edge-to-center delta.
 * Positions are screen offsets (right, up) from the wafer center, in the same units as the radius.
 */
import type { WaferSide } from './orientation.ts';

/** Zone layout: wafer radius, ring boundaries as fractions of it, and the notch side. */
export interface ZoneOptions {
  radius: number;
  /** Ascending outer boundaries of each ring as fractions of the radius, the last one 1. */
  ringBoundaries?: number[];
  /** Side where the notch is on screen; angles are measured from it. Default 'D'. */
  notchSide?: WaferSide;
}

/** Equal-area center/middle/edge rings: r_k = R * sqrt(k / 3). */
export const EQUAL_AREA_RINGS: readonly number[] = [Math.sqrt(1 / 3), Math.sqrt(2 / 3), 1];

/** Equal-radius center/middle/edge rings: thirds of the radius. */
export const EQUAL_RADIUS_RINGS: readonly number[] = [1 / 3, 2 / 3, 1];

/** The zones one die falls in. */
export interface DieZone {
  /** Ring index, 0 = innermost; dies beyond the radius count in the outermost ring. */
  ring: number;
  ringName: string;
  /** Angle from the notch direction, counter-clockwise on screen, in degrees [0, 360). */
  angleFromNotch: number;
  /** Quadrant 0..3: [0, 90) degrees counter-clockwise from the notch, then the next 90 degrees, ... */
  quadrant: number;
  /** Octant 0..7: 45-degree sectors counted the same way as quadrants. */
  octant: number;
  /** Distance from the center divided by the radius. */
  normalizedRadius: number;
}

const notchAngles: Record<WaferSide, number> = { R: 0, U: 90, L: 180, D: 270 };

/** Name of ring `index` in a layout of `count` rings (center/middle/edge for three). */
export function ringName(index: number, count: number): string {
  if (count === 3) return ['center', 'middle', 'edge'][index] ?? `ring${index}`;
  if (count === 2) return ['center', 'edge'][index] ?? `ring${index}`;
  return `ring${index}`;
}

function validatedBoundaries(options: ZoneOptions): readonly number[] {
  const boundaries = options.ringBoundaries ?? EQUAL_AREA_RINGS;
  const ascending = boundaries.every((value, index) => index === 0 || value > (boundaries[index - 1] ?? 0));
  if (boundaries.length === 0 || !ascending || boundaries.some((value) => !(value > 0))) {
    throw new Error('ringBoundaries must be positive and strictly ascending');
  }
  if (!(options.radius > 0)) throw new Error('radius must be positive');
  return boundaries;
}

/** Zones of a die at screen offset (right, up) from the center. */
export function assignZone(right: number, up: number, options: ZoneOptions): DieZone {
  const boundaries = validatedBoundaries(options);
  const normalizedRadius = Math.hypot(right, up) / options.radius;
  let ring = boundaries.findIndex((boundary) => normalizedRadius <= boundary + 1e-12);
  if (ring < 0) ring = boundaries.length - 1;
  const screenAngle = (Math.atan2(up, right) * 180) / Math.PI;
  const raw = screenAngle - notchAngles[options.notchSide ?? 'D'];
  const angleFromNotch = normalizedRadius === 0 ? 0 : (((raw % 360) + 360) % 360) % 360;
  return {
    ring,
    ringName: ringName(ring, boundaries.length),
    angleFromNotch,
    quadrant: Math.min(3, Math.floor(angleFromNotch / 90)),
    octant: Math.min(7, Math.floor(angleFromNotch / 45)),
    normalizedRadius,
  };
}

/** A tested die at screen offset (x = right, y = up) from the center. */
export interface TestedDie {
  x: number;
  y: number;
  pass: boolean;
}

/** Yield of one zone: good / tested (NaN when nothing was tested there). */
export interface ZoneYield {
  zone: string;
  tested: number;
  good: number;
  yield: number;
}

/** Zone yields of a wafer plus the edge-to-center delta (edge yield minus center yield). */
export interface ZonalYieldReport {
  rings: ZoneYield[];
  quadrants: ZoneYield[];
  octants: ZoneYield[];
  edgeToCenterDelta: number;
}

function tally(names: string[], zoneOf: (index: number) => number, dies: readonly TestedDie[]): ZoneYield[] {
  const rows = names.map((zone) => ({ zone, tested: 0, good: 0, yield: Number.NaN }));
  dies.forEach((die, index) => {
    const row = rows[zoneOf(index)];
    if (!row) return;
    row.tested += 1;
    if (die.pass) row.good += 1;
  });
  for (const row of rows) row.yield = row.tested > 0 ? row.good / row.tested : Number.NaN;
  return rows;
}

/** Yield per ring, quadrant and octant of a list of tested dies. */
export function zonalYield(dies: readonly TestedDie[], options: ZoneOptions): ZonalYieldReport {
  const boundaries = validatedBoundaries(options);
  const zones = dies.map((die) => assignZone(die.x, die.y, options));
  const ringNames = boundaries.map((_, index) => ringName(index, boundaries.length));
  const rings = tally(ringNames, (index) => zones[index]?.ring ?? -1, dies);
  const quadrants = tally(['Q0', 'Q1', 'Q2', 'Q3'], (index) => zones[index]?.quadrant ?? -1, dies);
  const octantNames = Array.from({ length: 8 }, (_, index) => `O${index}`);
  const octants = tally(octantNames, (index) => zones[index]?.octant ?? -1, dies);
  const innermost = rings[0]?.yield ?? Number.NaN;
  const outermost = rings[rings.length - 1]?.yield ?? Number.NaN;
  return { rings, quadrants, octants, edgeToCenterDelta: outermost - innermost };
}
