import { productByName, selectTests, type ProductDefinition, type TestDefinition } from './products.ts';
import { deriveSeed, SeededRandom } from './random.ts';
import { isDegraded, resolveInjection, type InjectedExcursion, type InjectionRequest } from './injection.ts';
import { routeLot, ROUTE_DURATION_MS, type EquipmentRecord } from './route.ts';
import { SIGNATURE_FREQUENCIES, type SignatureClass } from './signatures.ts';
import { buildDieGrid, type DieGrid } from './waferGeometry.ts';

/** What to generate. */
export interface GeneratorConfig {
  readonly seed: number;
  readonly lots: number;
  /** Relative lot counts per product, e.g. [['ORION', 5], ['VEGA', 1]]. */
  readonly productMix: readonly (readonly [string, number])[];
  /** Keep at most this many tests of the named products (others keep all their tests). */
  readonly testLimits?: Readonly<Record<string, number>>;
  readonly wafersPerLot: number;
  /** The degraded equipment and date; what is not given is drawn from the seed. */
  readonly inject?: InjectionRequest;
  /**
   * No event at all (`--in-control`): no degraded equipment, no injected test drift, no slow
   * drift of the test means and no spatial signature (every wafer WM-811K class `none`); lot and
   * wafer offsets, the wafer's random defect density and retests stay. The same seed
   * gives the same lots, wafers and die draws as with events, only without them. For measuring
   * false alarms.
   */
  readonly inControl?: boolean;
}

/** The committed sample's degraded chamber and date (pinned so its data stay what they were). */
export const DEGRADED_CHAMBER = { step: 'ETCH', tool: 'ETCH-02', chamber: 'ETCH-02/B', fromMs: Date.UTC(2026, 9, 5) } as const;
/** The injected mean shift of one test from a date. */
export const INJECTED_DRIFT = { product: 'ORION', testNumber: 4001, fromMs: Date.UTC(2026, 9, 15), shiftSigma: 2 } as const;
/** First lot start of the simulated production. */
export const PRODUCTION_START_MS = Date.UTC(2026, 8, 1);
/** Lot starts spread over this many days. */
export const PRODUCTION_SPAN_DAYS = 56;
const DAY_MS = 86_400_000;
const TESTERS = ['UFLEX-01', 'UFLEX-02', 'V93K-01'];

/** A product with its selected tests and die grid. */
export interface ProductPlan {
  readonly product: ProductDefinition;
  readonly tests: readonly TestDefinition[];
  readonly grid: DieGrid;
  /** Worst-case test time of one wafer, used to schedule consecutive wafers without overlap. */
  readonly waferSlotMs: number;
  /** Index in `tests` of the test with the injected drift, or -1. */
  readonly driftTestIndex: number;
}

/** Everything decided about a wafer before its dies are simulated. */
export interface WaferPlan {
  readonly lot: string;
  readonly wafer: number;
  readonly signature: SignatureClass;
  readonly degraded: boolean;
  readonly equipment: readonly EquipmentRecord[];
  readonly testStartMs: number;
  /** Share of dies probed twice (0 on most wafers). */
  readonly retestFraction: number;
  /** Multiplier of the product's baseline defect density on this wafer. */
  readonly defectFactor: number;
  /** Per test (in selected-test order): mean offset in sigmas from lot, wafer and slow drift. */
  readonly meanShiftSigma: readonly number[];
}

/** A lot with its header data and wafers. */
export interface LotPlan {
  readonly lot: string;
  readonly productPlan: ProductPlan;
  readonly startMs: number;
  readonly tester: string;
  readonly probeCard: string;
  readonly wafers: readonly WaferPlan[];
}

/** The whole simulated production. */
export interface FabPlan {
  readonly config: GeneratorConfig;
  readonly products: readonly ProductPlan[];
  readonly lots: readonly LotPlan[];
  /** The equipment excursion injected into this fab (null in control). */
  readonly injection: InjectedExcursion | null;
}

function planProduct(name: string, testLimit: number | undefined, inControl: boolean): ProductPlan {
  const product = productByName(name);
  const grid = buildDieGrid(product.dieWidthMm, product.dieHeightMm);
  const touchdownMs = product.fullFlowTimeMs * 1.12 + 400;
  const retestAllowanceMs = grid.dieCount * 0.04 * (product.fullFlowTimeMs * 1.12 + 900);
  const waferSlotMs = Math.ceil(grid.touchdowns.length * touchdownMs + retestAllowanceMs + 120_000);
  const tests = selectTests(product.tests, testLimit);
  const driftTestIndex = !inControl && name === INJECTED_DRIFT.product ? tests.findIndex((test) => test.testNumber === INJECTED_DRIFT.testNumber) : -1;
  return { product, tests, grid, waferSlotMs, driftTestIndex };
}

/** Lot counts per product by largest remainder, as a shuffled list of product names. */
function lotProducts(config: GeneratorConfig, random: SeededRandom): string[] {
  const totalWeight = config.productMix.reduce((sum, [, weight]) => sum + weight, 0);
  const shares = config.productMix.map(([name, weight]) => ({ name, exact: (config.lots * weight) / totalWeight }));
  const counts = shares.map((share) => ({ name: share.name, count: Math.floor(share.exact), remainder: share.exact % 1 }));
  let missing = config.lots - counts.reduce((sum, entry) => sum + entry.count, 0);
  for (const entry of [...counts].sort((a, b) => b.remainder - a.remainder)) {
    if (missing-- > 0) entry.count += 1;
  }
  const names = counts.flatMap((entry) => Array.from({ length: entry.count }, () => entry.name));
  for (let index = names.length - 1; index > 0; index -= 1) {
    const other = random.integer(0, index);
    [names[index], names[other]] = [names[other] as string, names[index] as string];
  }
  return names;
}

/** A wafer before the injection is known: `degraded` false, its drawn signature. */
function planWafer(lot: string, productPlan: ProductPlan, equipment: readonly EquipmentRecord[], testStartMs: number, lotShiftSigma: readonly number[], random: SeededRandom, inControl: boolean): WaferPlan {
  const drawnSignature = random.weighted(SIGNATURE_FREQUENCIES);
  // The slow drifts are events (recorded in ground-truth.json as slowDrifts); in control there are none.
  const weeks = inControl ? 0 : (testStartMs - PRODUCTION_START_MS) / (7 * DAY_MS);
  const meanShiftSigma = productPlan.tests.map((test, index) => {
    return (lotShiftSigma[index] ?? 0) + 0.12 * random.normal() + test.driftSigmaPerWeek * weeks;
  });
  return {
    lot,
    wafer: (equipment[0]?.wafer ?? 0),
    // Drawn in control too, so the PRNG stream (and every later draw) is the same as with events.
    signature: inControl ? 'none' : drawnSignature,
    degraded: false,
    equipment,
    testStartMs,
    retestFraction: random.chance(0.4) ? random.between(0.01, 0.03) : 0,
    defectFactor: Math.exp(0.3 * random.normal()),
    meanShiftSigma,
  };
}

/** Decide lots, products, routes, signatures and test times for a configuration (cheap; no dies). */
export function buildFabPlan(config: GeneratorConfig): FabPlan {
  const random = new SeededRandom(deriveSeed(config.seed, 'plan'));
  const names = lotProducts(config, random);
  const products = [...new Set(config.productMix.map(([name]) => name))].map((name) => planProduct(name, config.testLimits?.[name], config.inControl === true));
  const spacingMs = (PRODUCTION_SPAN_DAYS * DAY_MS) / Math.max(config.lots, 1);
  const lots = names.map((name, lotIndex): LotPlan => {
    const productPlan = products.find((candidate) => candidate.product.name === name) as ProductPlan;
    const lot = `${productPlan.product.lotPrefix}${String(26_001 + lotIndex)}`;
    const lotRandom = new SeededRandom(deriveSeed(config.seed, 'lot', lot));
    const startMs = Math.round(PRODUCTION_START_MS + (lotIndex + lotRandom.between(0, 0.8)) * spacingMs);
    const equipmentByWafer = routeLot(lot, name, config.wafersPerLot, startMs, lotRandom);
    const firstTestMs = Math.round(startMs + ROUTE_DURATION_MS + lotRandom.between(2, 30) * 3_600_000);
    const lotShiftSigma = productPlan.tests.map(() => 0.3 * lotRandom.normal());
    const wafers = equipmentByWafer.map((equipment, waferIndex) =>
      planWafer(lot, productPlan, equipment, firstTestMs + waferIndex * productPlan.waferSlotMs, lotShiftSigma, lotRandom, config.inControl === true),
    );
    return { lot, productPlan, startMs, tester: lotRandom.pick(TESTERS), probeCard: lotRandom.pick(productPlan.product.probeCards), wafers };
  });
  // The injection has its own PRNG stream and is applied after routing, so it changes nothing else.
  const routes = lots.flatMap((lot) => lot.wafers.map((wafer) => wafer.equipment));
  if (config.inControl === true) return { config, products, lots, injection: null };
  const injection = resolveInjection(config.seed, config.inject ?? {}, routes, PRODUCTION_START_MS, PRODUCTION_SPAN_DAYS);
  const degradedLots = lots.map((lot) => ({
    ...lot,
    wafers: lot.wafers.map((wafer) => (isDegraded(wafer.equipment, injection) ? { ...wafer, degraded: true, signature: 'Edge-Ring' as const } : wafer)),
  }));
  return { config, products, lots: degradedLots, injection };
}
