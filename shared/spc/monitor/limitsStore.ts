/** Limits history of chart definitions: one appended file per change under `spc/limits/<id>/`. */
import type { WorkspaceStore } from '../../host/hostApi.ts';
import { appendJsonFile, readJsonFiles } from './appendOnlyFiles.ts';
import type { ChartDefinition, LimitsRecord } from './types.ts';

/** Folder of a definition's limits history. */
export function limitsFolder(definitionId: string): string {
  return `spc/limits/${definitionId}`;
}

/** What a definition's limits depend on, as a stable string. */
export function definitionFingerprint(definition: ChartDefinition): string {
  const { metric, filter, chart, sigmaBasis, limits } = definition;
  return JSON.stringify({ metric, filter, chart, sigmaBasis: sigmaBasis ?? 'between', limits });
}

/** Whether a parsed file looks like a limits record. */
function isLimitsRecord(value: unknown): value is LimitsRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<LimitsRecord>;
  return typeof record.definitionId === 'string' && typeof record.when === 'string' && typeof record.new === 'object' && record.new !== null;
}

/** Limits history of a definition, oldest first. */
export async function limitsHistory(store: WorkspaceStore, definitionId: string): Promise<LimitsRecord[]> {
  const { values } = await readJsonFiles(store, limitsFolder(definitionId));
  return values.map((entry) => entry.value).filter(isLimitsRecord);
}

/** Append a limits change as a new file (never rewrites); needs who, an ISO when and why. */
export async function recordLimitsChange(store: WorkspaceStore, record: LimitsRecord): Promise<void> {
  if (record.who.trim() === '') throw new Error('a limits change needs "who"');
  if (record.why.trim() === '') throw new Error('a limits change needs "why"');
  const when = new Date(record.when);
  if (Number.isNaN(when.getTime())) throw new Error(`a limits change needs an ISO "when", got "${record.when}"`);
  await appendJsonFile(store, limitsFolder(record.definitionId), when, 'limits', record);
}
