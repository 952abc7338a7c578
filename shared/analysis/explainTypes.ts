/** Inputs, options and findings of "explain this excursion" (pure data, no SQL). */

/** Where a finding's chart lives: a route the app can open. */
export interface ExplainLink {
  view: 'lot' | 'wafer' | 'commonality';
  lot?: string;
  wafer?: string;
  test?: number;
}

/** What kind of difference a finding is. */
export type ExplainKind = 'bin' | 'zone' | 'signature' | 'test' | 'site' | 'equipment';

/** One ranked difference between the target and its baseline, with its numbers. */
export interface ExplainFinding {
  kind: ExplainKind;
  /** Stable identity within its kind (bin number, ring name, class, test number, site, step/factor/level). */
  key: string;
  /** Human-readable subject (bin name, ring, class, test name, site, step · factor · level). */
  subject: string;
  /** The target's figure (share, yield, mean) and the baseline's. */
  target: number;
  baseline: number;
  /** The ranked effect: percentage points, Cohen's d, or the equipment score (see each builder). */
  effect: number;
  /** Two-sided p of the comparison (NaN when no test applies). */
  p: number;
  /** Further numbers shown with the finding (counts, shares, yields). */
  numbers: Record<string, number>;
  /** Flags such as 'new-level' or 'rare-in-baseline'. */
  flags: string[];
  link: ExplainLink;
}

/** Thresholds of what counts as a difference worth listing. */
export interface ExplainOptions {
  /** Significance level for every comparison (default 0.05). */
  alpha: number;
  /** Smallest rise of a bin's share to list, as a fraction (default 0.005 = 0.5 points). */
  minimumBinRise: number;
  /** Smallest yield drop of a zone, site or equipment level to list (default 0.02). */
  minimumYieldDrop: number;
  /** Smallest rise in the share of wafers with a spatial class to list (default 0.1). */
  minimumSignatureRise: number;
  /** Smallest |Cohen's d| of a test to list (default 0.3). */
  minimumEffectSize: number;
  /** A level on fewer than this share of the baseline's wafers is "rare" (default 0.05). */
  rareShare: number;
}

/** Defaults of the thresholds. */
export const defaultExplainOptions: ExplainOptions = {
  alpha: 0.05, minimumBinRise: 0.005, minimumYieldDrop: 0.02, minimumSignatureRise: 0.1, minimumEffectSize: 0.3, rareShare: 0.05,
};

/** Who the target is: its lot, optionally one wafer, and the wafer the test charts open on. */
export interface ExplainTarget {
  lot: string;
  wafer?: string;
  firstWafer: string;
}

/** Dies of one bin in each cohort. */
export interface CohortBinCount {
  cohort: 'target' | 'baseline';
  bin: number;
  name: string;
  pass: boolean;
  dies: number;
}

/** Tested and good dies of a cohort in one group (a die position, a site, ...). */
export interface CohortTally {
  cohort: 'target' | 'baseline';
  tested: number;
  good: number;
}

/** Summary of one test in both cohorts, as explainTestsSql returns it. */
export interface CohortTestSummary {
  testNumber: number;
  name: string;
  units: string;
  targetN: number;
  baselineN: number;
  targetMean: number;
  baselineMean: number;
  targetSigma: number;
  baselineSigma: number;
  targetRankSum: number;
  tieTerm: number;
}

/** One wafer's pass through one process step, with the wafer's tested and good dies. */
export interface WaferRouteStep {
  cohort: 'target' | 'baseline';
  lot: string;
  wafer: string;
  step: string;
  tool: string;
  chamber: string;
  recipe: string;
  tested: number;
  good: number;
}

/** How a level ("STEP/factor/LEVEL") changed in the product's history before the target (commonality's level change). */
export interface EquipmentChange {
  key: string;
  /** Mann-Whitney z of the level after its change against the other levels then; positive = worse. */
  z: number;
  /** When the change began (step time, epoch ms), or null for the whole history. */
  since: number | null;
}
