/**
 * Chart definitions as JSON: a zod schema (errors name the definition and the field), and the
 * workspace file `spc/definitions.json` (also the format of an exported/imported shared set).
 */
import { z } from 'zod';
import type { WorkspaceStore } from '../../host/hostApi.ts';
import type { ChartDefinition } from './types.ts';

/** Workspace-relative path of the saved definitions. */
export const definitionsPath = 'spc/definitions.json';

/**
 * Why a definition file or field was refused, as a code the UI translates (issue #13 §5: the app showed
 * zod's English sentences in Vietnamese) with its values as params; `issues` keeps the English text.
 */
export type DefinitionProblemReason =
  | 'notJson' | 'notAList' | 'duplicateId' | 'type' | 'value' | 'tooSmall' | 'tooBig' | 'idFormat' | 'unknownKeys' | 'union'
  | 'isoDate' | 'manualLimits' | 'thresholdNeeded' | 'proportionChart' | 'parametricChart' | 'invalid';

/** One problem: which definition (id or #n; null for the file) and field, the reason and its params. */
export interface DefinitionProblem {
  definition: string | null;
  field: string | null;
  reason: DefinitionProblemReason;
  params: Record<string, string | number>;
}

/** A definition set that failed validation; `issues` lists every problem found, `problems` the same as codes. */
export class DefinitionError extends Error {
  override name = 'DefinitionError';
  constructor(readonly issues: string[], readonly problems: DefinitionProblem[] = []) {
    super(issues.join('\n'));
  }
}

const ruleSchema = z.enum(['WE1', 'WE2', 'WE3', 'WE4', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8']);
const severitySchema = z.enum(['info', 'warning', 'critical']);
const isoDate = z.string().refine((text) => !Number.isNaN(Date.parse(text)), { message: 'expected an ISO-8601 date', params: { reason: 'isoDate' } });

const metricSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('wafer-yield') }).strict(),
  z.object({ kind: z.literal('lot-yield') }).strict(),
  z.object({ kind: z.literal('bin-fraction'), binType: z.enum(['hard', 'soft']), bin: z.number().int() }).strict(),
  z.object({ kind: z.literal('parametric'), testNum: z.number().int() }).strict(),
  z.object({ kind: z.literal('sql'), sql: z.string().min(1) }).strict(),
]);

const limitsSchema = z.discriminatedUnion('mode', [
  z
    .object({
      mode: z.literal('phase-one'),
      baseline: z.union([
        z.object({ firstSubgroups: z.number().int().min(2) }).strict(),
        z.object({ from: isoDate, to: isoDate }).strict(),
      ]),
      dropOutOfControl: z.boolean(),
    })
    .strict(),
  z
    .object({ mode: z.literal('manual'), center: z.number(), lcl: z.number(), ucl: z.number() })
    .strict()
    .refine((limits) => limits.ucl > limits.lcl && limits.center >= limits.lcl && limits.center <= limits.ucl, {
      message: 'manual limits need lcl ≤ center ≤ ucl and lcl < ucl',
      params: { reason: 'manualLimits' },
    }),
]);

/** The schema of one chart definition. */
export const chartDefinitionSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/, 'ids use letters, digits, ".", "_" and "-" (not first: ".")'),
    name: z.string().min(1),
    enabled: z.boolean(),
    metric: metricSchema,
    filter: z
      .object({ product: z.string().optional(), step: z.string().optional(), tool: z.string().optional(), chamber: z.string().optional() })
      .strict(),
    chart: z.enum(['p', 'np', 'xbar-s', 'xbar-r', 'imr', 'threshold']),
    rules: z.array(ruleSchema),
    limits: limitsSchema,
    sigmaBasis: z.enum(['within', 'between']).optional(),
    limitSigmas: z.number().min(1).max(6).optional(),
    threshold: z.object({ direction: z.enum(['below', 'above']), value: z.number() }).strict().optional(),
    severity: z.partialRecord(z.enum([...ruleSchema.options, 'THRESHOLD']), severitySchema),
    description: z.string().optional(),
  })
  .strict()
  .superRefine((definition, context) => {
    const proportion = ['wafer-yield', 'lot-yield', 'bin-fraction'].includes(definition.metric.kind);
    if (definition.chart === 'threshold' && !definition.threshold) context.addIssue({ code: 'custom', path: ['threshold'], message: 'a threshold chart needs {direction, value}', params: { reason: 'thresholdNeeded' } });
    if (proportion && ['xbar-s', 'xbar-r'].includes(definition.chart)) {
      context.addIssue({ code: 'custom', path: ['chart'], message: `${definition.metric.kind} is a proportion: use p, np, imr or threshold`, params: { reason: 'proportionChart', metric: definition.metric.kind } });
    }
    if (definition.metric.kind === 'parametric' && ['p', 'np'].includes(definition.chart)) context.addIssue({ code: 'custom', path: ['chart'], message: 'a parametric test needs xbar-s, xbar-r, imr or threshold', params: { reason: 'parametricChart' } });
  });

const fileSchema = z.union([z.array(z.unknown()), z.object({ definitions: z.array(z.unknown()) }).loose()]);

/** A zod issue as a reason code and its params (values the UI shows as they are). */
function problemOf(definition: string, issue: z.core.$ZodIssue): DefinitionProblem {
  const field = issue.path.length > 0 ? issue.path.join('.') : null;
  const problem = (reason: DefinitionProblemReason, params: Record<string, string | number> = {}): DefinitionProblem => ({ definition, field, reason, params });
  switch (issue.code) {
    case 'invalid_type': return problem('type', { expected: String(issue.expected) });
    case 'invalid_value': return problem('value', { values: issue.values.map(String).join(', ') });
    case 'too_small': return problem('tooSmall', { minimum: Number(issue.minimum) });
    case 'too_big': return problem('tooBig', { maximum: Number(issue.maximum) });
    case 'invalid_format': return problem('idFormat');
    case 'unrecognized_keys': return problem('unknownKeys', { keys: issue.keys.join(', ') });
    case 'invalid_union': return problem('union');
    case 'custom': {
      const { reason, ...params } = (issue.params ?? {}) as Record<string, string | number>;
      return problem((reason as DefinitionProblemReason | undefined) ?? 'invalid', params);
    }
    default: return problem('invalid');
  }
}

/** Describe a zod issue as "definition "<id>" (#n): field a.b: message". */
function describeIssue(label: string, issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? issue.path.join('.') : '(definition)';
  return `${label}: field ${field}: ${issue.message}`;
}

/** The n-th raw definition as the UI names it: its id and place, or its place. */
function definitionName(raw: unknown, index: number): string {
  const id = typeof raw === 'object' && raw !== null && 'id' in raw ? (raw as { id: unknown }).id : undefined;
  return typeof id === 'string' ? `"${id}" (#${index + 1})` : `#${index + 1}`;
}

/** Label of the n-th raw definition for error messages. */
function definitionLabel(raw: unknown, index: number): string {
  return `definition ${definitionName(raw, index)}`;
}

/** Validate definitions read from JSON (text, a parsed array, or {definitions: [...]}); throws DefinitionError. */
export function parseDefinitions(json: string | unknown): ChartDefinition[] {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new DefinitionError([`not valid JSON: ${(error as Error).message}`], [{ definition: null, field: null, reason: 'notJson', params: {} }]);
    }
  }
  const file = fileSchema.safeParse(value);
  if (!file.success) throw new DefinitionError(['expected an array of chart definitions or {"definitions": [...]}'], [{ definition: null, field: null, reason: 'notAList', params: {} }]);
  const raws = Array.isArray(file.data) ? file.data : file.data.definitions;
  const issues: string[] = [];
  const problems: DefinitionProblem[] = [];
  const definitions: ChartDefinition[] = [];
  raws.forEach((raw, index) => {
    const parsed = chartDefinitionSchema.safeParse(raw);
    if (parsed.success) definitions.push(parsed.data as ChartDefinition);
    else {
      issues.push(...parsed.error.issues.map((issue) => describeIssue(definitionLabel(raw, index), issue)));
      problems.push(...parsed.error.issues.map((issue) => problemOf(definitionName(raw, index), issue)));
    }
  });
  const seen = new Set<string>();
  for (const definition of definitions) {
    if (seen.has(definition.id)) {
      issues.push(`definition "${definition.id}": field id: used twice`);
      problems.push({ definition: `"${definition.id}"`, field: 'id', reason: 'duplicateId', params: {} });
    }
    seen.add(definition.id);
  }
  if (issues.length > 0) throw new DefinitionError(issues, problems);
  return definitions;
}

/** Serialise definitions as `{"formatVersion": 1, "definitions": [...]}`. */
export function serialiseDefinitions(definitions: readonly ChartDefinition[]): string {
  return `${JSON.stringify({ formatVersion: 1, definitions }, null, 1)}\n`;
}

/** Definitions saved in the workspace (empty list when none). */
export async function loadDefinitions(store: WorkspaceStore): Promise<ChartDefinition[]> {
  const bytes = await store.readFile(definitionsPath);
  if (!bytes) return [];
  try {
    return parseDefinitions(new TextDecoder().decode(bytes));
  } catch (error) {
    if (error instanceof DefinitionError) throw new DefinitionError(error.issues.map((issue) => `${definitionsPath}: ${issue}`));
    throw error;
  }
}

/** Save definitions to `spc/definitions.json` (validated first). */
export async function saveDefinitions(store: WorkspaceStore, definitions: readonly ChartDefinition[]): Promise<void> {
  const text = serialiseDefinitions(definitions);
  parseDefinitions(text);
  await store.writeFile(definitionsPath, new TextEncoder().encode(text));
}
