import { HARD_BINS, SOFT_BINS } from './bins.ts';
import type { DieRecord } from './dieSimulation.ts';
import { INJECTED_DRIFT, PRODUCTION_START_MS, type FabPlan } from './fabPlan.ts';
import type { TestDefinition } from './products.ts';
import { WAFER_DIAMETER_MM } from './waferGeometry.ts';

/** Column name of a test in the die CSV: t<number>_<name>. */
export function testColumnName(test: TestDefinition): string {
  return `t${test.testNumber}_${test.name}`;
}

/** ISO-8601 UTC timestamp with whole seconds ("2026-09-12T03:14:15Z"). */
export function isoSeconds(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

/** Header line (with newline) of a product's die CSV. */
export function dieCsvHeader(tests: readonly TestDefinition[]): string {
  const fixed = 'product,lot,wafer,x,y,site,hard_bin,soft_bin,pass,insertion,tested_at,test_time_ms';
  return `${[fixed, ...tests.map(testColumnName)].join(',')}\n`;
}

/** Formats die records as CSV lines; caches the timestamp text because a touchdown shares it. */
export class DieCsvFormatter {
  private lastTimeMs = Number.NaN;
  private lastTimeText = '';

  constructor(private readonly tests: readonly TestDefinition[]) {}

  /** One CSV line (with newline) for a die insertion. */
  line(record: DieRecord): string {
    const seconds = Math.floor(record.testedAtMs / 1000) * 1000;
    if (seconds !== this.lastTimeMs) {
      this.lastTimeMs = seconds;
      this.lastTimeText = isoSeconds(seconds);
    }
    let text = `${record.product},${record.lot},${record.wafer},${record.x},${record.y},${record.site},${record.hardBin},${record.softBin},${record.pass ? 1 : 0},${record.insertion},${this.lastTimeText},${record.testTimeMs}`;
    const values = record.values;
    for (let index = 0; index < values.length; index += 1) {
      const value = values[index] as number;
      text += Number.isNaN(value) ? ',' : `,${value.toFixed(Math.max(0, (this.tests[index] as TestDefinition).decimals))}`;
    }
    return `${text}\n`;
  }
}

function csvText(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [header.join(','), ...rows.map((row) => row.join(','))].join('\n') + '\n';
}

/** tests.csv: the limits and units of every selected test of every product. */
export function testsCsv(plan: FabPlan): string {
  const rows = plan.products.flatMap(({ product, tests }) =>
    tests.map((test) => [product.name, test.testNumber, test.name, test.units, test.lowLimit, test.highLimit]),
  );
  return csvText(['product', 'test_num', 'name', 'units', 'lo_limit', 'hi_limit'], rows);
}

/** bins.csv: hard and soft bin names and pass flags per product. */
export function binsCsv(plan: FabPlan): string {
  const rows = plan.products.flatMap(({ product }) =>
    [...HARD_BINS, ...SOFT_BINS].map((bin) => [product.name, bin.binType, bin.bin, bin.name, bin.pass ? 1 : 0]),
  );
  return csvText(['product', 'bin_type', 'bin', 'name', 'pass'], rows);
}

/** equipment.csv: every wafer through every route step. */
export function equipmentCsv(plan: FabPlan): string {
  const rows = plan.lots.flatMap((lot) =>
    lot.wafers.flatMap((wafer) =>
      wafer.equipment.map((record) => [record.lot, record.wafer, record.step, record.tool, record.chamber, record.recipe, isoSeconds(record.startMs), isoSeconds(record.endMs)]),
    ),
  );
  return csvText(['lot', 'wafer', 'step', 'tool', 'chamber', 'recipe', 'start_time', 'end_time'], rows);
}

/** wafers.csv: one row per wafer; end times come from the simulated dies (key "lot/wafer"). */
export function wafersCsv(plan: FabPlan, waferEndMs: ReadonlyMap<string, number>): string {
  const rows = plan.lots.flatMap((lot) => {
    const { product, grid } = lot.productPlan;
    return lot.wafers.map((wafer) => [
      product.name, lot.lot, wafer.wafer, lot.tester, lot.probeCard, product.program,
      isoSeconds(wafer.testStartMs), isoSeconds(waferEndMs.get(`${lot.lot}/${wafer.wafer}`) ?? wafer.testStartMs),
      WAFER_DIAMETER_MM, product.dieWidthMm, product.dieHeightMm, 'D', 'R', 'D', grid.centerX, grid.centerY,
    ]);
  });
  const header = ['product', 'lot', 'wafer', 'tester', 'probe_card', 'program', 'start_time', 'end_time', 'wafer_size_mm', 'die_width_mm', 'die_height_mm', 'flat', 'pos_x', 'pos_y', 'center_x', 'center_y'];
  return csvText(header, rows);
}

/**
 * The slow linear drifts of test means by design (none in control): from the first production day,
 * `sigmaPerWeek` of the test's die sigma per week (`perWeek` in its units).
 */
function slowDrifts(plan: FabPlan): { product: string; test: number; column: string; from: string; perWeek: number; sigmaPerWeek: number }[] {
  if (plan.config.inControl === true) return [];
  const from = new Date(PRODUCTION_START_MS).toISOString();
  return plan.products.flatMap((productPlan) => productPlan.tests.filter((test) => test.driftSigmaPerWeek !== 0).map((test) => ({
    product: productPlan.product.name, test: test.testNumber, column: testColumnName(test), from,
    perWeek: Number((test.driftSigmaPerWeek * test.sigma).toPrecision(6)), sigmaPerWeek: test.driftSigmaPerWeek,
  })));
}

/** ground-truth.json: what was injected, for checking analyses against. */
export function groundTruthJson(plan: FabPlan, generatedBy: string): string {
  const drifts = plan.products.flatMap((productPlan) => {
    const test = productPlan.tests[productPlan.driftTestIndex];
    if (test === undefined) return [];
    const from = new Date(INJECTED_DRIFT.fromMs).toISOString();
    return [{ product: productPlan.product.name, test: test.testNumber, testName: test.name, column: testColumnName(test), from, shift: INJECTED_DRIFT.shiftSigma * test.sigma, shiftSigma: INJECTED_DRIFT.shiftSigma, sigma: test.sigma }];
  });
  const injection = plan.injection;
  const processed = injection?.step === 'ETCH' ? 'etched' : `processed at ${injection?.step ?? ''}`;
  // The request is recorded as resolved in `degraded`, so `config` keeps the generator's other options.
  const { inject: _request, ...config } = plan.config;
  const truth = {
    seed: plan.config.seed,
    generatedBy,
    config,
    degraded: injection === null ? null : {
      step: injection.step, factor: injection.factor, level: injection.level, tool: injection.tool, from: new Date(injection.fromMs).toISOString(),
      effect: `lower yield and an Edge-Ring signature on wafers ${processed} in this ${injection.factor} from this date`,
    },
    wafers: plan.lots.flatMap((lot) => lot.wafers.map((wafer) => ({ lot: lot.lot, wafer: wafer.wafer, product: lot.productPlan.product.name, signature: wafer.signature, degraded: wafer.degraded }))),
    drifts,
    slowDrifts: slowDrifts(plan),
  };
  // One wafer per line and the config on one line keep the file short and easy to diff.
  const waferLines = truth.wafers.map((wafer) => `    ${JSON.stringify(wafer)}`).join(',\n');
  const layout = JSON.stringify({ ...truth, config: '@config', wafers: '@wafers' }, null, 2);
  return `${layout.replace('"@config"', JSON.stringify(truth.config)).replace('"@wafers"', `[\n${waferLines}\n  ]`)}\n`;
}
