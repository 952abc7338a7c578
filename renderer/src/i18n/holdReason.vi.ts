/** Vietnamese texts of the reasons hold rules give, by code (merged under `holdReason`; shared/spc/monitor/holds.ts has the codes). */
export default {
  holdReason: {
    lotYieldBelow: 'hiệu suất lô {yield} dưới {threshold} (quy tắc {rule})',
    criticalEpisode: 'đợt cảnh báo nghiêm trọng trên {chart} từ {from} (quy tắc {rule})',
  },
};
