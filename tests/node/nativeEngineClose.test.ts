import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const engineModule = pathToFileURL(path.resolve('node/engine/nativeEngine.ts')).href;

/**
 * Closing the engine while a statement runs, in a process of its own: what a user sees is whether
 * `serve` (or the app's host) exits on Ctrl-C while the background load is still reading dies.
 */
function closeWhileRunning(): { status: number | null; stdout: string; stderr: string; ms: number } {
  const script = `
    const { NativeSqlEngine } = await import(${JSON.stringify(engineModule)});
    const engine = await NativeSqlEngine.open({ threads: 2 });
    const loader = await engine.connect();
    const running = loader.query('SELECT count(*) AS n FROM range(100000000000)').then(() => 'finished', (error) => 'failed: ' + error.message);
    const queued = loader.query('SELECT 42 AS n').then(() => 'finished', (error) => 'failed: ' + error.message);
    await new Promise((resolve) => setTimeout(resolve, 300));
    loader.close();
    engine.close();
    const late = await loader.query('SELECT 1').then(() => 'finished', (error) => 'failed: ' + error.message);
    console.log(JSON.stringify({ running: await running, queued: await queued, late }));
  `;
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

describe('closing the native engine while a statement runs', () => {
  it('interrupts the statement, fails what was queued behind it, and lets the process exit', () => {
    const { status, stdout, stderr, ms } = closeWhileRunning();
    console.log(`process exited ${status} after ${ms} ms (the statement alone would run for minutes)`);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const outcome = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, string>;
    expect(outcome.running).toMatch(/^failed: .*Interrupt/i);
    expect(outcome.queued).toBe('failed: the database engine is closed');
    expect(outcome.late).toBe('failed: the database engine is closed');
    expect(ms).toBeLessThan(30_000);
  }, 70_000);
});
