/** Vietnamese strings of the watch-folder panel and its imports (merged under the `watch` key). */
export default {
  watch: {
    title: 'Thư mục theo dõi',
    explain: 'Tệp STDF và CSV mới trong các thư mục này được nhập tự động khi chúng không còn thay đổi trong vài giây.',
    add: 'Thêm thư mục…',
    remove: 'Ngừng theo dõi',
    empty: 'Chưa theo dõi thư mục nào.',
    noFiles: 'Thư mục này chưa có tệp dữ liệu đo nào.',
    desktopOnly: 'Thư mục theo dõi cần ứng dụng máy tính. Nếu không có, hãy chạy lệnh sau:',
    command: 'npx yield-monitor watch --workspace DIR FOLDER…',
    more: '… và {count} tệp khác',
    status: {
      settling: 'đang chờ ghi xong tệp',
      ready: 'đang nhập…',
      imported: 'đã nhập',
      duplicate: 'đã nhập trước đó',
      failed: 'lỗi',
      removed: 'đã xoá',
    },
    logImported: '{file}: đã nhập {rows} dòng từ thư mục theo dõi',
    needsMapping: '{file}: không nhận ra các cột; hãy mở tệp một lần để gán cột, các tệp sau có cùng tiêu đề sẽ được nhập tự động',
    failedUnknown: '{file}: nhập thất bại',
  },
};
