/** Shapes of an outlier screen: its request, the limits it derived and the dies or lots it rejects. */

/** Screening rule. */
export type ScreenMethod = 'dpat' | 'spat' | 'gdbn' | 'nnr' | 'cluster' | 'syl' | 'sbl';

/** Every screening rule, in the order the CLI and the panel list them. */
export const screenMethods: readonly ScreenMethod[] = ['dpat', 'spat', 'gdbn', 'nnr', 'cluster', 'syl', 'sbl'];

/** What to screen and how. */
export interface ScreenRequest {
  method: ScreenMethod;
  lot: string;
  /** Dynamic PAT: limits per lot or per wafer (default lot). */
  scope?: 'lot' | 'wafer';
  /** Sigma multiplier: PAT default 6, NNR default 3. */
  k?: number;
  /** GDBN: failing neighbours (weighted count) that reject a passing die (default 6). */
  minBad?: number;
  /** Cluster rule: smallest failing cluster (dies) whose rim and inside are rejected (default 5). */
  minCluster?: number;
  /** GDBN: the 8 neighbours (default) or the weighted 5x5 window. */
  window?: '3x3' | '5x5-weighted';
  /** PAT: passing parts a scope (DPAT) or a lot (SPAT) needs (default 30). */
  minParts?: number;
  /** SPAT: lots of history a test needs (default 6). */
  minLots?: number;
}

/** Limits one rule derived for a test (or for the lot yield / a bin for SYL/SBL). */
export interface ScreenLimit {
  product: string;
  /** Test number as the tester wrote it (display; testers reuse numbers); null for SYL/SBL. */
  test: number | null;
  /** The test within its product (tests.test_key, issue #13 §1): what limits are keyed by; null for SYL/SBL. */
  testKey: number | null;
  testName: string | null;
  /** lot, wafer, product (SPAT history or approved limits). */
  scope: 'lot' | 'wafer' | 'product';
  wafer: string | null;
  /** Median (PAT), median residual (NNR), mean over the history (SYL/SBL). */
  robustMean: number;
  /** (Q3 - Q1) / 1.35 (PAT, NNR), sample standard deviation over the history (SYL/SBL). */
  robustSigma: number;
  lo: number | null;
  hi: number | null;
  /** Values (PAT, NNR) or history lots (SYL/SBL) behind the limits. */
  n: number;
  /** SYL/SBL: the 4-sigma quarantine limit beside the 3-sigma review limit (lo or hi). */
  quarantine?: number;
  /** SBL: the hard bin. */
  bin?: number;
  /** SPAT: "approved" (a stored record) or "computed" (from the workspace's lots). */
  source?: 'approved' | 'computed';
}

/** A die (or, for SYL/SBL, a lot) the rule rejects. */
export interface ScreenOutlier {
  lot: string;
  wafer: string | null;
  x: number | null;
  y: number | null;
  /** Test number (display), the test's key within the product and its name; null for rules that judge no test. */
  test: number | null;
  testKey: number | null;
  testName: string | null;
  value: number | null;
  /** Rule that rejected it: "DPAT", "SPAT", "GDBN", "NNR", "Cluster", "SYL review", "SBL quarantine bin 7", ... */
  reason: string;
}

/** The result the CLI prints and the panel shows. */
export interface ScreenResult {
  method: ScreenMethod;
  lot: string;
  limits: ScreenLimit[];
  outliers: ScreenOutlier[];
}
