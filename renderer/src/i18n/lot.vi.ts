/** Vietnamese strings of the lot view: gallery, stacked map, compare and zones (merged under the `lot` key). */
export default {
  lot: {
    title: 'Lô {lot}',
    back: 'Quay lại',
    loading: 'Đang tải lô…',
    summary: '{wafers} wafer · {dies} die · hiệu suất {yield}',
    packagedSummary: 'Linh kiện đã đóng gói (kiểm tra cuối, không có bản đồ wafer) · {parts} linh kiện · hiệu suất {yield}',
    timings: 'truy vấn die {query} ms · phân loại {classify} ms',
    product: 'Sản phẩm',
    tabs: { gallery: 'Thư viện wafer', stacked: 'Bản đồ chồng', compare: 'So sánh', zones: 'Vùng', drilldown: 'Bin & phép đo' }, explain: 'Giải thích lô này',
    classes: {
      Center: 'Tâm', Donut: 'Vành khuyên', 'Edge-Loc': 'Cục bộ ở mép', 'Edge-Ring': 'Vòng mép', Loc: 'Cục bộ',
      'Near-full': 'Gần toàn bộ', Random: 'Ngẫu nhiên', Scratch: 'Vết xước', none: 'Không có mẫu',
    },
    gallery: {
      sortBy: 'Sắp xếp theo', wafer: 'Wafer', yield: 'Hiệu suất', signature: 'Dạng lỗi', filter: 'Dạng lỗi', allClasses: 'Tất cả',
      colours: 'Màu', passFail: 'Đạt / hỏng', bins: 'Bin cứng', shown: '{shown} trên {total} wafer',
      empty: 'Không có wafer nào của lô này có dạng lỗi đã chọn', open: 'Mở wafer {wafer}', yieldOf: 'hiệu suất {yield}',
      ascending: 'tăng dần', descending: 'giảm dần',
    },
    stacked: {
      scope: 'Wafer', thisLot: 'Lô này', lots: 'Các lô đã chọn', product: 'Một sản phẩm', everything: 'Tất cả các lô',
      from: 'Đo từ ngày', to: 'đến', measure: 'Hiển thị', failPercent: '% hỏng', mean: 'Trung bình', median: 'Trung vị', sigma: 'Độ lệch chuẩn',
      test: 'Phép đo', covers: '{wafers} wafer · số lô: {lots} · {dies} die', empty: 'Không có die nào trong lựa chọn này',
      loading: 'Đang tổng hợp…', mixedProducts: 'Lựa chọn có nhiều sản phẩm ({products}): lưới die có thể khác nhau',
      lotsHint: 'Giữ Ctrl/Cmd và bấm để chọn nhiều lô',
      tooltip: { die: 'Die ({x}, {y})', failPercent: 'Hỏng: {value} %', value: '{statistic}: {value}', noValue: 'Không có giá trị', dies: 'Số die của ô này: {count}', wafers: 'Số wafer: {count}' },
    },
    compare: {
      mode: 'So sánh', twoWafers: 'Hai wafer', retest: 'Lần đo đầu và kết quả cuối', first: 'Wafer A', second: 'Wafer B', wafer: 'Wafer',
      firstPass: 'lần đo đầu', final: 'kết quả cuối', pass: 'Đạt', fail: 'Hỏng', marked: 'Viền đen: kết quả khác nhau giữa hai bản đồ',
      changed: '{count} die khác nhau', detail: '{passToFail} đạt → hỏng · {failToPass} hỏng → đạt · {common} vị trí có trên cả hai bản đồ',
      mapTitle: 'Wafer {wafer} ({which})', yieldOf: 'hiệu suất {yield}',
    },
    zones: {
      rings: 'Vành', equalArea: 'Diện tích bằng nhau', equalRadius: 'Bán kính bằng nhau', centerEnds: 'Vùng tâm đến', middleEnds: 'Vùng giữa đến',
      ofRadius: '% bán kính', sectors: 'Cung', quadrants: 'Góc phần tư', octants: 'Góc phần tám', wafer: 'Wafer', lot: 'Cả lô',
      center: 'Tâm', middle: 'Giữa', edge: 'Mép', delta: 'Mép − tâm', diagram: 'Hiệu suất theo vùng: {what}',
      ringDiagram: 'Vành', sectorDiagram: 'Cung', notch: 'khía', invalidRadii: 'Ranh giới các vành phải tăng dần và nhỏ hơn 100 %',
      note: 'Vùng của từng wafer với khía ở dưới; các cung được đếm ngược chiều kim đồng hồ từ khía. Bấm vào một dòng để vẽ nó.',
    },
  },
};
