import type { SeededRandom } from './random.ts';

/** One process step of the route with its tools (each tool has chambers A and B). */
export interface RouteStep {
  readonly step: string;
  readonly tools: readonly string[];
  /** Minutes one wafer spends in a chamber. */
  readonly minutesPerWafer: number;
}

/** One row of equipment.csv: a wafer's pass through a chamber. */
export interface EquipmentRecord {
  readonly lot: string;
  readonly wafer: number;
  readonly step: string;
  readonly tool: string;
  /** Globally unique chamber name, tool plus letter: "ETCH-02/B". */
  readonly chamber: string;
  readonly recipe: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** The front-end route every wafer goes through, in order. */
export const PROCESS_ROUTE: readonly RouteStep[] = [
  { step: 'DEP', tools: ['DEP-01', 'DEP-02'], minutesPerWafer: 6 },
  { step: 'LITHO', tools: ['LITHO-01', 'LITHO-02', 'LITHO-03'], minutesPerWafer: 3 },
  { step: 'ETCH', tools: ['ETCH-01', 'ETCH-02', 'ETCH-03'], minutesPerWafer: 5 },
  { step: 'IMPLANT', tools: ['IMPLANT-01', 'IMPLANT-02'], minutesPerWafer: 4 },
  { step: 'CMP', tools: ['CMP-01', 'CMP-02', 'CMP-03', 'CMP-04'], minutesPerWafer: 4 },
];

/** Hours between the start of consecutive route steps of a lot (queue plus processing). */
const HOURS_BETWEEN_STEPS = 26;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Time the route of a lot occupies before the lot can go to wafer test, in milliseconds. */
export const ROUTE_DURATION_MS = (PROCESS_ROUTE.length + 1) * HOURS_BETWEEN_STEPS * HOUR_MS;

/**
 * Route a lot: each step runs the lot on one tool; each wafer takes one of the tool's two chambers.
 * Returns the records grouped by wafer (index 0 = wafer 1), each in route order.
 */
export function routeLot(
  lot: string,
  product: string,
  waferCount: number,
  lotStartMs: number,
  random: SeededRandom,
): EquipmentRecord[][] {
  const byWafer: EquipmentRecord[][] = Array.from({ length: waferCount }, () => []);
  PROCESS_ROUTE.forEach((routeStep, stepIndex) => {
    const tool = random.pick(routeStep.tools);
    const recipe = `${product}_${routeStep.step}_V${1 + (stepIndex % 3)}`;
    const stepStartMs = lotStartMs + stepIndex * HOURS_BETWEEN_STEPS * HOUR_MS + random.between(0, 6) * HOUR_MS;
    const chamberFreeMs = { A: stepStartMs, B: stepStartMs };
    for (let waferIndex = 0; waferIndex < waferCount; waferIndex += 1) {
      const letter = random.chance(0.5) ? 'A' : 'B';
      const startMs = Math.round(chamberFreeMs[letter] + random.between(0.2, 1.5) * MINUTE_MS);
      const endMs = Math.round(startMs + routeStep.minutesPerWafer * random.between(0.95, 1.1) * MINUTE_MS);
      chamberFreeMs[letter] = endMs;
      byWafer[waferIndex]?.push({ lot, wafer: waferIndex + 1, step: routeStep.step, tool, chamber: `${tool}/${letter}`, recipe, startMs, endMs });
    }
  });
  return byWafer;
}
