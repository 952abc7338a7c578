/** Vietnamese strings of "explain this excursion" (merged under the `explain` key). */
export default {
  explain: {
    titleLot: 'Giải thích lô {lot}', titleWafer: 'Giải thích lô {lot} · wafer {wafer}',
    baselineLots: 'Mốc so sánh: số lô trước đó của sản phẩm', baselineIs: 'Mốc so sánh: {lots}', noBaseline: 'Không có lô nào trước đó của sản phẩm này để so sánh.',
    summary: 'Hiệu suất {target} so với {baseline} ở mốc so sánh',
    method: 'Thống kê đơn giản: tỷ lệ và hiệu suất so sánh bằng kiểm định chi bình phương, dạng phân bố không gian bằng kiểm định chính xác Fisher, phép đo bằng Cohen’s d và kiểm định Mann-Whitney; chỉ liệt kê khác biệt có p < 0,05.',
    loading: 'Đang so sánh với mốc…', nothing: 'Không có khác biệt đáng kể.',
    target: 'Đối tượng', baseline: 'Mốc', difference: 'Chênh lệch', points: 'điểm', site: 'Site {site}',
    sections: { equipment: 'Thiết bị mà đối tượng đã đi qua', signature: 'Dạng phân bố không gian', bin: 'Bin có tỷ lệ tăng', zone: 'Vùng có hiệu suất giảm', test: 'Phép đo có phân bố dịch chuyển', site: 'Site đo' },
    subjects: { equipment: 'Công đoạn · yếu tố · mức', signature: 'Lớp (tỷ lệ wafer)', bin: 'Bin (tỷ lệ die)', zone: 'Vành (hiệu suất)', test: 'Phép đo (trung bình)', site: 'Site (hiệu suất)' },
    methods: {
      equipment: 'Hiệu suất của các wafer đối tượng trên từng máy, buồng và công thức so với các wafer mốc trên cùng mức; xếp hạng theo mức thiếu hụt đó cộng với mức kém hơn các wafer khác của đối tượng ở công đoạn này.',
      signature: 'Tỷ lệ wafer được phân vào từng lớp WM-811K.',
      bin: 'Tỷ lệ die ở từng bin hỏng (bin mềm).',
      zone: 'Hiệu suất ở các vành tâm, giữa và rìa có diện tích bằng nhau.',
      test: 'Chênh lệch trung bình chuẩn hóa (Cohen’s d) của giá trị cuối, p Mann-Whitney.',
      site: 'Hiệu suất theo từng site đo.',
    },
    details: {
      bin: '{target} trên {targetTotal} die so với {baseline} trên {baselineTotal}',
      signature: '{target} trên {targetTotal} wafer so với {baseline} trên {baselineTotal}',
      test: 'n {targetN} so với {baselineN}; độ lệch chuẩn {targetSigma} so với {baselineSigma}',
      equipment: '{targetWafers} wafer đối tượng ({targetShare}) so với {baselineWafers} wafer mốc ({baselineShare}); các wafer khác của đối tượng ở công đoạn này đạt {elsewhere}',
      yield: '{targetGood} die tốt trên {targetTested} so với {baselineGood} trên {baselineTested}',
    },
    rings: { center: 'Tâm', middle: 'Giữa', edge: 'Rìa' },
    flags: { 'new-level': 'không có ở mốc', 'rare-in-baseline': 'hiếm ở mốc', 'new-in-target': 'mới', 'shifted-up': 'cao hơn', 'shifted-down': 'thấp hơn' },
    links: { lot: 'Mở lô', wafer: 'Mở biểu đồ', commonality: 'Phân tích chung' },
    explainLot: 'Giải thích',
  },
};
