/** Vietnamese strings of the SQL console (merged under `sqlConsole`, and its tab under `nav`). */
export default {
  nav: { sql: 'SQL' },
  sqlConsole: {
    schema: 'Bảng và view',
    kind: { table: 'bảng', view: 'view' },
    editor: 'Truy vấn SQL',
    run: 'Chạy',
    cancel: 'Hủy',
    timeout: 'Giới hạn thời gian (s)',
    hint: 'Ctrl+Enter để chạy · chỉ đọc · nhấp đúp vào cột để chèn',
    exportCsv: 'Xuất CSV',
    exportParquet: 'Xuất Parquet',
    saveName: 'Tên để lưu truy vấn',
    save: 'Lưu truy vấn',
    remove: 'Xóa',
    running: 'Đang chạy…',
    rows: '{rows} dòng trong {seconds} s',
    refusal: {
      empty: 'Truy vấn trống.',
      syntax: 'Truy vấn có lỗi cú pháp.',
      'multiple-statements': 'Mỗi lần chỉ chạy được một câu lệnh.',
      'not-read-only': 'Bảng điều khiển chỉ đọc: không được phép dùng {detail}.',
      'file-access': 'Bị từ chối: {detail} có thể đọc tệp hoặc URL bên ngoài workspace.',
      timeout: 'Truy vấn chạy quá {detail} s và đã bị dừng.',
      cancelled: 'Truy vấn đã bị hủy.',
    },
  },
};
