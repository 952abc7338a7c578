/**
 * Turns each SPC reference case file (../shared/reference/spc/*.json) into a list of numeric checks:
 * a value computed by shared/spc, the published value, and the tolerance the file states.
 */
import {
  cChart,
  chartConstants,
  ewmaChart,
  individualsChart,
  npChart,
  pChart,
  uChart,
  xbarRChart,
  xbarSChart,
  ruleViolationIndices,
  type RuleName,
} from '../../../shared/spc/index.ts';
import { capabilityChecks } from './capabilityChecks.ts';

/** One comparison of a computed value with a published one. */
export interface ReferenceCheck {
  label: string;
  actual: number;
  expected: number;
  tolerance: number;
}

/** Read a nested field by dotted path from parsed JSON. */
export function field(source: unknown, path: string): unknown {
  let current = source;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) throw new Error(`missing ${path}`);
    current = (current as Record<string, unknown>)[key];
  }
  if (current === undefined) throw new Error(`missing ${path}`);
  return current;
}

/** A number at `path`. */
export function numberAt(source: unknown, path: string): number {
  const value = field(source, path);
  if (typeof value !== 'number') throw new Error(`${path} is not a number`);
  return value;
}

/** An array of numbers at `path`. */
export function numbersAt(source: unknown, path: string): number[] {
  const value = field(source, path);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'number')) throw new Error(`${path} is not numbers`);
  return value as number[];
}

/** An array of number arrays (subgroups) at `path`. */
export function subgroupsAt(source: unknown, path: string): number[][] {
  const value = field(source, path);
  if (!Array.isArray(value)) throw new Error(`${path} is not an array`);
  return value.map((row) => numbersAt({ row }, 'row'));
}

/**
 * A published value rounded to d decimals cannot be matched closer than half a unit of its last
 * digit, so the tolerance is the file's tolerance or that rounding half-unit, whichever is larger.
 */
export function publishedTolerance(expected: number, stated: number): number {
  const text = String(expected);
  const decimals = text.includes('e') ? 0 : (text.split('.')[1]?.length ?? 0);
  return Math.max(stated, 0.5 * 10 ** -decimals * (1 + 1e-9));
}

/** Compare the named keys of `expectedObject` with `actual` values. */
export function checksFor(prefix: string, expectedObject: unknown, actual: Record<string, number>, stated: number): ReferenceCheck[] {
  return Object.entries(actual).map(([key, value]) => {
    const expected = numberAt(expectedObject, key);
    return { label: `${prefix}.${key}`, actual: value, expected, tolerance: publishedTolerance(expected, stated) };
  });
}

/** Limits of point `index` of a chart series. */
function limitsAt(points: readonly { lcl: number; ucl: number }[], index: number): { lcl: number; ucl: number } {
  const point = points[index];
  if (!point) throw new Error(`no point ${index}`);
  return { lcl: point.lcl, ucl: point.ucl };
}

function constantsChecks(file: unknown): ReferenceCheck[] {
  if (!Array.isArray(file)) throw new Error('constants file is not an array');
  return file.flatMap((row: unknown) => {
    const n = numberAt(row, 'n');
    const computed = chartConstants(n);
    // d3 comes from a 2-D Simpson integral (Richardson-corrected, ~2e-10); the rest is closed-form.
    return Object.entries(computed).map(([key, value]) => ({ label: `n=${n}.${key}`, actual: value, expected: numberAt(row, key), tolerance: 1e-8 }));
  });
}

function xbarRChecks(file: unknown): ReferenceCheck[] {
  const subgroups = subgroupsAt(file, 'data.phase1_subgroups');
  const qcc = xbarRChart(subgroups, { constants: 'textbook' });
  const exact = xbarRChart(subgroups);
  const values = (chart: typeof qcc) => ({
    center: chart.center,
    lcl: limitsAt(chart.points, 0).lcl,
    ucl: limitsAt(chart.points, 0).ucl,
    r_center: chart.secondary?.center ?? Number.NaN,
    r_ucl: limitsAt(chart.secondary?.points ?? [], 0).ucl,
  });
  const textbook = field(file, 'textbook_rounded_expected');
  const { r_ucl: rangeUcl, ...rest } = values(exact);
  return [
    ...checksFor('qcc', field(file, 'expected'), { ...values(qcc), sigma: qcc.sigma, r_lcl: limitsAt(qcc.secondary?.points ?? [], 0).lcl }, numberAt(file, 'tolerance.abs')),
    ...checksFor('textbook(exact d2)', textbook, rest, numberAt(textbook, 'tolerance_abs')),
    ...checksFor('textbook(exact d2)', textbook, { r_ucl: rangeUcl }, numberAt(textbook, 'tolerance_abs_r_ucl')),
  ];
}

function xbarSChecks(file: unknown): ReferenceCheck[] {
  const chart = xbarSChart(subgroupsAt(file, 'data.phase1_subgroups'));
  const secondary = limitsAt(chart.secondary?.points ?? [], 0);
  const tolerance = numberAt(file, 'tolerance.abs');
  return [
    ...checksFor('S', field(file, 'expected'), { s_center: chart.secondary?.center ?? Number.NaN, sigma: chart.sigma, s_lcl: secondary.lcl, s_ucl: secondary.ucl }, tolerance),
    ...checksFor('Xbar', field(file, 'expected_derived_not_published'), { center: chart.center, ...limitsAt(chart.points, 0) }, tolerance),
  ];
}

function individualsChecks(file: unknown): ReferenceCheck[] {
  const values = numbersAt(file, 'data.x_phase1');
  const tolerance = numberAt(file, 'tolerance.abs');
  const main = individualsChart(values, { constants: 'textbook' });
  const revised = individualsChart(values, { constants: 'textbook', exclude: [3] });
  const byDeviation = individualsChart(values, { sigmaMethod: 'standard-deviation' });
  const movingRange = main.secondary;
  return [
    ...checksFor('I', field(file, 'expected'), { center: main.center, sigma: main.sigma, ...limitsAt(main.points, 0) }, tolerance),
    ...checksFor('I revised', field(file, 'expected_revised_without_batch4'), { center: revised.center, sigma: revised.sigma, ...limitsAt(revised.points, 0) }, tolerance),
    ...checksFor('I sd/c4', field(file, 'expected_sigma_from_SD_over_c4'), { sigma: byDeviation.sigma, ...limitsAt(byDeviation.points, 0) }, tolerance),
    ...checksFor('MR', field(file, 'expected_derived_not_published'), { mr_center: movingRange?.center ?? Number.NaN, mr_ucl: limitsAt(movingRange?.points ?? [], 0).ucl }, tolerance),
  ];
}

/** center/sigma/lcl/ucl of point `index` of an attribute chart. */
function attributeValues(chart: ReturnType<typeof pChart>, index = 0): Record<string, number> {
  return { center: chart.center, sigma: chart.sigma, ...limitsAt(chart.points, index) };
}

function proportionChecks(file: unknown): ReferenceCheck[] {
  const size = numberAt(file, 'data.n');
  const trial = numbersAt(file, 'data.D_trial');
  const second = numbersAt(file, 'data.orangejuice2_D_trial');
  const sizesOf = (counts: number[]) => counts.map(() => size);
  const exclude = numbersAt(file, 'data.exclude_for_revised_1based').map((oneBased) => oneBased - 1);
  const tolerance = numberAt(file, 'tolerance.abs');
  return [
    ...checksFor('p', field(file, 'expected.p_trial'), attributeValues(pChart(trial, sizesOf(trial))), tolerance),
    ...checksFor('p revised', field(file, 'expected.p_revised'), attributeValues(pChart(trial, sizesOf(trial), { exclude })), tolerance),
    ...checksFor('np', field(file, 'expected.np_trial'), attributeValues(npChart(trial, sizesOf(trial))), tolerance),
    ...checksFor('orangejuice2 p', field(file, 'expected.orangejuice2_p_trial'), attributeValues(pChart(second, sizesOf(second))), tolerance),
  ];
}

function variableProportionChecks(file: unknown): ReferenceCheck[] {
  const sizes = numbersAt(file, 'data.sizes');
  const chart = pChart(numbersAt(file, 'data.counts_synthetic_sum_188'), sizes);
  const at = (size: number) => limitsAt(chart.points, sizes.indexOf(size));
  const tolerance = numberAt(file, 'tolerance.abs');
  return [
    ...checksFor('p', field(file, 'expected'), { center: chart.center, sigma_n50: chart.points[sizes.indexOf(50)]?.sigma ?? Number.NaN, lcl_n50: at(50).lcl, ucl_n50: at(50).ucl, lcl_n25: at(25).lcl, ucl_n25: at(25).ucl }, tolerance),
    ...checksFor('p derived', field(file, 'expected_derived_not_published'), { lcl_n100: at(100).lcl, ucl_n100: at(100).ucl }, 1e-9),
  ];
}

function countChecks(file: unknown): ReferenceCheck[] {
  const counts = numbersAt(file, 'data.c_trial');
  const sizes = counts.map(() => numberAt(file, 'data.size'));
  const exclude = numbersAt(file, 'data.exclude_for_revised_1based').map((oneBased) => oneBased - 1);
  const tolerance = numberAt(file, 'tolerance.abs');
  const perUnit = uChart(counts, sizes, { exclude });
  return [
    ...checksFor('c', field(file, 'expected.c_trial'), attributeValues(cChart(counts)), tolerance),
    ...checksFor('c revised', field(file, 'expected.c_revised'), attributeValues(cChart(counts, { exclude })), tolerance),
    ...checksFor('u revised', field(file, 'expected.u_revised_size100'), { center: perUnit.center, ...limitsAt(perUnit.points, 0) }, tolerance),
  ];
}

function perUnitChecks(file: unknown): ReferenceCheck[] {
  const chart = uChart(numbersAt(file, 'data.c'), numbersAt(file, 'data.n'));
  return checksFor('u', field(file, 'expected'), attributeValues(chart), numberAt(file, 'tolerance.abs'));
}

function ewmaChecks(file: unknown, pistonRings: unknown): ReferenceCheck[] {
  const unit = field(file, 'cases.qcc_unit');
  const unitChart = ewmaChart(numbersAt(unit, 'data').map((value) => [value]), {
    target: numberAt(unit, 'center'), sigma: numberAt(unit, 'sigma'), lambda: numberAt(unit, 'lambda_'), sigmaMultiplier: numberAt(unit, 'L'),
  });
  const unitTolerance = numberAt(file, 'tolerance.qcc_unit');
  const unitChecks = unitChart.points.flatMap((point, index) => [
    { label: `unit z${index + 1}`, actual: point.value, expected: numbersAt(unit, 'expected.z')[index] ?? Number.NaN, tolerance: unitTolerance },
    { label: `unit sigma_z${index + 1}`, actual: point.sigma, expected: numbersAt(unit, 'expected.sigma_z')[index] ?? Number.NaN, tolerance: unitTolerance },
  ]);
  const vignette = field(file, 'cases.qcc_vignette_pistonrings');
  const chart = ewmaChart(subgroupsAt(pistonRings, 'data.phase1_subgroups'), {
    target: numberAt(vignette, 'center'), sigma: numberAt(vignette, 'sigma'), lambda: numberAt(vignette, 'lambda_'), sigmaMultiplier: numberAt(vignette, 'L'),
  });
  const limits = Object.fromEntries([1, 2, 25].flatMap((row) => [[`lcl${row}`, limitsAt(chart.points, row - 1).lcl], [`ucl${row}`, limitsAt(chart.points, row - 1).ucl]]));
  return [...unitChecks, ...checksFor('pistonrings', field(vignette, 'expected'), limits, numberAt(file, 'tolerance.qcc_vignette'))];
}

function ruleChecks(file: unknown): ReferenceCheck[] {
  const cases = field(file, 'cases');
  if (!Array.isArray(cases)) throw new Error('rules cases missing');
  return cases.flatMap((ruleCase: unknown, caseIndex) => {
    const set = field(ruleCase, 'rule_set');
    const rule = `${set === 'nelson' ? 'N' : 'WE'}${numberAt(ruleCase, 'rule')}` as RuleName;
    const points = numbersAt(ruleCase, 'series').map((value) => ({ value, center: numberAt(file, 'center'), sigma: numberAt(file, 'sigma') }));
    const found = ruleViolationIndices(rule, points).map((index) => index + 1);
    const expected = numbersAt(ruleCase, 'expected_violation_indices_1based');
    // Exact index match, encoded as one check: 0 when the flagged lists are identical.
    return [{ label: `case ${caseIndex + 1} ${rule} [${expected.join(',')}] got [${found.join(',')}]`, actual: found.join(',') === expected.join(',') ? 0 : 1, expected: 0, tolerance: 0 }];
  });
}

/** Files this suite checks, with the function that builds their checks. */
export const SPC_REFERENCE_HANDLERS: Record<string, (file: unknown, load: (name: string) => unknown) => ReferenceCheck[]> = {
  'control_chart_constants.json': constantsChecks,
  'xbar_r_pistonrings.json': xbarRChecks,
  'xbar_s_pistonrings.json': xbarSChecks,
  'imr_viscosity_qcc.json': individualsChecks,
  'p_np_orangejuice.json': proportionChecks,
  'p_variable_n_qcc_vignette.json': variableProportionChecks,
  'c_u_circuit.json': countChecks,
  'u_pcmanufact.json': perUnitChecks,
  'ewma_cases.json': (file, load) => ewmaChecks(file, load('xbar_r_pistonrings.json')),
  'rules_we_nelson_qcc_unittests.json': ruleChecks,
  'capability_pistonrings_qcc.json': (file) => capabilityChecks(file, 'pistonrings'),
  'capability_small_qcc_unittest.json': (file) => capabilityChecks(file, 'small'),
};

/** Case files in the same folder that belong to other areas (yield, commonality, PAT), not SPC charts. */
export const NOT_SPC_CASE_FILES: readonly string[] = [
  'commonality_stats.json',
  'yield_models.json',
  'gross_die_per_wafer.json',
  'pat_robust_limits_synthetic.json',
];
