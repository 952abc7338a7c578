/**
 * Which equipment the generator degrades, and from when. Drawn from the seed (its own PRNG stream,
 * so the rest of the fab is the same whatever is injected) among the levels that processed enough
 * wafers both before and after the date, or pinned by `--inject LEVEL[@DATE]`.
 */
import { deriveSeed, SeededRandom } from './random.ts';
import { PROCESS_ROUTE, type EquipmentRecord } from './route.ts';

/** What the command line asks for: a step ("ETCH"), a tool ("ETCH-02") or a chamber ("ETCH-02/B"), and optionally a date. */
export interface InjectionRequest {
  readonly level?: string;
  /** ISO date or time; drawn when absent. */
  readonly from?: string;
}

/** The injected excursion: wafers through `level` at `step` from `fromMs` on are degraded. */
export interface InjectedExcursion {
  readonly step: string;
  readonly factor: 'tool' | 'chamber';
  /** Tool name, or chamber name "TOOL/LETTER". */
  readonly level: string;
  readonly tool: string;
  readonly fromMs: number;
}

const DAY_MS = 86_400_000;
/**
 * Fewest wafers the drawn level must process before and after the date (fewer on small fabs, see
 * below): 30 is two lots on a tool, about five lots' halves on a chamber, so the change is seen on
 * more than one lot and is not just "this lot".
 */
const MINIMUM_WAFERS_EACH_SIDE = 30;

/** The step a request names (its text before the first "-"), or null for an unknown one. */
function requestedStep(level: string): string | null {
  const step = level.split('-')[0]?.toUpperCase() ?? '';
  return PROCESS_ROUTE.some((routeStep) => routeStep.step === step) ? step : null;
}

/** Parse "ETCH", "ETCH-02", "ETCH-02/B", optionally "@2026-10-05"; throws on an unknown step. */
export function parseInjection(text: string): InjectionRequest {
  const [level = '', from] = text.split('@');
  if (level !== '' && requestedStep(level) === null) throw new Error(`--inject "${text}": the level must start with a route step (${PROCESS_ROUTE.map((step) => step.step).join(', ')})`);
  if (from !== undefined && Number.isNaN(Date.parse(from))) throw new Error(`--inject "${text}": "${from}" is not a date`);
  return { ...(level === '' ? {} : { level: level.toUpperCase() }), ...(from === undefined ? {} : { from }) };
}

function factorOf(level: string): 'tool' | 'chamber' {
  return level.includes('/') ? 'chamber' : 'tool';
}

function levelOf(record: EquipmentRecord, factor: 'tool' | 'chamber'): string {
  return factor === 'tool' ? record.tool : record.chamber;
}

/** Whether a wafer's route passes through the injected level at or after its date. */
export function isDegraded(equipment: readonly EquipmentRecord[], injection: InjectedExcursion): boolean {
  return equipment.some((record) => record.step === injection.step && levelOf(record, injection.factor) === injection.level && record.startMs >= injection.fromMs);
}

/** Candidate levels of a step and factor with their wafer counts before and after a date. */
function levelCounts(routes: readonly (readonly EquipmentRecord[])[], step: string, factor: 'tool' | 'chamber', fromMs: number): Map<string, { before: number; after: number }> {
  const counts = new Map<string, { before: number; after: number }>();
  for (const route of routes) {
    const record = route.find((candidate) => candidate.step === step);
    if (record === undefined) continue;
    const entry = counts.get(levelOf(record, factor)) ?? { before: 0, after: 0 };
    if (record.startMs >= fromMs) entry.after += 1;
    else entry.before += 1;
    counts.set(levelOf(record, factor), entry);
  }
  return counts;
}

/**
 * Resolve a request against the fab's routes (one equipment list per wafer). Unpinned parts are
 * drawn: the date between 35 % and 65 % of the production span (at midnight UTC), the step, tool or
 * chamber among those with enough wafers on both sides of the date (the best-covered one if none has).
 */
export function resolveInjection(seed: number, request: InjectionRequest, routes: readonly (readonly EquipmentRecord[])[], productionStartMs: number, spanDays: number): InjectedExcursion {
  const random = new SeededRandom(deriveSeed(seed, 'inject'));
  const drawnDay = Math.round(spanDays * random.between(0.35, 0.65));
  const fromMs = request.from === undefined ? productionStartMs + drawnDay * DAY_MS : Date.parse(request.from);
  const requestLevel = request.level ?? '';
  const step = requestedStep(requestLevel);
  const steps = step === null ? PROCESS_ROUTE.map((routeStep) => routeStep.step) : [step];
  const pinnedLevel = requestLevel.includes('-') ? requestLevel : null;
  const factors: ('tool' | 'chamber')[] = pinnedLevel !== null ? [factorOf(pinnedLevel)] : random.chance(0.5) ? ['chamber'] : ['tool'];
  const candidates = steps.flatMap((candidateStep) => factors.flatMap((factor) =>
    [...levelCounts(routes, candidateStep, factor, fromMs)].map(([level, counts]) => ({ step: candidateStep, factor, level, ...counts }))))
    .filter((candidate) => pinnedLevel === null || candidate.level === pinnedLevel)
    .sort((left, right) => (left.step + left.level < right.step + right.level ? -1 : 1));
  if (pinnedLevel !== null && candidates.length === 0) {
    const pinnedStep = requestedStep(pinnedLevel) ?? '';
    return { step: pinnedStep, factor: factorOf(pinnedLevel), level: pinnedLevel, tool: pinnedLevel.split('/')[0] ?? pinnedLevel, fromMs };
  }
  // A small fab (a few lots) cannot give every level 30 wafers a side: scale the bar to the wafer count.
  const bar = Math.min(MINIMUM_WAFERS_EACH_SIDE, Math.floor(routes.length / 8));
  const covered = candidates.filter((candidate) => candidate.before >= bar && candidate.after >= bar);
  const best = [...candidates].sort((left, right) => Math.min(right.before, right.after) - Math.min(left.before, left.after))[0];
  const chosen = covered.length > 0 ? random.pick(covered) : best;
  if (chosen === undefined) throw new Error('no equipment to inject an excursion into');
  return { step: chosen.step, factor: chosen.factor, level: chosen.level, tool: chosen.level.split('/')[0] ?? chosen.level, fromMs };
}
