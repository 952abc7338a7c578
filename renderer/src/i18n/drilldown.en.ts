/** English strings of the bin and parametric drill-down (merged under the `drilldown` key). */
export default {
  drilldown: {
    title: 'Bins and parametric drill-down',
    loading: 'Computing…',
    pareto: {
      showPass: 'Show pass bins', title: 'Bin Pareto', hard: 'Hard bin', soft: 'Soft bin', dies: 'Dies', cumulative: 'Cumulative %',
      hint: 'Click a bar to highlight its dies on the map (again to clear)',
    },
    stats: {
      filter: 'Filter tests by name or number', threshold: 'Low Cpk below', failing: 'failing dies', lowCpk: 'Cpk below threshold', noTests: 'No parametric test results in this selection (the file carries bins only).', noMatch: 'No test matches the filter.',
      columns: { testNumber: 'Test', name: 'Name', n: 'n', mean: 'Mean', sigma: 'Sigma', minimum: 'Min', maximum: 'Max', lowLimit: 'Low limit', highLimit: 'High limit', fails: 'Fails', invalid: 'Invalid', cp: 'Cp', cpk: 'Cpk' },
    },
    spcChart: { ofTest: 'SPC chart of this test', ofBin: 'SPC chart of this bin', pickOneProduct: 'Pick wafers of one product: an SPC chart is per product' },
    charts: {
      histogram: 'Histogram with limits and normal fit', trend: 'Trend in test order', byWafer: 'By wafer', bySite: 'By site',
      scatter: 'Scatter against', dies: 'Dies', normalFit: 'Normal fit', outliers: 'Outliers (beyond 1.5 IQR)', lowLimit: 'Low limit', highLimit: 'High limit',
      wafer: 'Wafer', site: 'Site', testOrder: 'Die in test order', correlation: 'Pearson r = {r} ({n} dies, {shown} shown)',
      brushHint: 'Drag a box with the brush tool (top right) to highlight those dies on the map',
      brushed: { trend: 'brushed on the trend', scatter: 'brushed on the scatter' },
    },
  },
};
