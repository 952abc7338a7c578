/** English strings of the lot view: gallery, stacked map, compare and zones (merged under the `lot` key). */
export default {
  lot: {
    title: 'Lot {lot}',
    back: 'Back',
    loading: 'Loading lot…',
    summary: '{wafers} wafers · {dies} dies · yield {yield}',
    packagedSummary: 'Packaged parts (final test, no wafer map) · {parts} parts · yield {yield}',
    timings: 'dies query {query} ms · classification {classify} ms',
    product: 'Product',
    tabs: { gallery: 'Wafer gallery', stacked: 'Stacked map', compare: 'Compare', zones: 'Zones', drilldown: 'Bins & tests' }, explain: 'Explain this lot',
    classes: {
      Center: 'Center', Donut: 'Donut', 'Edge-Loc': 'Edge-Loc', 'Edge-Ring': 'Edge-Ring', Loc: 'Loc',
      'Near-full': 'Near-full', Random: 'Random', Scratch: 'Scratch', none: 'No pattern',
    },
    gallery: {
      sortBy: 'Sort by', wafer: 'Wafer', yield: 'Yield', signature: 'Signature', filter: 'Signatures', allClasses: 'All',
      colours: 'Colours', passFail: 'Pass / fail', bins: 'Hard bin', shown: '{shown} of {total} wafers',
      empty: 'No wafer of this lot has the chosen signatures', open: 'Open wafer {wafer}', yieldOf: 'yield {yield}',
      ascending: 'ascending', descending: 'descending',
    },
    stacked: {
      scope: 'Wafers', thisLot: 'This lot', lots: 'Chosen lots', product: 'One product', everything: 'All lots',
      from: 'Tested from', to: 'to', measure: 'Show', failPercent: 'Fail %', mean: 'Mean', median: 'Median', sigma: 'Sigma',
      test: 'Test', covers: '{wafers} wafers · lots: {lots} · {dies} dies', empty: 'No dies in this selection',
      loading: 'Aggregating…', mixedProducts: 'Several products in this selection ({products}): their die grids may differ',
      lotsHint: 'Ctrl/Cmd-click to choose several lots',
      tooltip: { die: 'Die ({x}, {y})', failPercent: 'Fail: {value} %', value: '{statistic}: {value}', noValue: 'No value', dies: 'Dies behind this cell: {count}', wafers: 'Wafers: {count}' },
    },
    compare: {
      mode: 'Compare', twoWafers: 'Two wafers', retest: 'First pass vs final', first: 'Wafer A', second: 'Wafer B', wafer: 'Wafer',
      firstPass: 'first pass', final: 'final', pass: 'Pass', fail: 'Fail', marked: 'Outlined: result differs between the two maps',
      changed: '{count} dies differ', detail: '{passToFail} pass → fail · {failToPass} fail → pass · {common} positions on both maps',
      mapTitle: 'Wafer {wafer} ({which})', yieldOf: 'yield {yield}',
    },
    zones: {
      rings: 'Rings', equalArea: 'Equal area', equalRadius: 'Equal radius', centerEnds: 'Center ends at', middleEnds: 'Middle ends at',
      ofRadius: '% of radius', sectors: 'Sectors', quadrants: 'Quadrants', octants: 'Octants', wafer: 'Wafer', lot: 'Whole lot',
      center: 'Center', middle: 'Middle', edge: 'Edge', delta: 'Edge − center', diagram: 'Yield by zone: {what}',
      ringDiagram: 'Rings', sectorDiagram: 'Sectors', notch: 'notch', invalidRadii: 'Ring boundaries must increase and stay below 100 %',
      note: 'Zones per wafer with the notch down; sectors are counted counter-clockwise from the notch. Click a row to draw it.',
    },
  },
};
