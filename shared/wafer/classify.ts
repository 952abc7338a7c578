/**
 * Rule-based WM-811K pattern classifier: a transparent decision list over the features of
 * features.ts. Each rule is physically motivated and documented in shared/wafer/README.md; the
 * first rule that fires gives the class, and its evidence and explanation are returned.
 */
import { computeWaferFeatures, LINE_MIN_ELONGATION, type WaferFeatures } from './features.ts';
import { rasterFromDies, rasterFromGrid, waferGeometry, type WaferDie, type WaferRaster } from './waferRaster.ts';

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
  explanation: string;
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
  explain: (features: WaferFeatures) => string;
};

const percent = (value: number): string => `${(value * 100).toFixed(1)} %`;

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
    explain: (f) => `${percent(f.failDensity)} of dies fail, including ${percent(f.edgeBandDensity)} of the edge band`,
  },
  {
    name: 'Random',
    fires: (f) =>
      f.failDensity >= t.randomDensity &&
      f.neighbourExcess < t.randomMaxNeighbourExcess &&
      profileRatio(f) <= t.randomMaxProfileRatio,
    explain: (f) =>
      `${percent(f.failDensity)} of dies fail, spread evenly over the radius and without clumping ` +
      `(neighbour excess ${f.neighbourExcess.toFixed(2)})`,
  },
  {
    name: 'Edge-Ring',
    fires: (f) =>
      (f.edgeCoverage >= t.edgeRingCoverage || (f.edgeCoverage >= t.thinEdgeRingCoverage && f.edgeInwardRatio <= t.thinEdgeRingMaxInwardRatio)) &&
      f.outerRingDensity - f.interiorDensity >= t.edgeMinContrast,
    explain: (f) =>
      `outermost dies fail ${percent(f.outerRingDensity)} vs ${percent(f.interiorDensity)} inside, ` +
      `elevated on ${percent(f.edgeCoverage)} of the circumference; ` +
      `3-5 dies in they fail ${f.edgeInwardRatio.toFixed(2)} times as often as at the rim`,
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
    explain: (f) =>
      `a thin line of ${f.lineCluster?.size ?? 0} failing dies, ${(f.lineCluster?.length ?? 0).toFixed(1)} dies long, ` +
      `elongation ${(f.lineCluster?.elongation ?? 0).toFixed(1)}`,
  },
  {
    name: 'Scratch',
    fires: (f) =>
      f.straightLine !== null &&
      f.straightLine.length >= Math.max(t.straightScratchMinLength, t.straightScratchMinLengthRadius * f.radiusInDies) &&
      f.straightLine.fails >= t.scratchMinShareOfLargest * (f.largestCluster?.size ?? 0) &&
      !centredBlobOutweighs(f, f.straightLine.fails, t),
    explain: (f) =>
      `a straight line of failing dies ${f.straightLine?.length ?? 0} dies long (${percent(f.straightLine?.fill ?? 0)} of its dies fail, ` +
      `${percent(f.straightLine?.flankDensity ?? 0)} two dies beside it)`,
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
    explain: (f) =>
      `fails peak at mid radius (profile ${f.radialProfile.map((v) => v.toFixed(2)).join(', ')}) around a good center, ` +
      `all round the wafer (${percent(f.ringCoverage)} of the ring's sectors)`,
  },
  {
    name: 'Center',
    fires: (f) =>
      (f.largestCluster?.size ?? 0) >= t.centerMinClusterSize &&
      (f.largestCluster?.centroidRadius ?? 1) <= t.centerMaxCentroidRadius &&
      f.centerDensity > f.failDensity,
    explain: (f) =>
      `largest fail cluster (${f.largestCluster?.size ?? 0} dies) centred at ${(f.largestCluster?.centroidRadius ?? 0).toFixed(2)} R; ` +
      `center fails ${percent(f.centerDensity)} vs ${percent(f.failDensity)} overall`,
  },
  {
    name: 'Edge-Loc',
    fires: (f) =>
      f.largestCluster !== null &&
      f.largestCluster.size >= t.locMinClusterSize &&
      (f.largestCluster.edgeFraction >= t.edgeLocMinEdgeFraction || f.largestCluster.minDepth <= 1) &&
      f.largestCluster.centroidRadius >= t.edgeLocMinCentroidRadius &&
      f.edgePeakDensity - f.interiorDensity >= t.edgeLocMinPeakContrast,
    explain: (f) =>
      `a cluster of ${f.largestCluster?.size ?? 0} failing dies sits on the edge ` +
      `(${percent(f.largestCluster?.edgeFraction ?? 0)} in the edge band) over ${percent(f.edgeLongestArc)} of the circumference`,
  },
  {
    name: 'Loc',
    fires: (f) =>
      f.largestCluster !== null &&
      f.largestCluster.size >= t.locMinClusterSize &&
      f.largestClusterShare >= t.locMinClusterShare,
    explain: (f) =>
      `a compact cluster of ${f.largestCluster?.size ?? 0} failing dies away from center and edge ` +
      `(centroid at ${(f.largestCluster?.centroidRadius ?? 0).toFixed(2)} R)`,
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
    if (rule.fires(features)) return { class: rule.name, evidence, explanation: rule.explain(features) };
  }
  return {
    class: 'none',
    evidence,
    explanation: `no spatial signature: ${percent(features.failDensity)} of dies fail, largest cluster ${features.largestCluster?.size ?? 0} dies`,
  };
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
