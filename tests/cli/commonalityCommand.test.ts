import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySampleWorkspace } from '../support/sampleWorkspace.ts';

const run = promisify(execFile);

interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

async function cli(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['cli/bin.mjs', 'commonality', ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { status: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

interface GroundTruth {
  degraded: { step: string; factor: string; level: string; from: string };
}

const truth = JSON.parse(readFileSync(join('sample-data', 'fab', 'ground-truth.json'), 'utf8')) as GroundTruth;

// The whole sample is loaded into duckdb-wasm per CLI call: slow on a shared 2-core machine.
const slow = 300_000;
let workspace = '';

beforeAll(() => {
  workspace = copySampleWorkspace();
}, 600_000);

afterAll(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('yield-monitor commonality on the sample fab', () => {
  it('ranks the injected degraded chamber first, as ground-truth.json names it, and dates its drop', async () => {
    const result = await cli('--workspace', workspace, '--response', 'wafer-yield', '--json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout) as Record<string, unknown>[];
    const first = rows[0] ?? {};
    expect([first.step, first.factor, first.worstLevel]).toEqual([truth.degraded.step, truth.degraded.factor, truth.degraded.level]);
    expect(Object.keys(first).slice(0, 8)).toEqual(['step', 'factor', 'worstLevel', 'p', 'pAdjusted', 'effect', 'groups', 'flags']);
    expect(first.effect).toBeLessThan(0);
    // The drop is dated on or after the injection, within the first week.
    const since = Date.parse(String(first.worstLevelSince));
    const injected = Date.parse(truth.degraded.from);
    expect(since).toBeGreaterThanOrEqual(injected);
    expect(since - injected).toBeLessThan(7 * 86_400_000);
    // Equipment first, by change z; the weeks after it (issue #13).
    const kinds = rows.map((row) => row.kind);
    expect(kinds.indexOf('when')).toBeGreaterThan(kinds.lastIndexOf('which'));
    const changes = rows.filter((row) => row.kind === 'which' && row.change !== null).map((row) => (row.change as { z: number }).z);
    expect(changes).toEqual([...changes].sort((left, right) => right - left));
  }, slow);

  it('prints a text table with the worst level, group sizes and flags', async () => {
    const result = await cli('--workspace', workspace, '--response', 'bin:5', '--lots', 'OR26001,OR26002', '--from', '2026-01-01', '--to', '2026-12-31');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('commonality of bin:5 over 50 wafers');
    expect(lines[1]).toMatch(/^#\s+step\s+factor\s+worst level\s+since\s+p\s+p adj\s+change z\s+effect\s+eta2\s+group sizes\s+flags$/);
    expect(lines.some((line) => /single-level/.test(line))).toBe(true);
  }, slow);

  it('rejects a bad response and a missing workspace with a usage message', async () => {
    const bad = await cli('--workspace', workspace, '--response', 'yield');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not one of wafer-yield, lot-yield, bin:N, test:NUM/);
    const missing = await cli('--response', 'wafer-yield');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--workspace is required/);
  });
});
