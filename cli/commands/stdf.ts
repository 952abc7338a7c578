/** `yield-monitor stdf summary|check FILE [--json]`: decode an STDF V4 file and report on it. */
import { createReadStream, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { checkStdf, readStdf, summarizeStdf, type StdfResult, type StdfSummary } from '../../shared/stdf/index.ts';
import { formatPercent } from '../../shared/util/format.ts';

const require = createRequire(import.meta.url);
const seekBzip = require('seek-bzip') as { decode(input: Uint8Array): Uint8Array };

/** Decode a whole bzip2 stream with seek-bzip (it needs Node's Buffer, so it lives on the CLI side). */
export function decodeBzip2(compressed: Uint8Array): Uint8Array {
  const decoded = seekBzip.decode(Buffer.from(compressed.buffer, compressed.byteOffset, compressed.byteLength));
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
}

/** Read an STDF file from disk in 1 MiB chunks (any container) into a columnar result. */
export async function readStdfFile(path: string): Promise<StdfResult> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  return readStdf(stream as AsyncIterable<Uint8Array>, { bzip2: decodeBzip2, expectedBytes: statSync(path).size });
}

const usage = 'Usage: yield-monitor stdf summary FILE [--json]\n       yield-monitor stdf check FILE [--json]\n';

/** Run the `stdf` command; exit 0 when read to the end, 2 when reading stopped at damage or on bad usage. */
export async function run(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const [action, file] = args.filter((argument) => argument !== '--json');
  if ((action !== 'summary' && action !== 'check') || file === undefined) {
    process.stderr.write(usage);
    return 2;
  }
  let result: StdfResult;
  try {
    result = await readStdfFile(file);
  } catch (error) {
    process.stderr.write(`yield-monitor stdf: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (action === 'summary') {
    const summary = summarizeStdf(result);
    process.stdout.write(json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
  } else {
    const findings = checkStdf(result);
    if (json) process.stdout.write(`${JSON.stringify({ findings })}\n`);
    else {
      process.stdout.write(`${file}: ${findings.length} finding(s)\n`);
      for (const finding of findings) {
        process.stdout.write(`  ${finding.offset < 0 ? 'file' : `@${finding.offset}`} [${finding.code}] ${finding.message}\n`);
      }
    }
  }
  return result.complete ? 0 : 2;
}

function formatSummary(summary: StdfSummary): string {
  const lines: string[] = [];
  const percent = (pass: number, total: number): string => (total > 0 ? formatPercent(pass / total, 'en', 2) : 'n/a');
  lines.push(`byte order ${summary.byteOrder}, compression ${summary.compression}`);
  lines.push(`records: ${Object.entries(summary.records).map(([name, count]) => `${name} ${count}`).join(', ')}`);
  if (summary.mir !== null) {
    const mir = summary.mir;
    lines.push(`lot ${mir.lotId}  part type ${mir.partType}  tester ${mir.testerType} (${mir.nodeName})  job ${mir.jobName}  start ${mir.startTime ?? '-'}`);
  }
  const parts = summary.parts;
  lines.push(`parts (every PRR): ${parts.total}, pass ${parts.pass}, fail ${parts.fail}, no pass/fail ${parts.noPassFail}, yield ${percent(parts.pass, parts.total)}`);
  lines.push(`final after retests: ${summary.final.total} dies, pass ${summary.final.pass}, yield ${percent(summary.final.pass, summary.final.total)}`);
  lines.push(`hard bins: ${Object.entries(summary.hardBins).map(([bin, count]) => `${bin}:${count}`).join(' ')}`);
  lines.push(`soft bins: ${Object.entries(summary.softBins).map(([bin, count]) => `${bin}:${count}`).join(' ')}`);
  for (const wafer of summary.wafers) lines.push(`wafer ${wafer.waferId}: ${wafer.parts} parts, ${wafer.pass} pass (${percent(wafer.pass, wafer.parts)})`);
  lines.push(`${summary.tests.length} parametric test numbers`);
  for (const test of summary.tests.slice(0, 10)) {
    lines.push(`  ${test.testNum} ${test.name}: n=${test.count} mean=${test.mean ?? '-'} min=${test.min ?? '-'} max=${test.max ?? '-'}`);
  }
  if (summary.tests.length > 10) lines.push(`  ... ${summary.tests.length - 10} more (use --json)`);
  for (const warning of summary.warnings) lines.push(`warning: ${warning}`);
  for (const error of summary.errors) lines.push(`error at byte ${error.offset} (record #${error.record}): ${error.message}`);
  return `${lines.join('\n')}\n`;
}
