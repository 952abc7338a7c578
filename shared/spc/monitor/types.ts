/**
 * Public types of the SPC monitor: chart definitions over the canonical tables, their evaluation,
 * alerts and the append-only audit log. The UI (SpcView, AlertBoardView) builds on these only.
 */
import type { ChartKind, RuleName } from '../index.ts';
import type { Hold } from './holds.ts';

/** Alert severity, most severe last. */
export type Severity = 'info' | 'warning' | 'critical';

/** A run rule (WE1-4, N1-8) or the simple threshold rule of a threshold definition. */
export type MonitorRule = RuleName | 'THRESHOLD';

/** What is measured per subgroup. `sql` runs a read-only user query (columns: see README). */
export type MetricDefinition =
  | { kind: 'wafer-yield' }
  | { kind: 'lot-yield' }
  | { kind: 'bin-fraction'; binType: 'hard' | 'soft'; bin: number }
  | { kind: 'parametric'; testNum: number }
  | { kind: 'sql'; sql: string };

/** Which data a chart looks at; tool/chamber/step match equipment_history (any step when no step). */
export interface DefinitionFilter {
  product?: string;
  step?: string;
  tool?: string;
  chamber?: string;
}

/** Chart types a definition may use; `threshold` is a plain limit check without control limits. */
export type MonitorChartKind = Extract<ChartKind, 'p' | 'np' | 'xbar-s' | 'xbar-r' | 'imr'> | 'threshold';

/** Phase I baseline: the first K subgroups, or the subgroups whose time lies in [from, to). */
export type BaselineWindow = { firstSubgroups: number } | { from: string; to: string };

/** How limits are set: estimated from a baseline then frozen, or typed in by a person. */
export type LimitsDefinition =
  | { mode: 'phase-one'; baseline: BaselineWindow; dropOutOfControl: boolean }
  | { mode: 'manual'; center: number; lcl: number; ucl: number };

/**
 * Sigma of the plotted points: `within` = textbook (X-bar: pooled within-subgroup σ/√n; p: binomial),
 * `between` = spread of the subgroups themselves (X-bar: lot-to-lot plus within-lot variance components of the baseline means; p: Laney p′).
 * Wafer-level charts need `between`: lot/wafer offsets dwarf σ/√n at 500+ die per wafer.
 */
export type SigmaBasis = 'within' | 'between';

/** A simple threshold: alert when the subgroup value is below or above `value` (a fraction for p). */
export interface ThresholdDefinition {
  direction: 'below' | 'above';
  value: number;
}

/** One chart definition, as saved in `spc/definitions.json` and exchanged as JSON. */
export interface ChartDefinition {
  id: string;
  name: string;
  enabled: boolean;
  metric: MetricDefinition;
  filter: DefinitionFilter;
  chart: MonitorChartKind;
  /** Run rules evaluated on the primary series (ignored for `threshold`). */
  rules: RuleName[];
  limits: LimitsDefinition;
  /** X-bar and p charts; default `between`. */
  sigmaBasis?: SigmaBasis;
  /** Control limits at center ± this many sigmas (default 3); rule 1 (WE1/N1) flags points beyond them. */
  limitSigmas?: number;
  /** Required when chart is `threshold`. */
  threshold?: ThresholdDefinition;
  /** Severity per rule; rules not listed use `defaultSeverity(rule)`. */
  severity: Partial<Record<MonitorRule, Severity>>;
  /** Optional free text shown in the UI. */
  description?: string;
}

/** Who/what a subgroup (one plotted point) is. `key` is stable across evaluations. */
export interface SubgroupIdentity {
  key: string;
  product: string;
  lot: string;
  /** Null for lot-level subgroups. */
  wafer: string | null;
  /** ISO-8601 start of the subgroup (wafer start time, or first test of the lot). */
  time: string;
  /** Equipment tool at the filter's step (or the tester when the definition has no equipment filter). */
  tool: string | null;
  chamber: string | null;
}

/** A rule firing on a point, with its English text and severity. */
export interface PointViolation {
  rule: MonitorRule;
  text: string;
  severity: Severity;
}

/** One plotted point with its own limits and zone sigma (limits step where n varies). */
export interface EvaluatedPoint {
  index: number;
  subgroup: SubgroupIdentity;
  value: number;
  n: number;
  center: number;
  lcl: number;
  ucl: number;
  /** SD of the plotted statistic: zone boundaries are center ± 1, 2 sigma. */
  sigma: number;
  /** Used to estimate phase I limits (false for points outside the baseline or dropped). */
  inBaseline: boolean;
  violations: PointViolation[];
}

/** The dispersion chart under X-bar/S or X-bar/R (S or R per subgroup; rule 1 only). */
export interface SecondarySeries {
  kind: 's' | 'r' | 'mr';
  center: number;
  points: { index: number; value: number; lcl: number; ucl: number; center: number; sigma: number }[];
  violations: { index: number; rule: MonitorRule }[];
}

/** In-control parameters a chart was evaluated with (frozen after phase I, or manual). */
export interface ChartParameters {
  /** Center (mean, p̄). */
  center: number;
  /** Process sigma for variables charts (within sigma; `betweenSigma` for the X-bar points when basis is between). */
  sigma: number | null;
  betweenSigma?: number | null;
  /** Manual limits, when set by a person. */
  lcl?: number;
  ucl?: number;
}

/** One appended limits record (`spc/limits/<definitionId>/<iso>-<seq>.json`). */
export interface LimitsRecord {
  definitionId: string;
  who: string;
  when: string;
  why: string;
  old: ChartParameters | null;
  new: ChartParameters;
  /** Subgroup keys used for the estimate and those dropped as out of control (phase I). */
  baselineKeys: string[];
  droppedKeys: string[];
  /** Fingerprint of what the limits depend on (metric, filter, chart, basis, limits); a changed definition gets new limits. */
  definitionFingerprint?: string;
}

/** Where the limits of an evaluation came from. */
export type LimitsSource = 'frozen' | 'phase-one-provisional' | 'manual' | 'threshold';

/** The result of evaluating one definition on the workspace. */
export interface ChartEvaluation {
  definition: ChartDefinition;
  chart: MonitorChartKind;
  evaluatedAt: string;
  parameters: ChartParameters | null;
  limitsSource: LimitsSource;
  /** The limits record used (frozen phase I or manual), if any. */
  limitsRecord: LimitsRecord | null;
  points: EvaluatedPoint[];
  secondary: SecondarySeries | null;
  /** Every violation on the primary series, in point order. */
  violations: { index: number; subgroupKey: string; rule: MonitorRule; text: string; severity: Severity }[];
  /** Spec limits of the parametric test (for a capability panel), when known. */
  specLimits: { lower: number | null; upper: number | null; units: string | null } | null;
}

/** Alert state after replaying its audit events. */
export type AlertState = 'open' | 'acknowledged' | 'closed';

/** An alert: one rule firing on one subgroup of one definition. */
export interface Alert {
  /** Deterministic: `<definitionId>|<subgroupKey>|<rule>`. */
  id: string;
  definitionId: string;
  chartName: string;
  rule: MonitorRule;
  ruleText: string;
  severity: Severity;
  raisedAt: string;
  subgroupKey: string;
  subgroupTime: string;
  product: string;
  lot: string;
  wafer: string | null;
  tool: string | null;
  value: number;
  state: AlertState;
  assignee: string | null;
  /** Time of the last audit event. */
  updatedAt: string;
}

/** Kinds of audit events. */
export type AuditEventType = 'raised' | 'acknowledged' | 'assigned' | 'closed' | 'reopened';

/** One append-only audit event (`alerts/audit/<iso-time>-<seq>-<alertId>.json`). */
export interface AuditEvent {
  type: AuditEventType;
  alertId: string;
  at: string;
  who: string;
  comment?: string;
  assignee?: string;
  cause?: string;
  action?: string;
  /** The alert as raised (only on `raised`). */
  alert?: Omit<Alert, 'state' | 'assignee' | 'updatedAt'>;
}

/** Filter for listAlerts; every field optional, all must match. */
export interface AlertFilter {
  states?: AlertState[];
  product?: string;
  tool?: string;
  rule?: MonitorRule;
  definitionId?: string;
  minSeverity?: Severity;
}

/** Import as listed in the workspace manifest, for the shift summary. */
export interface ShiftImport {
  importId: string;
  sourceFile: string;
  format: string;
  rows: number;
  importedAt: string;
  /** `ok`, `partial` (a damaged file partly read) or `rejected`. */
  status: string;
}

/** What came in, what alarmed and what is still open between `from` and `to`. */
export interface ShiftSummary {
  from: string;
  to: string;
  imports: ShiftImport[];
  raised: Alert[];
  stillOpen: Alert[];
  /** Episodes raised, acknowledged and closed in [from, to), and not closed at `to` (most severe first). */
  episodes: { raised: Episode[]; acknowledged: Episode[]; closed: Episode[]; stillOpen: Episode[] };
  /** Holds placed in [from, to) and holds released in [from, to), oldest first (as they stood at `to`). */
  holds: { placed: Hold[]; released: Hold[] };
}

/** Result of evaluateAll (an episode is defined in episodeTypes.ts). */
type Episode = import('./episodeTypes.ts').Episode;

/** Result of evaluateAll. */
export interface EvaluateAllResult {
  evaluations: ChartEvaluation[];
  newAlerts: Alert[];
  /** Episodes raised by this evaluation (violations grouped per chart and rule family). */
  newEpisodes: Episode[];
  /** Definitions that failed to evaluate (e.g. a bad free-SQL metric), with the message. */
  failures: { definitionId: string; message: string }[];
  /** Lots the hold rules put on hold in this evaluation. */
  newHolds: Hold[];
}
