/** Public API of the SPC monitor (stubs: being filled in; signatures are stable). */
import type { SqlEngine } from '../../engine/sqlEngine.ts';
import type { WorkspaceStore } from '../../host/hostApi.ts';
import type {
  Alert, AlertFilter, AuditEvent, ChartDefinition, ChartEvaluation, EvaluateAllResult, LimitsRecord, MonitorRule, Severity, ShiftSummary,
} from './types.ts';

export type * from './types.ts';

const pending = (): never => {
  throw new Error('SPC monitor: not implemented yet');
};

/** Validate definitions read from JSON (text or parsed); throws DefinitionError naming definition and field. */
export function parseDefinitions(_json: string | unknown): ChartDefinition[] { return pending(); }
/** Serialise definitions for `spc/definitions.json` or an export file. */
export function serialiseDefinitions(_definitions: readonly ChartDefinition[]): string { return pending(); }
/** Definitions saved in the workspace (empty list when none). */
export async function loadDefinitions(_store: WorkspaceStore): Promise<ChartDefinition[]> { return pending(); }
/** Save definitions to `spc/definitions.json`. */
export async function saveDefinitions(_store: WorkspaceStore, _definitions: readonly ChartDefinition[]): Promise<void> { return pending(); }
/** Default definitions for the workspace's data (yield p per product, X-bar/S per test with limits, thresholds). */
export async function createDefaultDefinitions(_engine: SqlEngine): Promise<ChartDefinition[]> { return pending(); }
/** Saved definitions, or defaults created and saved when there are none. */
export async function ensureDefinitions(_engine: SqlEngine, _store: WorkspaceStore): Promise<ChartDefinition[]> { return pending(); }
/** English text of a rule. */
export function ruleText(_rule: MonitorRule): string { return pending(); }
/** Default severity of a rule (rule 1 critical, the others warning). */
export function defaultSeverity(_rule: MonitorRule): Severity { return pending(); }

/** Evaluate one definition (with frozen limits when given; otherwise phase I on its baseline). */
export async function evaluate(_engine: SqlEngine, _definition: ChartDefinition, _limits?: LimitsRecord | null): Promise<ChartEvaluation> { return pending(); }
/** Evaluate one definition with the limits saved in the workspace (freezing phase I limits when its baseline is complete). */
export async function evaluateWithStore(_engine: SqlEngine, _store: WorkspaceStore, _definition: ChartDefinition): Promise<ChartEvaluation> { return pending(); }
/** Evaluate every enabled definition (creating defaults when none), record new alerts. */
export async function evaluateAll(_engine: SqlEngine, _store: WorkspaceStore): Promise<EvaluateAllResult> { return pending(); }

/** Limits history of a definition, oldest first. */
export async function limitsHistory(_store: WorkspaceStore, _definitionId: string): Promise<LimitsRecord[]> { return pending(); }
/** Append a limits change (manual limits or a new phase I) as a new file. */
export async function recordLimitsChange(_store: WorkspaceStore, _record: LimitsRecord): Promise<void> { return pending(); }

/** Current alerts (replay of the audit log), severity then time descending, filtered. */
export async function listAlerts(_store: WorkspaceStore, _filter?: AlertFilter): Promise<Alert[]> { return pending(); }
/** Audit events of one alert, oldest first. */
export async function timeline(_store: WorkspaceStore, _alertId: string): Promise<AuditEvent[]> { return pending(); }
/** Acknowledge with a comment. */
export async function acknowledgeAlert(_store: WorkspaceStore, _alertId: string, _by: { who: string; comment: string; at?: Date }): Promise<Alert> { return pending(); }
/** Assign to a person. */
export async function assignAlert(_store: WorkspaceStore, _alertId: string, _by: { who: string; assignee: string; comment?: string; at?: Date }): Promise<Alert> { return pending(); }
/** Close with a cause and a corrective action. */
export async function closeAlert(_store: WorkspaceStore, _alertId: string, _by: { who: string; cause: string; action: string; comment?: string; at?: Date }): Promise<Alert> { return pending(); }
/** Reopen a closed alert. */
export async function reopenAlert(_store: WorkspaceStore, _alertId: string, _by: { who: string; comment: string; at?: Date }): Promise<Alert> { return pending(); }

/** Imports, raised alerts and still-open alerts between two instants. */
export async function shiftSummary(_store: WorkspaceStore, _from: Date, _to: Date): Promise<ShiftSummary> { return pending(); }
/** CSV text (RFC 4180) of a shift summary. */
export function shiftSummaryCsv(_summary: ShiftSummary): string { return pending(); }
