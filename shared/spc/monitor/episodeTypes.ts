/** Types of alert episodes: one chart + rule family over nearly consecutive violating subgroups. */
import type { AlertState, MonitorRule, Severity } from './types.ts';

/** Rule families an episode groups by: limits (WE1/N1/threshold), zones (WE2/3, N5/6), runs (WE4, N2/3), patterns (N4/7/8). */
export type RuleFamily = 'limit' | 'zone' | 'run' | 'pattern';

/** One violating subgroup inside an episode, with every rule of its family that fired on it. */
export interface EpisodePoint {
  subgroupKey: string;
  time: string;
  lot: string;
  wafer: string | null;
  tool: string | null;
  value: number;
  /** Distance of the value from the center line (or from the threshold), to find the worst point. */
  deviation: number;
  rules: MonitorRule[];
  severity: Severity;
}

/** An episode as the board shows it (state is the replay of its events). */
export interface Episode {
  /** `<definitionId>|<family>|<subgroup key of its first point>`. */
  id: string;
  definitionId: string;
  chartName: string;
  product: string;
  /** Test number of a parametric chart, else null. */
  test: number | null;
  family: RuleFamily;
  severity: Severity;
  state: AlertState;
  assignee: string | null;
  raisedAt: string;
  updatedAt: string;
  /** Violating subgroups in chart order. */
  points: EpisodePoint[];
}

/** Kinds of episode events. */
export type EpisodeEventType = 'raised' | 'extended' | 'acknowledged' | 'assigned' | 'closed' | 'reopened';

/** One append-only episode event (`alerts/episodes/<time>-<seq>-<episode>.json`). */
export interface EpisodeEvent {
  type: EpisodeEventType;
  episodeId: string;
  at: string;
  who: string;
  comment?: string;
  assignee?: string;
  cause?: string;
  action?: string;
  /** The episode as raised (on `raised`). */
  episode?: Omit<Episode, 'state' | 'assignee' | 'updatedAt'>;
  /** Points added to the episode (on `extended`). */
  points?: EpisodePoint[];
}

/** A change a person makes to one or many episodes. */
export type EpisodeAction =
  | { type: 'acknowledged'; who: string; comment: string; at?: Date }
  | { type: 'assigned'; who: string; assignee: string; comment?: string; at?: Date }
  | { type: 'closed'; who: string; cause: string; action: string; comment?: string; at?: Date }
  | { type: 'reopened'; who: string; comment: string; at?: Date };
