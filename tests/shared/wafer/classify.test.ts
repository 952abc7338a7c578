import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyWaferMap, WAFER_PATTERN_CLASSES, type WaferPatternClass } from '../../../shared/wafer/index.ts';
import { syntheticWaferMap } from './syntheticWafers.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const corpusDir = path.resolve(repoRoot, '../shared/corpus/wm811k');

type LabelledWafer = { failureType: WaferPatternClass; waferMap: number[][] };

function confusionTable(pairs: { truth: string; predicted: string }[]): string {
  const header = ['truth \\ predicted', ...WAFER_PATTERN_CLASSES, 'recall'];
  const lines = [header.map((cell) => cell.padStart(10)).join(' ')];
  for (const truth of WAFER_PATTERN_CLASSES) {
    const row = WAFER_PATTERN_CLASSES.map((predicted) =>
      pairs.filter((pair) => pair.truth === truth && pair.predicted === predicted).length,
    );
    const total = row.reduce((sum, count) => sum + count, 0);
    if (total === 0) continue;
    const recall = (row[WAFER_PATTERN_CLASSES.indexOf(truth)] ?? 0) / total;
    lines.push([truth, ...row.map(String), recall.toFixed(2)].map((cell) => cell.padStart(10)).join(' '));
  }
  const precision = WAFER_PATTERN_CLASSES.map((predicted) => {
    const column = pairs.filter((pair) => pair.predicted === predicted);
    return column.length === 0 ? '-' : (column.filter((pair) => pair.truth === predicted).length / column.length).toFixed(2);
  });
  lines.push(['precision', ...precision].map((cell) => cell.padStart(10)).join(' '));
  return lines.join('\n');
}

describe('classifyWaferMap on 120 labelled WM-811K wafers', () => {
  it('reaches overall accuracy >= 0.80 against the dataset labels', () => {
    const corpus = JSON.parse(readFileSync(path.join(corpusDir, 'LSWMD_sample.json'), 'utf8')) as { wafers: LabelledWafer[] };
    const truth = JSON.parse(readFileSync(path.join(corpusDir, 'LSWMD_sample.json.truth.json'), 'utf8')) as { wafers: number };
    expect(corpus.wafers.length).toBe(truth.wafers);
    const pairs = corpus.wafers.map((wafer) => ({ truth: wafer.failureType, predicted: classifyWaferMap(wafer.waferMap).class }));
    const accuracy = pairs.filter((pair) => pair.truth === pair.predicted).length / pairs.length;
    console.log(`WM-811K sample: accuracy ${accuracy.toFixed(3)} on ${pairs.length} wafers\n${confusionTable(pairs)}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.8);
  });

  it('returns evidence and an explanation with every class', () => {
    const corpus = JSON.parse(readFileSync(path.join(corpusDir, 'LSWMD_sample.json'), 'utf8')) as { wafers: LabelledWafer[] };
    const result = classifyWaferMap(corpus.wafers[0]!.waferMap);
    expect(WAFER_PATTERN_CLASSES).toContain(result.class);
    expect(result.explanation.length).toBeGreaterThan(10);
    expect(result.evidence.dieCount).toBe(1809 + 168);
  });
});

describe('classifyWaferMap on synthetic 300 mm wafers (seeded)', () => {
  const cases = [600, 5000].flatMap((dieCount) =>
    WAFER_PATTERN_CLASSES.flatMap((kind) => [11, 23, 37].map((seed) => ({ kind, dieCount, seed }))),
  );
  it.each(cases)('$kind on ~$dieCount dies (seed $seed)', ({ kind, dieCount, seed }) => {
    expect(classifyWaferMap(syntheticWaferMap(kind, dieCount, seed)).class).toBe(kind);
  });

  it('accepts a die list (x, y, pass) as well as a grid', () => {
    const grid = syntheticWaferMap('Center', 600, 5);
    const dies = grid.flatMap((row, y) => row.flatMap((code, x) => (code === 0 ? [] : [{ x, y, pass: code === 1 }])));
    expect(classifyWaferMap(dies).class).toBe('Center');
  });

  it('calls a clean wafer none', () => {
    expect(classifyWaferMap(syntheticWaferMap('none', 5000, 3, { background: 0 })).class).toBe('none');
  });

  it('rejects a map with an unknown die code', () => {
    expect(() => classifyWaferMap([[0, 1], [3, 1]])).toThrow(/expected 0, 1 or 2/);
  });
});

/** A small seeded generator (mulberry32), so every run draws the same wafers. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

describe('wafers with nothing but random fails', () => {
  // Round wafers of 700 to 11,000 dies and the fab-scale bench's 80 x 62 grid, 3-11 % of dies failing
  // independently (a 90 % yield wafer with no signature). Seeds differ from the ones the line search
  // was changed on (the tests print the share on these).
  const shapes = [{ radius: 15 }, { radius: 25 }, { radius: 40 }, { radius: 60 }, { columns: 80, rows: 62 }];
  const densities = [0.03, 0.06, 0.09, 0.11];
  const perCase = 20;

  it('are not read as scratches, and nearly all as no pattern', () => {
    const counts = new Map<string, number>();
    const scratches: string[] = [];
    for (const [shapeIndex, shape] of shapes.entries()) {
      for (const density of densities) {
        for (let seed = 0; seed < perCase; seed++) {
          const random = seededRandom(9_000_000 + shapeIndex * 100_000 + density * 10_000 + seed);
          const dies: { x: number; y: number; pass: boolean }[] = [];
          if ('radius' in shape) {
            const r = shape.radius ?? 0;
            for (let y = -r; y <= r; y++) for (let x = -r; x <= r; x++) if (x * x + y * y <= r * r) dies.push({ x, y, pass: random() >= density });
          } else {
            for (let y = 0; y < shape.rows; y++) for (let x = 0; x < shape.columns; x++) dies.push({ x, y, pass: random() >= density });
          }
          const found = classifyWaferMap(dies).class;
          counts.set(found, (counts.get(found) ?? 0) + 1);
          if (found === 'Scratch') scratches.push(`${JSON.stringify(shape)} ${density} #${seed}`);
        }
      }
    }
    const total = shapes.length * densities.length * perCase;
    console.log(`random-fail wafers (${total}): ${[...counts].map(([name, count]) => `${name} ${count}`).join(', ')}${scratches.length ? `; scratches: ${scratches.join('; ')}` : ''}`);
    expect((counts.get('Scratch') ?? 0) / total).toBeLessThanOrEqual(0.01);
    expect((counts.get('none') ?? 0) / total).toBeGreaterThanOrEqual(0.95);
  }, 60_000);
});
