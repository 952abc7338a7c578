/** Vietnamese strings of equipment imports, the mapping dialog's equipment fields and the id-check panel (merged under `equipment`). */
export default {
  equipment: {
    hint: 'Lịch sử thiết bị, sự kiện/cảnh báo và tóm tắt cảm biến (CSV hoặc JSON Lines) cùng nhật ký SECS/GEM dạng SML được nhận dạng theo nội dung.',
    content: { die: 'Kết quả đo theo die', history: 'Lịch sử thiết bị', event: 'Sự kiện và cảnh báo thiết bị', sensor: 'Tóm tắt cảm biến' },
    tables: { equipment_history: 'lịch sử thiết bị', equipment_events: 'sự kiện thiết bị', sensor_summaries: 'tóm tắt cảm biến' },
    mapping: { content: 'Tệp chứa' },
    fields: {
      lot: 'Lô', wafer: 'Wafer', step: 'Công đoạn', tool: 'Máy', chamber: 'Buồng', recipe: 'Công thức', start: 'Thời điểm bắt đầu', end: 'Thời điểm kết thúc',
      time: 'Thời điểm', code: 'Mã sự kiện hoặc cảnh báo', text: 'Nội dung', parameter: 'Thông số', value: 'Giá trị',
    },
    imported: '{file}: đã nhập {rows} dòng {table}',
    warning: 'cảnh báo: {text}',
    ids: {
      title: 'Mã lô/wafer giữa thiết bị và kết quả đo',
      explain: 'Các lô và wafer chỉ có ở một phía. Không có gì bị bỏ: chúng vẫn nằm trong không gian làm việc.',
      none: 'Chưa nhập dữ liệu thiết bị nào.',
      allMatch: 'Mọi lô và wafer trong dữ liệu thiết bị đều có kết quả đo, và mọi wafer đã đo đều có lịch sử thiết bị.',
      issues: {
        lotNotTested: 'Lô trong dữ liệu thiết bị nhưng chưa có kết quả đo ({count})',
        waferNotTested: 'Wafer trong dữ liệu thiết bị nhưng chưa được đo ({count})',
        waferNoHistory: 'Wafer đã đo nhưng không có lịch sử thiết bị ({count})',
      },
      rows: '{rows} dòng thiết bị',
      more: 'và {count} mục nữa',
    },
  },
};
