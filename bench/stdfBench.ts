/**
 * STDF parse benchmark: `npx tsx bench/stdfBench.ts`. Parse-only throughput (bytes already in memory,
 * fed in 1 MiB chunks) for the largest corpus wafer-sort file and for a generated >= 300 MB wafer-sort
 * file (cached in the temp dir), compared with a bare record-header walk over the same bytes.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StdfReader, StdfWriter, type StdfResult } from '../shared/stdf/index.ts';

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

function bestSeconds(repetitions: number, work: () => void): number {
  let best = Infinity;
  for (let run = 0; run < repetitions; run++) {
    const start = process.hrtime.bigint();
    work();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return best;
}

function measure(label: string, bytes: Uint8Array, repetitions: number): void {
  const chunks = chunked(bytes);
  let records = 0;
  let results = 0;
  const parseSeconds = bestSeconds(repetitions, () => {
    const reader = readChunks(chunks, bytes.length);
    records = reader.recordTotal;
    results = reader.results.count;
  });
  let walked = 0;
  const walkSeconds = bestSeconds(repetitions, () => { walked = walkHeaders(bytes); });
  const megabytes = bytes.length / 1e6;
  process.stdout.write(`${label}\n  size ${megabytes.toFixed(1)} MB, ${records.toLocaleString('en-US')} records, ${results.toLocaleString('en-US')} result rows\n`);
  process.stdout.write(`  parse:       ${(megabytes / parseSeconds).toFixed(0)} MB/s, ${(records / parseSeconds / 1e6).toFixed(1)} M records/s (${parseSeconds.toFixed(3)} s)\n`);
  process.stdout.write(`  header walk: ${(megabytes / walkSeconds).toFixed(0)} MB/s, ${(walked / walkSeconds / 1e6).toFixed(1)} M records/s (${walkSeconds.toFixed(3)} s)\n`);
  process.stdout.write(`  parse / walk time ratio: ${(parseSeconds / walkSeconds).toFixed(1)}x\n`);
}

/** One reader fed chunk by chunk, like the CLI's 1 MiB file stream. */
function readChunks(chunks: Uint8Array[], expectedBytes: number): StdfResult {
  const reader = new StdfReader({ expectedBytes });
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

process.stdout.write(`first-touch write bandwidth of fresh memory: ${firstTouchMegabytesPerSecond().toFixed(0)} MB/s (machine calibration)\n`);
const corpusName = largestCorpusWaferSortFile();
if (corpusName !== null) measure(`corpus ${corpusName}`, new Uint8Array(readFileSync(path.join(corpusDirectory, corpusName))), 10);
if (!existsSync(cacheFile)) {
  process.stdout.write(`generating ${cacheFile} ...\n`);
  const start = Date.now();
  generateWaferSortFile(cacheFile);
  process.stdout.write(`  written in ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
}
measure(`generated ${cacheFile}`, new Uint8Array(readFileSync(cacheFile)), 3);
process.stdout.write(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
