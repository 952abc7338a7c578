/** English UI strings. */
export default {
  app: { title: 'Yield Monitor', subtitle: 'Wafer test yield, local-first', language: 'Language' },
  nav: { overview: 'Overview', spc: 'SPC charts', alerts: 'Alerts', commonality: 'Commonality', reports: 'Reports', products: 'All products', back: 'Back', forward: 'Forward', lot: 'Lot {lot}', wafer: 'Wafer {wafer}', explain: 'Explain' },
  actions: { open: 'Open files…', cancel: 'Cancel', close: 'Close', apply: 'Import with this mapping', back: 'Back to lots' },
  status: { starting: 'Starting the database engine…', loadingSample: 'Loading the sample fab…', ready: 'Workspace: {location}', lake: 'Fab lake, read-only', error: 'Error: {message}', loadingDetails: 'Loading test results… {done} of {total} files' },
  kpi: { noData: 'no data', yieldPerProduct: 'Yield (final) per product', mixAdjusted: 'mix-adjusted: each product\'s change weighted by its share of dies', lots: 'Lots', wafers: 'Wafers', dies: 'Tested die', yield: 'Yield (final)', firstPass: 'First-pass {value}', change: 'vs. previous {days} days', noChange: 'no previous period' },
  trend: { title: 'Yield trend', byLot: 'By lot', byWeek: 'By week', allProducts: 'All products', product: 'Product', yield: 'Yield' },
  lots: { title: 'Lots', filter: 'Filter lots…', lot: 'Lot', product: 'Product', wafers: 'Wafers', dies: 'Die', yield: 'Yield', worstWafer: 'Worst wafer', firstTest: 'First test', count: '{shown} of {total} lots' },
  wafers: { openLot: 'Gallery & stacked map', explain: 'Explain yield', title: 'Wafers of lot {lot}', wafer: 'Wafer', goodTotal: 'Good / total', yield: 'Yield', topFail: 'Top fail bin', none: '—' },
  import: {
    title: 'Import', drop: 'Drop STDF or CSV files, or folders, anywhere to import them', reading: 'Reading', parsing: 'Parsing', writing: 'Saving',
    done: 'Imported', progress: '{done} of {total}', rows: '{rows} rows', imported: '{file}: {rows} rows imported', duplicate: '{file}: already imported (same content), nothing to do',
    mapImported: '{file}: wafer map, {rows} dies imported (kept apart from test data)', defectsImported: '{file}: {rows} KLARF defects imported',
    cancelled: 'Import cancelled; the workspace is unchanged', failed: 'Import failed', log: 'Import log',
  },
  mapping: { title: 'Map the columns of {file}', explain: 'Some required columns were not recognised. Choose which column holds each field; the choice is remembered for files with the same header.', none: '(none)', missing: 'required' },
  roles: { product: 'Product', lot: 'Lot', wafer: 'Wafer', x: 'Die X', y: 'Die Y', site: 'Site', hard_bin: 'Hard bin', soft_bin: 'Soft bin', pass: 'Pass/fail', insertion: 'Insertion', tested_at: 'Test time', test_time_ms: 'Test duration (ms)', part_id: 'Part ID' },
};
