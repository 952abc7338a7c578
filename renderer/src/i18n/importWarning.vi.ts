/** Vietnamese texts of import warnings, by code (merged under `importWarning`; shared/import/importWarning.ts has the codes). */
export default {
  importWarning: {
    rowsSkipped: '{count} dòng bị bỏ qua: {problems}',
    rowsSkippedMore: '{count} dòng bị bỏ qua: {problems}; còn {more} dòng khác',
    equipmentLotNotTested: '{count} lô trong dữ liệu thiết bị không có dữ liệu đo: {ids}',
    equipmentWaferNotTested: '{count} wafer trong dữ liệu thiết bị chưa được đo: {ids}',
    equipmentWaferNoHistory: '{count} wafer đã đo của các lô này không có lịch sử thiết bị: {ids}',
    smlLinesNotUnderstood: '{count} dòng không đọc được: {lines}',
    stdfIncomplete: '{file}: chưa hoàn chỉnh, không có MRR: tệp kết thúc ở byte {offset} và ngừng lớn thêm trước khi phần còn lại đến; đã nhập một phần',
  },
};
