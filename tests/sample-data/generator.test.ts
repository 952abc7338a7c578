import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_CONFIG, defaultStdfLots, GENERATED_BY, parseArguments, writeFab } from '../../sample-data/generate.ts';
import { equipmentCsv, groundTruthJson } from '../../sample-data/generator/csvTables.ts';
import { buildFabPlan, type GeneratorConfig } from '../../sample-data/generator/fabPlan.ts';
import { PRODUCTS } from '../../sample-data/generator/products.ts';
import { buildDieGrid } from '../../sample-data/generator/waferGeometry.ts';
import { consolidateInsertions, readStdfBytes } from '../../shared/stdf/index.ts';
import { defineTruthChecks } from './truthChecks.ts';

const COMMITTED_FOLDER = join(import.meta.dirname, '../../sample-data/fab');
const quiet = { gzipLevel: 1, log: () => undefined };
const temporaryFolders: string[] = [];

function newFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'sample-fab-'));
  temporaryFolders.push(folder);
  return folder;
}

/** Every file under a folder, path relative to it, with its bytes. */
function folderFiles(folder: string, subfolder = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(join(folder, subfolder)).sort()) {
    const path = join(folder, subfolder, name);
    if (statSync(path).isDirectory()) for (const [inner, bytes] of folderFiles(folder, join(subfolder, name))) files.set(inner, bytes);
    else files.set(relative(folder, path), readFileSync(path));
  }
  return files;
}

afterAll(() => {
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
});

describe('die grid', () => {
  // Gross dies per wafer, the usual estimate: pi d^2 / (4 S) - pi d / sqrt(2 S), d = usable diameter.
  it.each(PRODUCTS.map((product) => [product.name, product.dieWidthMm, product.dieHeightMm] as const))(
    '%s has about the textbook gross die count and the brief\'s size',
    (name, width, height) => {
      const grid = buildDieGrid(width, height);
      const area = width * height;
      const usableDiameter = 300 - 2 * 3;
      const estimate = (Math.PI * usableDiameter ** 2) / (4 * area) - (Math.PI * usableDiameter) / Math.sqrt(2 * area);
      expect(Math.abs(grid.dieCount - estimate) / estimate).toBeLessThan(0.05);
      const target = name === 'ORION' ? 600 : 5000;
      expect(Math.abs(grid.dieCount - target) / target).toBeLessThan(0.1);
      const sites = grid.touchdowns.flat();
      expect(new Set(sites.map((die) => `${die.x},${die.y}`)).size).toBe(grid.dieCount);
      expect(sites.every((die) => die.site >= 1 && die.site <= 4 && die.x >= 0 && die.y >= 0)).toBe(true);
    },
  );
});

describe('determinism', () => {
  const config: GeneratorConfig = { seed: 11, lots: 2, productMix: [['ORION', 1]], wafersPerLot: 3 };
  let first: Map<string, Buffer>;

  beforeAll(async () => {
    const folder = newFolder();
    await writeFab(config, folder, quiet);
    first = folderFiles(folder);
  });

  it('writes identical bytes for the same seed', async () => {
    const folder = newFolder();
    await writeFab(config, folder, quiet);
    const second = folderFiles(folder);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [path, bytes] of first) expect(second.get(path)?.equals(bytes), path).toBe(true);
  });

  it('writes different dies for a different seed', async () => {
    const folder = newFolder();
    await writeFab({ ...config, seed: 12 }, folder, quiet);
    const other = folderFiles(folder);
    const diePaths = [...first.keys()].filter((path) => path.endsWith('.csv.gz'));
    expect(diePaths.length).toBe(2);
    for (const path of diePaths) expect(other.get(path)?.equals(first.get(path) as Buffer)).toBe(false);
  });
});

describe('command line', () => {
  it.each([
    [['--lots', '80', '--seed', '5'], { lots: 80, seed: 5 }],
    [['--product-mix', 'orion:1,VEGA:9'], { productMix: [['ORION', 1], ['VEGA', 9]] }],
    [['--product-mix', 'VEGA:1', '--tests', '6'], { testLimits: { VEGA: 6 } }],
    [['--tests', 'VEGA:4,ORION:10'], { testLimits: { VEGA: 4, ORION: 10 } }],
  ] as const)('parses %j', (args, expected) => {
    expect(parseArguments(args).config).toMatchObject(expected);
  });

  it.each([
    [['--stdf-lots', 'or26001,OR26004'], ['OR26001', 'OR26004']],
    [['--stdf-lots', 'none'], []],
    [['--stdf-lots', 'all'], 'all'],
  ] as const)('parses %j', (args, expected) => {
    expect(parseArguments(args).stdfLots).toEqual(expected);
  });

  it.each([
    [['--inject', 'cmp-03/a@2026-10-12'], { level: 'CMP-03/A', from: '2026-10-12' }],
    [['--inject', 'LITHO'], { level: 'LITHO' }],
    [['--seed', '5'], {}],
  ] as const)('parses the injection of %j', (args, expected) => {
    expect(parseArguments(args).config.inject).toEqual(expected);
  });

  it('keeps the committed ETCH-02/B excursion only for the default seed and rejects an unknown step', () => {
    expect(parseArguments([]).config.inject).toEqual({ level: 'ETCH-02/B', from: '2026-10-05T00:00:00.000Z' });
    expect(() => parseArguments(['--inject', 'POLISH-01'])).toThrow(/route step/);
  });

  it('takes --in-control without a value and refuses it with --inject', () => {
    expect(parseArguments(['--in-control', '--seed', '5']).config).toMatchObject({ seed: 5, inControl: true });
    expect(() => parseArguments(['--in-control', '--inject', 'LITHO'])).toThrow(/exclude each other/);
  });

  it('rejects an unknown option', () => {
    expect(() => parseArguments(['--lot', '3'])).toThrow(/unknown/);
  });
});

describe('in control (issue #14 §2)', () => {
  const config: GeneratorConfig = { seed: 3, lots: 6, productMix: [['ORION', 1]], wafersPerLot: 25, inject: {} };

  it('is the same fab without its events: no excursion, drift, slow drift or signature, and ground-truth.json says so', () => {
    const withEvents = buildFabPlan(config);
    const quiet = buildFabPlan({ ...config, inControl: true });
    expect(quiet.injection).toBeNull();
    expect(quiet.lots.map((lot) => [lot.lot, lot.startMs, lot.tester])).toEqual(withEvents.lots.map((lot) => [lot.lot, lot.startMs, lot.tester]));
    const wafers = quiet.lots.flatMap((lot) => lot.wafers);
    const eventWafers = withEvents.lots.flatMap((lot) => lot.wafers);
    expect(wafers.map((wafer) => wafer.equipment)).toEqual(eventWafers.map((wafer) => wafer.equipment));
    expect(wafers.map((wafer) => wafer.defectFactor)).toEqual(eventWafers.map((wafer) => wafer.defectFactor));
    expect(wafers.every((wafer) => !wafer.degraded && wafer.signature === 'none')).toBe(true);
    expect(quiet.products.every((product) => product.driftTestIndex === -1)).toBe(true);
    // The mean offsets differ from the eventful fab's only by the slow drift (sigmas per week since production start).
    const tests = quiet.products[0]?.tests ?? [];
    wafers.forEach((wafer, index) => {
      const weeks = (wafer.testStartMs - Date.UTC(2026, 8, 1)) / (7 * 86_400_000);
      tests.forEach((test, testIndex) => {
        expect(eventWafers[index]?.meanShiftSigma[testIndex]).toBeCloseTo((wafer.meanShiftSigma[testIndex] ?? 0) + test.driftSigmaPerWeek * weeks, 12);
      });
    });
    const truth = JSON.parse(groundTruthJson(quiet, GENERATED_BY)) as { degraded: unknown; drifts: unknown[]; slowDrifts: unknown[] };
    expect(truth).toMatchObject({ degraded: null, drifts: [], slowDrifts: [] });
    const eventful = JSON.parse(groundTruthJson(withEvents, GENERATED_BY)) as { slowDrifts: { test: number; sigmaPerWeek: number }[] };
    expect(eventful.slowDrifts.map((drift) => [drift.test, drift.sigmaPerWeek])).toEqual(tests.filter((test) => test.driftSigmaPerWeek !== 0).map((test) => [test.testNumber, test.driftSigmaPerWeek]));
  });
});

describe('injected excursion (issue #13)', () => {
  const base: GeneratorConfig = { seed: 1, lots: 16, productMix: [['ORION', 1]], wafersPerLot: 25, inject: {} };

  it('varies the step, the equipment and the date with the seed', () => {
    const injections = [1, 2, 3, 4, 5, 6].flatMap((seed) => buildFabPlan({ ...base, seed }).injection ?? []);
    expect(injections).toHaveLength(6);
    expect(new Set(injections.map((injection) => injection.step)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(injections.map((injection) => injection.factor))).toEqual(new Set(['tool', 'chamber']));
    expect(new Set(injections.map((injection) => injection.fromMs)).size).toBeGreaterThanOrEqual(4);
  });

  it('degrades what --inject names, from its date, and records it in ground-truth.json', () => {
    // A chamber the last lot's first wafer went through at CMP, so the pinned level sees wafers after the date.
    const chamber = buildFabPlan(base).lots.at(-1)?.wafers[0]?.equipment.find((step) => step.step === 'CMP')?.chamber ?? '';
    const plan = buildFabPlan({ ...base, inject: { level: chamber, from: '2026-10-01' } });
    const truth = JSON.parse(groundTruthJson(plan, GENERATED_BY)) as { degraded: { step: string; factor: string; level: string; from: string } };
    expect(truth.degraded).toMatchObject({ step: 'CMP', factor: 'chamber', level: chamber, from: '2026-10-01T00:00:00.000Z' });
    const expected = plan.lots.flatMap((lot) => lot.wafers.filter((wafer) =>
      wafer.equipment.some((step) => step.step === 'CMP' && step.chamber === chamber && step.startMs >= Date.UTC(2026, 9, 1))));
    expect(expected.length).toBeGreaterThan(0);
    expect(plan.lots.flatMap((lot) => lot.wafers.filter((wafer) => wafer.degraded))).toEqual(expected);
  });
});

let generatedFolder = '';
beforeAll(async () => {
  generatedFolder = newFolder();
  const config: GeneratorConfig = { seed: 1, lots: 8, productMix: [['ORION', 1]], testLimits: { ORION: 10 }, wafersPerLot: 25 };
  await writeFab(config, generatedFolder, quiet);
});
defineTruthChecks('generated in a temporary folder', () => generatedFolder);

describe('STDF files of a generated folder', () => {
  it('exist for the 3rd and 8th lot and hold the insertions, final dies and test values of their die CSV', () => {
    expect(readdirSync(join(generatedFolder, 'stdf')).sort()).toEqual(['OR26003.stdf.gz', 'OR26008.stdf.gz']);
    for (const lot of ['OR26003', 'OR26008']) {
      const result = readStdfBytes(gunzipSync(readFileSync(join(generatedFolder, 'stdf', `${lot}.stdf.gz`))));
      const [header = '', ...lines] = gunzipSync(readFileSync(join(generatedFolder, 'dies', `${lot}.csv.gz`))).toString('utf8').trim().split('\n');
      const column = (name: string): number => header.split(',').indexOf(name);
      const finals = new Map<string, string[]>();
      let values = 0;
      for (const cells of lines.map((line) => line.split(','))) {
        const key = [column('wafer'), column('x'), column('y')].map((at) => cells[at]).join('|');
        if (Number(finals.get(key)?.[column('insertion')] ?? 0) < Number(cells[column('insertion')])) finals.set(key, cells);
        values += cells.slice(column('test_time_ms') + 1).filter((cell) => cell !== '').length;
      }
      expect(result.errors).toEqual([]);
      expect(result.mir?.lotId).toBe(lot);
      expect(result.recordCounts.PRR).toBe(lines.length);
      expect(result.results.count).toBe(values);
      const finalPass = [...finals.values()].filter((cells) => cells[column('pass')] === '1').length;
      expect(consolidateInsertions(result.parts).final).toEqual({ total: finals.size, pass: finalPass });
    }
  });
});

describe('committed dataset sample-data/fab', () => {
  it('is what the generator makes with the default configuration', () => {
    const plan = buildFabPlan(DEFAULT_CONFIG);
    expect(readFileSync(join(COMMITTED_FOLDER, 'equipment.csv'), 'utf8')).toBe(equipmentCsv(plan));
    expect(readFileSync(join(COMMITTED_FOLDER, 'ground-truth.json'), 'utf8')).toBe(groundTruthJson(plan, GENERATED_BY));
  });

  it('stays within its 7.5 MB budget (6 MB of CSV, 1.5 MB for the STDF copies of two lots)', () => {
    const bytes = [...folderFiles(COMMITTED_FOLDER).values()].reduce((sum, file) => sum + file.length, 0);
    expect(bytes).toBeLessThanOrEqual(7.5 * 1024 * 1024);
  });

  it('has an STDF file for the default lots and a die CSV for every lot', () => {
    const plan = buildFabPlan(DEFAULT_CONFIG);
    const names = [...folderFiles(COMMITTED_FOLDER).keys()];
    expect(names.filter((name) => name.startsWith('stdf/')).sort()).toEqual(defaultStdfLots(plan).map((lot) => join('stdf', `${lot}.stdf.gz`)));
    expect(names.filter((name) => name.startsWith('dies/')).sort()).toEqual(plan.lots.map((lot) => join('dies', `${lot.lot}.csv.gz`)).sort());
  });
});
defineTruthChecks('committed sample-data/fab', () => COMMITTED_FOLDER);
