/**
 * `npm run bench`: every benchmark in turn, each in its own process printing its own figures.
 * The SPC, wafer-map and commonality benchmarks share one fab-scale workspace (10M dies by
 * default, `--dies N` to change), built once and cached (bench/fabScale.ts). The lake benchmark
 * writes that workspace as a Parquet lake and compares DuckDB with chDB (skipped without chDB).
 */
import { spawnSync } from 'node:child_process';
import { fabScaleWorkspace } from './fabScale.ts';

const at = process.argv.indexOf('--dies');
const dies = at > 0 ? Number(process.argv[at + 1]) : 10_000_000;

function runBench(file: string, args: string[]): boolean {
  console.log(`\n=== ${file} ${args.join(' ')}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=12000', file, ...args], { stdio: 'inherit' });
  return result.status === 0;
}

let failed = 0;
if (!runBench('bench/overviewBench.ts', ['--dies', String(dies)])) failed++;
if (!runBench('bench/stdfBench.ts', [])) failed++;
if (!runBench('bench/episodeBench.ts', ['--events', '5000'])) failed++;
console.log(`\n=== fab-scale workspace (${dies.toLocaleString('en')} dies)`);
const workspace = await fabScaleWorkspace(dies);
if (!runBench('bench/cliBench.ts', ['--workspace', workspace])) failed++;
for (const file of ['bench/viewQueryBench.ts', 'bench/servedFirstViewBench.ts', 'bench/spcBench.ts', 'bench/waferBench.ts', 'bench/commonalityBench.ts', 'bench/screeningBench.ts', 'bench/lakeBench.ts']) {
  if (!runBench(file, ['--workspace', workspace])) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
