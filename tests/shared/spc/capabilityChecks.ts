/** Checks for the two capability reference files (qcc processCapability output). */
import { capabilityConfidenceIntervals, processCapability, xbarRChart, type CapabilityReport, type SpecLimits } from '../../../shared/spc/index.ts';
import { checksFor, field, numberAt, numbersAt, subgroupsAt, type ReferenceCheck } from './referenceChecks.ts';

/** The published names of the indices, mapped to the report. */
function indexValues(report: CapabilityReport, keys: readonly string[]): Record<string, number> {
  const all: Record<string, number | undefined> = {
    Cp: report.cp, Cpl: report.cpl, Cpu: report.cpu, Cpk: report.cpk, Cpm: report.cpm,
    Pp: report.pp, Ppl: report.ppl, Ppu: report.ppu, Ppk: report.ppk, Ppm: report.ppm,
  };
  return Object.fromEntries(keys.map((key) => [key, all[key] ?? Number.NaN]));
}

/** Keys of a published block that are numbers (skips notes and percent strings). */
function numericKeys(block: unknown): string[] {
  return Object.entries(block as Record<string, unknown>).filter(([, value]) => typeof value === 'number').map(([key]) => key);
}

/** "13%" → 13. */
function percent(block: unknown, key: string): number {
  return Number(String(field(block, key)).replace('%', ''));
}

function pistonRingChecks(file: unknown): ReferenceCheck[] {
  const values = numbersAt(file, 'data.values');
  const size = numberAt(file, 'data.subgroup_size');
  const subgroups = Array.from({ length: values.length / size }, (_, row) => values.slice(row * size, row * size + size));
  const sigmaWithin = xbarRChart(subgroups, { constants: 'textbook' }).sigma;
  const tolerance = numberAt(file, 'tolerance.abs');
  const scenario = (name: string, specs: SpecLimits) => {
    const block = field(file, `expected.${name}`);
    const report = processCapability(values, sigmaWithin, specs);
    return { block, report, checks: checksFor(name, block, indexValues(report, numericKeys(block)), tolerance) };
  };
  const wide = scenario('spec_73_95__74_05_T74', { lsl: 73.95, usl: 74.05, target: 74 });
  const narrow = scenario('spec_73_99__74_01', { lsl: 73.99, usl: 74.01 });
  const shifted = scenario('spec_73_95__74_05_T74_02', { lsl: 73.95, usl: 74.05, target: 74.02 });
  const skewed = scenario('spec_73_99__74_10_T74_045', { lsl: 73.99, usl: 74.1, target: 74.045 });
  // Percentages are printed to 2 significant digits: half a unit of the last digit is 0.5 points.
  const percentChecks = [
    ['exp_below_lsl_pct', 100 * narrow.report.expectedWithin.belowLsl],
    ['exp_above_usl_pct', 100 * narrow.report.expectedWithin.aboveUsl],
    ['obs_below_lsl_pct', 100 * narrow.report.observed.belowLsl],
    ['obs_above_usl_pct', 100 * narrow.report.observed.aboveUsl],
  ].map(([key, actual]) => ({ label: `narrow.${key}`, actual: Number(actual), expected: percent(narrow.block, String(key)), tolerance: 0.5 }));
  const derived = checksFor('derived', field(file, 'expected_derived_not_published'), {
    sigma_overall: wide.report.sigmaOverall,
    Pp_73_95__74_05: wide.report.pp ?? Number.NaN,
    Ppk_73_95__74_05: wide.report.ppk ?? Number.NaN,
    exp_below_lsl_pct_73_99: 100 * narrow.report.expectedWithin.belowLsl,
    exp_above_usl_pct_73_99: 100 * narrow.report.expectedWithin.aboveUsl,
  }, 1e-6);
  return [...wide.checks, ...narrow.checks, ...shifted.checks, ...skewed.checks, ...percentChecks, ...derived];
}

function smallChecks(file: unknown): ReferenceCheck[] {
  const subgroups = subgroupsAt(file, 'data.subgroups');
  const values = subgroups.flat();
  const sigmaWithin = xbarRChart(subgroups, { constants: 'textbook' }).sigma;
  const lsl = numberAt(file, 'data.LSL');
  const usl = numberAt(file, 'data.USL');
  const tolerance = numberAt(file, 'tolerance.abs');
  const scenario = (name: string, specs: SpecLimits) => {
    const block = field(file, `expected.${name}`);
    return checksFor(name, block, indexValues(processCapability(values, sigmaWithin, specs), numericKeys(block)), tolerance);
  };
  const intervals = capabilityConfidenceIntervals(processCapability(values, sigmaWithin, { lsl, usl }));
  const published = field(file, 'expected.confidence_intervals_95_published');
  const intervalChecks = (['Cp', 'Cpk', 'Pp', 'Ppk'] as const).flatMap((name) => {
    const bounds = intervals[name === 'Cp' ? 'cp' : name === 'Cpk' ? 'cpk' : name === 'Pp' ? 'pp' : 'ppk'] ?? [Number.NaN, Number.NaN];
    return checksFor(`ci95.${name}`, { lower: numbersAt(published, name)[0], upper: numbersAt(published, name)[1] }, { lower: bounds[0], upper: bounds[1] }, tolerance);
  });
  return [
    ...intervalChecks,
    ...scenario('on_target', { lsl, usl }),
    ...scenario('off_target_T10_02', { lsl, usl, target: 10.02 }),
    ...scenario('upper_spec_only', { usl }),
    ...scenario('lower_spec_only', { lsl }),
  ];
}

/** Checks of one capability file (indices, out-of-spec percentages, 95 % confidence intervals). */
export function capabilityChecks(file: unknown, which: 'pistonrings' | 'small'): ReferenceCheck[] {
  return which === 'pistonrings' ? pistonRingChecks(file) : smallChecks(file);
}
