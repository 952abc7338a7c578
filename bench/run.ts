/** `npm run bench`: every benchmark in turn, each printing its own figures. */
import { spawnSync } from 'node:child_process';

const benches = ['bench/overviewBench.ts', 'bench/stdfBench.ts'];
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=8192', bench, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
