import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WAFER_PATTERN_CLASSES } from '../../shared/wafer/index.ts';
import { sampleWorkspaceDir } from '../support/sampleWorkspace.ts';

/** `yield-monitor wafer classify --workspace DIR --lot L` on the imported sample fab, against ground-truth.json. */
const repoRoot = process.cwd();
const lots = ['OR26007', 'VG26010'];

type Run = { status: number | null; stdout: string; stderr: string };

function yieldMonitor(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['cli/bin.mjs', ...args], { cwd: repoRoot });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

type Truth = { lot: string; wafer: number; signature: string };
const truth = (JSON.parse(readFileSync(join(repoRoot, 'sample-data', 'fab', 'ground-truth.json'), 'utf8')) as { wafers: Truth[] }).wafers;

let workspace: string;
let jsonRun: Run;
let textRun: Run;

beforeAll(async () => {
  workspace = sampleWorkspaceDir();
  [jsonRun, textRun] = await Promise.all([
    yieldMonitor(['wafer', 'classify', '--workspace', workspace, '--lot', lots[0]!, '--json']),
    yieldMonitor(['wafer', 'classify', '--workspace', workspace, '--lot', lots[1]!]),
  ]);
}, 600_000);

function classesOf(): Map<string, string> {
  const classes = new Map<string, string>();
  for (const row of JSON.parse(jsonRun.stdout) as { wafer: string; class: string }[]) classes.set(`${lots[0]}|${row.wafer}`, row.class);
  for (const line of textRun.stdout.trim().split('\n')) {
    const [wafer = '', predicted = ''] = line.trim().split(/\s+/);
    classes.set(`${lots[1]}|${wafer}`, predicted);
  }
  return classes;
}

describe('yield-monitor wafer classify --workspace --lot', () => {
  it('prints every wafer of the lot in wafer order as {wafer, class, evidence}', () => {
    expect(jsonRun.stderr).toBe('');
    expect(jsonRun.status).toBe(0);
    const rows = JSON.parse(jsonRun.stdout) as Record<string, unknown>[];
    expect(rows.map((row) => row.wafer)).toEqual(Array.from({ length: 25 }, (_, index) => String(index + 1)));
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['class', 'evidence', 'wafer']);
      expect(WAFER_PATTERN_CLASSES as readonly string[]).toContain(row.class);
      expect(typeof (row.evidence as Record<string, number>).failDensity).toBe('number');
    }
  });

  it('prints one text line per wafer with the class and its main evidence', () => {
    expect(textRun.status).toBe(0);
    const lines = textRun.stdout.trim().split('\n');
    expect(lines).toHaveLength(25);
    expect(lines[0]).toMatch(/^\s*1\s+\S+\s+\w+=/);
  });

  it('classifies the ground-truth Edge-Ring wafers as Edge-Ring (confusion printed)', () => {
    const classes = classesOf();
    const confusion = new Map<string, Map<string, number>>();
    let [edgeRings, found] = [0, 0];
    for (const entry of truth.filter((wafer) => lots.includes(wafer.lot))) {
      const predicted = classes.get(`${entry.lot}|${entry.wafer}`) ?? 'missing';
      const row = confusion.get(entry.signature) ?? new Map<string, number>();
      row.set(predicted, (row.get(predicted) ?? 0) + 1);
      confusion.set(entry.signature, row);
      if (entry.signature === 'Edge-Ring') {
        edgeRings++;
        if (predicted === 'Edge-Ring') found++;
      }
    }
    console.log(`confusion on ${lots.join(', ')} (truth → predicted counts):`);
    for (const [label, row] of confusion) console.log(`  ${label.padEnd(10)} ${[...row].map(([predicted, count]) => `${predicted}: ${count}`).join(', ')}`);
    console.log(`Edge-Ring recall ${found}/${edgeRings}`);
    expect(edgeRings).toBeGreaterThanOrEqual(20);
    expect(found / edgeRings).toBeGreaterThanOrEqual(0.9);
  });

  it('says what is missing or wrong with exit 2', async () => {
    const missingLot = await yieldMonitor(['wafer', 'classify', '--workspace', workspace]);
    expect(missingLot.status).toBe(2);
    expect(missingLot.stderr).toMatch(/--workspace DIR and --lot LOT are both needed/);
    const noFolder = await yieldMonitor(['wafer', 'classify', '--workspace', join(workspace, 'does-not-exist'), '--lot', 'X']);
    expect(noFolder.status).toBe(2);
    expect(noFolder.stderr).toMatch(/does not exist/);
  });
});
