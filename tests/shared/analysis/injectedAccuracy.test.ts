/**
 * Issue #13 §3: on fresh generator seeds, does commonality rank the injected equipment first, and
 * does the explainer name it first for a degraded lot? The generator draws the step, tool or
 * chamber and date per seed and records them in ground-truth.json. The reported seeds (9101-9110)
 * were not used to tune anything. Tuning used 501-505 and then 9001-9010, whose first run (before
 * the baseline left out the lots the excursion reached and before splits were scored by their
 * z) gave commonality 9/10 and explainer 8/10; run other seeds with ACCURACY_SEEDS=1,2,3.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCommonality } from '../../../shared/analysis/commonality.ts';
import { loadExplainInput } from '../../../shared/analysis/explainLoad.ts';
import { explainExcursion } from '../../../shared/analysis/explainReport.ts';
import type { GeneratorConfig } from '../../../sample-data/generator/fabPlan.ts';
import { importGeneratedFab, type InjectedTruth } from '../../support/generatedFab.ts';

const reportedSeeds = (process.env.ACCURACY_SEEDS ?? '9101,9102,9103,9104,9105,9106,9107,9108,9109,9110').split(',').map(Number);
/** A small ORION-only fab: 16 lots of 25 wafers (about 240,000 dies) and two tests, a few seconds per seed on a quiet machine. */
const fabOf = (seed: number): GeneratorConfig => ({ seed, lots: 16, productMix: [['ORION', 1]], testLimits: { ORION: 2 }, wafersPerLot: 25, inject: {} });
const equipmentFactors = new Set(['tool', 'chamber', 'recipe']);

/** The lot with the most degraded wafers (the latest on a tie), straight from the ground truth. */
function mostDegradedLot(truth: InjectedTruth): string {
  const counts = new Map<string, number>();
  for (const wafer of truth.wafers) if (wafer.degraded) counts.set(wafer.lot, (counts.get(wafer.lot) ?? 0) + 1);
  return [...counts].sort(([leftLot, left], [rightLot, right]) => right - left || rightLot.localeCompare(leftLot))[0]?.[0] ?? '';
}

interface SeedOutcome {
  seed: number;
  injected: string;
  commonalityTop: string;
  lot: string;
  explainTop: string;
}

const outcomes: SeedOutcome[] = [];

afterAll(() => {
  const lines = outcomes.map((outcome) => [outcome.seed, outcome.injected, outcome.commonalityTop, outcome.lot, outcome.explainTop].join('  '));
  const commonalityHits = outcomes.filter((outcome) => outcome.commonalityTop === outcome.injected).length;
  const explainHits = outcomes.filter((outcome) => outcome.explainTop === outcome.injected).length;
  console.log(`injected equipment ranked first on ${outcomes.length} fresh seeds: commonality ${commonalityHits}/${outcomes.length}, explainer ${explainHits}/${outcomes.length}\nseed  injected  commonality-top  lot  explain-top\n${lines.join('\n')}`);
});

describe('commonality and the explainer on fresh generator seeds (issue #13)', () => {
  it('rank the injected tool or chamber first on at least 9 of 10 seeds', async () => {
    for (const seed of reportedSeeds) {
      const fab = await importGeneratedFab(fabOf(seed));
      try {
        const { step, factor, level } = fab.truth.degraded;
        const run = await runCommonality(fab.engine, { response: { kind: 'wafer-yield', number: null }, population: { product: null, from: null, to: null, lots: null } });
        const top = run.findings.find((finding) => finding.kind === 'which' && equipmentFactors.has(finding.factor));
        const lot = mostDegradedLot(fab.truth);
        const { input } = await loadExplainInput(fab.engine, lot, undefined, 5);
        const explained = explainExcursion(input).sections.equipment[0];
        outcomes.push({ seed, injected: `${step}/${factor}/${level}`, commonalityTop: top ? `${top.step}/${top.factor}/${top.worstLevel}` : '-', lot, explainTop: explained?.key ?? '-' });
      } finally {
        fab.dispose();
      }
    }
    expect(outcomes.filter((outcome) => outcome.commonalityTop === outcome.injected).length).toBeGreaterThanOrEqual(Math.ceil(0.9 * reportedSeeds.length));
    expect(outcomes.filter((outcome) => outcome.explainTop === outcome.injected).length).toBeGreaterThanOrEqual(Math.ceil(0.9 * reportedSeeds.length));
  }, 600_000);
});
