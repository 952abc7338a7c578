import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { copySampleWorkspace, sampleWorkspaceDir } from '../support/sampleWorkspace.ts';

const run = promisify(execFile);

/** stdout of `yield-monitor ARGS --engine KIND` (the command must succeed). */
async function cliOutput(kind: 'native' | 'wasm', args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['cli/bin.mjs', ...args, '--engine', kind], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

let workspace = '';
beforeAll(() => {
  workspace = sampleWorkspaceDir();
}, 600_000);

// The same headless analyses on the same workspace, answered by native DuckDB (CLI, desktop host)
// and by duckdb-wasm (the browser build): every figure printed must be identical.
describe('native and wasm engines give identical answers on the sample workspace', () => {
  it.each([
    ['commonality, wafer yield', ['commonality', '--workspace', '<ws>', '--response', 'wafer-yield', '--json']],
    ['commonality, a bin within one product', ['commonality', '--workspace', '<ws>', '--response', 'bin:3', '--product', 'ORION', '--json']],
  ])('%s', async (_name, args) => {
    const withWorkspace = args.map((arg) => (arg === '<ws>' ? workspace : arg));
    const [native, wasm] = [await cliOutput('native', withWorkspace), await cliOutput('wasm', withWorkspace)];
    const parsed = JSON.parse(native) as unknown[];
    expect(parsed.length).toBeGreaterThan(3);
    expect(native).toBe(wasm);
  }, 300_000);

  it('spc evaluate: the same episodes raised from every default chart (each engine on its own copy of the workspace)', async () => {
    // Exit 1 says "new episodes": the output is what counts here.
    const evaluate = async (kind: 'native' | 'wasm'): Promise<string> => {
      const copy = copySampleWorkspace();
      try {
        return await cliOutput(kind, ['spc', 'evaluate', '--workspace', copy, '--json']).catch((error: { code?: number; stdout?: string }) => {
          if (error.code !== 1 || !error.stdout) throw error;
          return error.stdout;
        });
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    };
    const [native, wasm] = [await evaluate('native'), await evaluate('wasm')];
    const parsed = JSON.parse(native) as { newEpisodes: number };
    expect(parsed.newEpisodes).toBeGreaterThan(0);
    expect(native).toBe(wasm);
  }, 300_000);
});
