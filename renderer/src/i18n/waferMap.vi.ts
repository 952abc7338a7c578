/** Vietnamese strings of the wafer map view (merged under the `waferMap` key). */
export default {
  waferMap: {
    back: 'Quay lại',
    title: 'Lô {lot} · wafer {wafer}',
    product: 'Sản phẩm',
    yield: 'Hiệu suất',
    firstPassYield: 'Hiệu suất lần đầu',
    goodTotal: '{good} đạt trên {total}',
    pattern: 'Mẫu không gian',
    loading: 'Đang tải wafer…',
    orientationNote: 'Không rõ hướng wafer, vẽ theo lưới (X sang phải, Y xuống dưới)',
    modes: { hardBin: 'Bin cứng', softBin: 'Bin mềm', passFail: 'Đạt / hỏng', firstPass: 'Lần đầu so với cuối', parametric: 'Thông số' },
    test: 'Phép đo',
    legend: { title: 'Chú giải', hint: 'Nhấn vào một dòng để ẩn hoặc hiện các die; Shift + nhấn để chỉ hiện dòng đó', recolour: 'Đổi màu bin này', resetColours: 'Màu mặc định', pass: 'Đạt', fail: 'Hỏng', unnamed: '(không tên)' },
    retest: { passed: 'Đạt', failed: 'Hỏng', recoveredOnRetest: 'Hỏng → đạt khi đo lại', failedOnRetest: 'Đạt → hỏng khi đo lại' },
    parametric: { withinLimits: 'Trong giới hạn ({low} … {high})', belowLow: 'Dưới giới hạn dưới', aboveHigh: 'Trên giới hạn trên', notMeasured: 'Không đo' },
    tooltip: { die: 'Die ({x}, {y})', hardBin: 'Bin cứng', softBin: 'Bin mềm', site: 'Site', value: 'Giá trị' },
    detail: {
      title: 'Die ({x}, {y})', close: 'Đóng', results: 'Kết quả đo', insertions: 'Các lần đo', insertion: 'Lần', test: 'Phép đo', name: 'Tên',
      value: 'Giá trị', low: 'Dưới', high: 'Trên', units: 'Đơn vị', result: 'Kết quả', pass: 'đạt', fail: 'HỎNG', none: 'Die này không có kết quả đo',
      site: 'Site', hardBin: 'Bin cứng', softBin: 'Bin mềm', testedAt: 'Thời điểm đo', testTime: 'Thời gian (ms)',
    },
    notch: 'Khía định hướng', notchSides: { D: 'dưới', U: 'trên', L: 'trái', R: 'phải' },
    highlighted: 'Đang đánh dấu {count} die: {label}', clearHighlight: 'Bỏ đánh dấu', explain: 'Giải thích wafer này',
    exportPng: 'Xuất PNG',
    exportCsv: 'CSV danh sách die',
  },
};
