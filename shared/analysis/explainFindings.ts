/** Findings of the bin, zone, signature, site and test comparisons between a target and its baseline. */
import { compareProportions, cohensD, mannWhitneyFromRankSum } from './explainStatistics.ts';
import type { CohortBinCount, CohortTally, CohortTestSummary, ExplainFinding, ExplainLink, ExplainOptions, ExplainTarget } from './explainTypes.ts';

function lotLink(target: ExplainTarget): ExplainLink {
  return target.wafer ? { view: 'wafer', lot: target.lot, wafer: target.wafer } : { view: 'lot', lot: target.lot };
}

/** Fail bins whose share of the target's dies rose, ranked by the rise in percentage points. */
export function binFindings(counts: readonly CohortBinCount[], target: ExplainTarget, options: ExplainOptions): ExplainFinding[] {
  const total = (cohort: string): number => counts.filter((row) => row.cohort === cohort).reduce((sum, row) => sum + row.dies, 0);
  const [targetTotal, baselineTotal] = [total('target'), total('baseline')];
  const bins = [...new Set(counts.filter((row) => !row.pass).map((row) => row.bin))];
  return bins.map((bin) => {
    const of = (cohort: string): number => counts.find((row) => row.cohort === cohort && row.bin === bin)?.dies ?? 0;
    const comparison = compareProportions(of('target'), targetTotal, of('baseline'), baselineTotal);
    const name = counts.find((row) => row.bin === bin)?.name ?? '';
    return {
      kind: 'bin' as const, key: String(bin), subject: name ? `${bin} ${name}` : String(bin), target: comparison.target, baseline: comparison.baseline,
      effect: comparison.difference, p: comparison.p, numbers: { targetDies: of('target'), targetTotal, baselineDies: of('baseline'), baselineTotal },
      flags: of('baseline') === 0 ? ['new-in-target'] : [], link: lotLink(target),
    };
  }).filter((finding) => finding.effect >= options.minimumBinRise && finding.p < options.alpha).sort((a, b) => b.effect - a.effect || Number(a.key) - Number(b.key));
}

/** Groups (zones, sites) whose yield fell against the same group of the baseline, largest drop first. */
export function yieldDropFindings(kind: 'zone' | 'site', groups: ReadonlyMap<string, readonly CohortTally[]>, target: ExplainTarget, options: ExplainOptions): ExplainFinding[] {
  const findings: ExplainFinding[] = [];
  for (const [group, tallies] of groups) {
    const sum = (cohort: string, field: 'tested' | 'good'): number => tallies.filter((tally) => tally.cohort === cohort).reduce((total, tally) => total + tally[field], 0);
    const comparison = compareProportions(sum('target', 'good'), sum('target', 'tested'), sum('baseline', 'good'), sum('baseline', 'tested'));
    const drop = -comparison.difference;
    if (!(drop >= options.minimumYieldDrop) || !(comparison.p < options.alpha)) continue;
    findings.push({
      kind, key: group, subject: group, target: comparison.target, baseline: comparison.baseline, effect: drop, p: comparison.p,
      numbers: { targetTested: sum('target', 'tested'), targetGood: sum('target', 'good'), baselineTested: sum('baseline', 'tested'), baselineGood: sum('baseline', 'good') },
      flags: [], link: lotLink(target),
    });
  }
  return findings.sort((a, b) => b.effect - a.effect || a.key.localeCompare(b.key));
}

/** Spatial classes (other than none) on a larger share of the target's wafers than the baseline's, by Fisher's exact test. */
export function signatureFindings(classes: { target: readonly string[]; baseline: readonly string[] }, target: ExplainTarget, options: ExplainOptions, fisher: (table: readonly [readonly [number, number], readonly [number, number]]) => number): ExplainFinding[] {
  const names = [...new Set(classes.target)].filter((name) => name !== 'none');
  return names.map((name) => {
    const [targetCount, baselineCount] = [classes.target.filter((value) => value === name).length, classes.baseline.filter((value) => value === name).length];
    const [targetWafers, baselineWafers] = [classes.target.length, classes.baseline.length];
    const targetShare = targetWafers > 0 ? targetCount / targetWafers : Number.NaN;
    const baselineShare = baselineWafers > 0 ? baselineCount / baselineWafers : Number.NaN;
    const p = baselineWafers > 0 ? fisher([[targetCount, targetWafers - targetCount], [baselineCount, baselineWafers - baselineCount]]) : Number.NaN;
    return {
      kind: 'signature' as const, key: name, subject: name, target: targetShare, baseline: baselineShare, effect: targetShare - baselineShare, p,
      numbers: { targetWafers: targetCount, targetTotal: targetWafers, baselineWafers: baselineCount, baselineTotal: baselineWafers }, flags: [], link: lotLink(target),
    };
  }).filter((finding) => finding.effect >= options.minimumSignatureRise && finding.p < options.alpha).sort((a, b) => b.effect - a.effect || a.key.localeCompare(b.key));
}

/** Tests whose distribution shifted: |Cohen's d| at least the minimum and a Mann-Whitney p below alpha, largest |d| first. */
export function testFindings(summaries: readonly CohortTestSummary[], target: ExplainTarget, options: ExplainOptions): ExplainFinding[] {
  return summaries.map((test) => {
    const d = cohensD({ n: test.targetN, mean: test.targetMean, sigma: test.targetSigma }, { n: test.baselineN, mean: test.baselineMean, sigma: test.baselineSigma });
    const rankTest = mannWhitneyFromRankSum(test.targetRankSum, test.targetN, test.baselineN, test.tieTerm);
    return {
      kind: 'test' as const, key: String(test.testNumber), subject: `${test.testNumber} ${test.name}${test.units ? ` (${test.units})` : ''}`,
      target: test.targetMean, baseline: test.baselineMean, effect: d, p: rankTest.p,
      numbers: { cohensD: d, mannWhitneyU: rankTest.u, targetN: test.targetN, baselineN: test.baselineN, targetSigma: test.targetSigma, baselineSigma: test.baselineSigma },
      flags: [d > 0 ? 'shifted-up' : 'shifted-down'], link: { view: 'wafer' as const, lot: target.lot, wafer: target.wafer ?? target.firstWafer, test: test.testNumber },
    };
  }).filter((finding) => Math.abs(finding.effect) >= options.minimumEffectSize && finding.p < options.alpha)
    .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || Number(a.key) - Number(b.key));
}
