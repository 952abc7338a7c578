import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { waferDieRecords } from '../../../sample-data/generator/dieSimulation.ts';
import { buildFabPlan, type LotPlan } from '../../../sample-data/generator/fabPlan.ts';
import type { SignatureClass } from '../../../sample-data/generator/signatures.ts';
import { classifyLotWafers, waferRanges, type LotDieColumns } from '../../../shared/wafer/lotWafers.ts';
import { WAFER_PATTERN_CLASSES } from '../../../shared/wafer/classify.ts';
import { sampleFinalDies } from '../../support/sampleTruth.ts';

/**
 * Issue #4 §3: the sample-data generator's injected signatures are recognised. Wafers come from the
 * committed sample fab (read here with zlib and a plain CSV split) and, so that every class has enough
 * examples, from the generator's own modules with the signature chosen per wafer (in memory only).
 * Each wafer goes through classifyLotWafers, the entry point the app uses for imported lots, and is
 * compared with the class the generator injected.
 */
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const fabDir = path.join(repoRoot, 'sample-data', 'fab');

type Die = { x: number; y: number; pass: boolean };
type LabelledWafer = { source: string; expected: SignatureClass; degraded: boolean; dies: Die[] };
type Truth = { lot: string; wafer: number; signature: SignatureClass; degraded: boolean };

function committedSampleWafers(): LabelledWafer[] {
  const truth = (JSON.parse(readFileSync(path.join(fabDir, 'ground-truth.json'), 'utf8')) as { wafers: Truth[] }).wafers;
  const dies = new Map<string, Die[]>();
  for (const die of sampleFinalDies()) {
    const key = `${die.lot}|${die.wafer}`;
    dies.set(key, [...(dies.get(key) ?? []), { x: die.x, y: die.y, pass: die.pass }]);
  }
  return truth.map((entry) => {
    const waferDies = dies.get(`${entry.lot}|${entry.wafer}`);
    if (waferDies === undefined) throw new Error(`no dies for ${entry.lot}/${entry.wafer}`);
    return { source: 'sample', expected: entry.signature, degraded: entry.degraded, dies: waferDies };
  });
}

/** Extra wafers per injected class: ORION and VEGA wafers 4 : 1 like the sample; Edge-Ring half from the degraded chamber. */
const EXTRA_PER_CLASS = 16;
const EXTRA_CLASSES: readonly SignatureClass[] = ['Center', 'Donut', 'Edge-Loc', 'Edge-Ring', 'Loc', 'Near-full', 'Random', 'Scratch', 'none'];

function generatedWafers(): LabelledWafer[] {
  const plan = buildFabPlan({ seed: 4_040_404, lots: 10, productMix: [['ORION', 8], ['VEGA', 2]], testLimits: { VEGA: 7 }, wafersPerLot: 25 });
  const slots = (product: string): { lot: LotPlan; index: number }[] =>
    plan.lots.filter((lot) => lot.productPlan.product.name === product).flatMap((lot) => lot.wafers.map((_, index) => ({ lot, index })));
  const [orion, vega] = [slots('ORION'), slots('VEGA')];
  const wafers: LabelledWafer[] = [];
  EXTRA_CLASSES.forEach((signature, classIndex) => {
    for (let count = 0; count < EXTRA_PER_CLASS; count++) {
      const fromVega = count % 5 === 4;
      const pool = fromVega ? vega : orion;
      const slot = pool[(classIndex * EXTRA_PER_CLASS + count) % pool.length]!;
      const degraded = signature === 'Edge-Ring' && count % 2 === 1;
      const wafer = { ...slot.lot.wafers[slot.index]!, signature, degraded };
      const dies = new Map<string, Die>();
      for (const record of waferDieRecords(plan.config, slot.lot, wafer)) dies.set(`${record.x},${record.y}`, { x: record.x, y: record.y, pass: record.pass });
      wafers.push({ source: `generated ${slot.lot.lot}/${wafer.wafer}`, expected: signature, degraded, dies: [...dies.values()] });
    }
  });
  return wafers;
}

/** Class of one wafer through classifyLotWafers, as the lot gallery does for an imported lot. */
function classifyLikeTheApp(dies: readonly Die[]): string {
  const columns: LotDieColumns = {
    count: dies.length,
    waferIndex: new Int32Array(dies.length),
    x: Int32Array.from(dies, (die) => die.x),
    y: Int32Array.from(dies, (die) => die.y),
    pass: Int8Array.from(dies, (die) => (die.pass ? 1 : 0)),
    firstPass: Int8Array.from(dies, (die) => (die.pass ? 1 : 0)),
    hardBin: Int32Array.from(dies, (die) => (die.pass ? 1 : 0)),
  };
  return classifyLotWafers(columns, waferRanges(columns.waferIndex, 1))[0]?.class ?? 'missing';
}

type Pair = { expected: string; predicted: string };

function confusionTable(pairs: readonly Pair[]): string {
  const classes = [...WAFER_PATTERN_CLASSES];
  const lines = [['injected \\ predicted', ...classes, 'recall'].map((cell) => cell.padStart(10)).join(' ')];
  for (const expected of classes) {
    const row = classes.map((predicted) => pairs.filter((pair) => pair.expected === expected && pair.predicted === predicted).length);
    const total = row.reduce((sum, count) => sum + count, 0);
    const recall = total === 0 ? '-' : ((row[classes.indexOf(expected)] ?? 0) / total).toFixed(2);
    lines.push([expected, ...row.map(String), recall].map((cell) => cell.padStart(10)).join(' '));
  }
  const precision = classes.map((predicted) => {
    const column = pairs.filter((pair) => pair.predicted === predicted);
    return column.length === 0 ? '-' : (column.filter((pair) => pair.expected === predicted).length / column.length).toFixed(2);
  });
  lines.push(['precision', ...precision].map((cell) => cell.padStart(10)).join(' '));
  return lines.join('\n');
}

function recallOf(pairs: readonly Pair[], expected: string): number {
  const rows = pairs.filter((pair) => pair.expected === expected);
  return rows.filter((pair) => pair.predicted === expected).length / rows.length;
}

/**
 * Lowest recall accepted per injected class (measured: 0.81 to 1.00; Scratch 0.81 since lines are no longer linked across gaps, shared/wafer/features.ts). Classes with known, honest misses:
 * - Loc: the blob is drawn 0.1-0.6 R from the center, so some sit within 0.15 R and are a Center by the
 *   WM-811K definition; small blobs (8-12 fails) on a ~600-die ORION wafer are no bigger than chance clusters.
 * - Scratch: the line is drawn at random offsets and may lie mostly off the wafer, leaving a 6-10 die stub
 *   that the ~10 % random fails of an ORION wafer hide.
 * - none: ORION's ~10 % random fails sometimes form a chance cluster of 8-13 fails, read as Loc.
 */
const MIN_RECALL: Record<SignatureClass, number> = {
  Center: 0.9,
  Donut: 0.9,
  'Edge-Loc': 0.9,
  'Edge-Ring': 0.9,
  Loc: 0.85,
  'Near-full': 0.9,
  Random: 0.9,
  Scratch: 0.8,
  none: 0.9,
};

describe('classifier on the sample-data generator’s injected signatures', () => {
  let pairs: Pair[] = [];

  beforeAll(() => {
    const wafers = [...committedSampleWafers(), ...generatedWafers()];
    pairs = wafers.map((wafer) => ({ expected: wafer.expected, predicted: classifyLikeTheApp(wafer.dies) }));
    const accuracy = pairs.filter((pair) => pair.expected === pair.predicted).length / pairs.length;
    console.log(`generator wafers: accuracy ${accuracy.toFixed(3)} on ${pairs.length} wafers\n${confusionTable(pairs)}`);
  }, 120_000);

  it('has at least 15 wafers of every injected class', () => {
    for (const signature of EXTRA_CLASSES) expect(pairs.filter((pair) => pair.expected === signature).length).toBeGreaterThanOrEqual(15);
  });

  // The degraded chamber adds fails at 0.6 beyond 0.82 R all round the wafer: a full edge ring, which
  // is why the generator (and its ground truth) gives those wafers the Edge-Ring signature.
  it.each(EXTRA_CLASSES.map((signature) => ({ signature, minimum: MIN_RECALL[signature] })))(
    'recognises injected $signature with recall >= $minimum',
    ({ signature, minimum }) => {
      expect(recallOf(pairs, signature)).toBeGreaterThanOrEqual(minimum);
    },
  );

  it('classifies at least 80 % of all wafers as their injected class', () => {
    expect(pairs.filter((pair) => pair.expected === pair.predicted).length / pairs.length).toBeGreaterThanOrEqual(0.8);
  });
});
