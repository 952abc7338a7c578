/** The report's Pareto chart labels its bars in the report's language (issue #15 §3: one number format for views, reports and the CLI). */
import { describe, expect, it } from 'vitest';
import { paretoSvg } from '../../../shared/report/svgCharts.ts';

const bars = [
  { label: '5 FUNCTIONAL', count: 12345, cumulativeShare: 0.6, colour: '#c00' },
  { label: '3 CONTINUITY', count: 987, cumulativeShare: 1, colour: '#0c0' },
];

function barLabels(svg: string): string[] {
  return [...svg.matchAll(/text-anchor="middle" font-size="9.5" fill="#333">([^<]*)<\/text>/g)].map((match) => match[1]!);
}

describe('report Pareto chart', () => {
  it.each([
    ['en', ['12,345', '987']],
    ['vi', ['12.345', '987']],
  ])('labels bar counts in %s', (language, expected) => {
    expect(barLabels(paretoSvg('Bins', bars, 600, 300, language))).toEqual(expected);
  });
});
