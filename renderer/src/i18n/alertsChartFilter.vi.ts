/** The alert board's chart filter (merged into the `alerts` area). */
export default {
  alerts: {
    chartFilter: 'Biểu đồ',
  },
};
