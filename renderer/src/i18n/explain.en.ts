/** English strings of "explain this excursion" (merged under the `explain` key). */
export default {
  explain: {
    titleLot: 'Explain lot {lot}', titleWafer: 'Explain lot {lot} · wafer {wafer}',
    baselineLots: 'Baseline: previous lots of the product', baselineIs: 'Baseline: {lots}', noBaseline: 'No earlier lot of this product to compare with.',
    summary: 'Yield {target} against {baseline} in the baseline',
    method: 'Plain statistics: shares and yields compared by a chi-square test, spatial classes by Fisher’s exact test, tests by Cohen’s d and a Mann-Whitney test; only differences with p < 0.05 are listed.',
    loading: 'Comparing with the baseline…', nothing: 'No significant difference.',
    target: 'Target', baseline: 'Baseline', difference: 'Difference', points: 'pts', site: 'Site {site}',
    sections: { equipment: 'Equipment the target passed through', signature: 'Spatial signatures', bin: 'Bins whose share rose', zone: 'Zones whose yield fell', test: 'Tests whose distribution shifted', site: 'Test sites' },
    subjects: { equipment: 'Step · factor · level', signature: 'Class (share of wafers)', bin: 'Bin (share of dies)', zone: 'Ring (yield)', test: 'Test (mean)', site: 'Site (yield)' },
    methods: {
      equipment: 'Yield of the target’s wafers on each tool, chamber and recipe against the baseline’s wafers on the same level; ranked by that shortfall plus how much worse than the target’s other wafers at that step.',
      signature: 'Share of wafers classified into each WM-811K class.',
      bin: 'Share of dies in each fail bin (soft bin).',
      zone: 'Yield in the equal-area center, middle and edge rings.',
      test: 'Standardised mean difference (Cohen’s d) of the final values, Mann-Whitney p.',
      site: 'Yield per test site.',
    },
    details: {
      bin: '{target} of {targetTotal} dies against {baseline} of {baselineTotal}',
      signature: '{target} of {targetTotal} wafers against {baseline} of {baselineTotal}',
      test: 'n {targetN} against {baselineN}; sigma {targetSigma} against {baselineSigma}',
      equipment: '{targetWafers} target wafers ({targetShare}) against {baselineWafers} baseline wafers ({baselineShare}); the target’s other wafers at this step yield {elsewhere}',
      yield: '{targetGood} good of {targetTested} against {baselineGood} of {baselineTested}',
    },
    rings: { center: 'Center', middle: 'Middle', edge: 'Edge' },
    flags: { 'new-level': 'not in baseline', 'rare-in-baseline': 'rare in baseline', 'new-in-target': 'new', 'shifted-up': 'higher', 'shifted-down': 'lower' },
    links: { lot: 'Open lot', wafer: 'Open chart', commonality: 'Commonality' },
    explainLot: 'Explain',
  },
};
