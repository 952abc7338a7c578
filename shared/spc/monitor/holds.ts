/**
 * Lot holds (issue #14 §3): rules that put a lot on hold (its yield under X %, a critical episode
 * touching it), holds placed by hand, and releases with a comment. Every event is its own
 * append-only file in `holds/events/`; `holds/state.json` is the replayed list written after each
 * change, for readers that do not replay (the log stays the truth).
 */
import { z } from 'zod';
import type { SqlEngine } from '../../engine/sqlEngine.ts';
import type { WorkspaceStore } from '../../host/hostApi.ts';
import { lotYieldsSql } from '../../sql/spcSql.ts';
import { appendJsonFile, fileLabel, readJsonFiles } from './appendOnlyFiles.ts';
import { episodeExtent } from './episodes.ts';
import type { Episode } from './episodeTypes.ts';
import { SYSTEM_USER } from './evaluate.ts';

/** Folder of the hold events. */
export const holdEventFolder = 'holds/events';
/** The replayed holds, rewritten after each change. */
export const holdStatePath = 'holds/state.json';
/** The hold rules of the workspace. */
export const holdRulesPath = 'holds/rules.json';

const holdRuleSchema = z.discriminatedUnion('kind', [
  z.object({ id: z.string().min(1), kind: z.literal('yield-below'), threshold: z.number().gt(0).lte(1), product: z.string().min(1).optional() }).strict(),
  z.object({ id: z.string().min(1), kind: z.literal('critical-episode'), product: z.string().min(1).optional() }).strict(),
]);
/** A hold rule: a lot whose yield is under `threshold` (0-1), or a lot a critical episode touches. */
export type HoldRule = z.infer<typeof holdRuleSchema>;

/** The reasons a hold rule gives, as codes the UI says in its language (issue #13 §5). */
export const HOLD_REASON_CODES = ['lotYieldBelow', 'criticalEpisode'] as const;

/** One hold-rule reason code. */
export type HoldReasonCode = (typeof HOLD_REASON_CODES)[number];

/**
 * A rule's reason as code and params: `yield` and `threshold` are fractions (0-1), the rest names and
 * times as written. Kept beside the English `reason` (the CLI prints that; older events have only it).
 */
export interface HoldReasonCoded {
  code: HoldReasonCode;
  params: Record<string, string | number>;
}

/** The English text of each reason code; `{name}` is filled from the params (fractions as percents). */
export const HOLD_REASON_EN: Record<HoldReasonCode, string> = {
  lotYieldBelow: 'lot yield {yield} under {threshold} (rule {rule})',
  criticalEpisode: 'critical episode on {chart} from {from} (rule {rule})',
};

/** Percent text of a fraction, one decimal. */
const percent = (fraction: number) => `${(fraction * 100).toFixed(1)} %`;

/** A rule's reason: its code and params, and the English text (numbers are fractions, said as percents). */
export function holdReason(code: HoldReasonCode, params: Record<string, string | number>): HoldReasonCoded & { message: string } {
  const message = HOLD_REASON_EN[code].replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined ? placeholder : typeof value === 'number' ? percent(value) : value;
  });
  return { code, params, message };
}

/** One event of the hold log; a rule's placement has `reasonCode` beside its English `reason`. */
export type HoldEvent =
  | { type: 'placed'; lot: string; product: string; reason: string; reasonCode?: HoldReasonCoded; ruleKey: string | null; who: string; at: string }
  | { type: 'released'; lot: string; product: string; comment: string; who: string; at: string };

/** A lot's hold: on hold until released; `ruleKey` says which rule (and episode) placed it, null by hand. */
export interface Hold {
  lot: string;
  product: string;
  state: 'on-hold' | 'released';
  reason: string;
  /** The reason as code and params when a rule placed the hold (null by hand or in older logs). */
  reasonCode: HoldReasonCoded | null;
  ruleKey: string | null;
  placedBy: string;
  placedAt: string;
  releasedBy: string | null;
  releasedAt: string | null;
  releaseComment: string | null;
}

/** The hold rules saved in the workspace (none when the file is absent); a bad file throws naming the field. */
export async function loadHoldRules(store: WorkspaceStore): Promise<HoldRule[]> {
  const bytes = await store.readFile(holdRulesPath);
  if (bytes === null) return [];
  const parsed = z.array(holdRuleSchema).safeParse(JSON.parse(new TextDecoder().decode(bytes)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${holdRulesPath}: rule #${String(issue?.path[0] ?? '?')} field ${issue?.path.slice(1).join('.') || '(rule)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Save the hold rules (validated). */
export async function saveHoldRules(store: WorkspaceStore, rules: readonly HoldRule[]): Promise<void> {
  const checked = z.array(holdRuleSchema).parse(rules);
  await store.writeFile(holdRulesPath, new TextEncoder().encode(`${JSON.stringify(checked, null, 1)}\n`));
}

const holdKey = (product: string, lot: string) => `${product}/${lot}`;

/** Replay hold events in order: the latest hold of every lot, and every rule key that ever placed one. */
export function replayHolds(events: readonly HoldEvent[]): { holds: Map<string, Hold>; ruleKeys: Set<string> } {
  const holds = new Map<string, Hold>();
  const ruleKeys = new Set<string>();
  for (const event of events) {
    const key = holdKey(event.product, event.lot);
    if (event.type === 'placed') {
      if (event.ruleKey !== null) ruleKeys.add(event.ruleKey);
      holds.set(key, {
        lot: event.lot, product: event.product, state: 'on-hold', reason: event.reason, reasonCode: event.reasonCode ?? null, ruleKey: event.ruleKey, placedBy: event.who, placedAt: event.at,
        releasedBy: null, releasedAt: null, releaseComment: null,
      });
    } else {
      const hold = holds.get(key);
      if (hold) holds.set(key, { ...hold, state: 'released', releasedBy: event.who, releasedAt: event.at, releaseComment: event.comment });
    }
  }
  return { holds, ruleKeys };
}

/** Every hold event in the log, in order. */
export async function readHoldEvents(store: WorkspaceStore): Promise<HoldEvent[]> {
  return (await readJsonFiles(store, holdEventFolder)).values.map((entry) => entry.value as HoldEvent);
}

/** Holds on hold first, then newest placed first. */
function compareHolds(left: Hold, right: Hold): number {
  if (left.state !== right.state) return left.state === 'on-hold' ? -1 : 1;
  return right.placedAt.localeCompare(left.placedAt);
}

/** Every lot's latest hold (on hold first, newest first). */
export async function listHolds(store: WorkspaceStore): Promise<Hold[]> {
  return [...replayHolds(await readHoldEvents(store)).holds.values()].sort(compareHolds);
}

/** Append events and rewrite the state snapshot. */
async function appendHoldEvents(store: WorkspaceStore, events: readonly HoldEvent[]): Promise<void> {
  for (const event of events) await appendJsonFile(store, holdEventFolder, new Date(event.at), `${event.type}-${fileLabel(holdKey(event.product, event.lot))}`, event);
  const holds = await listHolds(store);
  await store.writeFile(holdStatePath, new TextEncoder().encode(`${JSON.stringify({ holds }, null, 1)}\n`));
}

/** Why a hold or release was refused, as a code the UI translates (issue #13 §5), with the lot, product and current reason. */
export type HoldRefusalCode = 'reasonNeeded' | 'alreadyOnHold' | 'commentNeeded' | 'notOnHold';

/** A refused hold or release: `code` and `params` for the UI's language, the English sentence as the message (CLI). */
export class HoldRefusal extends Error {
  override name = 'HoldRefusal';
  constructor(readonly code: HoldRefusalCode, readonly params: { lot: string; product: string; reason?: string }, message: string) {
    super(message);
  }
}

/** Put a lot on hold by hand; throws when it is on hold already or the reason is empty. */
export async function placeHold(store: WorkspaceStore, hold: { product: string; lot: string; reason: string; who: string; at?: Date }): Promise<Hold> {
  if (hold.reason.trim() === '') throw new HoldRefusal('reasonNeeded', { lot: hold.lot, product: hold.product }, 'a hold needs a reason');
  const current = replayHolds(await readHoldEvents(store)).holds.get(holdKey(hold.product, hold.lot));
  if (current?.state === 'on-hold') throw new HoldRefusal('alreadyOnHold', { lot: hold.lot, product: hold.product, reason: current.reason }, `lot ${hold.lot} (${hold.product}) is on hold already: ${current.reason}`);
  const at = (hold.at ?? new Date()).toISOString();
  await appendHoldEvents(store, [{ type: 'placed', lot: hold.lot, product: hold.product, reason: hold.reason.trim(), ruleKey: null, who: hold.who, at }]);
  return (await listHolds(store)).find((entry) => entry.lot === hold.lot && entry.product === hold.product) as Hold;
}

/** Release a held lot with a comment; throws when it is not on hold or the comment is empty. */
export async function releaseHold(store: WorkspaceStore, release: { product: string; lot: string; comment: string; who: string; at?: Date }): Promise<Hold> {
  if (release.comment.trim() === '') throw new HoldRefusal('commentNeeded', { lot: release.lot, product: release.product }, 'a release needs a comment');
  const current = replayHolds(await readHoldEvents(store)).holds.get(holdKey(release.product, release.lot));
  if (current?.state !== 'on-hold') throw new HoldRefusal('notOnHold', { lot: release.lot, product: release.product }, `lot ${release.lot} (${release.product}) is not on hold`);
  const at = (release.at ?? new Date()).toISOString();
  await appendHoldEvents(store, [{ type: 'released', lot: release.lot, product: release.product, comment: release.comment.trim(), who: release.who, at }]);
  return (await listHolds(store)).find((entry) => entry.lot === release.lot && entry.product === release.product) as Hold;
}

/**
 * Apply the workspace's hold rules: a lot whose yield is under a rule's threshold, or that an open
 * critical episode touches, goes on hold with the reason. A rule places a given hold once (a lot it
 * held and a person released is not held again for the same lot and rule, or the same episode), and
 * never over a lot already on hold. Returns the holds placed.
 */
export async function applyHoldRules(engine: SqlEngine, store: WorkspaceStore, episodes: readonly Episode[], options: { at?: Date } = {}): Promise<Hold[]> {
  const rules = await loadHoldRules(store);
  if (rules.length === 0) return [];
  const at = (options.at ?? new Date()).toISOString();
  const { holds, ruleKeys } = replayHolds(await readHoldEvents(store));
  const placed: HoldEvent[] = [];
  const place = (product: string, lot: string, { message, code, params }: ReturnType<typeof holdReason>, ruleKey: string) => {
    if (ruleKeys.has(ruleKey) || holds.get(holdKey(product, lot))?.state === 'on-hold' || placed.some((event) => event.product === product && event.lot === lot)) return;
    placed.push({ type: 'placed', lot, product, reason: message, reasonCode: { code, params }, ruleKey, who: SYSTEM_USER, at });
  };
  const lotYields = rules.some((rule) => rule.kind === 'yield-below')
    ? (await engine.query(lotYieldsSql)).toArray().map((row) => row.toJSON() as { product: string; lot: string; yield: number })
    : [];
  for (const rule of rules) {
    if (rule.kind === 'yield-below') {
      for (const lot of lotYields.filter((row) => (rule.product === undefined || row.product === rule.product) && Number(row.yield) < rule.threshold)) {
        place(lot.product, lot.lot, holdReason('lotYieldBelow', { yield: Number(lot.yield), threshold: rule.threshold, rule: rule.id }), `${rule.id}|${holdKey(lot.product, lot.lot)}`);
      }
    } else {
      const critical = episodes.filter((episode) => episode.severity === 'critical' && episode.state !== 'closed' && (rule.product === undefined || episode.product === rule.product));
      for (const episode of critical) {
        for (const lot of new Set(episode.points.map((point) => point.lot))) {
          place(episode.product, lot, holdReason('criticalEpisode', { chart: episode.chartName, from: episodeExtent(episode).firstTime, rule: rule.id }), `${rule.id}|${episode.id}|${lot}`);
        }
      }
    }
  }
  if (placed.length === 0) return [];
  await appendHoldEvents(store, placed);
  const keys = new Set(placed.map((event) => holdKey(event.product, event.lot)));
  return (await listHolds(store)).filter((hold) => keys.has(holdKey(hold.product, hold.lot)));
}

/** Fixed-width table of holds for the CLI. */
export function holdTable(holds: readonly Hold[]): string {
  if (holds.length === 0) return 'no holds\n';
  const header = ['state', 'product', 'lot', 'placed', 'by', 'reason', 'released', 'by', 'comment'];
  const rows = holds.map((hold) => [hold.state, hold.product, hold.lot, hold.placedAt, hold.placedBy, hold.reason, hold.releasedAt ?? '', hold.releasedBy ?? '', hold.releaseComment ?? '']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
