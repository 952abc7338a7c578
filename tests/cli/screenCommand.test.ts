import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeWorkspace } from '../../node/workspace/openWorkspace.ts';
import { readE142 } from '../../shared/wafermap/e142Format.ts';
import { readSinf } from '../../shared/wafermap/sinfFormat.ts';
import { readTsk } from '../../shared/wafermap/tskFormat.ts';
import type { BinMap } from '../../shared/wafermap/binMap.ts';
import { finiteValue, gdbnCounts, nnrOutliers, robustLimits, type OracleDie } from '../shared/screening/screeningOracle.ts';

const run = promisify(execFile);
const corpusLot = resolve(import.meta.dirname, '../..', '../shared/corpus/stdf/noonchen__lot3.stdf.gz');

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['cli/bin.mjs', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

interface ScreenJson {
  method: string;
  lot: string;
  limits: { product: string; test: number; testName: string | null; scope: string; wafer: string | null; robustMean: number; robustSigma: number; lo: number; hi: number; n: number }[];
  outliers: { lot: string; wafer: string; x: number; y: number; test: number | null; value: number; reason: string }[];
}

let folder = '';
let dies: OracleDie[] = [];
const specs = new Map<number, { lo: number | null; hi: number | null }>();

/** Final dies of the imported corpus lot from the raw tables: each die's last insertion's values, in loops. */
async function rawDies(): Promise<OracleDie[]> {
  const { engine } = await openNodeWorkspace(folder);
  try {
    const rows = (sql: string) => engine.query(sql).then((table) => table.toArray().map((row) => (row as { toJSON(): Record<string, unknown> }).toJSON()));
    const byKey = new Map<string, OracleDie & { insertion: number }>();
    for (const row of await rows('SELECT product, lot, wafer, x, y, pass, hard_bin FROM dies WHERE x IS NOT NULL')) {
      byKey.set(`${row.wafer}/${row.x}/${row.y}`, { product: String(row.product), lot: String(row.lot), wafer: String(row.wafer), x: Number(row.x), y: Number(row.y), pass: Boolean(row.pass), hardBin: Number(row.hard_bin), values: new Map(), insertion: 0 });
    }
    // One import: a die's final test is its last insertion (which may have no parametric results).
    const latest = new Map<string, number>();
    for (const row of await rows('SELECT wafer, x, y, insertion FROM die_insertions WHERE x IS NOT NULL')) {
      const key = `${row.wafer}/${row.x}/${row.y}`;
      latest.set(key, Math.max(latest.get(key) ?? 0, Number(row.insertion)));
    }
    const raw = await rows('SELECT wafer, x, y, insertion, test_num, value FROM results WHERE x IS NOT NULL');
    for (const row of raw) {
      const key = `${row.wafer}/${row.x}/${row.y}`;
      if (Number(row.insertion) === latest.get(key)) byKey.get(key)?.values.set(Number(row.test_num), row.value === null ? null : Number(row.value));
    }
    for (const row of await rows('SELECT test_num, any_value(lo_limit) AS lo, any_value(hi_limit) AS hi FROM tests GROUP BY test_num')) {
      specs.set(Number(row.test_num), { lo: row.lo === null ? null : Number(row.lo), hi: row.hi === null ? null : Number(row.hi) });
    }
    return [...byKey.values()];
  } finally {
    engine.close();
  }
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'ym-screen-'));
  await cli('import', corpusLot, '--workspace', folder);
  dies = await rawDies();
}, 120_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const lot = () => dies[0]?.lot ?? '';
const key = (o: { wafer: string | null; x: number | null; y: number | null }) => `${o.wafer}/${o.x}/${o.y}`;

describe('yield-monitor screen on a real corpus lot (Galaxy lot3, re-probed dies)', () => {
  it('dpat --json prints the issue\'s shape with the limits and outliers of plain loops over the raw rows', async () => {
    const result = JSON.parse(await cli('screen', '--workspace', folder, '--lot', lot(), '--method', 'dpat', '--json')) as ScreenJson;
    expect(Object.keys(result)).toEqual(['method', 'lot', 'limits', 'outliers']);
    expect(Object.keys(result.limits[0] ?? {})).toEqual(['product', 'test', 'testKey', 'testName', 'scope', 'wafer', 'robustMean', 'robustSigma', 'lo', 'hi', 'n']);
    expect(Object.keys(result.outliers[0] ?? {})).toEqual(['lot', 'wafer', 'x', 'y', 'test', 'testKey', 'testName', 'value', 'reason']);
    const expectedOutliers: string[] = [];
    let limits = 0;
    for (const [test, spec] of specs) {
      const values = dies.filter((die) => die.pass).map((die) => finiteValue(die, test)).filter((value): value is number => value !== null);
      const expected = robustLimits(values, 6, 30, spec.lo, spec.hi);
      const actual = result.limits.find((limit) => limit.test === test);
      if (expected === null) {
        expect(actual).toBeUndefined();
        continue;
      }
      limits += 1;
      expect([actual?.n, actual?.robustMean, actual?.lo, actual?.hi].map((value) => Number(value?.toPrecision(12)))).toEqual([expected.n, expected.median, expected.lo, expected.hi].map((value) => Number(value.toPrecision(12))));
      for (const die of dies) {
        const value = finiteValue(die, test);
        if (die.pass && value !== null && (value < expected.lo || value > expected.hi)) expectedOutliers.push(`${key(die)}/${test}`);
      }
    }
    expect(limits).toBeGreaterThan(10);
    expect(result.limits).toHaveLength(limits);
    expect(result.outliers.map((o) => `${key(o)}/${o.test}`).sort()).toEqual(expectedOutliers.sort());
  });

  it('gdbn and nnr reject the dies the loops find', async () => {
    const gdbn = JSON.parse(await cli('screen', '--workspace', folder, '--lot', lot(), '--method', 'gdbn', '--min-bad', '3', '--json')) as ScreenJson;
    expect(gdbn.outliers.map(key).sort()).toEqual([...gdbnCounts(dies)].filter(([, bad]) => bad >= 3).map(([position]) => position).sort());
    expect(gdbn.outliers.length).toBeGreaterThan(0);
    const nnr = JSON.parse(await cli('screen', '--workspace', folder, '--lot', lot(), '--method', 'nnr', '--k', '6', '--json')) as ScreenJson;
    const expected = [...specs.keys()].flatMap((test) => [...nnrOutliers(dies, test, 6)].map((position) => `${position}/${test}`));
    expect(nnr.outliers.map((o) => `${key(o)}/${o.test}`).sort()).toEqual(expected.sort());
  });

  it('map export writes E142, SINF and TSK maps that read back as the final bins, screened dies in bin 63', async () => {
    const screen = JSON.parse(await cli('screen', '--workspace', folder, '--lot', lot(), '--method', 'dpat', '--json')) as ScreenJson;
    const wafer = dies[0]?.wafer ?? '';
    const screened = new Set(screen.outliers.filter((o) => o.wafer === wafer).map((o) => `${o.x}/${o.y}`));
    const readers: Record<string, (path: string) => BinMap> = {
      e142: (path) => readE142(readFileSync(path, 'utf8'))[0] as BinMap,
      sinf: (path) => readSinf(readFileSync(path, 'latin1')),
      tsk: (path) => readTsk(new Uint8Array(readFileSync(path))),
    };
    const fitsTsk = dies.every((die) => die.hardBin >= 1 && die.hardBin <= 64);
    for (const [format, read] of Object.entries(readers)) {
      if (format === 'tsk' && !fitsTsk) continue;
      const out = join(folder, `map.${format}`);
      await cli('map', 'export', '--workspace', folder, '--lot', lot(), '--wafer', wafer, '--format', format, '--screened', '--methods', 'dpat', '--out', out);
      const map = read(out);
      const expected = dies.filter((die) => die.wafer === wafer).map((die) => `${die.x}/${die.y}/${screened.has(`${die.x}/${die.y}`) ? 63 : die.hardBin}`).sort();
      expect(map.dies.map((die) => `${die.x}/${die.y}/${die.bin}`).sort(), format).toEqual(expected);
    }
    expect(screened.size).toBeGreaterThan(0);
  });

  it('map export inks what the chosen rule with the chosen setting rejects (--min-bad)', async () => {
    const wafer = dies[0]?.wafer ?? '';
    const waferDies = dies.filter((die) => die.wafer === wafer);
    const expected = [...gdbnCounts(waferDies)].filter(([, bad]) => bad >= 3).map(([position]) => position.split('/').slice(1).join('/')).sort();
    const out = join(folder, 'gdbn3.sinf');
    await cli('map', 'export', '--workspace', folder, '--lot', lot(), '--wafer', wafer, '--format', 'sinf', '--screened', '--methods', 'gdbn', '--min-bad', '3', '--out', out);
    const inked = readSinf(readFileSync(out, 'latin1')).dies.filter((die) => die.bin === 63).map((die) => `${die.x}/${die.y}`).sort();
    expect(expected.length).toBeGreaterThan([...gdbnCounts(waferDies)].filter(([, bad]) => bad >= 6).length);
    expect(inked).toEqual(expected);
  });

  it('whatif --json counts flips and yields that the raw rows confirm', async () => {
    const [test, spec] = [...specs].find(([, limits]) => limits.lo !== null && limits.hi !== null) ?? [0, { lo: 0, hi: 0 }];
    const values = dies.filter((die) => die.pass).map((die) => finiteValue(die, test)).filter((value): value is number => value !== null).sort((a, b) => a - b);
    const lo = values[Math.floor(values.length * 0.05)] ?? 0;
    const result = JSON.parse(await cli('whatif', '--workspace', folder, '--test', String(test), '--lo', String(lo), '--hi', String(spec.hi), '--lot', lot(), '--json')) as { flips: { flip: string }[]; lots: { dies: number; goodBefore: number; goodAfter: number }[] };
    const passToFail = dies.filter((die) => die.pass && (finiteValue(die, test) ?? lo) < lo).length;
    expect(result.flips.filter((flip) => flip.flip === 'pass-to-fail')).toHaveLength(passToFail);
    expect(passToFail).toBeGreaterThan(0);
    expect(result.lots[0]?.goodBefore).toBe(dies.filter((die) => die.pass).length);
  });
});
