/** English texts of import warnings, by code (merged under `importWarning`; shared/import/importWarning.ts has the codes). */
export default {
  importWarning: {
    rowsSkipped: '{count} row(s) skipped: {problems}',
    rowsSkippedMore: '{count} row(s) skipped: {problems}; {more} more',
    equipmentLotNotTested: '{count} lot(s) in the equipment data have no test data: {ids}',
    equipmentWaferNotTested: '{count} wafer(s) in the equipment data were not tested: {ids}',
    equipmentWaferNoHistory: '{count} tested wafer(s) of these lots have no equipment history: {ids}',
    smlLinesNotUnderstood: '{count} line(s) not understood: {lines}',
    stdfIncomplete: '{file}: incomplete, no MRR: the file ends at byte offset {offset} and stopped growing before the rest arrived; imported as partial',
  },
};
