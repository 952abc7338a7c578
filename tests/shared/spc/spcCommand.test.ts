/**
 * `yield-monitor spc compute` end to end: CSVs written from reference cases in a temp dir, the real
 * CLI spawned (node cli/bin.mjs), and its JSON compared with the published values.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../cli/commands/spc.ts';
import { field, numberAt, numbersAt, subgroupsAt } from './referenceChecks.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const referenceFolder = path.resolve(repoRoot, '../shared/reference/spc');
const workFolder = mkdtempSync(path.join(tmpdir(), 'spc-cli-'));
const run = promisify(execFile);

afterAll(() => rmSync(workFolder, { recursive: true, force: true }));

/** Parsed JSON of a reference case. */
function reference(name: string): unknown {
  return JSON.parse(readFileSync(path.join(referenceFolder, name), 'utf8'));
}

/** Write a CSV (header + rows) into the temp folder and return its path. */
function writeCsv(name: string, header: string, rows: string[]): string {
  const file = path.join(workFolder, name);
  writeFileSync(file, `${[header, ...rows].join('\r\n')}\r\n`);
  return file;
}

/** Spawn the CLI with --json and parse its single output object. */
async function computeJson(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, ['cli/bin.mjs', 'spc', 'compute', ...args, '--json'], { cwd: repoRoot });
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
}

/** Expect |actual − expected| ≤ tolerance. */
function expectClose(actual: unknown, expected: number, tolerance: number): void {
  expect(typeof actual).toBe('number');
  expect(Math.abs(Number(actual) - expected)).toBeLessThanOrEqual(tolerance);
}

describe('CSV parsing (RFC 4180)', () => {
  it.each([
    ['plain rows, LF', 'a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['CRLF and no final newline', 'a,b\r\n1,2', [['a', 'b'], ['1', '2']]],
    ['quoted comma, doubled quote, embedded newline', 'k,v\r\n"x, ""y""","line1\nline2"\r\n', [['k', 'v'], ['x, "y"', 'line1\nline2']]],
    ['empty cells and blank trailing line', 'a,b,c\n,2,\n\n', [['a', 'b', 'c'], ['', '2', '']]],
  ])('%s', (_name, text, expected) => {
    expect(parseCsv(text)).toEqual(expected);
  });
});

describe('yield-monitor spc compute', () => {
  it('xbar-r on the piston-ring CSV (quoted subgroup keys) matches qcc', async () => {
    const file = reference('xbar_r_pistonrings.json');
    const rows = subgroupsAt(file, 'data.phase1_subgroups').flatMap((group, sample) => group.map((value) => `"ring, ${sample + 1}",${value}`));
    const csv = writeCsv('rings.csv', 'sample,"diameter"', rows);
    const result = await computeJson(['--chart', 'xbar-r', '--csv', csv, '--value', 'diameter', '--subgroup', 'sample', '--d2', 'textbook']);
    const tolerance = numberAt(file, 'tolerance.abs');
    expect(result.chart).toBe('xbar-r');
    expectClose(result.center, numberAt(file, 'expected.center'), tolerance);
    expectClose(result.sigma, numberAt(file, 'expected.sigma'), tolerance);
    const points = field(result, 'points') as { index: number; lcl: number; ucl: number; n: number }[];
    expect(points).toHaveLength(25);
    expect(points.map((point) => point.index)).toEqual(Array.from({ length: 25 }, (_, index) => index));
    expect(points[0]?.n).toBe(5);
    expectClose(points[24]?.lcl, numberAt(file, 'expected.lcl'), tolerance);
    expectClose(points[24]?.ucl, numberAt(file, 'expected.ucl'), tolerance);
    expectClose(field(result, 'secondary.center'), numberAt(file, 'expected.r_center'), tolerance);
    const ranges = field(result, 'secondary.points') as { ucl: number }[];
    expectClose(ranges[0]?.ucl, numberAt(file, 'expected.r_ucl'), tolerance);
    expect(result.violations).toEqual([]);
  });

  it('imr on the viscosity CSV matches qcc and flags batch 4 beyond the UCL', async () => {
    const file = reference('imr_viscosity_qcc.json');
    const csv = writeCsv('viscosity.csv', 'batch,value', numbersAt(file, 'data.x_phase1').map((value, index) => `${index + 1},${value}`));
    const result = await computeJson(['--chart', 'imr', '--csv', csv, '--d2', 'textbook', '--rules', 'nelson']);
    const tolerance = numberAt(file, 'tolerance.abs');
    expectClose(result.center, numberAt(file, 'expected.center'), tolerance);
    expectClose(result.sigma, numberAt(file, 'expected.sigma'), tolerance);
    const points = field(result, 'points') as { lcl: number; ucl: number }[];
    expectClose(points[0]?.lcl, numberAt(file, 'expected.lcl'), tolerance);
    expectClose(points[0]?.ucl, numberAt(file, 'expected.ucl'), tolerance);
    // batch 4 (35.96) lies above the published UCL 35.61096
    expect(result.violations).toContainEqual({ index: 3, rule: 'N1' });
    expect((field(result, 'secondary.points') as { index: number }[])[0]?.index).toBe(1);
  });

  it('p chart with variable sizes matches the qcc vignette limits', async () => {
    const file = reference('p_variable_n_qcc_vignette.json');
    const sizes = numbersAt(file, 'data.sizes');
    const counts = numbersAt(file, 'data.counts_synthetic_sum_188');
    const csv = writeCsv('fractions.csv', 'lot,defective,inspected', counts.map((count, index) => `L${index},${count},${sizes[index]}`));
    const result = await computeJson(['--chart', 'p', '--csv', csv, '--count', 'defective', '--size', 'inspected']);
    const tolerance = numberAt(file, 'tolerance.abs');
    expectClose(result.center, numberAt(file, 'expected.center'), tolerance);
    const points = field(result, 'points') as { lcl: number; ucl: number; n: number }[];
    const last = points[points.length - 1];
    expect(last?.n).toBe(25);
    expectClose(last?.lcl, numberAt(file, 'expected.lcl_n25'), tolerance);
    expectClose(last?.ucl, numberAt(file, 'expected.ucl_n25'), tolerance);
    expectClose(points[0]?.ucl, numberAt(file, 'expected.ucl_n50'), tolerance);
  });

  it('ewma with --target/--sigma reproduces the qcc unit test limits', async () => {
    const unit = field(reference('ewma_cases.json'), 'cases.qcc_unit');
    const csv = writeCsv('ewma.csv', 'value', numbersAt(unit, 'data').map(String));
    const result = await computeJson(['--chart', 'ewma', '--csv', csv, '--lambda', '0.5', '--target', '10', '--sigma', '2']);
    const points = field(result, 'points') as { value: number }[];
    numbersAt(unit, 'expected.z').forEach((expected, index) => expectClose(points[index]?.value, expected, 1e-12));
  });

  it('rejects a missing column with exit status 2', async () => {
    const csv = writeCsv('bad.csv', 'value', ['1', '2']);
    const failure = await run(process.execPath, ['cli/bin.mjs', 'spc', 'compute', '--chart', 'xbar-r', '--csv', csv, '--subgroup', 'lot'], { cwd: repoRoot }).catch(
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect(String((failure as { stderr?: string }).stderr)).toMatch(/column "lot" not found/);
  });
});
