/** Vietnamese strings of the workspace's import list: removing an import, the sample-data label, opening another workspace folder. */
export default {
  importList: {
    title: 'Các lần nhập trong không gian làm việc ({count})',
    rows: '{rows} dòng',
    refused: 'bị từ chối',
    sample: 'Dữ liệu mẫu',
    remove: 'Xóa',
    confirm: 'Xóa {file} cùng {rows} dòng của tệp khỏi không gian làm việc? Các màn hình sẽ không còn tính các dòng này.',
    confirmRemove: 'Xóa',
    keep: 'Giữ lại',
    removed: 'Đã xóa {file} ({rows} dòng)',
    sampleNotice: 'Không gian làm việc này chứa dữ liệu mẫu: {count} lần nhập từ nhà máy minh họa đi kèm, không phải từ máy đo của bạn.',
    removeSample: 'Xóa dữ liệu mẫu',
    confirmSample: 'Xóa cả {count} lần nhập mẫu ({rows} dòng)? Các tệp bạn đã nhập vẫn được giữ.',
    sampleRemoved: 'Đã xóa dữ liệu mẫu ({count} lần nhập)',
    openFolder: 'Đổi không gian làm việc…',
    openFolderHint: 'Mở một thư mục không gian làm việc khác; ứng dụng khởi động lại trên thư mục đó và lần sau vẫn mở thư mục này',
    openFolderUnavailable: 'Chỉ ứng dụng máy tính mới mở được thư mục không gian làm việc khác',
  },
};
