/**
 * STDF parse benchmark: `npx tsx bench/stdfBench.ts` (STDF_BENCH_RUNS=5 by default). Parse-only throughput
 * (bytes already in memory, fed in 1 MiB chunks) for the largest corpus wafer-sort file and for a generated
 * >= 300 MB wafer-sort file (cached in the temp dir), against a bare record-header walk over the same bytes
 * measured in the same runs; then file bytes to the import's Arrow tables; medians, since the machine is shared.
 */
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openNodeEngine, workspaceOn, type NodeEngineKind } from '../node/workspace/openWorkspace.ts';
import { prepareStdfTables, stageStdfInput, stdfTables, stdfToArrow } from '../shared/import/stdfImport.ts';
import { ResultColumnStorage, StdfReader, StdfWriter, type StdfResult } from '../shared/stdf/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpusDirectory = path.resolve(repoRoot, '../shared/corpus/stdf');
const cacheFile = path.join(os.tmpdir(), 'yield-monitor-stdf-bench', 'wafer-sort-25x20k-v1.stdf');
const mebibyte = 1 << 20;

/** Write the synthetic wafer-sort lot: 25 wafers, ~20k dies each, 55 PTRs per die, one site. */
function generateWaferSortFile(target: string): void {
  mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.partial`;
  const descriptor = openSync(temporary, 'w');
  const writer = new StdfWriter().far().mir({ setupTime: 1_700_000_000, startTime: 1_700_000_100, lotId: 'BENCH-LOT', partType: 'BENCH', nodeName: 'bench', testerType: 'synthetic', jobName: 'bench-job' });
  writer.sdr({ head: 1, siteGroup: 1, sites: [0], probeCardId: 'PC-1' }).wcr({ waferSize: 300, dieHeight: 2, dieWidth: 2, waferUnits: 3, flat: 'D', centerX: 0, centerY: 0, positiveX: 'R', positiveY: 'D' });
  const testCount = 55;
  const radius = 80; // dies inside a circle of radius 80 die pitches: ~20,100 per wafer
  let seed = 12345;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  for (let wafer = 1; wafer <= 25; wafer++) {
    writer.wir(1, 1_700_000_000 + wafer * 3600, `W${String(wafer).padStart(2, '0')}`);
    let parts = 0;
    let good = 0;
    for (let y = -radius; y <= radius; y++) {
      for (let x = -radius; x <= radius; x++) {
        if (x * x + y * y > radius * radius) continue;
        writer.pir(1, 0);
        let failed = false;
        for (let test = 0; test < testCount; test++) {
          const value = 1 + (random() - 0.5) * 0.2;
          const fails = value > 1.098;
          failed ||= fails;
          const first = wafer === 1 && parts === 0;
          writer.ptr({ testNum: 1000 + test, head: 1, site: 0, testFlags: fails ? 0x80 : 0, result: value, text: first ? `VDD_${test}` : '', limits: first ? { low: 0.9, high: 1.098, units: 'V' } : undefined });
        }
        writer.prr({ head: 1, site: 0, partFlag: failed ? 0x08 : 0, testCount, hardBin: failed ? 2 : 1, softBin: failed ? 2 : 1, x, y, testTime: 120, partId: String(parts + 1) });
        parts++;
        if (!failed) good++;
      }
      if (y % 20 === 0) writeSync(descriptor, writer.take());
    }
    writer.wrr({ head: 1, waferId: `W${String(wafer).padStart(2, '0')}`, partCount: parts, goodCount: good, finishTime: 1_700_000_000 + wafer * 3600 + 3000 });
  }
  writer.mrr(1_700_100_000);
  writeSync(descriptor, writer.take());
  closeSync(descriptor);
  renameSync(temporary, target);
}

/** Count records by walking REC_LEN headers only (little-endian): the floor any parser pays. */
function walkHeaders(bytes: Uint8Array): number {
  let records = 0;
  let position = 0;
  const end = bytes.length;
  while (position + 4 <= end) {
    position += 4 + ((bytes[position] ?? 0) | ((bytes[position + 1] ?? 0) << 8));
    records++;
  }
  return records;
}

function chunked(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += mebibyte) chunks.push(bytes.subarray(offset, offset + mebibyte));
  return chunks;
}

/** Wall-clock seconds of each of `repetitions` runs of `work`. */
function timedRuns(repetitions: number, work: () => void): number[] {
  const seconds: number[] = [];
  for (let run = 0; run < repetitions; run++) {
    const start = process.hrtime.bigint();
    work();
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((first, second) => first - second);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** "median X MB/s (best Y)" for a size in MB and run times in seconds. */
function rate(megabytes: number, seconds: number[]): string {
  return `median ${(megabytes / median(seconds)).toFixed(0)} MB/s (best ${(megabytes / Math.min(...seconds)).toFixed(0)}, ${seconds.length} runs)`;
}

function peakRssMebibytes(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * Parse-only and the bare header walk over the same bytes, each in its own block of runs:
 * - reused result columns, file after file, as a process that reads a folder does: its first file
 *   (columns fresh, code not yet optimised) apart, the median over the next ones;
 * - fresh result columns every run (a process's first file, columns not kept);
 * - the header walk.
 * Runs of the blocks are not interleaved: a fresh run leaves its 359 MB of columns to the garbage
 * collector, and the reused run after it paid for collecting them (281 against 550-600 MB/s here).
 */
function measureParse(label: string, bytes: Uint8Array, repetitions: number): void {
  const chunks = chunked(bytes);
  let result: StdfResult | null = null;
  let walked = 0;
  const storage = new ResultColumnStorage();
  const [firstSeconds = 0, ...parseSeconds] = timedRuns(repetitions + 1, () => { result = null; result = readChunks(chunks, bytes.length, storage); });
  const parsed = result as StdfResult | null;
  const records = parsed?.recordTotal ?? 0;
  const rows = parsed?.results.count ?? 0;
  result = null;
  const freshSeconds = timedRuns(repetitions, () => { result = null; result = readChunks(chunks, bytes.length); });
  result = null;
  const walkSeconds = timedRuns(repetitions * 3, () => { walked = walkHeaders(bytes); });
  const megabytes = bytes.length / 1e6;
  const columnMegabytes = (rows * 13) / 1e6;
  write(`${label}\n  size ${megabytes.toFixed(1)} MB, ${records.toLocaleString('en-US')} records, ${rows.toLocaleString('en-US')} result rows (${columnMegabytes.toFixed(0)} MB of result columns)`);
  write(`  parse-only, next files (result columns reused): ${rate(megabytes, parseSeconds)}, ${(records / median(parseSeconds) / 1e6).toFixed(1)} M records/s`);
  write(`  parse-only, the process's first file:          ${(megabytes / firstSeconds).toFixed(0)} MB/s`);
  write(`  parse-only, fresh result columns every run:    ${rate(megabytes, freshSeconds)}`);
  write(`  header walk: ${rate(megabytes, walkSeconds)}, ${(walked / median(walkSeconds) / 1e6).toFixed(0)} M records/s`);
  write(`  parse-only target >= 500 MB/s (next files, median): ${megabytes / median(parseSeconds) >= 500 ? 'met' : 'not met'} on this machine`);
  write(`  parse / walk: ${(median(walkSeconds) / median(parseSeconds)).toFixed(3)} of the walk's throughput (${(median(parseSeconds) / median(walkSeconds)).toFixed(1)}x its time)`);
  write(`  peak RSS so far ${peakRssMebibytes().toFixed(0)} MiB`);
}

/** File bytes to the Arrow tables the import loads (parse + stdfToArrow), the part of an import before DuckDB. */
function measureTables(bytes: Uint8Array, repetitions: number): void {
  const chunks = chunked(bytes);
  const totalSeconds: number[] = [];
  const arrowSeconds: number[] = [];
  for (let run = 0; run < repetitions; run++) {
    const start = process.hrtime.bigint();
    const result = readChunks(chunks, bytes.length);
    const parsed = process.hrtime.bigint();
    const tables = stdfToArrow(result);
    const end = process.hrtime.bigint();
    if (tables.results.numRows === 0) throw new Error('no result rows');
    totalSeconds.push(Number(end - start) / 1e9);
    arrowSeconds.push(Number(end - parsed) / 1e9);
  }
  write(`  parse to Arrow tables (readStdf + stdfToArrow): ${rate(bytes.length / 1e6, totalSeconds)}; stdfToArrow alone median ${median(arrowSeconds).toFixed(2)} s`);
  write(`  peak RSS so far ${peakRssMebibytes().toFixed(0)} MiB`);
}

/**
 * File bytes to DuckDB tables the app's queries run on (the import's staged canonical tables), then the commit
 * that writes the workspace's Parquet files and appends the rows to the canonical tables, by the steps the CLI's
 * and watch's import takes (shared/import/importFile.ts): the read into result columns the process keeps from
 * file to file (`storage`: empty for the process's first file), Arrow tables handed to the engine without IPC.
 * One run: ~0.5-1.5 min.
 */
async function measureImport(bytes: Uint8Array, kind: NodeEngineKind, storage: ResultColumnStorage, label: string): Promise<{ tables: number; whole: number }> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'ym-stdf-bench-'));
  const engine = await openNodeEngine(kind);
  write(`  ${kind} DuckDB, ${label}:`);
  try {
    const workspace = workspaceOn(engine, folder);
    await workspace.open();
    const start = process.hrtime.bigint();
    const result = readChunks(chunked(bytes), bytes.length, storage);
    const parsed = process.hrtime.bigint();
    const input = prepareStdfTables(result, 'bench.stdf');
    const prepared = process.hrtime.bigint();
    const staging = await stageStdfInput(engine, input, 'bench');
    const staged = process.hrtime.bigint();
    await workspace.commitImport('bench', { sourceFile: 'bench.stdf', contentHash: 'bench', format: 'stdf', rows: staging.rows, warnings: [] }, stdfTables);
    const committed = process.hrtime.bigint();
    const seconds = (from: bigint, to: bigint): number => Number(to - from) / 1e9;
    const megabytes = bytes.length / 1e6;
    write(`  file to queryable DuckDB tables (parse, Arrow, insert, staging SQL): ${(megabytes / seconds(start, staged)).toFixed(1)} MB/s, ${seconds(start, staged).toFixed(1)} s`
      + ` (parse ${seconds(start, parsed).toFixed(1)} s, Arrow + checker ${seconds(parsed, prepared).toFixed(1)} s, DuckDB ${seconds(prepared, staged).toFixed(1)} s)`);
    write(`  commit (Parquet files written, rows appended to the workspace tables): ${seconds(staged, committed).toFixed(1)} s; whole import ${(megabytes / seconds(start, committed)).toFixed(1)} MB/s`);
    const [size] = (await engine.query("SELECT memory_usage FROM pragma_database_size() WHERE database_name = 'workspace_data'")).toArray() as { memory_usage: string }[];
    write(`  DuckDB memory after the import ${size?.memory_usage ?? '?'} (staging tables still held); peak RSS so far ${peakRssMebibytes().toFixed(0)} MiB`);
    return { tables: megabytes / seconds(start, staged), whole: megabytes / seconds(start, committed) };
  } finally {
    engine.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** One reader fed chunk by chunk, like the CLI's 1 MiB file stream. */
function readChunks(chunks: Uint8Array[], expectedBytes: number, resultStorage?: ResultColumnStorage): StdfResult {
  const reader = new StdfReader({ expectedBytes, resultStorage });
  for (const chunk of chunks) reader.push(chunk);
  return reader.finish();
}

function largestCorpusWaferSortFile(): string | null {
  if (!existsSync(corpusDirectory)) return null;
  const candidates = readdirSync(corpusDirectory)
    .filter((name) => /\.(stdf?|std)$/i.test(name))
    .filter((name) => {
      const truth = JSON.parse(readFileSync(path.join(corpusDirectory, `${name}.truth.json`), 'utf8')) as { raw_walk: { record_counts: Record<string, number> } };
      return (truth.raw_walk.record_counts.WIR ?? 0) > 0 && (truth.raw_walk.record_counts.PRR ?? 0) > 0;
    })
    .sort((first, second) => statSync(path.join(corpusDirectory, second)).size - statSync(path.join(corpusDirectory, first)).size);
  return candidates[0] ?? null;
}

/** Write bandwidth into freshly allocated memory: on sandboxed VMs page faults cap any parser's output rate. */
function firstTouchMegabytesPerSecond(): number {
  const size = 64 * mebibyte;
  const start = process.hrtime.bigint();
  const fresh = new Float64Array(size / 8);
  for (let index = 0; index < fresh.length; index++) fresh[index] = index;
  return size / 1e6 / (Number(process.hrtime.bigint() - start) / 1e9);
}

function write(line: string): void {
  process.stdout.write(`${line}\n`);
}

const runs = Math.max(1, Number(process.env.STDF_BENCH_RUNS ?? 5));
write(`first-touch write bandwidth of fresh memory: ${firstTouchMegabytesPerSecond().toFixed(0)} MB/s (machine calibration: every result column byte is fresh memory)`);
const corpusName = largestCorpusWaferSortFile();
if (corpusName !== null) measureParse(`corpus ${corpusName}`, new Uint8Array(readFileSync(path.join(corpusDirectory, corpusName))), 15);
if (!existsSync(cacheFile)) {
  write(`generating ${cacheFile} ...`);
  const start = Date.now();
  generateWaferSortFile(cacheFile);
  write(`  written in ${((Date.now() - start) / 1000).toFixed(1)} s`);
}
const generated = new Uint8Array(readFileSync(cacheFile));
measureParse(`generated ${cacheFile}`, generated, runs);
measureTables(generated, Math.max(1, Math.ceil(runs / 2)));
if (process.env.STDF_BENCH_IMPORT !== '0') {
  // Native first: each run adds to the process's peak RSS, and the native figure is the product's.
  // The first file of a process reads into fresh result columns; the next one (watch, a folder import) reuses them.
  const nativeColumns = new ResultColumnStorage();
  const first = await measureImport(generated, 'native', nativeColumns, "the process's first file");
  const native = await measureImport(generated, 'native', nativeColumns, 'the next file (result columns reused)');
  write(`native: next file / first file, to tables ${(native.tables / first.tables).toFixed(2)}x, whole ${(native.whole / first.whole).toFixed(2)}x`);
  const wasm = process.env.STDF_BENCH_WASM === '0' ? null : await measureImport(generated, 'wasm', new ResultColumnStorage(), "the process's first file");
  const ratio = (nativeRate: number, wasmRate: number | undefined): string => (wasmRate === undefined ? 'wasm skipped' : `wasm ${wasmRate.toFixed(1)} MB/s, ratio ${(nativeRate / wasmRate).toFixed(1)}x`);
  write(`native vs wasm: file to queryable tables native ${native.tables.toFixed(1)} MB/s (${ratio(native.tables, wasm?.tables)}); target >= 150 MB/s`);
  write(`native vs wasm: whole import with Parquet native ${native.whole.toFixed(1)} MB/s (${ratio(native.whole, wasm?.whole)}); target >= 100 MB/s`);
  write(`peak RSS of the process ${peakRssMebibytes().toFixed(0)} MiB (both imports and the parse runs)`);
}
