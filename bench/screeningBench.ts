/**
 * Outlier screening over a fab-scale workspace (default: bench/fabScale.ts, 10 M die, 2,000
 * wafers): dynamic PAT over every test of every lot (lot scope), and GDBN over every wafer.
 * Prints one lot's median and the whole fab's total, with how many limits and rejects they gave.
 */
import { pathToFileURL } from 'node:url';
import { runScreen } from '../shared/screening/screen.ts';
import { fabScaleWorkspace, openBenchWorkspace, printMedian } from './fabScale.ts';

/** Run the screening benchmarks on a workspace folder (default: the cached 10 M-die fab). */
export async function runScreeningBench(workspaceDir?: string): Promise<void> {
  const { engine } = await openBenchWorkspace(workspaceDir ?? (await fabScaleWorkspace()), 'native');
  try {
    const lots = (await engine.query('SELECT lot, count(DISTINCT wafer)::INTEGER AS wafers FROM dies GROUP BY lot ORDER BY lot')).toArray().map((row) => ({ lot: String(row.lot), wafers: Number(row.wafers) }));
    const first = lots[0]?.lot ?? '';
    await printMedian(`DPAT, every test of one lot (${first})`, 3, () => runScreen(engine, { method: 'dpat', lot: first }));
    await printMedian(`GDBN, one lot (${first})`, 3, () => runScreen(engine, { method: 'gdbn', lot: first }));
    for (const method of ['dpat', 'gdbn'] as const) {
      let limits = 0;
      let rejected = 0;
      const started = performance.now();
      for (const { lot } of lots) {
        const result = await runScreen(engine, { method, lot });
        limits += result.limits.length;
        rejected += result.outliers.length;
      }
      const wafers = lots.reduce((sum, lot) => sum + lot.wafers, 0);
      console.log(`${`${method.toUpperCase()}, all ${lots.length} lots (${wafers} wafers)`.padEnd(52)} total  ${(performance.now() - started).toFixed(0).padStart(6)} ms  (${limits} limits, ${rejected} rejected)`);
    }
  } finally {
    engine.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--workspace');
  await runScreeningBench(at > 0 ? process.argv[at + 1] : undefined);
}
