/** Vietnamese strings of the bin and parametric drill-down (merged under the `drilldown` key). */
export default {
  drilldown: {
    title: 'Phân tích bin và tham số',
    loading: 'Đang tính…',
    pareto: {
      showPass: 'Hiện bin đạt', title: 'Biểu đồ Pareto bin', hard: 'Bin cứng', soft: 'Bin mềm', dies: 'Số die', cumulative: '% tích lũy',
      hint: 'Nhấn vào một cột để đánh dấu các die của nó trên bản đồ (nhấn lại để bỏ)',
    },
    stats: {
      filter: 'Lọc phép đo theo tên hoặc số', threshold: 'Cpk thấp dưới', failing: 'có die hỏng', lowCpk: 'Cpk dưới ngưỡng', noTests: 'Không có kết quả đo tham số trong vùng chọn này (tệp chỉ có bin).', noMatch: 'Không có phép đo nào khớp bộ lọc.',
      columns: { testNumber: 'Phép đo', name: 'Tên', n: 'n', mean: 'Trung bình', sigma: 'Độ lệch chuẩn', minimum: 'Nhỏ nhất', maximum: 'Lớn nhất', lowLimit: 'Giới hạn dưới', highLimit: 'Giới hạn trên', fails: 'Hỏng', invalid: 'Không hợp lệ', cp: 'Cp', cpk: 'Cpk' },
    },
    spcChart: { ofTest: 'Biểu đồ SPC của phép đo này', ofBin: 'Biểu đồ SPC của bin này', pickOneProduct: 'Hãy chọn wafer của một sản phẩm: mỗi biểu đồ SPC ứng với một sản phẩm' },
    charts: {
      histogram: 'Biểu đồ tần suất với giới hạn và đường chuẩn', trend: 'Xu hướng theo thứ tự đo', byWafer: 'Theo wafer', bySite: 'Theo site',
      scatter: 'Biểu đồ tán xạ với', dies: 'Số die', normalFit: 'Phân phối chuẩn', outliers: 'Giá trị ngoại lai (ngoài 1,5 IQR)', lowLimit: 'Giới hạn dưới', highLimit: 'Giới hạn trên',
      wafer: 'Wafer', site: 'Site', testOrder: 'Die theo thứ tự đo', correlation: 'Hệ số Pearson r = {r} ({n} die, hiển thị {shown})',
      brushHint: 'Kéo khung bằng công cụ chọn (góc trên bên phải) để đánh dấu các die đó trên bản đồ',
      brushed: { trend: 'chọn trên biểu đồ xu hướng', scatter: 'chọn trên biểu đồ tán xạ' },
    },
  },
};
