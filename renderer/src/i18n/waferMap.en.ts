/** English strings of the wafer map view (merged under the `waferMap` key). */
export default {
  waferMap: {
    back: 'Back',
    title: 'Lot {lot} · wafer {wafer}',
    product: 'Product',
    yield: 'Yield',
    firstPassYield: 'First-pass yield',
    goodTotal: '{good} good of {total}',
    pattern: 'Spatial pattern',
    loading: 'Loading wafer…',
    orientationNote: 'Orientation unknown, drawn as a raster (X right, Y down)',
    modes: { hardBin: 'Hard bin', softBin: 'Soft bin', passFail: 'Pass / fail', firstPass: 'First pass vs final', parametric: 'Parametric' },
    test: 'Test',
    legend: { title: 'Legend', hint: 'Click a row to hide or show its dies; shift-click to show only that row', recolour: 'Change the colour of this bin', resetColours: 'Default colours', pass: 'Pass', fail: 'Fail', unnamed: '(no name)' },
    retest: { passed: 'Passed', failed: 'Failed', recoveredOnRetest: 'Fail → pass on retest', failedOnRetest: 'Pass → fail on retest' },
    parametric: { withinLimits: 'Within limits ({low} … {high})', belowLow: 'Below low limit', aboveHigh: 'Above high limit', notMeasured: 'Not measured' },
    tooltip: { die: 'Die ({x}, {y})', hardBin: 'Hard bin', softBin: 'Soft bin', site: 'Site', value: 'Value' },
    detail: {
      title: 'Die ({x}, {y})', close: 'Close', results: 'Test results', insertions: 'Insertions', insertion: 'Ins.', test: 'Test', name: 'Name',
      value: 'Value', low: 'Low', high: 'High', units: 'Units', result: 'Result', pass: 'pass', fail: 'FAIL', none: 'No test results for this die',
      site: 'Site', hardBin: 'Hard bin', softBin: 'Soft bin', testedAt: 'Tested at', testTime: 'Time (ms)',
    },
    notch: 'Notch', notchSides: { D: 'down', U: 'up', L: 'left', R: 'right' },
    highlighted: '{count} dies highlighted: {label}', clearHighlight: 'Clear highlight', explain: 'Explain this wafer',
    exportPng: 'Export PNG',
    exportCsv: 'Die list CSV',
  },
};
