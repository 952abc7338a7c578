import type { SeededRandom } from './random.ts';
import type { DieSite } from './waferGeometry.ts';

/** The WM-811K wafer-map failure pattern classes, plus 'none'. */
export type SignatureClass = 'Center' | 'Donut' | 'Edge-Loc' | 'Edge-Ring' | 'Loc' | 'Near-full' | 'Random' | 'Scratch' | 'none';

/** Probability that a die is killed by the wafer's spatial signature. */
export type SignatureKillProbability = (die: DieSite) => number;

/** How often each class is assigned to a wafer (most wafers show no pattern). */
export const SIGNATURE_FREQUENCIES: readonly (readonly [SignatureClass, number])[] = [
  ['none', 0.7],
  ['Center', 0.05],
  ['Edge-Loc', 0.05],
  ['Loc', 0.05],
  ['Edge-Ring', 0.04],
  ['Random', 0.03],
  ['Scratch', 0.04],
  ['Donut', 0.03],
  ['Near-full', 0.01],
];

function angleDistance(first: number, second: number): number {
  const difference = Math.abs(first - second) % (2 * Math.PI);
  return difference > Math.PI ? 2 * Math.PI - difference : difference;
}

/** Scratch: a thin straight line (in units of the usable radius) that kills most dies it crosses. */
function scratchSignature(random: SeededRandom, usableRadiusMm: number, dieSizeMm: number): SignatureKillProbability {
  const direction = random.between(0, Math.PI);
  const offset = random.between(-0.5, 0.5);
  const halfLength = random.between(0.35, 0.8);
  const along = random.between(-0.3, 0.3);
  const halfWidth = Math.max(dieSizeMm * 0.6, 2.5) / usableRadiusMm;
  const directionX = Math.cos(direction);
  const directionY = Math.sin(direction);
  return (die) => {
    const x = die.xMm / usableRadiusMm;
    const y = die.yMm / usableRadiusMm;
    const distanceAcross = Math.abs(-directionY * x + directionX * y - offset);
    const distanceAlong = Math.abs(directionX * x + directionY * y - along);
    return distanceAcross <= halfWidth && distanceAlong <= halfLength ? 0.9 : 0;
  };
}

/** Draw the parameters of one wafer's signature and return its kill probability per die. */
export function createSignature(
  signature: SignatureClass,
  random: SeededRandom,
  usableRadiusMm: number,
  dieSizeMm: number,
): SignatureKillProbability {
  switch (signature) {
    case 'none':
      return () => 0;
    case 'Center': {
      const spread = random.between(0.2, 0.32);
      return (die) => 0.8 * Math.exp(-((die.radiusFraction / spread) ** 2));
    }
    case 'Donut': {
      const ringRadius = random.between(0.4, 0.6);
      const ringWidth = random.between(0.08, 0.13);
      return (die) => 0.75 * Math.exp(-(((die.radiusFraction - ringRadius) / ringWidth) ** 2));
    }
    case 'Edge-Loc': {
      const centerAngle = random.between(-Math.PI, Math.PI);
      const halfSpan = random.between(0.35, 0.7);
      return (die) => (die.radiusFraction > 0.72 && angleDistance(die.angle, centerAngle) < halfSpan ? 0.8 : 0);
    }
    case 'Edge-Ring': {
      const innerRadius = random.between(0.8, 0.88);
      return (die) => (die.radiusFraction > innerRadius ? 0.75 : 0);
    }
    case 'Loc': {
      const blobRadius = random.between(0.1, 0.6);
      const blobAngle = random.between(-Math.PI, Math.PI);
      const blobX = blobRadius * Math.cos(blobAngle);
      const blobY = blobRadius * Math.sin(blobAngle);
      const size = random.between(0.14, 0.22);
      return (die) => {
        const distance = Math.hypot(die.xMm / usableRadiusMm - blobX, die.yMm / usableRadiusMm - blobY);
        return 0.8 * Math.exp(-((distance / size) ** 4));
      };
    }
    case 'Near-full': {
      const level = random.between(0.75, 0.92);
      return () => level;
    }
    case 'Random': {
      const level = random.between(0.2, 0.35);
      return () => level;
    }
    case 'Scratch':
      return scratchSignature(random, usableRadiusMm, dieSizeMm);
  }
}

/** Kill probability added by the degraded etch chamber: a strong edge ring (outer 18 % of radius). */
export function degradedChamberKillProbability(die: DieSite): number {
  return die.radiusFraction > 0.82 ? 0.6 : 0.04;
}
