/** Vietnamese UI strings (same keys as en.ts). */
export default {
  app: { title: 'Yield Monitor', subtitle: 'Hiệu suất kiểm tra wafer, dữ liệu tại máy', language: 'Ngôn ngữ' },
  nav: { overview: 'Tổng quan', spc: 'Biểu đồ SPC', alerts: 'Cảnh báo', commonality: 'Phân tích chung thiết bị', reports: 'Báo cáo', products: 'Tất cả sản phẩm', back: 'Lùi', forward: 'Tiến', lot: 'Lô {lot}', wafer: 'Wafer {wafer}', explain: 'Giải thích' },
  actions: { open: 'Mở tệp…', cancel: 'Hủy', close: 'Đóng', apply: 'Nhập theo ánh xạ này', back: 'Quay lại danh sách lô' },
  status: { starting: 'Đang khởi động cơ sở dữ liệu…', loadingSample: 'Đang nạp dữ liệu nhà máy mẫu…', ready: 'Không gian làm việc: {location}', lake: 'Kho dữ liệu nhà máy (lake), chỉ đọc', error: 'Lỗi: {message}', loadingDetails: 'Đang nạp kết quả đo… {done}/{total} tệp' },
  kpi: { noData: 'không có dữ liệu', yieldPerProduct: 'Hiệu suất (cuối) theo sản phẩm', mixAdjusted: 'đã điều chỉnh cơ cấu: thay đổi của từng sản phẩm theo tỷ trọng die', lots: 'Số lô', wafers: 'Số wafer', dies: 'Số die đã kiểm tra', yield: 'Hiệu suất (cuối)', firstPass: 'Lần đầu {value}', change: 'so với {days} ngày trước', noChange: 'không có kỳ trước' },
  trend: { title: 'Xu hướng hiệu suất', byLot: 'Theo lô', byWeek: 'Theo tuần', allProducts: 'Tất cả sản phẩm', product: 'Sản phẩm', yield: 'Hiệu suất' },
  lots: { title: 'Các lô', filter: 'Lọc lô…', lot: 'Lô', product: 'Sản phẩm', wafers: 'Wafer', dies: 'Die', yield: 'Hiệu suất', worstWafer: 'Wafer kém nhất', firstTest: 'Lần kiểm tra đầu', count: '{shown} trên {total} lô' },
  wafers: { openLot: 'Thư viện & bản đồ chồng', explain: 'Giải thích hiệu suất', title: 'Các wafer của lô {lot}', wafer: 'Wafer', goodTotal: 'Đạt / tổng', yield: 'Hiệu suất', topFail: 'Bin lỗi nhiều nhất', none: '—' },
  import: {
    title: 'Nhập dữ liệu', drop: 'Kéo thả tệp STDF, CSV hoặc thư mục vào cửa sổ để nhập', reading: 'Đang đọc', parsing: 'Đang phân tích', writing: 'Đang lưu',
    done: 'Đã nhập', progress: '{done} / {total}', rows: '{rows} dòng', imported: '{file}: đã nhập {rows} dòng', duplicate: '{file}: đã nhập trước đó (cùng nội dung), không cần làm gì',
    mapImported: '{file}: bản đồ wafer, đã nhập {rows} die (tách riêng khỏi dữ liệu đo)', defectsImported: '{file}: đã nhập {rows} khuyết tật KLARF',
    cancelled: 'Đã hủy nhập; không gian làm việc không thay đổi', failed: 'Nhập thất bại', log: 'Nhật ký nhập',
  },
  mapping: { title: 'Ánh xạ các cột của {file}', explain: 'Một số cột bắt buộc không được nhận diện. Hãy chọn cột chứa từng trường; lựa chọn được ghi nhớ cho các tệp có cùng tiêu đề.', none: '(không có)', missing: 'bắt buộc' },
  roles: { product: 'Sản phẩm', lot: 'Lô', wafer: 'Wafer', x: 'Tọa độ X', y: 'Tọa độ Y', site: 'Site', hard_bin: 'Hard bin', soft_bin: 'Soft bin', pass: 'Đạt/không đạt', insertion: 'Lần kiểm tra', tested_at: 'Thời điểm kiểm tra', test_time_ms: 'Thời lượng kiểm tra (ms)', part_id: 'Mã linh kiện' },
};
