/**
 * Vietnamese texts of an equipment file's skipped rows, by code (merged under `equipmentProblem`;
 * shared/equipment/rowProblems.ts has the codes). Values and the JSON parser's message stay as written.
 */
export default {
  equipmentProblem: {
    missing: 'dòng {line}: thiếu {field}',
    notDateTime: 'dòng {line}: {field} không phải ngày/giờ: "{value}"',
    notNumber: 'dòng {line}: {field} không phải là số: "{value}"',
    endBeforeStart: 'dòng {line}: thời điểm kết thúc trước thời điểm bắt đầu',
    notYearFirstDateTime: 'dòng {line}: không phải ngày/giờ dạng năm trước: "{value}"',
    valueNotNumber: 'dòng {line}: không phải là số: "{value}"',
    unsupportedValueType: 'dòng {line}: kiểu giá trị không được hỗ trợ ({type})',
    endBeforeStartAt: 'dòng {line}: kết thúc {end} trước khi bắt đầu {start}',
    notJsonObject: 'dòng {line}: không phải một đối tượng JSON',
    notJson: 'dòng {line}: không đọc được JSON ({message})',
    fields: {
      lot: 'lô', wafer: 'wafer', step: 'công đoạn', tool: 'máy', chamber: 'buồng', recipe: 'công thức', start: 'thời điểm bắt đầu', end: 'thời điểm kết thúc',
      time: 'thời điểm', code: 'mã', text: 'nội dung', parameter: 'thông số', value: 'giá trị',
    },
  },
};
