/**
 * Equipment findings: process levels (step · tool / chamber / recipe) the target's wafers passed
 * through, scored by how much worse those wafers yielded than the baseline on the same level, plus how
 * much worse than the target's own wafers on the other levels of that step (how specific the level is).
 */
import { compareProportions } from './explainStatistics.ts';
import type { ExplainFinding, ExplainOptions, WaferRouteStep } from './explainTypes.ts';

/** The equipment factors compared at every step. */
export const equipmentFactors = ['tool', 'chamber', 'recipe'] as const;

interface LevelTally {
  wafers: Set<string>;
  tested: number;
  good: number;
}

function emptyTally(): LevelTally {
  return { wafers: new Set(), tested: 0, good: 0 };
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
  }
  return total;
}

/** Levels with a significant yield shortfall, highest score first; levels new or rare against the baseline are flagged. */
export function equipmentFindings(steps: readonly WaferRouteStep[], options: ExplainOptions): ExplainFinding[] {
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
    if (!(comparison.p < options.alpha) || !(shortfall >= options.minimumYieldDrop)) continue;
    findings.push({
      kind: 'equipment', key: `${step}/${factor}/${level}`, subject: `${step} · ${factor} · ${level}`, target: comparison.target, baseline: comparison.baseline,
      effect: shortfall + specificity, p: comparison.p,
      numbers: {
        targetWafers: target.wafers.size, targetShare: target.wafers.size / Math.max(1, targetAll.wafers.size), baselineWafers: baseline.wafers.size, baselineShare,
        baselineYieldOnLevel: baseline.tested > 0 ? baseline.good / baseline.tested : Number.NaN, targetYieldElsewhere: otherYield, shortfall, specificity,
      },
      flags: baseline.wafers.size === 0 ? ['new-level'] : rare ? ['rare-in-baseline'] : [],
      link: { view: 'commonality' },
    });
  }
  return findings.sort((a, b) => b.effect - a.effect || a.key.localeCompare(b.key));
}
