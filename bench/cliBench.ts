/**
 * The command line as a user runs it (issue #12 §8): `import --sample` into a new workspace, then
 * `commonality --response wafer-yield` and `spc evaluate` on it, wall time of the whole process
 * (engine start, workspace open, query, output), native against wasm side by side. The commands
 * also run with the workspace's summary cache removed first (shared/workspace/summaryCache.ts),
 * to show what an open that must build the summaries costs. Medians of `--runs` (3). With
 * `--workspace DIR` (bench/run.ts passes the fab-scale one) the commands that load the large tables
 * only when a statement reads them run there too.
 * `npx tsx bench/cliBench.ts [--runs N] [--workspace DIR]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { option } from './benchOptions.ts';

const runs = Number(option('--runs') ?? 3);
const fabScale = option('--workspace');

/** Wall seconds of one CLI process; throws with its output when it fails (exit 1 of `spc evaluate` means "new alerts"). */
function cli(args: string[], okCodes: number[] = [0]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['cli/bin.mjs', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - started) / 1000;
  if (!okCodes.includes(result.status ?? -1)) throw new Error(`yield-monitor ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 2000)}`);
  return seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const folder = mkdtempSync(path.join(tmpdir(), 'ym-cli-bench-'));
const cache = path.join(folder, 'cache');
try {
  const importSeconds = cli(['import', '--sample', '--workspace', folder]);
  console.log(`import --sample (native): ${importSeconds.toFixed(1)} s   target <= 20 s: ${importSeconds <= 20 ? 'met' : 'not met'}`);
  // `--engine wasm` where the command has it (sql runs on the locked native console engine only).
  const commands: { label: string; args: string[]; ok?: number[]; target?: number; wasm?: boolean }[] = [
    { label: 'commonality --response wafer-yield', args: ['commonality', '--workspace', folder, '--response', 'wafer-yield'], target: 2, wasm: true },
    // Exit 1: new episodes (each run after the first finds none).
    { label: 'spc evaluate', args: ['spc', 'evaluate', '--workspace', folder, '--json'], ok: [0, 1], wasm: true },
    { label: 'sql "SELECT count(*) FROM results"', args: ['sql', '--workspace', folder, '--json', 'SELECT count(*) AS n FROM results'] },
  ];
  console.log(`\nwall seconds, median of ${runs}          native | wasm | wasm/native | native without summary cache`);
  for (const command of commands) {
    const timed = (engine: string, withoutCache: boolean): number => median(Array.from({ length: runs }, () => {
      if (withoutCache) rmSync(cache, { recursive: true, force: true });
      return cli([...command.args, ...(engine === 'wasm' ? ['--engine', 'wasm'] : [])], command.ok);
    }));
    // The run without the cache writes it again, so the cached runs come after it.
    const uncached = timed('native', true);
    const native = timed('native', false);
    const wasm = command.wasm ? timed('wasm', false) : Number.NaN;
    const verdict = command.target === undefined ? '' : `   target <= ${command.target} s: ${native <= command.target ? 'met' : 'not met'}`;
    console.log(`${command.label.padEnd(40)}${native.toFixed(2).padStart(7)} |${(command.wasm ? wasm.toFixed(2) : 'n/a').padStart(6)} |${(command.wasm ? `${(wasm / native).toFixed(1)}x` : '').padStart(7)} | ${uncached.toFixed(2)} (${(uncached / native).toFixed(2)}x)${verdict}`);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

if (fabScale) {
  // On the fab-scale workspace: what each command loads is what it reads (node/workspace/openWorkspace.ts, openOnDemand).
  const commands: { label: string; args: string[] }[] = [
    { label: 'sql over wafer_summary (no dies loaded)', args: ['sql', '--workspace', fabScale, '--json', 'SELECT sum(dies) AS n FROM wafer_summary'] },
    { label: 'sql over dies (dies loaded)', args: ['sql', '--workspace', fabScale, '--json', 'SELECT count(*) AS n FROM dies'] },
    { label: 'sql over final_results (every table)', args: ['sql', '--workspace', fabScale, '--json', 'SELECT count(*) AS n FROM final_results'] },
    { label: 'commonality --response wafer-yield', args: ['commonality', '--workspace', fabScale, '--response', 'wafer-yield'] },
  ];
  console.log(`\n${fabScale}: wall seconds, median of ${runs}, native`);
  const everything = median(Array.from({ length: runs }, () => cli(commands[2]!.args)));
  for (const command of commands) {
    const seconds = command === commands[2] ? everything : median(Array.from({ length: runs }, () => cli(command.args)));
    console.log(`${command.label.padEnd(44)}${seconds.toFixed(2).padStart(7)}   ${(seconds / everything).toFixed(2)}x the statement that loads every table`);
  }
}

