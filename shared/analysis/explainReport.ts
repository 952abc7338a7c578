/** "Explain this excursion": every comparison of a target with its baseline, as ranked sections. */
import { fisherExact2x2 } from '../stats/contingency.ts';
import { equipmentFindings } from './explainEquipment.ts';
import { binFindings, signatureFindings, testFindings, yieldDropFindings } from './explainFindings.ts';
import { compareProportions } from './explainStatistics.ts';
import { defaultExplainOptions, type CohortBinCount, type CohortTally, type CohortTestSummary, type EquipmentChange, type ExplainFinding, type ExplainKind, type ExplainOptions, type ExplainTarget, type WaferRouteStep } from './explainTypes.ts';
import { ringTallies, type PositionTally, type ZoneGeometry } from './explainZones.ts';

/** Everything the comparisons need, as the explain SQL returns it. */
export interface ExplainInput {
  target: ExplainTarget;
  bins: CohortBinCount[];
  positions: PositionTally[];
  geometry: ZoneGeometry;
  /** Spatial class of each wafer of each cohort. */
  signatures: { target: string[]; baseline: string[] };
  tests: CohortTestSummary[];
  sites: (CohortTally & { site: number })[];
  route: WaferRouteStep[];
  /** Each level's change in the product's history up to the target (ranks the equipment section); empty when unknown. */
  equipmentChanges?: EquipmentChange[];
  /** When the excursion's level changed (epoch ms; the baseline leaves out the lots it reached from then), or null when none was found. */
  excursionStart?: number | null;
}

/** The report: the overall yields and one ranked list per kind. */
export interface ExplainReport {
  targetYield: number;
  baselineYield: number;
  yieldDrop: number;
  p: number;
  sections: Record<ExplainKind, ExplainFinding[]>;
}

/** Order of the sections in the panel. */
export const explainKinds: readonly ExplainKind[] = ['equipment', 'signature', 'bin', 'zone', 'test', 'site'];

function fisherP(table: readonly [readonly [number, number], readonly [number, number]]): number {
  return fisherExact2x2(table).p;
}

/** Compare the target with its baseline and rank what differs in each section. */
export function explainExcursion(input: ExplainInput, overrides: Partial<ExplainOptions> = {}): ExplainReport {
  const options = { ...defaultExplainOptions, ...overrides };
  const sum = (cohort: string, field: 'tested' | 'good'): number => input.sites.filter((row) => row.cohort === cohort).reduce((total, row) => total + row[field], 0);
  const overall = compareProportions(sum('target', 'good'), sum('target', 'tested'), sum('baseline', 'good'), sum('baseline', 'tested'));
  const sites = new Map<string, CohortTally[]>();
  for (const row of input.sites) sites.set(String(row.site), [...(sites.get(String(row.site)) ?? []), row]);
  return {
    targetYield: overall.target, baselineYield: overall.baseline, yieldDrop: -overall.difference, p: overall.p,
    sections: {
      equipment: equipmentFindings(input.route, options, input.equipmentChanges ?? []),
      signature: signatureFindings(input.signatures, input.target, options, fisherP),
      bin: binFindings(input.bins, input.target, options),
      zone: yieldDropFindings('zone', ringTallies(input.positions, input.geometry), input.target, options),
      test: testFindings(input.tests, input.target, options),
      site: yieldDropFindings('site', sites, input.target, options),
    },
  };
}
