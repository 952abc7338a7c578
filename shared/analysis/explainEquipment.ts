/**
 * Equipment findings: process levels (step · tool / chamber / recipe) the target's wafers passed
 * through, scored by how much worse those wafers yielded than the baseline on the same level, plus how
 * much worse than the target's own wafers on the other levels of that step (how specific the level is).
 *
 * Issue #13: the test is wafer-level (Mann-Whitney on wafer yields: dies of a wafer are not
 * independent, so a die-level chi-square gives p of 1e-300 for a handful of wafers), and when the
 * product's history says when each level changed (commonality's level changes), levels are ranked by
 * that change: the one that went bad, not the one that merely carried the bad wafers.
 */
import { mannWhitneyZ, normalSurvival } from '../stats/index.ts';
import { compareProportions } from './explainStatistics.ts';
import type { EquipmentChange, ExplainFinding, ExplainOptions, WaferRouteStep } from './explainTypes.ts';

/** The equipment factors compared at every step. */
export const equipmentFactors = ['tool', 'chamber', 'recipe'] as const;

interface LevelTally {
  wafers: Set<string>;
  tested: number;
  good: number;
  /** Yield of each wafer. */
  yields: number[];
}

function emptyTally(): LevelTally {
  return { wafers: new Set(), tested: 0, good: 0, yields: [] };
}

function tallyLevels(steps: readonly WaferRouteStep[]): Map<string, { target: LevelTally; baseline: LevelTally }> {
  const levels = new Map<string, { target: LevelTally; baseline: LevelTally }>();
  for (const row of steps) {
    for (const factor of equipmentFactors) {
      if (!row[factor]) continue;
      const key = `${row.step}\u001f${factor}\u001f${row[factor]}`;
      const entry = levels.get(key) ?? { target: emptyTally(), baseline: emptyTally() };
      const tally = entry[row.cohort];
      const waferKey = `${row.lot}\u001f${row.wafer}`;
      if (!tally.wafers.has(waferKey)) {
        tally.wafers.add(waferKey);
        tally.tested += row.tested;
        tally.good += row.good;
        if (row.tested > 0) tally.yields.push(row.good / row.tested);
      }
      levels.set(key, entry);
    }
  }
  return levels;
}

function cohortTotals(steps: readonly WaferRouteStep[], cohort: 'target' | 'baseline'): LevelTally {
  const total = emptyTally();
  for (const row of steps) {
    const waferKey = `${row.lot}\u001f${row.wafer}`;
    if (row.cohort !== cohort || total.wafers.has(waferKey)) continue;
    total.wafers.add(waferKey);
    total.tested += row.tested;
    total.good += row.good;
    if (row.tested > 0) total.yields.push(row.good / row.tested);
  }
  return total;
}

/**
 * Levels with a significant wafer-level yield shortfall; levels new or rare against the baseline
 * are flagged. Order: the largest change z of the level in the product's history first (when
 * `changes` has it), then the highest score.
 */
export function equipmentFindings(steps: readonly WaferRouteStep[], options: ExplainOptions, changes: readonly EquipmentChange[] = []): ExplainFinding[] {
  const changeOf = new Map(changes.map((change) => [change.key, change]));
  const levels = tallyLevels(steps);
  const [targetAll, baselineAll] = [cohortTotals(steps, 'target'), cohortTotals(steps, 'baseline')];
  const findings: ExplainFinding[] = [];
  for (const [key, { target, baseline }] of levels) {
    if (target.wafers.size === 0) continue;
    const [step = '', factor = '', level = ''] = key.split('\u001f');
    const baselineShare = baselineAll.wafers.size > 0 ? baseline.wafers.size / baselineAll.wafers.size : 0;
    const rare = baselineShare < options.rareShare;
    // Against the same level in the baseline; a level the baseline never used is held against the whole baseline.
    const reference = baseline.wafers.size > 0 ? baseline : baselineAll;
    const comparison = compareProportions(target.good, target.tested, reference.good, reference.tested);
    const [otherTested, otherGood] = [targetAll.tested - target.tested, targetAll.good - target.good];
    const otherYield = otherTested > 0 ? otherGood / otherTested : Number.NaN;
    const shortfall = -comparison.difference;
    const specificity = Number.isFinite(otherYield) ? Math.max(0, otherYield - comparison.target) : 0;
    // One-sided: the target's wafers on the level yield lower than the reference's wafers.
    const p = normalSurvival(mannWhitneyZ(reference.yields, target.yields));
    if (!(p < options.alpha) || !(shortfall >= options.minimumYieldDrop)) continue;
    const change = changeOf.get(`${step}/${factor}/${level}`);
    findings.push({
      kind: 'equipment', key: `${step}/${factor}/${level}`, subject: `${step} · ${factor} · ${level}`, target: comparison.target, baseline: comparison.baseline,
      effect: shortfall + specificity, p,
      numbers: {
        targetWafers: target.wafers.size, targetShare: target.wafers.size / Math.max(1, targetAll.wafers.size), baselineWafers: baseline.wafers.size, baselineShare,
        baselineYieldOnLevel: baseline.tested > 0 ? baseline.good / baseline.tested : Number.NaN, targetYieldElsewhere: otherYield, shortfall, specificity,
        changeZ: change?.z ?? Number.NaN, changeSince: change?.since ?? Number.NaN,
      },
      flags: baseline.wafers.size === 0 ? ['new-level'] : rare ? ['rare-in-baseline'] : [],
      link: { view: 'commonality' },
    });
  }
  const zOf = (finding: ExplainFinding): number => (Number.isFinite(finding.numbers.changeZ) ? (finding.numbers.changeZ ?? 0) : Number.NEGATIVE_INFINITY);
  return findings.sort((a, b) => (zOf(b) === zOf(a) ? 0 : zOf(b) > zOf(a) ? 1 : -1) || b.effect - a.effect || a.key.localeCompare(b.key));
}
