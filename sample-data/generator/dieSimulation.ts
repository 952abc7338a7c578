import { hardBinOfSoftBin, SOFT_BIN_BY_CATEGORY, SOFT_BIN_PASS, SOFT_BIN_PASS_SLOW, type FailCategory } from './bins.ts';
import { INJECTED_DRIFT, type LotPlan, type ProductPlan, type WaferPlan } from './fabPlan.ts';
import type { TestDefinition } from './products.ts';
import { deriveSeed, SeededRandom } from './random.ts';
import { createSignature, degradedChamberKillProbability } from './signatures.ts';
import { EDGE_EXCLUSION_MM, WAFER_DIAMETER_MM, type DieSite } from './waferGeometry.ts';

/** One die insertion: what a tester logs for one die touched once. Consumed by the CSV (or STDF) writer. */
export interface DieRecord {
  readonly product: string;
  readonly lot: string;
  readonly wafer: number;
  readonly x: number;
  readonly y: number;
  readonly site: number;
  readonly hardBin: number;
  readonly softBin: number;
  readonly pass: boolean;
  /** 1 for the first touch, 2 for the retest; the highest insertion is the final result. */
  readonly insertion: number;
  readonly testedAtMs: number;
  readonly testTimeMs: number;
  /** One value per selected test, NaN where the test was not executed (stop on first fail). */
  readonly values: Float64Array;
}

/** How a killed die fails, by test category. */
const KILL_CATEGORY_WEIGHTS: readonly (readonly [FailCategory, number])[] = [
  ['continuity', 0.25],
  ['leakage', 0.2],
  ['functional', 0.3],
  ['idd', 0.1],
  ['vth', 0.05],
  ['parametric', 0.05],
  ['delay', 0.05],
];
const INDEX_TIME_MS = 400;
const RETEST_MOVE_MS = 900;

interface Measurement {
  readonly values: Float64Array;
  readonly softBin: number;
  readonly testTimeMs: number;
}

/** Round to the test's resolution: `decimals` digits, or steps of 10^-decimals when negative. */
export function roundToResolution(value: number, decimals: number): number {
  if (decimals < 0) return Math.round(value / 10 ** -decimals) * 10 ** -decimals;
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

function failingValue(test: TestDefinition, random: SeededRandom): number {
  if (test.sigma === 0) return random.integer(1, 250);
  const span = test.highLimit - test.lowLimit;
  return test.failSide === 'low' ? test.lowLimit - span * random.between(0.05, 0.6) : test.highLimit + span * random.between(0.05, 0.6);
}

/** Run the test flow on one die: stop on the first fail, bin by the failing test's category. */
function measureDie(plan: ProductPlan, wafer: WaferPlan, die: DieSite, killedTest: number, atMs: number, random: SeededRandom): Measurement {
  const tests = plan.tests;
  const values = new Float64Array(tests.length).fill(Number.NaN);
  const radialWeight = die.radiusFraction * die.radiusFraction;
  let softBin = SOFT_BIN_PASS;
  let executed = 0;
  for (let index = 0; index < tests.length; index += 1) {
    const test = tests[index] as TestDefinition;
    executed += 1;
    let value: number;
    if (index === killedTest) value = failingValue(test, random);
    else if (test.sigma === 0) value = test.mean;
    else {
      const injected = index === plan.driftTestIndex && atMs >= INJECTED_DRIFT.fromMs ? INJECTED_DRIFT.shiftSigma : 0;
      const shift = (wafer.meanShiftSigma[index] ?? 0) + test.radialSigma * radialWeight + injected;
      value = test.mean + test.sigma * (shift + random.normal());
    }
    value = roundToResolution(value, test.decimals);
    values[index] = value;
    if (value < test.lowLimit || value > test.highLimit) {
      softBin = SOFT_BIN_BY_CATEGORY[test.category];
      break;
    }
    if (test.slowGradeBelow !== undefined && value < test.slowGradeBelow) softBin = SOFT_BIN_PASS_SLOW;
  }
  const flowShare = 0.15 + (0.85 * executed) / tests.length;
  const testTimeMs = Math.round(plan.product.fullFlowTimeMs * flowShare * (1 + 0.01 * Math.min(3, Math.abs(random.normal()))));
  return { values, softBin, testTimeMs };
}

/** Index of the test a killed die fails, or -1 for a good die. */
function chooseKilledTest(plan: ProductPlan, killed: boolean, forcedCategory: FailCategory | undefined, random: SeededRandom): number {
  if (!killed && forcedCategory === undefined) return -1;
  const available = KILL_CATEGORY_WEIGHTS.filter(([category]) => plan.tests.some((test) => test.category === category));
  const forcedAvailable = available.some(([category]) => category === forcedCategory);
  const category = forcedCategory !== undefined && forcedAvailable ? forcedCategory : random.weighted(available);
  const candidates = plan.tests.flatMap((test, index) => (test.category === category ? [index] : []));
  return candidates.length === 0 ? -1 : random.pick(candidates);
}

function toRecord(lot: LotPlan, wafer: WaferPlan, die: DieSite, measurement: Measurement, insertion: number, testedAtMs: number): DieRecord {
  const softBin = measurement.softBin;
  const hardBin = hardBinOfSoftBin(softBin);
  const product = lot.productPlan.product.name;
  return { product, lot: lot.lot, wafer: wafer.wafer, x: die.x, y: die.y, site: die.site, hardBin, softBin, pass: hardBin === 1, insertion, testedAtMs, testTimeMs: measurement.testTimeMs, values: measurement.values };
}

/**
 * The die insertions of one wafer in test order: first every touchdown, then the retests
 * (a retested die fails its first insertion; its second insertion shows its true result).
 */
export function* waferDieRecords(config: { readonly seed: number }, lot: LotPlan, wafer: WaferPlan): Generator<DieRecord> {
  const plan = lot.productPlan;
  const random = new SeededRandom(deriveSeed(config.seed, 'dies', lot.lot, wafer.wafer));
  const usableRadiusMm = WAFER_DIAMETER_MM / 2 - EDGE_EXCLUSION_MM;
  const signature = createSignature(wafer.signature === 'Edge-Ring' && wafer.degraded ? 'none' : wafer.signature, random, usableRadiusMm, plan.product.dieWidthMm);
  const dieAreaCm2 = (plan.product.dieWidthMm * plan.product.dieHeightMm) / 100;
  const baselineKill = 1 - Math.exp(-dieAreaCm2 * plan.product.defectsPerCm2 * wafer.defectFactor);
  const retests: { die: DieSite; killedTest: number }[] = [];
  let clockMs = wafer.testStartMs;
  for (const touchdown of plan.grid.touchdowns) {
    let longestMs = 0;
    for (const die of touchdown) {
      const degradedKill = wafer.degraded ? degradedChamberKillProbability(die) : 0;
      const survive = (1 - baselineKill) * (1 - signature(die)) * (1 - degradedKill);
      const killedTest = chooseKilledTest(plan, !random.chance(survive), undefined, random);
      const retested = wafer.retestFraction > 0 && random.chance(wafer.retestFraction);
      const firstKill = retested && killedTest < 0 ? chooseKilledTest(plan, true, 'continuity', random) : killedTest;
      const measurement = measureDie(plan, wafer, die, firstKill, clockMs, random);
      if (retested) retests.push({ die, killedTest });
      longestMs = Math.max(longestMs, measurement.testTimeMs);
      yield toRecord(lot, wafer, die, measurement, 1, clockMs);
    }
    clockMs += longestMs + INDEX_TIME_MS;
  }
  for (const { die, killedTest } of retests) {
    clockMs += RETEST_MOVE_MS;
    const measurement = measureDie(plan, wafer, die, killedTest, clockMs, random);
    yield toRecord(lot, wafer, die, measurement, 2, clockMs);
    clockMs += measurement.testTimeMs;
  }
}

/** The die insertions of a whole lot, wafer after wafer. */
export function* lotDieRecords(config: { readonly seed: number }, lot: LotPlan): Generator<DieRecord> {
  for (const wafer of lot.wafers) yield* waferDieRecords(config, lot, wafer);
}
