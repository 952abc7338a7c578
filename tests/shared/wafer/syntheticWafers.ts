/**
 * Seeded synthetic wafer maps on a circular die grid, one per WM-811K class, the way a sample-data
 * generator injects spatial signatures: a background of random fails plus one pattern.
 */
import type { WaferPatternClass } from '../../../shared/wafer/classify.ts';

/** Mulberry32: a tiny deterministic PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Polar position of a die relative to the wafer center: r in radii, angle in radians. */
type Position = { r: number; angle: number; x: number; y: number };

/** Fail probability of the injected pattern at a position (undefined = background only). */
type Pattern = (position: Position, random: () => number) => number | undefined;

function distanceToSegment(x: number, y: number, from: [number, number], to: [number, number]): number {
  const [ax, ay] = from;
  const [bx, by] = to;
  const length2 = (bx - ax) ** 2 + (by - ay) ** 2;
  const along = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / length2));
  return Math.hypot(x - ax - along * (bx - ax), y - ay - along * (by - ay));
}

function angularDistance(a: number, b: number): number {
  const difference = Math.abs(a - b) % (2 * Math.PI);
  return Math.min(difference, 2 * Math.PI - difference);
}

/** Pattern per class; `dieRadius` is the wafer radius counted in dies (to keep a scratch one die wide). */
function patternFor(kind: WaferPatternClass, dieRadius: number, random: () => number, intensity: number): Pattern {
  const rotation = random() * 2 * Math.PI;
  switch (kind) {
    case 'Center':
      return (p) => (p.r < 0.3 ? intensity : undefined);
    case 'Donut':
      return (p) => (p.r > 0.35 && p.r < 0.65 ? intensity : undefined);
    case 'Edge-Ring':
      return (p) => (p.r > 1 - Math.max(0.08, 1.5 / dieRadius) ? intensity : undefined);
    case 'Edge-Loc':
      return (p) => (p.r > 0.75 && angularDistance(p.angle, rotation) < Math.PI / 6 ? intensity : undefined);
    case 'Loc': {
      const center: [number, number] = [0.5 * Math.cos(rotation), 0.5 * Math.sin(rotation)];
      return (p) => (Math.hypot(p.x - center[0], p.y - center[1]) < 0.17 ? intensity : undefined);
    }
    case 'Near-full':
      return () => 0.88;
    case 'Random':
      return () => Math.min(intensity, 0.45);
    case 'Scratch': {
      const start: [number, number] = [0.6 * Math.cos(rotation), 0.6 * Math.sin(rotation)];
      const end: [number, number] = [-0.3 * Math.cos(rotation + 0.4), -0.3 * Math.sin(rotation + 0.4)];
      return (p) => (distanceToSegment(p.x, p.y, start, end) * dieRadius < 0.6 ? Math.min(1, intensity + 0.1) : undefined);
    }
    case 'none':
      return () => undefined;
  }
}

/** Knobs of the generator: background fail probability and fail probability inside the pattern. */
export interface SyntheticOptions {
  background?: number;
  intensity?: number;
}

/** A synthetic wafer map (0 no die, 1 pass, 2 fail) of about `dieCount` dies with the given pattern. */
export function syntheticWaferMap(kind: WaferPatternClass, dieCount: number, seed: number, options: SyntheticOptions = {}): number[][] {
  const background = options.background ?? 0.03;
  const random = seededRandom(seed);
  const diameter = Math.round(2 * Math.sqrt(dieCount / Math.PI));
  const dieRadius = diameter / 2;
  const pattern = patternFor(kind, dieRadius, random, options.intensity ?? 0.85);
  const grid: number[][] = [];
  for (let row = 0; row < diameter; row++) {
    const cells: number[] = [];
    for (let col = 0; col < diameter; col++) {
      const x = (col + 0.5 - dieRadius) / dieRadius;
      const y = (dieRadius - row - 0.5) / dieRadius;
      const r = Math.hypot(x, y);
      if (r > 1) {
        cells.push(0);
        continue;
      }
      const probability = pattern({ r, angle: (Math.atan2(y, x) + 2 * Math.PI) % (2 * Math.PI), x, y }, random) ?? background;
      cells.push(random() < probability ? 2 : 1);
    }
    grid.push(cells);
  }
  return grid;
}
