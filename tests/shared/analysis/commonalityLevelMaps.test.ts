/**
 * Issue #13 §3: per-level stacked maps of a commonality factor show one product's die grid and share
 * one colour scale. Crafted units of two products; expectations written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { levelMapSelections, type LevelUnits } from '../../../shared/analysis/commonalityLevelMaps.ts';
import { sharedStackedScale, stackedColouring, stackedSteps } from '../../../shared/charts/stackedMapLayout.ts';

// Levels A (worst), B, C. Lots L1, L2 are product P (small dies), V1 is product V (another die grid).
const units: LevelUnits = {
  levels: ['A', 'B', 'C'],
  levelIndex: [0, 0, 0, 1, 1, 1, 2, 2, 0],
  lots: ['L1', 'L1', 'V1', 'L2', 'L2', 'L2', 'V1', 'V1', 'L2'],
  wafers: ['1', '2', '1', '1', '2', '3', '2', '3', '4'],
};
const productOfLot = new Map([['L1', 'P'], ['L2', 'P'], ['V1', 'V']]);

describe('per-level stacked maps (issue #13 §3)', () => {
  it('keep one product: the one with most units in the worst level, each level only its wafers of it, worst level first', () => {
    const { product, maps } = levelMapSelections(units, productOfLot, 'A');
    expect(product).toBe('P');
    expect(maps).toEqual([
      { level: 'A', count: 3, selection: { products: ['P'], wafers: [{ lot: 'L1', wafer: '1' }, { lot: 'L1', wafer: '2' }, { lot: 'L2', wafer: '4' }] } },
      { level: 'B', count: 3, selection: { products: ['P'], wafers: [{ lot: 'L2', wafer: '1' }, { lot: 'L2', wafer: '2' }, { lot: 'L2', wafer: '3' }] } },
    ]);
  });

  it('use the product the analysis ran on when one was chosen', () => {
    const { product, maps } = levelMapSelections(units, productOfLot, 'A', 'V');
    expect(product).toBe('V');
    expect(maps.map((map) => [map.level, map.count])).toEqual([['A', 1], ['C', 2]]);
  });

  it('select lots when the response is per lot (no wafers)', () => {
    const lotUnits: LevelUnits = { levels: ['A', 'B'], levelIndex: [0, 1, 1], lots: ['L1', 'L2', 'V1'], wafers: [null, null, null] };
    expect(levelMapSelections(lotUnits, productOfLot, 'B').maps).toEqual([
      { level: 'B', count: 1, selection: { products: ['P'], lots: ['L2'] } },
      { level: 'A', count: 1, selection: { products: ['P'], lots: ['L1'] } },
    ]);
  });

  it('share one colour scale: the same fail % gets the same colour on every level\'s map', () => {
    const worst = [0, 40, 10];
    const mild = [0, 3, 10];
    const scale = sharedStackedScale('failPercent', [worst, mild]);
    expect(scale).toEqual({ low: 0, high: 40 });
    const [worstColours, mildColours] = [stackedColouring('failPercent', worst, scale), stackedColouring('failPercent', mild, scale)];
    expect(worstColours.colourIndex[2]).toBe(mildColours.colourIndex[2]);
    expect(worstColours.colourIndex[1]).toBe(stackedSteps - 1);
    expect(mildColours.colourIndex[1]).toBeLessThan(stackedSteps / 4);
  });
});
