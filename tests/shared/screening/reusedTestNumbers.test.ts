/**
 * Issue #13 §1 in screening: a tester that numbers two different tests 0 (as a real 93K wafer-sort
 * program numbers every test 0) gets each test screened on its own. STDF files written here (two PTRs
 * numbered 0 with different names and scales, an outlier in each) go through the real import; the
 * expected limits come from plain loops over the rows the STDF reader returns, never from the SQL.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderWorkspaceStore } from '../../../node/workspace/folderWorkspaceStore.ts';
import { openNodeWorkspace, type NodeSqlEngine } from '../../../node/workspace/openWorkspace.ts';
import { approvedLimits, approvedLimitsFolder, approveLimits, type ApprovedLimitRecord } from '../../../shared/screening/approvedLimits.ts';
import { computeStaticPatLimits, runScreen } from '../../../shared/screening/screen.ts';
import { runWhatIf } from '../../../shared/screening/whatIf.ts';
import { appendJsonFile } from '../../../shared/spc/monitor/appendOnlyFiles.ts';
import { readStdfBytes, StdfWriter } from '../../../shared/stdf/index.ts';
import { nnrOutliers, robustLimits, type OracleDie } from './screeningOracle.ts';

const run = promisify(execFile);
const product = 'ZEN0';
const lots = ['Z1', 'Z2', 'Z3', 'Z4', 'Z5', 'Z6'];
/** Two tests numbered 0: a leakage current near 2 uA and a frequency near 100 MHz, each with an outlier inside its spec. */
const tests = [
  { name: 'IDDQ', units: 'uA', low: 0, high: 2.2, center: 2, spread: 0.05, outlier: { x: 2, y: 3, value: 1.6 } },
  { name: 'FREQ', units: 'MHz', low: 50, high: 150, center: 100, spread: 3, outlier: { x: 6, y: 6, value: 125 } },
];

/** Seeded normal deviates (mulberry32 + Box-Muller). */
function normals(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** One lot's wafer sort: 10 x 10 dies, every 11th fails (bin 2), each die measured by both tests numbered 0. */
function lotFile(lot: string, index: number): Uint8Array {
  const gauss = normals(index + 1);
  const writer = new StdfWriter().far().mir({ lotId: lot, partType: product, startTime: 1_790_000_000 + index * 86_400 }).wir(1, 1_790_000_000 + index * 86_400, 'W1');
  let first = true;
  for (let y = 0; y < 10; y++) {
    for (let x = 0; x < 10; x++) {
      const fail = (x * 7 + y * 3 + index) % 11 === 0;
      writer.pir(1, 1);
      for (const test of tests) {
        const value = test.outlier.x === x && test.outlier.y === y ? test.outlier.value : test.center + test.spread * gauss();
        writer.ptr({ testNum: 0, head: 1, site: 1, result: value, text: test.name, ...(first ? { limits: { low: test.low, high: test.high, units: test.units } } : {}) });
      }
      first = false;
      writer.prr({ head: 1, site: 1, partFlag: fail ? 8 : 0, hardBin: fail ? 2 : 1, softBin: fail ? 2 : 1, x, y });
    }
  }
  return writer.wrr({ head: 1, waferId: 'W1' }).mrr(1_790_000_000 + index * 86_400 + 3_600).take();
}

/** Dies read back with the STDF reader, values keyed by test name; spec limits per name. */
function readDies(bytes: Uint8Array, lot: string): { dies: OracleDie[]; names: Map<number, string>; specs: Map<string, { lo: number | null; hi: number | null }> } {
  const file = readStdfBytes(bytes);
  const names = new Map<number, string>();
  const dies: OracleDie[] = [];
  for (let part = 0; part < file.parts.count; part++) {
    dies.push({ product, lot, wafer: 'W1', x: file.parts.x[part] ?? 0, y: file.parts.y[part] ?? 0, pass: ((file.parts.partFlag[part] ?? 0) & 0x18) === 0, hardBin: file.parts.hardBin[part] ?? 0, values: new Map() });
  }
  file.tests.forEach((test, index) => names.set(index, test.name));
  const byName = new Map<string, number>();
  for (let row = 0; row < file.results.count; row++) {
    const name = names.get(file.results.testIndex[row] ?? -1) ?? '';
    const index = byName.get(name) ?? byName.size;
    byName.set(name, index);
    dies[file.results.partIndex[row] ?? -1]?.values.set(index, file.results.value[row] ?? NaN);
  }
  const specs = new Map(file.tests.map((test) => [test.name, { lo: test.lowLimit, hi: test.highLimit }]));
  return { dies, names: new Map([...byName].map(([name, index]) => [index, name])), specs };
}

let folder = '';
let engine: NodeSqlEngine;
/** The imported test key of each name (the import's identity; values never come from the workspace). */
const keyOf = new Map<string, number>();
const read = new Map<string, ReturnType<typeof readDies>>();

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['cli/bin.mjs', ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

/** Passing finite values of one test (by name) among some dies, read with the STDF reader. */
function passingValues(lot: string, name: string): number[] {
  const entry = read.get(lot);
  const index = [...(entry?.names ?? [])].find(([, candidate]) => candidate === name)?.[0] ?? -1;
  return (entry?.dies ?? []).filter((die) => die.pass).map((die) => die.values.get(index)).filter((value): value is number => value !== undefined && Number.isFinite(value));
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'ym-reused-numbers-'));
  const files = lots.map((lot, index) => {
    const bytes = lotFile(lot, index);
    read.set(lot, readDies(bytes, lot));
    const path = join(folder, `${lot}.stdf`);
    writeFileSync(path, bytes);
    return path;
  });
  const imported = await cli('import', ...files, '--workspace', join(folder, 'ws'));
  expect(imported.code, imported.stderr).toBe(0);
  engine = (await openNodeWorkspace(join(folder, 'ws'))).engine;
  const rows = (await engine.query(`SELECT name, coalesce(test_key, test_num)::INTEGER AS test_key, test_num FROM tests WHERE product = $1 GROUP BY ALL`, [product])).toArray()
    .map((row) => (row as { toJSON(): { name: string; test_key: number; test_num: number } }).toJSON());
  for (const row of rows) keyOf.set(row.name, row.test_key);
}, 120_000);

afterAll(() => {
  engine?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('screening keeps tests that share a number apart (issue #13 §1)', () => {
  it('the import gives the two tests numbered 0 two keys', () => {
    expect([...keyOf.keys()].sort()).toEqual(['FREQ', 'IDDQ']);
    expect(new Set(keyOf.values()).size).toBe(2);
  });

  it('DPAT: each test\'s limits equal loops over its own values, and each catches its own outlier', async () => {
    for (const lot of lots) {
      const result = await runScreen(engine, { method: 'dpat', lot });
      expect(result.limits).toHaveLength(2);
      for (const test of tests) {
        const spec = read.get(lot)?.specs.get(test.name) ?? { lo: null, hi: null };
        const values = passingValues(lot, test.name);
        const expected = robustLimits(values, 6, 30, spec.lo, spec.hi);
        const actual = result.limits.find((limit) => limit.testKey === keyOf.get(test.name));
        expect(actual).toMatchObject({ test: 0, testName: test.name, n: values.length });
        expect(actual?.robustMean).toBeCloseTo(expected?.median ?? NaN, 9);
        expect(actual?.robustSigma).toBeCloseTo(expected?.sigma ?? NaN, 9);
        expect(actual?.lo).toBeCloseTo(expected?.lo ?? NaN, 9);
        expect(actual?.hi).toBeCloseTo(expected?.hi ?? NaN, 9);
        // No mixing: every limit lies within the test's own spec (the other test lives 50x away); IDDQ's is clipped to it.
        expect(actual?.lo ?? NaN).toBeGreaterThanOrEqual(spec.lo ?? NaN);
        expect(actual?.hi ?? NaN).toBeLessThanOrEqual(spec.hi ?? NaN);
        if (test.name === 'IDDQ') expect(actual?.hi).toBe(spec.hi);
        const outside = values.filter((value) => value < (expected?.lo ?? NaN) || value > (expected?.hi ?? NaN)).sort();
        const rejected = result.outliers.filter((outlier) => outlier.testKey === keyOf.get(test.name));
        expect(rejected.map((outlier) => outlier.value).sort()).toEqual(outside);
        expect(rejected.every((outlier) => outlier.test === 0 && outlier.testName === test.name)).toBe(true);
        const outlierDie = read.get(lot)?.dies.find((die) => die.x === test.outlier.x && die.y === test.outlier.y);
        if (outlierDie?.pass) expect(rejected.some((outlier) => outlier.x === test.outlier.x && outlier.y === test.outlier.y)).toBe(true);
      }
      expect(result.outliers.length).toBeGreaterThan(0);
    }
  });

  it('NNR: residuals per test equal loops over that test\'s neighbours', async () => {
    const lot = 'Z2';
    const result = await runScreen(engine, { method: 'nnr', lot, k: 3 });
    const entry = read.get(lot);
    for (const [index, name] of entry?.names ?? []) {
      const expected = [...nnrOutliers(entry?.dies ?? [], index, 3)].sort();
      const actual = result.outliers.filter((outlier) => outlier.testKey === keyOf.get(name)).map((o) => `${o.wafer}/${o.x}/${o.y}`).sort();
      expect(actual).toEqual(expected);
    }
  });

  it('SPAT: an approval stored by number is read as the test whose key is that number; new approvals keep both tests apart', async () => {
    const store = new FolderWorkspaceStore(join(folder, 'ws'));
    const keyedByNumber = [...keyOf].find(([, key]) => key === 0)?.[0];
    expect(keyedByNumber).toBe('IDDQ');
    const legacy: Omit<ApprovedLimitRecord, 'testKey'> = {
      product, test: 0, testName: 'IDDQ', robustMean: 2, robustSigma: 0.04, lo: 1.8, hi: 2.2, n: 500, lots: 6, k: 6,
      who: 'qa', when: '2026-06-01T00:00:00.000Z', why: 'before test keys', reviewBy: '2026-12-01T00:00:00.000Z', reviewAfterLots: 8,
    };
    await appendJsonFile(store, approvedLimitsFolder(product), new Date('2026-06-01T00:00:00Z'), 'test-0', legacy);
    const approved = await approvedLimits(store, product);
    expect(approved.map((limit) => [limit.testKey, limit.testName, limit.lo])).toEqual([[0, 'IDDQ', 1.8]]);
    const result = await runScreen(engine, { method: 'spat', lot: 'Z1' }, approved);
    const iddq = result.limits.find((limit) => limit.testKey === keyOf.get('IDDQ'));
    const freq = result.limits.find((limit) => limit.testKey === keyOf.get('FREQ'));
    expect([iddq?.source, iddq?.lo, iddq?.hi]).toEqual(['approved', 1.8, 2.2]);
    const pooled = lots.flatMap((lot) => passingValues(lot, 'FREQ'));
    const expected = robustLimits(pooled, 6, 1, 50, 150);
    expect([freq?.source, freq?.n]).toEqual(['computed', pooled.length]);
    expect(freq?.lo).toBeCloseTo(expected?.lo ?? NaN, 9);
    expect(freq?.hi).toBeCloseTo(expected?.hi ?? NaN, 9);
    // Approving the computed limits stores each test under its own key; the latest approval per key is in force.
    await approveLimits(store, await computeStaticPatLimits(engine, product), { who: 'qa', why: 'keys', k: 6, at: new Date('2026-07-01T00:00:00Z') });
    const inForce = await approvedLimits(store, product);
    expect(inForce.map((limit) => [limit.testName, limit.testKey, limit.test]).sort()).toEqual([...keyOf].map(([name, key]) => [name, key, 0]).sort());
    expect(inForce.find((limit) => limit.testName === 'FREQ')?.hi).toBeCloseTo(expected?.hi ?? NaN, 9);
  });

  it('what-if names a test by key; the CLI refuses the shared number with both tests listed and takes NUMBER:NAME', async () => {
    const freqKey = keyOf.get('FREQ') ?? NaN;
    const lot = 'Z3';
    const result = await runWhatIf(engine, { product, testKey: freqKey, test: 0, testName: 'FREQ', lo: 95, hi: 105, lot });
    const entry = read.get(lot);
    const freqIndex = [...(entry?.names ?? [])].find(([, name]) => name === 'FREQ')?.[0] ?? -1;
    const expected = (entry?.dies ?? []).filter((die) => die.pass && ((die.values.get(freqIndex) ?? 100) < 95 || (die.values.get(freqIndex) ?? 100) > 105)).map((die) => `${die.x}/${die.y}`).sort();
    expect(result.flips.map((flip) => `${flip.x}/${flip.y}`).sort()).toEqual(expected);
    expect(result.flips.every((flip) => flip.flip === 'pass-to-fail')).toBe(true);
    expect(expected.length).toBeGreaterThan(0);

    const ambiguous = await cli('whatif', '--workspace', join(folder, 'ws'), '--test', '0', '--lo', '95', '--hi', '105', '--lot', lot);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('names 2 tests');
    for (const [name, key] of keyOf) expect(ambiguous.stderr).toContain(`--test-key ${key}  (test 0:${name}, product ${product})`);
    const byName = await cli('whatif', '--workspace', join(folder, 'ws'), '--test', '0:FREQ', '--lo', '95', '--hi', '105', '--lot', lot, '--json');
    expect(byName.code, byName.stderr).toBe(0);
    expect(byName.stderr).toContain('test number 0 is shared by 2 tests of ZEN0; using 0:FREQ');
    const json = JSON.parse(byName.stdout) as { change: { test: number; testKey: number; testName: string }; flips: { x: number; y: number }[] };
    expect(json.change).toMatchObject({ test: 0, testKey: freqKey, testName: 'FREQ' });
    expect(json.flips.map((flip) => `${flip.x}/${flip.y}`).sort()).toEqual(expected);
  }, 60_000);

  it('screen --json gives each limit and outlier its number, key and name', async () => {
    const screened = await cli('screen', '--workspace', join(folder, 'ws'), '--lot', 'Z1', '--method', 'dpat', '--json');
    expect(screened.code, screened.stderr).toBe(0);
    const json = JSON.parse(screened.stdout) as { limits: { test: number; testKey: number; testName: string }[]; outliers: { test: number; testKey: number; testName: string }[] };
    expect(json.limits.map((limit) => [limit.test, limit.testKey, limit.testName]).sort()).toEqual([...keyOf].map(([name, key]) => [0, key, name]).sort());
    for (const outlier of json.outliers) expect(keyOf.get(outlier.testName)).toBe(outlier.testKey);
  }, 60_000);
});
