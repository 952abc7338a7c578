import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { corpusBytes, corpusDirectory, loadTruth } from './corpusTruth.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(repoRoot, 'cli/bin.mjs');

function runCli(args: string[]): { status: number | null; stdout: string } {
  const outcome = spawnSync(process.execPath, [bin, 'stdf', ...args], { encoding: 'utf8', cwd: repoRoot });
  return { status: outcome.status, stdout: outcome.stdout };
}

describe('yield-monitor stdf', () => {
  test('summary --json prints one JSON object in the documented shape (Galaxy lot3, bzip2)', () => {
    const name = 'noonchen__lot3.stdf.bz2';
    const { status, stdout } = runCli(['summary', path.join(corpusDirectory, name), '--json']);
    expect(status).toBe(0);
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(['byteOrder', 'compression', 'records', 'mir', 'parts', 'final', 'hardBins', 'softBins', 'wafers', 'tests', 'errors', 'warnings']);
    const truth = loadTruth(name);
    expect(summary).toMatchObject({
      byteOrder: 'big', compression: 'bzip2', records: truth.raw_walk.record_counts,
      mir: { lotId: 'GAL-LOT', startTime: '2001-06-06T01:13:45Z' },
      parts: { total: 1619, pass: 1378, fail: 241, noPassFail: 0 }, final: { total: 1456, pass: 1377 },
      errors: [],
    });
  });

  test('summary exits 2 on a truncated file and still prints JSON with the error', () => {
    const bytes = corpusBytes('itestinc__r1.stdf');
    const directory = mkdtempSync(path.join(os.tmpdir(), 'stdf-cli-'));
    const file = path.join(directory, 'cut.stdf');
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2) + 1));
    const { status, stdout } = runCli(['summary', file, '--json']);
    expect(status).toBe(2);
    const summary = JSON.parse(stdout) as { errors: { offset: number; record: number; message: string }[] };
    expect(summary.errors).toHaveLength(1);
    expect(summary.errors[0]?.message).toMatch(/file ends inside/);
  });

  test('check lists the swapped header and wrong CPU_TYPE with byte offsets', () => {
    const output = execFileSync(process.execPath, [bin, 'stdf', 'check', path.join(corpusDirectory, 'stephensonb__a595-rewrite.stdf')], { encoding: 'utf8', cwd: repoRoot });
    expect(output).toMatch(/@0 \[wrong-cpu-type\]/);
    expect(output).toMatch(/@0 \[swapped-header\]/);
  });

  test('check reports summary-vs-part mismatches (GENERIC_7721: HBR 276 vs 63 PRRs)', () => {
    const { stdout } = runCli(['check', path.join(corpusDirectory, 'itestinc__GENERIC_7721.stdf'), '--json']);
    const { findings } = JSON.parse(stdout) as { findings: { code: string; message: string }[] };
    expect(findings.some((finding) => finding.code === 'cross-check' && finding.message.includes('276') && finding.message.includes('63'))).toBe(true);
  });

  test('text summary without --json', () => {
    const { status, stdout } = runCli(['summary', path.join(corpusDirectory, 'liquidkarma__test.stdf')]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/parts \(every PRR\): 1, pass 1/);
  });
});
