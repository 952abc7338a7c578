/**
 * Episodes from a chart's violations: the violations of one rule family on subgroups at most
 * `gap` subgroups apart form one episode, so a bad wafer or a drifting lot is one row, not one per
 * point and rule. Pure functions; the episode log stores and replays them.
 */
import { severityRank } from './ruleTexts.ts';
import type { Episode, EpisodePoint, RuleFamily } from './episodeTypes.ts';
import type { ChartEvaluation, EvaluatedPoint, MonitorRule, Severity } from './types.ts';

/**
 * Default gap: violations with up to 25 quiet subgroups (one lot of wafers) between them belong to
 * one episode. The wafers of a lot share its offset, so an off-centre lot flags some of its wafers,
 * not consecutive ones; with a gap of 2 it raised several episodes (README, "Defaults").
 */
export const DEFAULT_EPISODE_GAP = 25;

const families: Record<MonitorRule, RuleFamily> = {
  WE1: 'limit', N1: 'limit', THRESHOLD: 'limit',
  WE2: 'zone', WE3: 'zone', N5: 'zone', N6: 'zone',
  WE4: 'run', N2: 'run', N3: 'run',
  N4: 'pattern', N7: 'pattern', N8: 'pattern',
};

/** The rule family of a rule. */
export function ruleFamily(rule: MonitorRule): RuleFamily {
  return families[rule];
}

/** The worse of two severities. */
export function worseSeverity(left: Severity, right: Severity): Severity {
  return severityRank(right) > severityRank(left) ? right : left;
}

/** How far a point lies from its center line, or from the threshold when there is no center. */
function deviationOf(point: EvaluatedPoint): number {
  if (Number.isFinite(point.center)) return Math.abs(point.value - point.center);
  const limit = Number.isFinite(point.lcl) ? point.lcl : point.ucl;
  return Number.isFinite(limit) ? Math.abs(point.value - limit) : 0;
}

/** An episode found in one evaluation, before it is matched against the log. */
export interface EpisodeDraft {
  definitionId: string;
  family: RuleFamily;
  /** Product of the chart's subgroups ('' when it spans products). */
  product: string;
  points: EpisodePoint[];
}

/** Group an evaluation's violations into episode drafts (none for provisional phase I limits). */
export function groupViolations(evaluation: ChartEvaluation, gap: number = DEFAULT_EPISODE_GAP): EpisodeDraft[] {
  if (evaluation.limitsSource === 'phase-one-provisional') return [];
  const byFamily = new Map<RuleFamily, Map<number, { rules: MonitorRule[]; severity: Severity }>>();
  for (const violation of evaluation.violations) {
    const family = ruleFamily(violation.rule);
    const points = byFamily.get(family) ?? new Map<number, { rules: MonitorRule[]; severity: Severity }>();
    const entry = points.get(violation.index) ?? { rules: [], severity: 'info' as Severity };
    entry.rules.push(violation.rule);
    entry.severity = worseSeverity(entry.severity, violation.severity);
    points.set(violation.index, entry);
    byFamily.set(family, points);
  }
  const drafts: EpisodeDraft[] = [];
  for (const [family, points] of byFamily) {
    let current: EpisodeDraft | null = null;
    let lastIndex = Number.NEGATIVE_INFINITY;
    for (const index of [...points.keys()].sort((left, right) => left - right)) {
      const point = evaluation.points[index];
      const entry = points.get(index);
      if (!point || !entry) continue;
      if (!current || index - lastIndex > gap + 1) {
        current = { definitionId: evaluation.definition.id, family, product: point.subgroup.product, points: [] };
        drafts.push(current);
      }
      const { subgroup } = point;
      current.points.push({
        subgroupKey: subgroup.key, time: subgroup.time, lot: subgroup.lot, wafer: subgroup.wafer, tool: subgroup.tool,
        value: point.value, deviation: deviationOf(point), rules: entry.rules, severity: entry.severity,
      });
      lastIndex = index;
    }
  }
  return drafts;
}

/** First and last time, count, worst point, lots, wafers and tools of an episode (for tables and JSON). */
export function episodeExtent(episode: Pick<Episode, 'points'>): {
  firstTime: string; lastTime: string; count: number; worst: EpisodePoint | null; lots: string[]; wafers: string[]; tools: string[];
} {
  const times = episode.points.map((point) => point.time).sort();
  let worst: EpisodePoint | null = null;
  for (const point of episode.points) if (!worst || point.deviation > worst.deviation) worst = point;
  const unique = (values: (string | null)[]) => [...new Set(values.filter((value): value is string => value !== null))].sort();
  return {
    firstTime: times[0] ?? '', lastTime: times[times.length - 1] ?? '', count: episode.points.length, worst,
    lots: unique(episode.points.map((point) => point.lot)),
    wafers: unique(episode.points.map((point) => (point.wafer === null ? null : `${point.lot}/${point.wafer}`))),
    tools: unique(episode.points.map((point) => point.tool)),
  };
}

/** Most severe first, then open before acknowledged before closed, then newest last point first, then id. */
export function compareEpisodes(left: Episode, right: Episode): number {
  const stateRank = { open: 0, acknowledged: 1, closed: 2 } as const;
  return (
    severityRank(right.severity) - severityRank(left.severity) ||
    stateRank[left.state] - stateRank[right.state] ||
    episodeExtent(right).lastTime.localeCompare(episodeExtent(left).lastTime) ||
    left.id.localeCompare(right.id)
  );
}
