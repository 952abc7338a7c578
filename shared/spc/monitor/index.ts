/** Public API of the SPC monitor: chart definitions on the fab's data, evaluation, alerts and their audit log. */
export type * from './types.ts';
export { parseDefinitions, serialiseDefinitions, loadDefinitions, saveDefinitions, chartDefinitionSchema, definitionsPath, DefinitionError, type DefinitionProblem } from './definitions.ts';
export { createDefaultDefinitions, DEFAULT_BASELINE_SUBGROUPS, DEFAULT_BIN_CEILING, DEFAULT_YIELD_FLOOR_RATIO } from './defaults.ts';
export { ruleText, defaultSeverity, severityRank, MONITOR_RULES } from './ruleTexts.ts';
export { evaluate, evaluateWithStore, SYSTEM_USER } from './evaluate.ts';
export { evaluateAll, ensureDefinitions, alertId, alertsOf, defaultedProductsPath } from './evaluateAll.ts';
export { limitsHistory, recordLimitsChange, definitionFingerprint } from './limitsStore.ts';
export { listAlerts, compareAlerts, timeline, acknowledgeAlert, assignAlert, closeAlert, reopenAlert, readAuditLog, replayEvents, auditFolder } from './auditLog.ts';
export { shiftSummary, shiftSummaryCsv } from './shiftSummary.ts';
export { USER_METRIC_COLUMNS, USER_METRIC_MAX_ROWS, type SubgroupCache } from './subgroups.ts';
export { alertTable } from './alertTable.ts';
export type * from './episodeTypes.ts';
export { groupViolations, ruleFamily, episodeExtent, compareEpisodes, worseSeverity, DEFAULT_EPISODE_GAP, type EpisodeDraft } from './episodes.ts';
export { loadEpisodeBoard, readEpisodeLog, listEpisodes, actOnEpisodes, raiseEpisodes, applyEpisodeEvent, episodeFolder, episodeIndexPath, type EpisodeBoard } from './episodeLog.ts';
export { episodeJson, episodeTable, type EpisodeJson } from './episodeTable.ts';
export {
  applyHoldRules, holdTable, listHolds, loadHoldRules, placeHold, readHoldEvents, releaseHold, replayHolds, saveHoldRules, holdEventFolder, holdRulesPath, holdStatePath,
  HoldRefusal, type Hold, type HoldEvent, type HoldRefusalCode, type HoldRule,
  HOLD_REASON_CODES, HOLD_REASON_EN, holdReason, type HoldReasonCode, type HoldReasonCoded,
} from './holds.ts';
export { addChart, deleteChart, newChartDefinition, type NewChartRequest } from './newCharts.ts';
