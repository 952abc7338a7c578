/** Vietnamese strings of the startup screen (merged under `startup`). */
export default {
  startup: {
    engine: 'Đang khởi động cơ sở dữ liệu trong trình duyệt (duckdb-wasm)…',
    connect: 'Đang kết nối tới cơ sở dữ liệu của máy trạm…',
    manifest: 'Đang đọc danh mục không gian làm việc…',
    load: 'Đang nạp {table}: {done}/{total} tệp',
    lock: 'Đang giới hạn cơ sở dữ liệu trong thư mục làm việc…',
    where: { page: 'cơ sở dữ liệu: trình duyệt này', host: 'cơ sở dữ liệu: gốc, trên máy chủ' },
  },
};
