/** English texts of the reasons hold rules give, by code (merged under `holdReason`; shared/spc/monitor/holds.ts has the codes). */
export default {
  holdReason: {
    lotYieldBelow: 'lot yield {yield} under {threshold} (rule {rule})',
    criticalEpisode: 'critical episode on {chart} from {from} (rule {rule})',
  },
};
