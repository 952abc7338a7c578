import type { FailCategory } from './bins.ts';

/** One parametric or functional test of a product's probe program (one row of tests.csv). */
export interface TestDefinition {
  readonly testNumber: number;
  readonly name: string;
  readonly units: string;
  readonly mean: number;
  /** Die-to-die sigma; 0 for count-type functional tests whose good value is exactly the mean. */
  readonly sigma: number;
  readonly lowLimit: number;
  readonly highLimit: number;
  readonly category: FailCategory;
  /** Decimals written to the CSV (3-4 significant digits); -1 means steps of 10 (a search test's resolution). */
  readonly decimals: number;
  /** Mean offset at the wafer edge in sigmas, growing with the squared radius. */
  readonly radialSigma: number;
  /** Slow linear drift of the mean in sigmas per week of production. */
  readonly driftSigmaPerWeek: number;
  /** Which side a defective die's value falls out on. */
  readonly failSide: 'low' | 'high';
  /** Passing dies below this value go to the slow speed grade (soft bin 2). */
  readonly slowGradeBelow?: number;
}

/** A product: die size, probe program, tests and the defect density of the process. */
export interface ProductDefinition {
  readonly name: string;
  /** Prefix of the product's lot ids. */
  readonly lotPrefix: string;
  readonly dieWidthMm: number;
  readonly dieHeightMm: number;
  readonly program: string;
  readonly probeCards: readonly string[];
  /** Test time of a die that runs the whole flow, in milliseconds. */
  readonly fullFlowTimeMs: number;
  /** Random baseline defect density, defects per cm². */
  readonly defectsPerCm2: number;
  /** Tests in flow order (the order of the CSV columns). */
  readonly tests: readonly TestDefinition[];
}

type TestRow = [number, string, string, number, number, number, number, FailCategory, number, number, number, 'low' | 'high'];

function testsFromRows(rows: readonly TestRow[], slowGrade: Readonly<Record<number, number>>): TestDefinition[] {
  return rows.map(([testNumber, name, units, mean, sigma, lowLimit, highLimit, category, decimals, radialSigma, driftSigmaPerWeek, failSide]) => {
    const slowGradeBelow = slowGrade[testNumber];
    const base = { testNumber, name, units, mean, sigma, lowLimit, highLimit, category, decimals, radialSigma, driftSigmaPerWeek, failSide };
    return slowGradeBelow === undefined ? base : { ...base, slowGradeBelow };
  });
}

// number, name, units, mean, sigma, low, high, category, decimals, radial sigma, drift sigma/week, fail side
const ORION_TESTS: readonly TestRow[] = [
  [1001, 'cont_vdd', 'V', -0.52, 0.008, -0.6, -0.44, 'continuity', 3, 0, 0, 'low'],
  [1002, 'cont_io', 'V', -0.55, 0.008, -0.63, -0.47, 'continuity', 3, 0, 0, 'low'],
  [2001, 'ileak_vdd', 'uA', 0.85, 0.12, 0, 1.6, 'leakage', 2, 0.8, 0.02, 'high'],
  [2002, 'ileak_io', 'nA', 14, 1.2, 0, 20, 'leakage', 1, 0.5, 0, 'high'],
  [3001, 'idd_static', 'mA', 42, 1, 37, 47.5, 'idd', 1, 0.5, 0.03, 'high'],
  [3002, 'idd_dynamic', 'mA', 310, 9, 265, 355, 'idd', 0, 0.3, 0, 'high'],
  [3003, 'iddq', 'uA', 120, 12, 0, 180, 'idd', 0, 0.4, 0, 'high'],
  [4001, 'vth_n', 'V', 0.42, 0.008, 0.38, 0.46, 'vth', 3, -0.6, 0, 'high'],
  [4002, 'vth_p', 'V', -0.41, 0.009, -0.455, -0.365, 'vth', 3, 0.5, -0.03, 'low'],
  [5001, 'vref_bg', 'V', 1.2, 0.006, 1.17, 1.23, 'parametric', 3, 0.2, 0, 'low'],
  [5002, 'ldo_vout', 'V', 0.9, 0.005, 0.875, 0.925, 'parametric', 3, 0, 0, 'low'],
  [5003, 'rdson', 'mOhm', 85, 3, 70, 100, 'parametric', 0, 0.7, 0.02, 'high'],
  [6001, 'scan_fails', 'count', 0, 0, 0, 0, 'functional', 0, 0, 0, 'high'],
  [6002, 'bist_fails', 'count', 0, 0, 0, 0, 'functional', 0, 0, 0, 'high'],
  [7001, 'ring_osc', 'MHz', 880, 10, 830, 930, 'delay', 0, -0.4, 0, 'low'],
  [7002, 'fmax', 'MHz', 2150, 45, 1950, 2400, 'delay', -1, -0.8, -0.02, 'low'],
];

const VEGA_TESTS: readonly TestRow[] = [
  [1001, 'cont_vdd', 'V', -0.5, 0.008, -0.58, -0.42, 'continuity', 3, 0, 0, 'low'],
  [1002, 'cont_io', 'V', -0.53, 0.008, -0.61, -0.45, 'continuity', 3, 0, 0, 'low'],
  [2001, 'ileak_vdd', 'uA', 0.12, 0.012, 0, 0.18, 'leakage', 3, 0.8, 0, 'high'],
  [3001, 'idd_static', 'mA', 6.2, 0.12, 5.6, 6.8, 'idd', 2, 0.5, 0.03, 'high'],
  [3002, 'iddq', 'uA', 18, 1.2, 0, 24, 'idd', 1, 0.4, 0, 'high'],
  [4001, 'vth_n', 'V', 0.38, 0.008, 0.34, 0.42, 'vth', 3, -0.6, 0, 'high'],
  [4002, 'vth_p', 'V', -0.37, 0.009, -0.415, -0.325, 'vth', 3, 0.5, 0, 'low'],
  [5001, 'vref', 'V', 0.8, 0.005, 0.775, 0.825, 'parametric', 3, 0.2, 0, 'low'],
  [6001, 'scan_fails', 'count', 0, 0, 0, 0, 'functional', 0, 0, 0, 'high'],
  [7001, 'ring_osc', 'MHz', 1450, 12, 1390, 1510, 'delay', 0, -0.4, 0, 'low'],
  [7002, 'fmax', 'MHz', 3200, 70, 2880, 3600, 'delay', -1, -0.8, -0.02, 'low'],
  [7003, 'tpd', 'ps', 38, 1.2, 32, 44, 'delay', 1, 0.6, 0, 'high'],
];

/** The two simulated products. */
export const PRODUCTS: readonly ProductDefinition[] = [
  {
    name: 'ORION',
    lotPrefix: 'OR',
    dieWidthMm: 10.2,
    dieHeightMm: 10.2,
    program: 'ORION_WS1_R3',
    probeCards: ['PC-OR-01', 'PC-OR-02'],
    fullFlowTimeMs: 950,
    defectsPerCm2: 0.09,
    tests: testsFromRows(ORION_TESTS, { 7002: 2060 }),
  },
  {
    name: 'VEGA',
    lotPrefix: 'VG',
    dieWidthMm: 3.62,
    dieHeightMm: 3.62,
    program: 'VEGA_WS1_R7',
    probeCards: ['PC-VG-01', 'PC-VG-02', 'PC-VG-03'],
    fullFlowTimeMs: 260,
    defectsPerCm2: 0.12,
    tests: testsFromRows(VEGA_TESTS, { 7002: 3060 }),
  },
];

/** The product with this name, or an error naming the known ones. */
export function productByName(name: string): ProductDefinition {
  const product = PRODUCTS.find((candidate) => candidate.name === name);
  if (product === undefined) throw new Error(`unknown product ${name} (known: ${PRODUCTS.map((p) => p.name).join(', ')})`);
  return product;
}

/**
 * The first `limit` tests taken round-robin across categories (so every fail bin stays
 * reachable), returned in flow order.
 */
export function selectTests(tests: readonly TestDefinition[], limit: number | undefined): readonly TestDefinition[] {
  if (limit === undefined || limit >= tests.length) return tests;
  const byCategory = new Map<FailCategory, TestDefinition[]>();
  for (const test of tests) byCategory.set(test.category, [...(byCategory.get(test.category) ?? []), test]);
  const chosen = new Set<TestDefinition>();
  for (let round = 0; chosen.size < limit; round += 1) {
    for (const group of byCategory.values()) {
      const test = group[round];
      if (test !== undefined && chosen.size < limit) chosen.add(test);
    }
  }
  return tests.filter((test) => chosen.has(test));
}
