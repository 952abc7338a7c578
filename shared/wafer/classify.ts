/**
 * Rule-based WM-811K pattern classifier: a transparent decision list over the features of
 * features.ts. Each rule is physically motivated and documented in shared/wafer/README.md; the
 * first rule that fires gives the class, and its evidence and explanation are returned.
 */
import { computeWaferFeatures, LINE_MIN_ELONGATION, type WaferFeatures } from './features.ts';
import { rasterFromDies, rasterFromGrid, waferGeometry, type WaferDie, type WaferRaster } from './waferRaster.ts';
import { explanationInEnglish, type WaferExplanation } from './explanation.ts';

/** WM-811K failure-pattern classes, spelled as in the dataset. */
export const WAFER_PATTERN_CLASSES = [
  'Center',
  'Donut',
  'Edge-Loc',
  'Edge-Ring',
  'Loc',
  'Near-full',
  'Random',
  'Scratch',
  'none',
] as const;

/** One WM-811K failure-pattern class. */
export type WaferPatternClass = (typeof WAFER_PATTERN_CLASSES)[number];

/** Result of classifying one wafer map. */
export interface WaferClassification {
  class: WaferPatternClass;
  /** Feature values the decision rests on, rounded to 3 decimals. */
  evidence: Record<string, number>;
  /** Why, in English (the CLI prints it). */
  explanation: string;
  /** Why, as a code and its numbers, for a text in the user's language. */
  reason: WaferExplanation;
}

/** Thresholds of the decision list (see README for the reasoning behind each). */
export const CLASSIFIER_THRESHOLDS = {
  nearFullDensity: 0.6,
  nearFullEdgeDensity: 0.5,
  randomDensity: 0.2,
  randomMaxNeighbourExcess: 0.08,
  randomMaxProfileRatio: 2,
  edgeRingCoverage: 0.5,
  thinEdgeRingCoverage: 0.25,
  thinEdgeRingMaxInwardRatio: 0.25,
  edgeMinContrast: 0.08,
  donutPeakDensity: 0.25,
  donutPeakOverCenter: 2.5,
  donutPeakOverEdge: 1.5,
  donutMaxCentroidRadius: 0.35,
  donutRingPeakOverCenter: 2,
  donutMinRingCoverage: 0.85,
  centerMaxCentroidRadius: 0.15,
  centerMinClusterSize: 5,
  scratchMinElongation: LINE_MIN_ELONGATION,
  scratchMinLength: 6,
  scratchMinLengthRadius: 0.25,
  scratchMinShareOfLargest: 0.5,
  scratchMaxFailDensity: 0.12,
  scratchMinLengthPerFailDensity: 110,
  straightScratchMinLength: 12,
  straightScratchMinLengthRadius: 0.5,
  edgeLocMinEdgeFraction: 0.3,
  edgeLocMinCentroidRadius: 0.55,
  edgeLocMinPeakContrast: 0.32,
  locMinClusterSize: 8,
  locMinClusterShare: 0.008,
} as const;

/** A set of decision-list thresholds (the defaults, or ones chosen on training data by cross-validation). */
export type ClassifierThresholds = { readonly [K in keyof typeof CLASSIFIER_THRESHOLDS]: number };

type Rule = {
  name: WaferPatternClass;
  fires: (features: WaferFeatures) => boolean;
  explain: (features: WaferFeatures) => WaferExplanation;
};

function profileRatio(features: WaferFeatures): number {
  const profile = features.radialProfile;
  return Math.max(...profile) / Math.max(Math.min(...profile), 1e-9);
}

/**
 * A blob at the centre bigger than the scratch candidate: the wafer is a Center whatever short line of
 * fails also sits on it (a line one die wide is never the larger part of a centre spot).
 */
function centredBlobOutweighs(f: WaferFeatures, lineSize: number, t: ClassifierThresholds): boolean {
  return f.largestCluster !== null && f.largestCluster.centroidRadius <= t.centerMaxCentroidRadius && f.largestCluster.size > lineSize;
}

/** The decision list with the given thresholds, first match wins. */
function rulesFor(t: ClassifierThresholds): Rule[] {
  return [
  {
    name: 'Near-full',
    fires: (f) => f.failDensity >= t.nearFullDensity && f.edgeBandDensity >= t.nearFullEdgeDensity,
    explain: (f) => ({ code: 'nearFull', params: { failDensity: f.failDensity, edgeBandDensity: f.edgeBandDensity } }),
  },
  {
    name: 'Random',
    fires: (f) =>
      f.failDensity >= t.randomDensity &&
      f.neighbourExcess < t.randomMaxNeighbourExcess &&
      profileRatio(f) <= t.randomMaxProfileRatio,
    explain: (f) => ({ code: 'random', params: { failDensity: f.failDensity, neighbourExcess: f.neighbourExcess } }),
  },
  {
    name: 'Edge-Ring',
    fires: (f) =>
      (f.edgeCoverage >= t.edgeRingCoverage || (f.edgeCoverage >= t.thinEdgeRingCoverage && f.edgeInwardRatio <= t.thinEdgeRingMaxInwardRatio)) &&
      f.outerRingDensity - f.interiorDensity >= t.edgeMinContrast,
    explain: (f) => ({
      code: 'edgeRing',
      params: { outerRingDensity: f.outerRingDensity, interiorDensity: f.interiorDensity, edgeCoverage: f.edgeCoverage, edgeInwardRatio: f.edgeInwardRatio },
    }),
  },
  {
    name: 'Scratch',
    fires: (f) =>
      f.lineCluster !== null &&
      f.failDensity <= t.scratchMaxFailDensity &&
      f.lineCluster.elongation >= t.scratchMinElongation &&
      f.lineCluster.length >= Math.max(t.scratchMinLength, t.scratchMinLengthRadius * f.radiusInDies, t.scratchMinLengthPerFailDensity * f.failDensity) &&
      f.lineCluster.size >= t.scratchMinShareOfLargest * (f.largestCluster?.size ?? 0) &&
      !centredBlobOutweighs(f, f.lineCluster.size, t),
    explain: (f) => ({
      code: 'scratchLine', params: { size: f.lineCluster?.size ?? 0, lineLength: f.lineCluster?.length ?? 0, elongation: f.lineCluster?.elongation ?? 0 },
    }),
  },
  {
    name: 'Scratch',
    fires: (f) =>
      f.straightLine !== null &&
      f.straightLine.length >= Math.max(t.straightScratchMinLength, t.straightScratchMinLengthRadius * f.radiusInDies) &&
      f.straightLine.fails >= t.scratchMinShareOfLargest * (f.largestCluster?.size ?? 0) &&
      !centredBlobOutweighs(f, f.straightLine.fails, t),
    explain: (f) => ({
      code: 'scratchStraight',
      params: { straightLength: f.straightLine?.length ?? 0, fill: f.straightLine?.fill ?? 0, flankDensity: f.straightLine?.flankDensity ?? 0 },
    }),
  },
  {
    name: 'Donut',
    fires: (f) => {
      const [center = 0, ...rest] = f.radialProfile;
      const edge = rest[rest.length - 1] ?? 0;
      const peak = Math.max(...rest.slice(0, -1));
      const compactRing = peak >= t.donutPeakOverCenter * center && (f.largestCluster?.centroidRadius ?? 1) <= t.donutMaxCentroidRadius;
      const fullRing = peak >= t.donutRingPeakOverCenter * center && f.ringCoverage >= t.donutMinRingCoverage;
      return peak >= t.donutPeakDensity && peak >= t.donutPeakOverEdge * edge && (compactRing || fullRing);
    },
    explain: (f) => ({ code: 'donut', params: { profile: f.radialProfile, ringCoverage: f.ringCoverage } }),
  },
  {
    name: 'Center',
    fires: (f) =>
      (f.largestCluster?.size ?? 0) >= t.centerMinClusterSize &&
      (f.largestCluster?.centroidRadius ?? 1) <= t.centerMaxCentroidRadius &&
      f.centerDensity > f.failDensity,
    explain: (f) => ({
      code: 'center',
      params: { size: f.largestCluster?.size ?? 0, centroidRadius: f.largestCluster?.centroidRadius ?? 0, centerDensity: f.centerDensity, failDensity: f.failDensity },
    }),
  },
  {
    name: 'Edge-Loc',
    fires: (f) =>
      f.largestCluster !== null &&
      f.largestCluster.size >= t.locMinClusterSize &&
      (f.largestCluster.edgeFraction >= t.edgeLocMinEdgeFraction || f.largestCluster.minDepth <= 1) &&
      f.largestCluster.centroidRadius >= t.edgeLocMinCentroidRadius &&
      f.edgePeakDensity - f.interiorDensity >= t.edgeLocMinPeakContrast,
    explain: (f) => ({
      code: 'edgeLoc', params: { size: f.largestCluster?.size ?? 0, edgeFraction: f.largestCluster?.edgeFraction ?? 0, edgeLongestArc: f.edgeLongestArc },
    }),
  },
  {
    name: 'Loc',
    fires: (f) =>
      f.largestCluster !== null &&
      f.largestCluster.size >= t.locMinClusterSize &&
      f.largestClusterShare >= t.locMinClusterShare,
    explain: (f) => ({ code: 'loc', params: { size: f.largestCluster?.size ?? 0, centroidRadius: f.largestCluster?.centroidRadius ?? 0 } }),
  },
  ];
}

const defaultRules = rulesFor(CLASSIFIER_THRESHOLDS);

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The evidence record of a wafer: the main feature values, flattened and rounded. */
export function evidenceOf(features: WaferFeatures): Record<string, number> {
  const cluster = features.largestCluster;
  const line = features.lineCluster;
  const evidence: Record<string, number> = {
    dieCount: features.dieCount,
    failDensity: round(features.failDensity),
    centerDensity: round(features.centerDensity),
    edgeBandDensity: round(features.edgeBandDensity),
    outerRingDensity: round(features.outerRingDensity),
    interiorDensity: round(features.interiorDensity),
    edgeCoverage: round(features.edgeCoverage),
    ringCoverage: round(features.ringCoverage),
    edgeLongestArc: round(features.edgeLongestArc),
    edgePeakDensity: round(features.edgePeakDensity),
    edgeInwardRatio: round(features.edgeInwardRatio),
    neighbourExcess: round(features.neighbourExcess),
    clusteredFraction: round(features.clusteredFraction),
    largestClusterSize: cluster?.size ?? 0,
    largestClusterCentroidRadius: round(cluster?.centroidRadius ?? 0),
    largestClusterEdgeFraction: round(cluster?.edgeFraction ?? 0),
    lineClusterElongation: round(line?.elongation ?? 0),
    lineClusterLength: round(line?.length ?? 0),
    straightLineLength: features.straightLine?.length ?? 0,
    straightLineFill: round(features.straightLine?.fill ?? 0),
    straightLineFlankDensity: round(features.straightLine?.flankDensity ?? 0),
  };
  features.radialProfile.forEach((value, bin) => (evidence[`radialDensity${bin}`] = round(value)));
  return evidence;
}

/** Evidence keys worth showing first for each class (the ones its rule tests). */
export const MAIN_EVIDENCE_KEYS: Record<WaferPatternClass, readonly string[]> = {
  Center: ['largestClusterSize', 'largestClusterCentroidRadius', 'centerDensity', 'failDensity'],
  Donut: ['radialDensity0', 'radialDensity1', 'radialDensity2', 'radialDensity3', 'radialDensity4', 'ringCoverage'],
  'Edge-Loc': ['largestClusterSize', 'largestClusterEdgeFraction', 'largestClusterCentroidRadius', 'edgePeakDensity'],
  'Edge-Ring': ['outerRingDensity', 'interiorDensity', 'edgeCoverage', 'edgeInwardRatio'],
  Loc: ['largestClusterSize', 'largestClusterCentroidRadius', 'largestClusterEdgeFraction'],
  'Near-full': ['failDensity', 'edgeBandDensity'],
  Random: ['failDensity', 'neighbourExcess', 'clusteredFraction'],
  Scratch: ['lineClusterLength', 'lineClusterElongation', 'straightLineLength', 'straightLineFlankDensity'],
  none: ['failDensity', 'largestClusterSize'],
};

/** The main evidence of a classification: the feature values its class's rule looks at. */
export function mainEvidence(result: WaferClassification): Record<string, number> {
  const keys = MAIN_EVIDENCE_KEYS[result.class];
  return Object.fromEntries(keys.map((key) => [key, result.evidence[key] ?? Number.NaN]));
}

/** Classify precomputed features with the decision list (default thresholds unless others are given). */
export function classifyFeatures(features: WaferFeatures, thresholds?: ClassifierThresholds): WaferClassification {
  const evidence = evidenceOf(features);
  for (const rule of thresholds === undefined ? defaultRules : rulesFor(thresholds)) {
    if (rule.fires(features)) {
      const reason = rule.explain(features);
      return { class: rule.name, evidence, explanation: explanationInEnglish(reason), reason };
    }
  }
  const reason: WaferExplanation = { code: 'none', params: { failDensity: features.failDensity, size: features.largestCluster?.size ?? 0 } };
  return { class: 'none', evidence, explanation: explanationInEnglish(reason), reason };
}

/** Classify a raster of die codes. */
export function classifyRaster(raster: WaferRaster): WaferClassification {
  return classifyFeatures(computeWaferFeatures(waferGeometry(raster)));
}

/** Classify a wafer map given as a grid of die codes (0 no die, 1 pass, 2 fail) or as a list of dies. */
export function classifyWaferMap(map: readonly (readonly number[])[] | readonly WaferDie[]): WaferClassification {
  const first = map[0];
  const raster = Array.isArray(first) ? rasterFromGrid(map as readonly (readonly number[])[]) : rasterFromDies(map as readonly WaferDie[]);
  return classifyRaster(raster);
}
