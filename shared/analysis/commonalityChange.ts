/**
 * "Look for the change, not only the difference": a level that went bad on a date is diluted by its
 * good history when all its wafers are compared with the other levels. For each level this module
 * finds the split of its own time series with the strongest shift in the bad direction, then
 * compares the level's units after the split with the other levels' units over the same window and
 * with its own units before (Mann-Whitney z of each, summed by Stouffer). The whole history against
 * the others over its time span is the other candidate (a level that was always bad). Wafer-level
 * statistics: each unit counts once, never its dies.
 */
import { mannWhitneyZ, median, normalSurvival } from '../stats/index.ts';

/** One unit of one factor: its level, step time and response. */
export interface LevelPoint {
  level: string;
  /** Step time, epoch ms, or null. */
  time: number | null;
  response: number;
}

/** Which way is bad: yields fall ("down"), fail fractions rise ("up"), a test mean moves either way. */
export type BadDirection = 'down' | 'up' | 'either';

/** A level's change: when it went bad, and how its units after that compare with the others then. */
export interface LevelChange {
  level: string;
  /** Time of the first unit after the split (epoch ms), or null when the whole history is compared. */
  since: number | null;
  /** (z after vs the other levels in the same window + z after vs the level before) / √2, positive = worse. */
  z: number;
  /** One-sided p of z (optimistic: the split was chosen on the same data). */
  p: number;
  before: { n: number; median: number };
  after: { n: number; median: number };
  /** The other levels' units over the same window as `after`. */
  peers: { n: number; median: number };
}

/** Fewest units on either side of a split. */
const minimumSegment = 4;

/** Sign that turns a shift in the bad direction positive. */
function badSign(direction: Exclude<BadDirection, 'either'>): number {
  return direction === 'down' ? -1 : 1;
}

/** Split index (units before it are "before") with the largest Welch t in the bad direction; 0 when none. */
function bestSplit(responses: readonly number[], sign: number): number {
  const n = responses.length;
  if (n < 2 * minimumSegment) return 0;
  const prefix = [0];
  const squares = [0];
  responses.forEach((value, index) => {
    prefix.push((prefix[index] ?? 0) + value);
    squares.push((squares[index] ?? 0) + value * value);
  });
  const moments = (from: number, to: number): { mean: number; variance: number; n: number } => {
    const count = to - from;
    const mean = ((prefix[to] ?? 0) - (prefix[from] ?? 0)) / count;
    const variance = Math.max(0, ((squares[to] ?? 0) - (squares[from] ?? 0) - count * mean * mean) / (count - 1));
    return { mean, variance, n: count };
  };
  let best = 0;
  let bestT = 0;
  for (let split = minimumSegment; split <= n - minimumSegment; split += 1) {
    const [before, after] = [moments(0, split), moments(split, n)];
    // A floor on the spread keeps a run of identical values from giving an infinite t.
    const spread = Math.max(before.variance / before.n + after.variance / after.n, 1e-12);
    const t = (sign * (after.mean - before.mean)) / Math.sqrt(spread);
    if (t > bestT) [bestT, best] = [t, split];
  }
  return best;
}

/** Splits examined per level besides 0 and the Welch-best one: evenly spaced, so long series stay cheap. */
const spacedSplits = 40;

/**
 * Candidate splits: 0 (whole history), the largest Welch t (which alone favours a tiny, tight
 * "before" segment), and evenly spaced splits; each is scored by the Stouffer z below.
 */
function candidateSplits(responses: readonly number[], sign: number): number[] {
  const n = responses.length;
  const splits = new Set([0, bestSplit(responses, sign)]);
  if (n >= 2 * minimumSegment) {
    const span = n - 2 * minimumSegment;
    const count = Math.min(spacedSplits, span + 1);
    for (let index = 0; index < count; index++) splits.add(minimumSegment + Math.round((index * span) / Math.max(1, count - 1)));
  }
  return [...splits].sort((left, right) => left - right);
}

function summary(values: readonly number[]): { n: number; median: number } {
  return { n: values.length, median: values.length > 0 ? median(values) : Number.NaN };
}

/** Responses of the other levels' units within [from, to] (all of them when the level has no times). */
function peersWithin(others: readonly LevelPoint[], from: number | null, to: number | null): number[] {
  if (from === null || to === null) return others.map((point) => point.response);
  return others.filter((point) => point.time !== null && point.time >= from && point.time <= to).map((point) => point.response);
}

function changeOf(level: string, ordered: readonly LevelPoint[], others: readonly LevelPoint[], direction: Exclude<BadDirection, 'either'>): LevelChange {
  const sign = badSign(direction);
  const responses = ordered.map((point) => point.response);
  const lastTime = ordered.at(-1)?.time ?? null;
  const candidates = candidateSplits(responses, sign).map((split) => {
    const since = split > 0 ? (ordered[split]?.time ?? null) : null;
    // Time-matched peers: the other levels while this level's compared units ran.
    const peers = peersWithin(others, ordered[split]?.time ?? null, lastTime);
    const after = responses.slice(split);
    const before = responses.slice(0, split);
    // Stouffer's sum of "worse than the others then" and "worse than itself before": a level that
    // went bad outranks one that merely appeared with the bad wafers (it has no "before" to be worse than).
    const againstPeers = sign * mannWhitneyZ(after, peers);
    const againstItself = before.length > 0 ? sign * mannWhitneyZ(after, before) : 0;
    return { since, split, after, peers, z: (againstPeers + againstItself) / Math.SQRT2 };
  });
  const best = candidates.reduce((left, right) => (right.z > left.z ? right : left));
  return {
    level, since: best.since, z: best.z, p: normalSurvival(best.z),
    before: summary(responses.slice(0, best.split)), after: summary(best.after), peers: summary(best.peers),
  };
}

/**
 * Every level's change for one factor, worst (largest z) first. Units without a time take part
 * only in whole-history comparisons.
 */
export function levelChanges(points: readonly LevelPoint[], direction: BadDirection): LevelChange[] {
  const byLevel = new Map<string, LevelPoint[]>();
  for (const point of points) {
    const members = byLevel.get(point.level) ?? [];
    members.push(point);
    byLevel.set(point.level, members);
  }
  if (byLevel.size < 2) return [];
  const changes = [...byLevel].map(([level, members]) => {
    const ordered = members.filter((point) => point.time !== null).sort((left, right) => (left.time ?? 0) - (right.time ?? 0));
    const timed = ordered.length === members.length ? ordered : members;
    const others = points.filter((point) => point.level !== level);
    const directions: Exclude<BadDirection, 'either'>[] = direction === 'either' ? ['down', 'up'] : [direction];
    return directions.map((way) => changeOf(level, timed, others, way)).reduce((left, right) => (right.z > left.z ? right : left));
  });
  return changes.sort((left, right) => right.z - left.z || (left.level < right.level ? -1 : 1));
}
