/**
 * Why the classifier gave a wafer its class, as a code and the numbers it rests on (issue #15 §4): the
 * renderer says it in the user's language (`waferPattern.explanation.<code>` in renderer/src/i18n), the
 * CLI prints the English text below. Every number is formatted here, per locale, so both read alike.
 */
import { formatCount, formatFixed, formatPercent } from '../util/format.ts';

/** The reasons the decision list gives, one per rule (two for Scratch), and none. */
export const WAFER_EXPLANATION_CODES = [
  'nearFull', 'random', 'edgeRing', 'scratchLine', 'scratchStraight', 'donut', 'center', 'edgeLoc', 'loc', 'none',
] as const;

/** One reason code. */
export type WaferExplanationCode = (typeof WAFER_EXPLANATION_CODES)[number];

/** A reason with its numbers: fractions (0-1), counts, ratios, the radial profile. */
export interface WaferExplanation {
  code: WaferExplanationCode;
  params: Record<string, number | readonly number[]>;
}

/** How each param reads: a percent of a fraction, a whole count, a ratio to 1 or 2 decimals, a list of densities. */
const paramKinds: Record<string, 'percent' | 'count' | 'decimal1' | 'decimal2' | 'profile'> = {
  failDensity: 'percent', edgeBandDensity: 'percent', outerRingDensity: 'percent', interiorDensity: 'percent', edgeCoverage: 'percent',
  fill: 'percent', flankDensity: 'percent', ringCoverage: 'percent', centerDensity: 'percent', edgeFraction: 'percent', edgeLongestArc: 'percent',
  size: 'count', straightLength: 'count',
  lineLength: 'decimal1', elongation: 'decimal1',
  neighbourExcess: 'decimal2', edgeInwardRatio: 'decimal2', centroidRadius: 'decimal2',
  profile: 'profile',
};

/** The params of a reason as text in `locale` ('en', 'vi'). */
export function explanationValues(explanation: WaferExplanation, locale: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(explanation.params)) {
    const kind = paramKinds[name] ?? 'decimal2';
    if (typeof value !== 'number') {
      // A decimal comma would run into a comma-separated list: such locales separate with semicolons.
      const separator = formatFixed(0.5, locale, 1).includes(',') ? '; ' : ', ';
      values[name] = value.map((entry) => formatFixed(entry, locale, 2)).join(separator);
    } else if (kind === 'percent') values[name] = formatPercent(value, locale, 1);
    else if (kind === 'count') values[name] = formatCount(value, locale);
    else values[name] = formatFixed(value, locale, kind === 'decimal1' ? 1 : 2);
  }
  return values;
}

/** The English text of each reason; `{name}` is filled from the params. */
export const WAFER_EXPLANATION_EN: Record<WaferExplanationCode, string> = {
  nearFull: '{failDensity} of dies fail, including {edgeBandDensity} of the edge band',
  random: '{failDensity} of dies fail, spread evenly over the radius and without clumping (neighbour excess {neighbourExcess})',
  edgeRing: 'outermost dies fail {outerRingDensity} vs {interiorDensity} inside, elevated on {edgeCoverage} of the circumference; '
    + '3-5 dies in they fail {edgeInwardRatio} times as often as at the rim',
  scratchLine: 'a thin line of {size} failing dies, {lineLength} dies long, elongation {elongation}',
  scratchStraight: 'a straight line of failing dies {straightLength} dies long ({fill} of its dies fail, {flankDensity} two dies beside it)',
  donut: 'fails peak at mid radius (profile {profile}) around a good center, all round the wafer ({ringCoverage} of the ring\'s sectors)',
  center: 'largest fail cluster ({size} dies) centred at {centroidRadius} R; center fails {centerDensity} vs {failDensity} overall',
  edgeLoc: 'a cluster of {size} failing dies sits on the edge ({edgeFraction} in the edge band) over {edgeLongestArc} of the circumference',
  loc: 'a compact cluster of {size} failing dies away from center and edge (centroid at {centroidRadius} R)',
  none: 'no spatial signature: {failDensity} of dies fail, largest cluster {size} dies',
};

/** A reason in English, as the CLI prints it. */
export function explanationInEnglish(explanation: WaferExplanation): string {
  const values = explanationValues(explanation, 'en');
  return WAFER_EXPLANATION_EN[explanation.code].replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}
