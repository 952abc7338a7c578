/**
 * Commonality over a fab-scale workspace (default: bench/fabScale.ts, 10 M die, 2,000 wafers, a
 * five-step route with tools and chambers, tester and probe card): every step and factor ranked,
 * printed as medians. The target is under 2 s for wafer yield with a full route.
 */
import { pathToFileURL } from 'node:url';
import { parseCommonalityResponse, runCommonality, type CommonalityRun } from '../shared/analysis/commonality.ts';
import { fabScaleWorkspace, openBenchWorkspace, printMedian } from './fabScale.ts';

const everything = { product: null, from: null, to: null, lots: null };

/** Run the commonality benchmarks on a workspace folder (default: the cached 10 M-die fab). */
export async function runCommonalityBench(workspaceDir?: string): Promise<void> {
  const { engine } = await openBenchWorkspace(workspaceDir ?? (await fabScaleWorkspace()));
  try {
    let last: CommonalityRun | null = null;
    const waferYield = async (): Promise<void> => {
      last = await runCommonality(engine, { response: parseCommonalityResponse('wafer-yield'), population: everything });
    };
    await waferYield();
    await printMedian('commonality, wafer yield, full route', 5, waferYield);
    const ranked = last as CommonalityRun | null;
    const top = ranked?.findings[0];
    console.log(`  ${ranked?.units ?? 0} wafers, ${ranked?.findings.length ?? 0} factors; first: ${top?.step}/${top?.factor} ${top?.worstLevel} (p adj ${top?.pAdjusted?.toExponential(2)})`);
    await printMedian('commonality, lot yield, full route', 5, () => runCommonality(engine, { response: parseCommonalityResponse('lot-yield'), population: everything }));
    await printMedian('commonality, bin 5 fraction, full route', 5, () => runCommonality(engine, { response: parseCommonalityResponse('bin:5'), population: everything }));
    const firstTest = Number((await engine.query('SELECT min(test_num) AS test FROM tests')).get(0)?.test ?? 0);
    await printMedian(`commonality, test ${firstTest} mean, full route`, 3, () => runCommonality(engine, { response: parseCommonalityResponse(`test:${firstTest}`), population: everything }));
  } finally {
    engine.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--workspace');
  await runCommonalityBench(at > 0 ? process.argv[at + 1] : undefined);
}
