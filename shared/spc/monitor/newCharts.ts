/**
 * Charts a user creates from the app (issue #14 §3): a yield chart for a product, the chart of a
 * test (from the drill-down) or of a bin (from the Pareto), with the default rules and baseline
 * (defaults.ts). Deleting a chart drops its definition only: its limits history and episodes stay.
 */
import { DEFAULT_BASELINE_SUBGROUPS, DEFAULT_PROPORTION_LIMIT_SIGMAS, DEFAULT_RULES } from './defaults.ts';
import type { ChartDefinition } from './types.ts';

/** What to chart. */
export type NewChartRequest =
  | { kind: 'yield'; product: string }
  | { kind: 'test'; product: string; testNum: number; testName?: string }
  | { kind: 'bin'; product: string; binType: 'hard' | 'soft'; bin: number; binName?: string };

/** An id-safe form of a name. */
function idPart(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** The definition a request stands for (id as the defaults name it, so a default chart is found again). */
export function newChartDefinition(request: NewChartRequest): ChartDefinition {
  const common = {
    enabled: true, filter: { product: request.product }, rules: [...DEFAULT_RULES], sigmaBasis: 'between' as const, severity: {},
    limits: { mode: 'phase-one' as const, baseline: { firstSubgroups: DEFAULT_BASELINE_SUBGROUPS }, dropOutOfControl: true },
  };
  const product = idPart(request.product);
  switch (request.kind) {
    case 'yield':
      return { ...common, id: `yield-${product}`, name: `${request.product} wafer yield`, metric: { kind: 'wafer-yield' }, chart: 'p', limitSigmas: DEFAULT_PROPORTION_LIMIT_SIGMAS };
    case 'test':
      return {
        ...common, id: `test-${product}-${request.testNum}`, name: `${request.product} ${request.testNum} ${request.testName ?? ''}`.trim(),
        metric: { kind: 'parametric', testNum: request.testNum }, chart: 'xbar-s',
      };
    case 'bin':
      return {
        ...common, id: `bin-p-${product}-${request.binType}-${request.bin}`, name: `${request.product} ${request.binType} bin ${request.bin} ${request.binName ?? ''}`.trim(),
        metric: { kind: 'bin-fraction', binType: request.binType, bin: request.bin }, chart: 'p', limitSigmas: DEFAULT_PROPORTION_LIMIT_SIGMAS,
      };
  }
}

/**
 * Add the requested chart to a set: a new definition, or the existing one with that id enabled
 * again (a chart is never doubled). Returns the new set and the chart's id.
 */
export function addChart(definitions: readonly ChartDefinition[], request: NewChartRequest): { definitions: ChartDefinition[]; id: string } {
  const created = newChartDefinition(request);
  const existing = definitions.find((definition) => definition.id === created.id);
  if (existing) return { definitions: definitions.map((definition) => (definition.id === created.id ? { ...definition, enabled: true } : definition)), id: created.id };
  return { definitions: [...definitions, created], id: created.id };
}

/** The set without one chart (its limits history and episodes stay in the workspace). */
export function deleteChart(definitions: readonly ChartDefinition[], id: string): ChartDefinition[] {
  return definitions.filter((definition) => definition.id !== id);
}
