import { describe, expect, it } from 'vitest';
import { explainExcursion, type ExplainInput } from '../../../shared/analysis/explainReport.ts';
import type { WaferRouteStep } from '../../../shared/analysis/explainTypes.ts';

/**
 * A crafted excursion: the target lot T has 4 wafers of 100 dies; wafers 1 and 2 went through
 * ETCH chamber B and yield 50 %, wafers 3 and 4 through chamber A and yield 90 %. The baseline's 8
 * wafers yield 90 % whichever chamber they saw. Every wafer ran on DEP tool D1 with recipe R.
 */
function craftedRoute(): WaferRouteStep[] {
  const steps: WaferRouteStep[] = [];
  const add = (cohort: 'target' | 'baseline', lot: string, wafer: number, chamber: string, good: number): void => {
    steps.push({ cohort, lot, wafer: String(wafer), step: 'ETCH', tool: 'E1', chamber, recipe: 'R', tested: 100, good });
    steps.push({ cohort, lot, wafer: String(wafer), step: 'DEP', tool: 'D1', chamber: '', recipe: '', tested: 100, good });
  };
  [1, 2].forEach((wafer) => add('target', 'T', wafer, 'B', 50));
  [3, 4].forEach((wafer) => add('target', 'T', wafer, 'A', 90));
  for (let wafer = 1; wafer <= 8; wafer++) add('baseline', 'P', wafer, wafer <= 4 ? 'B' : 'A', 90);
  return steps;
}

function craftedInput(): ExplainInput {
  return {
    target: { lot: 'T', firstWafer: '1' },
    route: craftedRoute(),
    bins: [
      { cohort: 'target', bin: 1, name: 'PASS', pass: true, dies: 280 }, { cohort: 'target', bin: 4, name: 'LEAK', pass: false, dies: 100 },
      { cohort: 'target', bin: 5, name: 'FUNC', pass: false, dies: 20 }, { cohort: 'baseline', bin: 1, name: 'PASS', pass: true, dies: 720 },
      { cohort: 'baseline', bin: 4, name: 'LEAK', pass: false, dies: 40 }, { cohort: 'baseline', bin: 5, name: 'FUNC', pass: false, dies: 40 },
    ],
    // Center (0, 0), middle (3, 0) at 0.6 R, edge (4, 2) at 0.894 R of a 10 mm wafer with 1 mm dies.
    positions: [
      { cohort: 'target', x: 0, y: 0, tested: 100, good: 90 }, { cohort: 'target', x: 3, y: 0, tested: 100, good: 90 }, { cohort: 'target', x: 4, y: 2, tested: 100, good: 50 },
      { cohort: 'baseline', x: 0, y: 0, tested: 200, good: 180 }, { cohort: 'baseline', x: 3, y: 0, tested: 200, good: 180 }, { cohort: 'baseline', x: 4, y: 2, tested: 200, good: 180 },
    ],
    geometry: { centerX: 0, centerY: 0, dieWidth: 1, dieHeight: 1, waferDiameter: 10 },
    signatures: { target: ['Edge-Ring', 'Edge-Ring', 'Edge-Ring', 'Edge-Ring', 'none', 'Loc'], baseline: ['Edge-Ring', ...new Array<string>(18).fill('none'), 'Loc'] },
    tests: [],
    sites: [
      { cohort: 'target', site: 1, tested: 200, good: 100 }, { cohort: 'target', site: 2, tested: 200, good: 180 },
      { cohort: 'baseline', site: 1, tested: 400, good: 360 }, { cohort: 'baseline', site: 2, tested: 400, good: 360 },
    ],
  };
}

describe('explain this excursion on a crafted case', () => {
  const report = explainExcursion(craftedInput());

  it('puts the chamber the bad wafers share first, scored by hand', () => {
    const [first] = report.sections.equipment;
    expect(first?.key).toBe('ETCH/chamber/B');
    // 90 % on B in the baseline − 50 % in the target = 0.4; the target's other wafers yield 90 %: + 0.4.
    expect(first?.effect).toBeCloseTo(0.8, 12);
    expect(first?.numbers.baselineYieldOnLevel).toBeCloseTo(0.9, 12);
    expect(report.sections.equipment.map((finding) => finding.key)).not.toContain('ETCH/chamber/A');
    // Tool, recipe and DEP tool carry every target wafer: 90 % − 70 % = 0.2 and nothing specific.
    expect(report.sections.equipment.slice(1).map((finding) => finding.effect)).toEqual([0.2, 0.2, 0.2].map((value) => expect.closeTo(value, 12)));
  });

  it('lists the bin, ring, site and signature that changed, with the hand-computed differences', () => {
    expect(report.sections.bin.map((finding) => [finding.key, finding.effect])).toEqual([['4', expect.closeTo(0.25 - 0.05, 12)]]);
    expect(report.sections.zone.map((finding) => [finding.key, finding.effect])).toEqual([['edge', expect.closeTo(0.4, 12)]]);
    expect(report.sections.site.map((finding) => [finding.key, finding.effect])).toEqual([['1', expect.closeTo(0.4, 12)]]);
    // Edge-Ring on 4 of 6 target wafers against 1 of 20: scipy fisher_exact([[4, 2], [1, 19]]) p = 0.0046519.
    const [edgeRing] = report.sections.signature;
    expect(edgeRing?.key).toBe('Edge-Ring');
    expect(edgeRing?.effect).toBeCloseTo(4 / 6 - 1 / 20, 12);
    expect(edgeRing?.p).toBeCloseTo(0.004651869869261174, 9);
    expect(report.sections.signature).toHaveLength(1);
    expect(report.targetYield).toBeCloseTo(280 / 400, 12);
    expect(report.baselineYield).toBeCloseTo(720 / 800, 12);
  });
});
