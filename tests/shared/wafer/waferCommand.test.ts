import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WAFER_PATTERN_CLASSES } from '../../../shared/wafer/index.ts';
import { syntheticWaferMap } from './syntheticWafers.ts';

// The CLI is cli/commands/wafer.ts; its test lives here with the rest of the wafer tests.
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const corpusFile = path.resolve(repoRoot, '../shared/corpus/wm811k/LSWMD_sample.json');
const scratchDir = mkdtempSync(path.join(tmpdir(), 'wafer-cli-'));

function yieldMonitor(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['cli/bin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));

describe('yield-monitor wafer classify', () => {
  it('classifies the 120 corpus wafers in input order as JSON', () => {
    const { status, stdout } = yieldMonitor('wafer', 'classify', corpusFile, '--json');
    expect(status).toBe(0);
    const rows = JSON.parse(stdout) as { index: number; class: string; evidence: Record<string, number> }[];
    const labels = (JSON.parse(readFileSync(corpusFile, 'utf8')) as { wafers: { failureType: string }[] }).wafers;
    expect(rows.map((row) => row.index)).toEqual(labels.map((_, index) => index));
    for (const row of rows) {
      expect(WAFER_PATTERN_CLASSES as readonly string[]).toContain(row.class);
      expect(Object.keys(row).sort()).toEqual(['class', 'evidence', 'index']);
    }
    const correct = rows.filter((row, index) => row.class === labels[index]?.failureType).length;
    expect(correct / rows.length).toBeGreaterThanOrEqual(0.8);
  });

  it('accepts a bare array of maps and of {waferMap}, and prints one text line per map', () => {
    const maps = [syntheticWaferMap('Edge-Ring', 600, 1), syntheticWaferMap('Center', 600, 2)];
    const bare = path.join(scratchDir, 'bare.json');
    const wrapped = path.join(scratchDir, 'wrapped.json');
    writeFileSync(bare, JSON.stringify(maps));
    writeFileSync(wrapped, JSON.stringify(maps.map((waferMap) => ({ waferMap }))));
    const fromBare = JSON.parse(yieldMonitor('wafer', 'classify', bare, '--json').stdout) as { class: string }[];
    expect(fromBare.map((row) => row.class)).toEqual(['Edge-Ring', 'Center']);
    const text = yieldMonitor('wafer', 'classify', wrapped);
    expect(text.status).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\s*0\s+Edge-Ring\s+outerRingDensity=/);
    expect(lines[1]).toMatch(/^\s*1\s+Center\s+/);
  });

  it.each([
    { name: 'not-a-list.json', content: '{"wafers": 3}', message: /not-a-list\.json: no list of wafer maps/ },
    { name: 'bad-code.json', content: '[[[0, 1], [7, 1]]]', message: /bad-code\.json: wafer 0: .*is 7, expected 0, 1 or 2/ },
    { name: 'not-json.json', content: 'wafers:', message: /not-json\.json is not JSON/ },
  ])('rejects $name with exit 2 and says what was expected', ({ name, content, message }) => {
    const file = path.join(scratchDir, name);
    writeFileSync(file, content);
    const { status, stderr } = yieldMonitor('wafer', 'classify', file);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('names a missing file', () => {
    const { status, stderr } = yieldMonitor('wafer', 'classify', path.join(scratchDir, 'missing.json'));
    expect(status).toBe(2);
    expect(stderr).toMatch(/missing\.json/);
  });

  it('names a workspace folder that does not exist', () => {
    const { status, stderr } = yieldMonitor('wafer', 'classify', '--workspace', path.join(scratchDir, 'no-such-workspace'), '--lot', 'L1');
    expect(status).toBe(2);
    expect(stderr).toMatch(/no-such-workspace does not exist/);
  });
});
