/**
 * Hand-built run-rule cases (center 0, sigma 1): every rule on both sides, points exactly on zone
 * boundaries (strict "beyond", inclusive Nelson 7), the center line breaking runs, ties breaking
 * trends and alternation, and lowest-rule precedence. Expected indices are 0-based and derived by hand.
 */
import { describe, expect, it } from 'vitest';
import { evaluateRules, NELSON_RULES, parseRuleSelection, ruleViolationIndices, type RuleName } from '../../../shared/spc/index.ts';

const standardized = (values: number[]) => values.map((value) => ({ value, center: 0, sigma: 1 }));
const repeat = (value: number, count: number) => Array.from({ length: count }, () => value);
const alternate = (count: number) => Array.from({ length: count }, (_, index) => index % 2);

const cases: { name: string; rules: RuleName[]; series: number[]; expected: number[] }[] = [
  { name: 'beyond 3σ both sides; exactly 3σ is not beyond', rules: ['WE1', 'N1'], series: [0, 3, -3, 3.0001, -3.0001], expected: [3, 4] },
  { name: '2 of 3 beyond 2σ, upper', rules: ['WE2', 'N5'], series: [0, 2.1, 0, 2.1], expected: [3] },
  { name: '2 of 3 beyond 2σ, lower', rules: ['WE2', 'N5'], series: [0, -2.1, 0, -2.1], expected: [3] },
  { name: '2 of 3 beyond 2σ on opposite sides does not fire', rules: ['WE2', 'N5'], series: [2.1, -2.1, 0.5, -0.5], expected: [] },
  { name: 'exactly 2σ is not beyond 2σ', rules: ['WE2', 'N5'], series: [2, 2, 2.5, 2], expected: [] },
  { name: 'completing point must itself be beyond', rules: ['WE2', 'N5'], series: [2.1, 2.1, 0, 0], expected: [] },
  { name: 'k-of-m needs a full window', rules: ['WE2', 'N5'], series: [2.1, 2.1], expected: [] },
  { name: '4 of 5 beyond 1σ, upper', rules: ['WE3', 'N6'], series: [1.5, 1.5, 0, 1.5, 1.5], expected: [4] },
  { name: '4 of 5 beyond 1σ, lower', rules: ['WE3', 'N6'], series: [-1.5, -1.5, 0, -1.5, -1.5], expected: [4] },
  { name: 'exactly 1σ does not count toward 4 of 5', rules: ['WE3', 'N6'], series: [1, 1, 1.5, 1.5, 1.5], expected: [] },
  { name: 'one point at 1σ leaves four beyond', rules: ['WE3', 'N6'], series: [1, 1.5, 1.5, 1.5, 1.5], expected: [4] },
  { name: 'WE4: 8 above, ninth extends the run', rules: ['WE4'], series: repeat(0.1, 9), expected: [7, 8] },
  { name: 'WE4: 8 below', rules: ['WE4'], series: repeat(-0.1, 8), expected: [7] },
  { name: 'WE4: a point on the center line breaks the run', rules: ['WE4'], series: [...repeat(0.1, 4), 0, ...repeat(0.1, 4)], expected: [] },
  { name: 'N2: 9 above', rules: ['N2'], series: repeat(0.1, 9), expected: [8] },
  { name: 'N2: 10 below', rules: ['N2'], series: repeat(-0.1, 10), expected: [8, 9] },
  { name: 'N2: 8 is not enough', rules: ['N2'], series: repeat(0.1, 8), expected: [] },
  { name: 'N2: side change resets', rules: ['N2'], series: [...repeat(0.1, 5), -0.1, ...repeat(0.1, 5)], expected: [] },
  { name: 'N3: 6 increasing', rules: ['N3'], series: [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5], expected: [5] },
  { name: 'N3: 7 decreasing', rules: ['N3'], series: [3, 2, 1, 0, -1, -2, -3], expected: [5, 6] },
  { name: 'N3: a tie breaks the trend', rules: ['N3'], series: [1, 2, 3, 3, 4, 5, 6], expected: [] },
  { name: 'N3: 5 increasing is not enough', rules: ['N3'], series: [1, 2, 3, 4, 5], expected: [] },
  { name: 'N4: 14 alternating', rules: ['N4'], series: alternate(14), expected: [13] },
  { name: 'N4: 13 alternating is not enough', rules: ['N4'], series: alternate(13), expected: [] },
  { name: 'N4: a tie breaks the alternation', rules: ['N4'], series: [...alternate(6), 1, ...alternate(8)], expected: [] },
  { name: 'N4: alternation starting downward', rules: ['N4'], series: alternate(15).map((value) => -value), expected: [13, 14] },
  { name: 'N7: 15 within 1σ', rules: ['N7'], series: repeat(0.5, 15), expected: [14] },
  { name: 'N7: exactly ±1σ counts as within', rules: ['N7'], series: [...repeat(1, 8), ...repeat(-1, 7)], expected: [14] },
  { name: 'N7: a point beyond 1σ resets', rules: ['N7'], series: [...repeat(0.5, 14), 1.01, 0.5], expected: [] },
  { name: 'N8: 8 beyond 1σ on both sides', rules: ['N8'], series: [1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 1.5, -1.5], expected: [7] },
  { name: 'N8: 8 beyond 1σ on one side only', rules: ['N8'], series: repeat(-1.5, 8), expected: [] },
  { name: 'N8: a point exactly at 1σ breaks the run', rules: ['N8'], series: [1.5, -1.5, 1.5, -1.5, 1, -1.5, 1.5, -1.5, 1.5], expected: [] },
];

describe('run rules, crafted cases', () => {
  for (const testCase of cases) {
    it.each(testCase.rules)(`${testCase.name} (%s)`, (rule) => {
      expect(ruleViolationIndices(rule, standardized(testCase.series))).toEqual(testCase.expected);
    });
  }

  it('reports the lowest-numbered rule when several fire on one point', () => {
    // index 2: beyond 3σ (N1) and the second of 2-of-3 beyond 2σ (N5)
    expect(evaluateRules(standardized([0, 2.5, 3.5]), NELSON_RULES)).toEqual([{ index: 2, rule: 'N1' }]);
  });

  it('a point without a usable sigma is never flagged and breaks runs', () => {
    const points = [...standardized(repeat(0.1, 4)), { value: 0.1, center: 0, sigma: 0 }, ...standardized(repeat(0.1, 4))];
    expect(evaluateRules(points, ['WE1', 'WE4'])).toEqual([]);
  });

  it.each([
    ['we', ['WE1', 'WE2', 'WE3', 'WE4']],
    ['nelson', ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8']],
    ['1,2,5', ['N1', 'N2', 'N5']],
    ['WE1, n3', ['WE1', 'N3']],
  ])('parses rule selection %s', (text, expected) => {
    expect(parseRuleSelection(text)).toEqual(expected);
  });

  it('rejects unknown rules', () => {
    expect(() => parseRuleSelection('9')).toThrow(/unknown run rule/);
    expect(() => parseRuleSelection('WE5')).toThrow(/unknown run rule/);
  });
});
