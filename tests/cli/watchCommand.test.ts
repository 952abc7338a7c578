import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFile, copyFile, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'fflate';
import { tableFromIPC } from 'apache-arrow';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeParquetCodec } from '../../node/engine/parquetCodec.ts';
import { parseWatchArguments } from '../../cli/commands/watch.ts';
import { listWorkspaceFiles } from '../../node/workspace/workspaceFiles.ts';

const corpusFolder = path.resolve('../shared/corpus/stdf');
const stableMs = 1500;
const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

interface RunningCli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startCli(...args: string[]): RunningCli {
  const child = spawn(process.execPath, ['cli/bin.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const logLines = (output: string, kind: string): string[] => output.split('\n').filter((line) => line.split(' ')[1] === kind);

interface ManifestImport {
  importId: string;
  sourceFile: string;
  status: 'ok' | 'rejected';
  rows: number;
  warnings: string[];
  partial?: { offset: number; unreadBytes: number };
  importedAt: string;
  files: Record<string, string>;
}

async function readManifest(workspace: string): Promise<ManifestImport[]> {
  return (JSON.parse(await readFile(path.join(workspace, 'manifest.json'), 'utf8')) as { imports: ManifestImport[] }).imports;
}

/** Every Parquet file in the workspace is referenced by the manifest (no partial import left behind). */
async function unreferencedTableFiles(workspace: string, imports: ManifestImport[]): Promise<string[]> {
  const referenced = new Set(imports.flatMap((record) => Object.values(record.files)));
  return (await listWorkspaceFiles(workspace, 'tables')).filter((file) => !referenced.has(file));
}

let running: RunningCli | null = null;
let scratch = '';
afterEach(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  running = null;
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('parseWatchArguments', () => {
  const cases: [string[], string | object][] = [
    [['--workspace', 'ws', 'in'], { workspace: 'ws', folders: ['in'], stableMs: 2000, incompleteLimitMs: 600_000, once: false, usePolling: false }],
    [['in', 'out', '--once', '--stable-ms', '500', '--poll', '--workspace', 'ws', '--incomplete-limit-ms', '9000'], { workspace: 'ws', folders: ['in', 'out'], stableMs: 500, incompleteLimitMs: 9000, once: true, usePolling: true }],
    [['--workspace', 'ws', '--incomplete-limit-ms', '-1', 'in'], '--incomplete-limit-ms must be a whole number of milliseconds'],
    [['in'], 'missing --workspace DIR'],
    [['--workspace', 'ws'], 'name at least one FOLDER to watch'],
    [['--workspace', 'ws', '--stable-ms', 'soon', 'in'], '--stable-ms must be a whole number of milliseconds'],
    [['--workspace', 'ws', '--stable', 'in'], 'unknown option --stable'],
    [['in', '--workspace'], '--workspace needs a value'],
  ];
  it.each(cases)('%j', (args, expected) => {
    expect(parseWatchArguments(args)).toEqual(expected);
  });
});

describe('yield-monitor watch', () => {
  it('imports a die CSV written slowly once, completely, after it stops growing; a touched copy is a duplicate; a damaged file fails once', async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'ym-watch-cli-'));
    const inbox = path.join(scratch, 'tester-out');
    const workspace = path.join(scratch, 'workspace');
    await mkdir(inbox);
    running = startCli('watch', '--workspace', workspace, '--stable-ms', String(stableMs), inbox);
    const cli = running;
    await waitFor(() => cli.stderr().includes('watching'), 'the watcher to start');

    const csv = gunzipSync(new Uint8Array(await readFile('sample-data/fab/dies/OR26001.csv.gz')));
    const independentRowCount = new TextDecoder().decode(csv).split('\n').filter((line) => line.trim() !== '').length - 1;
    const target = path.join(inbox, 'OR26001.csv');
    let lastWriteAt = 0;
    for (let chunk = 0; chunk < 5; chunk++) {
      // Cut points fall inside lines, so a file read half-way would be a broken or short CSV.
      const from = Math.floor((csv.length * chunk) / 5) + (chunk > 0 ? 7 : 0);
      const to = chunk === 4 ? csv.length : Math.floor((csv.length * (chunk + 1)) / 5) + 7;
      await appendFile(target, csv.subarray(from, to));
      lastWriteAt = Date.now();
      if (chunk < 4) await sleep(400);
    }
    await waitFor(() => logLines(cli.stdout(), 'imported').length > 0, 'the import');
    const [importedLine] = logLines(cli.stdout(), 'imported');
    expect(importedLine).toContain(`OR26001.csv: ${independentRowCount} rows`);
    expect(Date.parse(importedLine!.split(' ')[0]!) - lastWriteAt).toBeGreaterThanOrEqual(stableMs);

    const later = new Date(Date.now() + 60_000);
    await utimes(target, later, later);
    await writeFile(path.join(inbox, 'OR26002-damaged.csv'), 'lot,wafer,x,y,hard_bin\nOR26002,1,0,0,1\nOR26002,1,?,0,6\n');
    await waitFor(() => logLines(cli.stdout(), 'duplicate').length > 0 && logLines(cli.stdout(), 'failed').length > 0, 'the duplicate and the failure');
    await sleep(stableMs * 2);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);

    const stdout = cli.stdout();
    expect(logLines(stdout, 'imported')).toHaveLength(1);
    expect(logLines(stdout, 'duplicate')).toEqual([expect.stringContaining('OR26001.csv: already imported')]);
    expect(logLines(stdout, 'failed')).toEqual([expect.stringMatching(/OR26002-damaged\.csv:3:3: x "\?" is not a whole number \(expected an integer\); nothing imported/)]);
    const imports = await readManifest(workspace);
    expect(imports.map((record) => [record.sourceFile, record.status, record.rows])).toEqual([['OR26001.csv', 'ok', independentRowCount], ['OR26002-damaged.csv', 'rejected', 0]]);
    expect(Date.parse(imports[0]!.importedAt)).toBeGreaterThanOrEqual(lastWriteAt + stableMs);
    const insertions = tableFromIPC(nodeParquetCodec.decode(new Uint8Array(await readFile(path.join(workspace, imports[0]!.files['die_insertions']!)))));
    expect(insertions.numRows).toBe(independentRowCount);
    expect(await unreferencedTableFiles(workspace, imports)).toEqual([]);
  }, 300_000);

  it('--once imports the STDF files present, reports a damaged file by name, and exits 1', async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'ym-watch-once-'));
    const inbox = path.join(scratch, 'tester-out');
    const workspace = path.join(scratch, 'workspace');
    await mkdir(path.join(inbox, 'lot523'), { recursive: true });
    const stdfName = 'itestinc__523X3008_datalog_20200417221044.stdf';
    await copyFile(path.join(corpusFolder, stdfName), path.join(inbox, 'lot523', stdfName));
    const gzip = await readFile('sample-data/fab/dies/OR26002.csv.gz');
    await writeFile(path.join(inbox, 'OR26002-cut.csv.gz'), gzip.subarray(0, Math.floor(gzip.length / 2)));
    await writeFile(path.join(inbox, 'readme.txt'), 'not test data');
    const truth = JSON.parse(await readFile(path.join(corpusFolder, `${stdfName}.truth.json`), 'utf8')) as { raw_walk: { record_counts: Record<string, number> } };
    const partResults = truth.raw_walk.record_counts['PRR']!;

    running = startCli('watch', '--workspace', workspace, '--stable-ms', '300', '--once', inbox);
    const cli = running;
    expect(await cli.exited).toBe(1);
    expect(logLines(cli.stdout(), 'imported')).toEqual([expect.stringContaining(`${stdfName}: ${partResults} insertions`)]);
    expect(logLines(cli.stdout(), 'failed')).toEqual([expect.stringContaining('OR26002-cut.csv.gz: not a readable CSV file')]);
    expect(cli.stdout()).not.toContain('readme.txt');
    const imports = await readManifest(workspace);
    expect(imports.map((record) => [record.sourceFile, record.status, record.rows]).sort()).toEqual([['OR26002-cut.csv.gz', 'rejected', 0], [stdfName, 'ok', partResults]]);
    expect(await unreferencedTableFiles(workspace, imports)).toEqual([]);
  }, 300_000);
});

/**
 * An independent walk of plain little-endian STDF bytes (the sample fab's files): each PRR's die
 * (wafer = how many WIRs came before it, X, Y), the offset of every record, and whether an MRR is there.
 */
function walkStdf(bytes: Uint8Array): { dies: Map<string, number>; recordStarts: number[]; prrCount: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dies = new Map<string, number>();
  const recordStarts: number[] = [];
  let wafers = 0;
  let prrCount = 0;
  for (let offset = 0; offset + 4 <= bytes.length; offset += 4 + view.getUint16(offset, true)) {
    recordStarts.push(offset);
    const [type, subtype] = [bytes[offset + 2], bytes[offset + 3]];
    if (type === 2 && subtype === 10) wafers++;
    if (type === 5 && subtype === 20) {
      prrCount++;
      // PRR: HEAD_NUM U1, SITE_NUM U1, PART_FLG B1, NUM_TEST U2, HARD_BIN U2, SOFT_BIN U2, X_COORD I2, Y_COORD I2.
      const body = offset + 4;
      const die = `${wafers}:${view.getInt16(body + 9, true)}:${view.getInt16(body + 11, true)}`;
      dies.set(die, (dies.get(die) ?? 0) + 1);
    }
  }
  return { dies, recordStarts, prrCount };
}

/** Run `yield-monitor sql --json` on a workspace. */
function sqlRows(workspace: string, query: string): Record<string, number>[] {
  const result = spawnSync(process.execPath, ['cli/bin.mjs', 'sql', '--workspace', workspace, '--json', query], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Record<string, number>[];
}

describe('yield-monitor watch: STDF files written by a tester that pauses (issue #12 §6)', () => {
  const diesQuery = 'SELECT count(*)::INTEGER AS dies, count(*) FILTER (WHERE insertions > 1)::INTEGER AS retested, (SELECT count(*)::INTEGER FROM die_insertions) AS insertions FROM dies';

  it('imports a file once, whole, when the writer pauses 3.5 s against a 2 s stable time', async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'ym-watch-pause-'));
    const inbox = path.join(scratch, 'tester-out');
    const workspace = path.join(scratch, 'workspace');
    await mkdir(inbox);
    const stdf = gunzipSync(new Uint8Array(await readFile('sample-data/fab/stdf/OR26003.stdf.gz')));
    const truth = walkStdf(stdf);
    const retestedDies = [...truth.dies.values()].filter((count) => count > 1).length;
    running = startCli('watch', '--workspace', workspace, '--stable-ms', '2000', '--incomplete-limit-ms', '60000', inbox);
    const cli = running;
    await waitFor(() => cli.stderr().includes('watching'), 'the watcher to start');
    const target = path.join(inbox, 'OR26003.stdf');
    // Half the file, cut inside a record, then a pause longer than the stable time, then the rest.
    const half = Math.floor(stdf.length / 2) + 3;
    await writeFile(target, stdf.subarray(0, half));
    await sleep(3500);
    await appendFile(target, stdf.subarray(half));
    await waitFor(() => logLines(cli.stdout(), 'imported').length > 0, 'the import');
    await sleep(2500);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);

    expect(logLines(cli.stdout(), 'partial')).toEqual([]);
    expect(logLines(cli.stdout(), 'imported')).toEqual([expect.stringContaining(`OR26003.stdf: ${truth.prrCount} insertions (${truth.dies.size} dies`)]);
    const imports = await readManifest(workspace);
    expect(imports.map((record) => [record.sourceFile, record.status, record.rows, record.partial])).toEqual([['OR26003.stdf', 'ok', truth.prrCount, undefined]]);
    expect(sqlRows(workspace, diesQuery)).toEqual([{ dies: truth.dies.size, retested: retestedDies, insertions: truth.prrCount }]);
  }, 120_000);

  it('imports a file that stops without its MRR as partial after the limit, naming the offset; the completed file then replaces that import', async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'ym-watch-cut-'));
    const inbox = path.join(scratch, 'tester-out');
    const workspace = path.join(scratch, 'workspace');
    await mkdir(inbox);
    const stdf = gunzipSync(new Uint8Array(await readFile('sample-data/fab/stdf/OR26003.stdf.gz')));
    const truth = walkStdf(stdf);
    const cutAt = Math.floor(stdf.length * 0.6) + 1;
    const cutRecord = truth.recordStarts.filter((start) => start < cutAt).at(-1)!;
    running = startCli('watch', '--workspace', workspace, '--stable-ms', '500', '--incomplete-limit-ms', '2000', inbox);
    const cli = running;
    await waitFor(() => cli.stderr().includes('watching'), 'the watcher to start');
    const target = path.join(inbox, 'OR26003.stdf');
    await writeFile(target, stdf.subarray(0, cutAt));
    await waitFor(() => logLines(cli.stdout(), 'partial').length > 0, 'the partial import');
    const [partialLine] = logLines(cli.stdout(), 'partial');
    expect(partialLine).toContain(`OR26003.stdf: incomplete, no MRR: the file ends at byte offset ${cutRecord}`);
    const [partial] = await readManifest(workspace);
    expect(partial?.partial).toEqual({ offset: cutRecord, unreadBytes: cutAt - cutRecord });
    expect(partial?.warnings[0]).toContain(`${target}: incomplete, no MRR: the file ends at byte offset ${cutRecord}`);
    const partialDies = walkStdf(stdf.subarray(0, cutRecord)).dies.size;
    expect(sqlRows(workspace, 'SELECT count(*)::INTEGER AS dies FROM dies')).toEqual([{ dies: partialDies }]);

    await appendFile(target, stdf.subarray(cutAt));
    await waitFor(() => logLines(cli.stdout(), 'imported').length > 0, 'the completed import');
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(logLines(cli.stdout(), 'imported')).toEqual([expect.stringContaining(`(replaces the partial import ${partial?.importId})`)]);
    const imports = await readManifest(workspace);
    expect(imports.map((record) => [record.sourceFile, record.rows, record.partial])).toEqual([['OR26003.stdf', truth.prrCount, undefined]]);
    const retestedDies = [...truth.dies.values()].filter((count) => count > 1).length;
    expect(sqlRows(workspace, 'SELECT count(*)::INTEGER AS dies, count(*) FILTER (WHERE insertions > 1)::INTEGER AS retested FROM dies')).toEqual([{ dies: truth.dies.size, retested: retestedDies }]);
    expect(await unreferencedTableFiles(workspace, imports)).toEqual([]);
  }, 120_000);
});
