import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNodeWorkspace } from '../../node/workspace/openWorkspace.ts';
import { acquireWorkspaceLock, lockFileName } from '../../node/workspace/workspaceLock.ts';

/** Run the CLI without waiting (so two can run at once); resolves with its exit status and output. */
function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['cli/bin.mjs', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A die CSV of one lot: `dies` dies on one wafer, every fourth failing (bin 6). */
function lotCsv(folder: string, lot: string, dies: number): string {
  const lines = ['lot,wafer,x,y,hard_bin'];
  for (let index = 0; index < dies; index++) lines.push(`${lot},1,${index % 20},${Math.floor(index / 20)},${index % 4 === 0 ? 6 : 1}`);
  const file = join(folder, `${lot}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function lotDieCounts(folder: string): Promise<Record<string, number>> {
  const { engine } = await openNodeWorkspace(folder);
  try {
    const rows = (await engine.query('SELECT lot, count(*)::INTEGER AS n FROM dies GROUP BY lot ORDER BY lot')).toArray() as { lot: string; n: number }[];
    return Object.fromEntries(rows.map((row) => [row.lot, row.n]));
  } finally {
    engine.close();
  }
}

describe('a workspace with several writers and damaged files (issue 12 §6)', () => {
  it('keeps both imports when two CLI processes import into one workspace at the same time', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-writers-'));
    const workspace = join(folder, 'ws');
    const files = ['W1', 'W2', 'W3', 'W4'].map((lot, index) => lotCsv(folder, lot, 100 + index * 10));
    const results = await Promise.all([cli('import', files[0]!, files[1]!, '--workspace', workspace), cli('import', files[2]!, files[3]!, '--workspace', workspace)]);
    for (const result of results) expect(result.stderr).toBe('');
    const manifest = JSON.parse(readFileSync(join(workspace, 'manifest.json'), 'utf8')) as { imports: unknown[] };
    expect(manifest.imports).toHaveLength(4);
    expect(await lotDieCounts(workspace)).toEqual({ W1: 100, W2: 110, W3: 120, W4: 130 });
    expect(existsSync(join(workspace, lockFileName))).toBe(false);
  }, 120_000);

  it('opens the previous manifest when manifest.json is damaged, and names both files when the copy is damaged too', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-writers-'));
    const workspace = join(folder, 'ws');
    expect((await cli('import', lotCsv(folder, 'M1', 50), '--workspace', workspace)).status).toBe(0);
    expect((await cli('import', lotCsv(folder, 'M2', 60), '--workspace', workspace)).status).toBe(0);
    writeFileSync(join(workspace, 'manifest.json'), '{"formatVersion": 1, "imports": [');
    const { engine, workspace: opened } = await openNodeWorkspace(workspace);
    const lots = (await engine.query('SELECT DISTINCT lot FROM dies ORDER BY lot')).toArray().map((row: { lot: string }) => row.lot);
    engine.close();
    expect(lots).toEqual(['M1']);
    expect(opened.problems.map((problem) => problem.file)).toEqual(['manifest.json']);
    expect(opened.problems[0]!.message).toMatch(/manifest\.json\.bak/);
    writeFileSync(join(workspace, 'manifest.json.bak'), 'not json');
    await expect(openNodeWorkspace(workspace)).rejects.toThrow(/manifest\.json: .*manifest\.json\.bak: /);
  }, 120_000);

  it('opens a workspace with a damaged Parquet file: the other imports load, the damaged one is named and left out whole', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-writers-'));
    const workspace = join(folder, 'ws');
    for (const [lot, dies] of [['D1', 40], ['D2', 50], ['D3', 60]] as const) expect((await cli('import', lotCsv(folder, lot, dies), '--workspace', workspace)).status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(workspace, 'manifest.json'), 'utf8')) as { imports: { importId: string; files: Record<string, string> }[] };
    const damaged = manifest.imports[1]!;
    const file = join(workspace, damaged.files.die_insertions!);
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 8, Math.min(bytes.length - 8, 200));
    writeFileSync(file, bytes);
    const { engine, workspace: opened } = await openNodeWorkspace(workspace);
    const counts = (await engine.query('SELECT lot, count(*)::INTEGER AS n FROM die_insertions GROUP BY lot ORDER BY lot')).toArray().map((row: { lot: string; n: number }) => [row.lot, row.n]);
    const dies = (await engine.query('SELECT DISTINCT lot FROM dies ORDER BY lot')).toArray().map((row: { lot: string }) => row.lot);
    engine.close();
    expect(counts).toEqual([['D1', 40], ['D3', 60]]);
    expect(dies).toEqual(['D1', 'D3']);
    expect(opened.problems).toHaveLength(1);
    expect(opened.problems[0]!.importId).toBe(damaged.importId);
    expect(opened.problems[0]!.file).toBe(damaged.files.die_insertions);
    expect(opened.problems[0]!.message).toMatch(/damaged or unreadable Parquet file/);
  }, 120_000);

  it('removes the files of an import killed before its manifest was written, and takes over a dead writer’s lock', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ym-writers-'));
    const workspace = join(folder, 'ws');
    expect((await cli('import', lotCsv(folder, 'O1', 30), '--workspace', workspace)).status).toBe(0);
    const orphan = join(workspace, 'tables', 'dies', '20990101000000000_deadbeef0000.parquet');
    writeFileSync(orphan, 'left behind');
    writeFileSync(join(workspace, lockFileName), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), since: new Date().toISOString() }));
    const release = await acquireWorkspaceLock(workspace, 5_000);
    await release();
    expect((await cli('import', lotCsv(folder, 'O2', 30), '--workspace', workspace)).status).toBe(0);
    expect(existsSync(orphan)).toBe(false);
    expect(readdirSync(join(workspace, 'tables', 'dies'))).toHaveLength(2);
    expect(await lotDieCounts(workspace)).toEqual({ O1: 30, O2: 30 });
  }, 120_000);
});
