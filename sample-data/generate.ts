import { once } from 'node:events';
import { createWriteStream, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';
import { binsCsv, dieCsvHeader, DieCsvFormatter, equipmentCsv, groundTruthJson, testsCsv, wafersCsv } from './generator/csvTables.ts';
import { lotDieRecords } from './generator/dieSimulation.ts';
import { buildFabPlan, DEGRADED_CHAMBER, type FabPlan, type GeneratorConfig, type LotPlan } from './generator/fabPlan.ts';
import { parseInjection } from './generator/injection.ts';
import { LotStdfWriter } from './generator/stdfLot.ts';

/** Options of a generation run besides the simulated production itself. */
export interface WriteOptions {
  readonly gzipLevel: number;
  readonly log: (line: string) => void;
  /** Lots also written as STDF V4 (stdf/<LOT>.stdf.gz): names, 'all', or undefined for defaultStdfLots. */
  readonly stdfLots?: readonly string[] | 'all';
}

/** The committed default dataset: 10 ORION lots and 1 VEGA lot. */
export const DEFAULT_CONFIG: GeneratorConfig = {
  seed: 20260958,
  lots: 11,
  productMix: [['ORION', 10], ['VEGA', 1]],
  // Why 7 (one test per fail category): VEGA has 5,000 dies a wafer; all 12 of its tests, or a
  // second VEGA lot, would push the committed CSV past its 6 MB budget (7.5 MB with the STDF lots).
  testLimits: { VEGA: 7 },
  wafersPerLot: 25,
  // The committed data keep their ETCH-02/B excursion; another --seed draws its own (see parseArguments).
  inject: { level: DEGRADED_CHAMBER.chamber, from: new Date(DEGRADED_CHAMBER.fromMs).toISOString() },
};
/** Written into ground-truth.json as generatedBy. */
export const GENERATED_BY = 'yield-monitor sample-data/generate.ts (generator v1)';
const CHUNK_CHARS = 1 << 20;

/** A gzip-compressed file written through a stream, with backpressure. */
class GzipFileSink {
  private readonly gzip;
  private readonly file;

  constructor(path: string, level: number) {
    this.gzip = createGzip({ level });
    this.file = createWriteStream(path);
    this.gzip.pipe(this.file);
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    if (!this.gzip.write(chunk)) await once(this.gzip, 'drain');
  }

  async end(chunk: string | Uint8Array): Promise<void> {
    this.gzip.end(chunk);
    await finished(this.file);
  }
}

/**
 * Stream one lot's die CSV (and, when asked, its STDF file) through gzip to disk; returns the row
 * count and fills wafer end times. Both files get the same records in the same order.
 */
async function writeLotDies(config: GeneratorConfig, lot: LotPlan, paths: { csv: string; stdf: string | null }, gzipLevel: number, waferEndMs: Map<string, number>): Promise<number> {
  const csv = new GzipFileSink(paths.csv, gzipLevel);
  const stdf = paths.stdf === null ? null : { sink: new GzipFileSink(paths.stdf, gzipLevel), writer: new LotStdfWriter(lot) };
  const formatter = new DieCsvFormatter(lot.productPlan.tests);
  let chunk = dieCsvHeader(lot.productPlan.tests);
  let rows = 0;
  for (const record of lotDieRecords(config, lot)) {
    chunk += formatter.line(record);
    stdf?.writer.add(record);
    rows += 1;
    const key = `${record.lot}/${record.wafer}`;
    const endMs = record.testedAtMs + record.testTimeMs;
    if ((waferEndMs.get(key) ?? 0) < endMs) waferEndMs.set(key, endMs);
    if (chunk.length >= CHUNK_CHARS) {
      await csv.write(chunk);
      chunk = '';
      if (stdf !== null) await stdf.sink.write(stdf.writer.take());
    }
  }
  await csv.end(chunk);
  if (stdf !== null) await stdf.sink.end(stdf.writer.finish());
  return rows;
}

/** Lots written as STDF too when the command line names none: the 3rd, 8th, 13th, ... lot (the last one of 1-2 lots). */
export function defaultStdfLots(plan: FabPlan): string[] {
  const chosen = plan.lots.filter((_, index) => index % 5 === 2).map((lot) => lot.lot);
  const last = plan.lots.at(-1);
  return chosen.length === 0 && last !== undefined ? [last.lot] : chosen;
}

function removeStale(folder: string, suffix: string): void {
  mkdirSync(folder, { recursive: true });
  for (const stale of readdirSync(folder).filter((name) => name.endsWith(suffix))) rmSync(join(folder, stale));
}

/**
 * Generate the whole dataset into outDir (dies/<LOT>.csv.gz for every lot, stdf/<LOT>.stdf.gz for
 * the STDF lots, plus the small tables); returns die rows.
 */
export async function writeFab(config: GeneratorConfig, outDir: string, options: WriteOptions): Promise<number> {
  const plan = buildFabPlan(config);
  const diesDir = join(outDir, 'dies');
  const stdfDir = join(outDir, 'stdf');
  removeStale(diesDir, '.csv.gz');
  removeStale(stdfDir, '.stdf.gz');
  const stdfLots = new Set(options.stdfLots === 'all' ? plan.lots.map((lot) => lot.lot) : (options.stdfLots ?? defaultStdfLots(plan)));
  const waferEndMs = new Map<string, number>();
  const started = Date.now();
  let totalRows = 0;
  for (const [index, lot] of plan.lots.entries()) {
    const paths = { csv: join(diesDir, `${lot.lot}.csv.gz`), stdf: stdfLots.has(lot.lot) ? join(stdfDir, `${lot.lot}.stdf.gz`) : null };
    const rows = await writeLotDies(config, lot, paths, options.gzipLevel, waferEndMs);
    totalRows += rows;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const stdfNote = paths.stdf === null ? '' : ' (+ STDF)';
    options.log(`lot ${index + 1}/${plan.lots.length} ${lot.lot} ${lot.productPlan.product.name}: ${rows} rows${stdfNote} (total ${totalRows}, ${seconds} s)`);
  }
  writeFileSync(join(outDir, 'wafers.csv'), wafersCsv(plan, waferEndMs));
  writeFileSync(join(outDir, 'tests.csv'), testsCsv(plan));
  writeFileSync(join(outDir, 'bins.csv'), binsCsv(plan));
  writeFileSync(join(outDir, 'equipment.csv'), equipmentCsv(plan));
  writeFileSync(join(outDir, 'ground-truth.json'), groundTruthJson(plan, GENERATED_BY));
  return totalRows;
}

function parseProductMix(text: string): [string, number][] {
  return text.split(',').map((part) => {
    const [name = '', weight = '1'] = part.split(':');
    const value = Number(weight);
    if (name === '' || !(value >= 0)) throw new Error(`bad --product-mix entry "${part}" (expected NAME:WEIGHT)`);
    return [name.toUpperCase(), value];
  });
}

/** "--tests 8" limits every product of the mix; "--tests VEGA:8,ORION:12" names them. */
function parseTestLimits(text: string, productMix: readonly (readonly [string, number])[]): Record<string, number> {
  if (!text.includes(':')) return Object.fromEntries(productMix.map(([name]) => [name, parsePositiveInteger('--tests', text)]));
  return Object.fromEntries(parseProductMix(text).map(([name, limit]) => [name, Math.floor(limit)]));
}

function parsePositiveInteger(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a non-negative integer, got "${text}"`);
  return value;
}

/**
 * Level 9 for small datasets (the committed one must stay under 7.5 MB), level 6 for big ones
 * because level 9 is about five times slower on this CSV.
 */
function defaultGzipLevel(config: GeneratorConfig): number {
  const vegaShare = config.productMix.filter(([name]) => name === 'VEGA').reduce((sum, [, weight]) => sum + weight, 0);
  const totalWeight = config.productMix.reduce((sum, [, weight]) => sum + weight, 0);
  const roughRows = config.lots * config.wafersPerLot * (600 + (4400 * vegaShare) / Math.max(totalWeight, 1));
  return roughRows <= 1_000_000 ? 9 : 6;
}

/** "--stdf-lots all", "--stdf-lots none" or "--stdf-lots OR26003,OR26008". */
function parseStdfLots(text: string): string[] | 'all' {
  if (text === 'all') return 'all';
  return text === 'none' ? [] : text.split(',').map((lot) => lot.trim().toUpperCase()).filter((lot) => lot !== '');
}

/** Parse the command line into a configuration, an output folder, a gzip level and the STDF lots. */
export function parseArguments(args: readonly string[]): { config: GeneratorConfig; outDir: string; gzipLevel: number; stdfLots?: string[] | 'all' } {
  let config: GeneratorConfig = DEFAULT_CONFIG;
  let outDir = 'sample-data/fab';
  let gzipLevel: number | undefined;
  let stdfLots: string[] | 'all' | undefined;
  let testLimitText: string | undefined;
  let injectText: string | undefined;
  for (let index = 0; index < args.length; index += 2) {
    const flag = args[index];
    const value = args[index + 1];
    if (flag === '--in-control') {
      config = { ...config, inControl: true };
      index -= 1;
    } else if (flag === '--lots') config = { ...config, lots: parsePositiveInteger(flag, value) };
    else if (flag === '--seed') config = { ...config, seed: parsePositiveInteger(flag, value) };
    else if (flag === '--out' && value !== undefined) outDir = value;
    else if (flag === '--product-mix' && value !== undefined) config = { ...config, productMix: parseProductMix(value) };
    else if (flag === '--tests' && value !== undefined) testLimitText = value;
    else if (flag === '--gzip-level') gzipLevel = parsePositiveInteger(flag, value);
    else if (flag === '--stdf-lots' && value !== undefined) stdfLots = parseStdfLots(value);
    else if (flag === '--inject' && value !== undefined) injectText = value;
    else throw new Error(`unknown or incomplete option ${flag ?? ''} (options: --lots N --seed S --out DIR --product-mix ORION:5,VEGA:1 --tests N|PRODUCT:N,... --gzip-level 1-9 --stdf-lots LOT,...|all|none --inject STEP|TOOL|TOOL/CHAMBER[@DATE] --in-control)`);
  }
  // Only the committed seed keeps the pinned ETCH-02/B excursion: other seeds draw theirs unless --inject names it.
  if (injectText !== undefined && config.inControl === true) throw new Error('--inject and --in-control exclude each other: in control nothing is injected');
  if (injectText !== undefined) config = { ...config, inject: parseInjection(injectText) };
  else if (config.seed !== DEFAULT_CONFIG.seed) config = { ...config, inject: {} };
  if (testLimitText !== undefined) config = { ...config, testLimits: parseTestLimits(testLimitText, config.productMix) };
  const parsed = { config, outDir: resolve(outDir), gzipLevel: gzipLevel ?? defaultGzipLevel(config) };
  return stdfLots === undefined ? parsed : { ...parsed, stdfLots };
}

async function main(): Promise<number> {
  try {
    const { config, outDir, gzipLevel, stdfLots } = parseArguments(process.argv.slice(2));
    const log = (line: string): void => void process.stdout.write(`${line}\n`);
    const rows = await writeFab(config, outDir, stdfLots === undefined ? { gzipLevel, log } : { gzipLevel, log, stdfLots });
    log(`wrote ${rows} die rows to ${outDir}`);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
