import { describe, expect, it } from 'vitest';
import { rankFactors, type CommonalityWafer } from '../../../shared/stats';
import { expectRelativelyClose } from './referenceData';

// Chamber C of the etch step is planted bad; the other factors carry no signal.
const YIELDS_BY_CHAMBER: Record<string, number[]> = {
  'ETCH-01A': [0.95, 0.93, 0.96, 0.94, 0.92, 0.95, 0.97, 0.94],
  'ETCH-01B': [0.94, 0.96, 0.93, 0.95, 0.96, 0.92, 0.94, 0.95],
  'ETCH-02C': [0.81, 0.85, 0.78, 0.88, 0.83, 0.8, 0.86, 0.84],
};

function craftedWafers(): CommonalityWafer[] {
  const wafers: CommonalityWafer[] = [];
  Object.entries(YIELDS_BY_CHAMBER).forEach(([chamber, yields], chamberIndex) => {
    yields.forEach((response, index) => {
      const serial = chamberIndex * 8 + index;
      const cmpTool = serial % 2 === 0 ? 'CMP-1' : 'CMP-2';
      wafers.push({
        waferKey: `W${String(serial).padStart(2, '0')}`,
        response,
        factors: {
          'ETCH/chamber': chamber,
          'LITHO/tool': ['SCAN-1', 'SCAN-2', 'SCAN-3'][serial % 3] ?? 'SCAN-1',
          'CMP/tool': cmpTool,
          // The recipe always travels with the tool: same partition, different names.
          'CMP/recipe': cmpTool === 'CMP-1' ? 'POLISH-A' : 'POLISH-B',
          'IMPLANT/tool': 'IMP-1',
          'ANNEAL/tool': serial === 5 ? 'RTP-9' : 'RTP-1',
        },
      });
    });
  });
  return wafers;
}

describe('rankFactors', () => {
  const ranked = rankFactors(craftedWafers());
  const byKey = new Map(ranked.map((result) => [`${result.step}/${result.factor}`, result]));

  it('ranks the planted bad chamber first with the worst level named', () => {
    const first = ranked[0];
    expect(first?.step).toBe('ETCH');
    expect(first?.factor).toBe('chamber');
    expect(first?.worstLevel).toBe('ETCH-02C');
  });

  it('uses Kruskal-Wallis p and ANOVA p matching scipy, and median effect by hand', () => {
    const etch = byKey.get('ETCH/chamber');
    // scipy.stats.kruskal / f_oneway on the three chamber groups (scipy 1.17.1).
    expectRelativelyClose(etch?.p ?? Number.NaN, 0.00042207032521724027, 1e-9);
    expectRelativelyClose(etch?.pAnova ?? Number.NaN, 8.907030924242534e-10, 1e-8);
    // median(C) = (0.83 + 0.84) / 2 = 0.835; median of the other 16 wafers = 0.945.
    expectRelativelyClose(etch?.effect ?? Number.NaN, 0.835 - 0.945, 1e-9);
    expect(etch?.groups.map((group) => [group.level, group.n])).toEqual([
      ['ETCH-01A', 8],
      ['ETCH-01B', 8],
      ['ETCH-02C', 8],
    ]);
    expect(etch?.flags).toEqual([]);
  });

  it('flags confounded factors both ways', () => {
    expect(byKey.get('CMP/tool')?.flags).toContain('confounded-with:CMP/recipe');
    expect(byKey.get('CMP/recipe')?.flags).toContain('confounded-with:CMP/tool');
    expect(byKey.get('LITHO/tool')?.flags.some((flag) => flag.startsWith('confounded'))).toBe(false);
  });

  it('flags single-level and small-group factors and puts untestable ones last', () => {
    const implant = byKey.get('IMPLANT/tool');
    expect(implant?.flags).toContain('single-level');
    expect(implant?.p).toBeNull();
    expect(ranked[ranked.length - 1]?.factor).toBe('tool');
    expect(ranked[ranked.length - 1]?.step).toBe('IMPLANT');
    expect(byKey.get('ANNEAL/tool')?.flags).toContain('small-group');
  });

  it('adjusts p across the tested factors with Benjamini-Hochberg', () => {
    const tested = ranked.filter((result) => result.p !== null);
    expect(tested).toHaveLength(5);
    const etch = byKey.get('ETCH/chamber');
    // Smallest of five p-values: BH = min over larger ranks, at most p * 5.
    expect(etch?.pAdjusted ?? 1).toBeLessThanOrEqual((etch?.p ?? 0) * 5 + 1e-15);
    for (let index = 1; index < tested.length; index += 1) {
      expect(tested[index]?.pAdjusted ?? 0).toBeGreaterThanOrEqual(tested[index - 1]?.pAdjusted ?? 0);
    }
  });

  it('is deterministic regardless of input order', () => {
    const reversed = rankFactors([...craftedWafers()].reverse());
    expect(reversed).toEqual(ranked);
  });

  it('lower-is-better responses (fail-bin fraction) pick the highest median as worst', () => {
    const binFraction = craftedWafers().map((wafer) => ({ ...wafer, response: 1 - wafer.response }));
    const result = rankFactors(binFraction, { betterDirection: 'lower' })[0];
    expect(result?.worstLevel).toBe('ETCH-02C');
    expectRelativelyClose(result?.effect ?? Number.NaN, 0.945 - 0.835, 1e-9);
  });

  it('ignores wafers with a non-finite response and factors missing on some wafers', () => {
    const wafers = craftedWafers();
    wafers.push({ waferKey: 'W99', response: Number.NaN, factors: { 'ETCH/chamber': 'ETCH-09Z' } });
    const result = rankFactors(wafers).find((entry) => entry.step === 'ETCH');
    expect(result?.groups.map((group) => group.level)).not.toContain('ETCH-09Z');
  });
});
