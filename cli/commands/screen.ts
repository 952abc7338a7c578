/**
 * `yield-monitor screen --workspace DIR --lot L --method dpat|spat|gdbn|nnr|cluster|syl|sbl [--scope lot|wafer]
 * [--k K] [--min-bad N] [--min-cluster N] [--window 3x3|5x5-weighted] [--json]`: run one outlier screen on a lot and print
 * its limits and rejected dies. `--approve --who W --why TEXT` (spat) stores the computed limits as
 * the approved ones for the product.
 */
import { FolderWorkspaceStore } from '../../node/workspace/folderWorkspaceStore.ts';
import { approvedLimits, approveLimits } from '../../shared/screening/approvedLimits.ts';
import { computeStaticPatLimits, productOfLot, runScreen } from '../../shared/screening/screen.ts';
import { screenMethods, type ScreenMethod, type ScreenRequest, type ScreenResult } from '../../shared/screening/types.ts';
import { numberOption, openScreeningWorkspace, parseOptions } from './screeningOptions.ts';

const usage = `Usage: yield-monitor screen --workspace DIR --lot L --method dpat|spat|gdbn|nnr|cluster|syl|sbl [options]

  --scope lot|wafer      DPAT limits per lot (default) or per wafer
  --k K                  sigma multiplier (PAT 6, NNR 4.5)
  --min-bad N            GDBN: failing neighbours that reject a passing die (default 6)
  --window W             GDBN: 3x3 (default) or 5x5-weighted
  --min-cluster N        cluster: smallest failing cluster whose rim and inside are rejected (default 5)
  --approve --who W --why TEXT   spat: store the limits computed from the history as approved
  --json                 print {method, lot, limits, outliers}
`;

function fail(message: string): number {
  process.stderr.write(`yield-monitor screen: ${message}\n${usage}`);
  return 2;
}

/**
 * The JSON the issue specifies (field order kept; "test" is the number the tester wrote), plus the
 * test's key within its product and its name (testers reuse numbers, issue #13 §1) and SYL/SBL extras.
 */
export function screenJson(result: ScreenResult): string {
  return JSON.stringify({
    method: result.method,
    lot: result.lot,
    limits: result.limits.map((limit) => ({
      product: limit.product, test: limit.test, testKey: limit.testKey, testName: limit.testName, scope: limit.scope, wafer: limit.wafer,
      robustMean: limit.robustMean, robustSigma: limit.robustSigma, lo: limit.lo, hi: limit.hi, n: limit.n,
      ...(limit.quarantine === undefined ? {} : { quarantine: limit.quarantine }),
      ...(limit.bin === undefined ? {} : { bin: limit.bin }),
      ...(limit.source === undefined ? {} : { source: limit.source }),
    })),
    outliers: result.outliers.map((outlier) => ({
      lot: outlier.lot, wafer: outlier.wafer, x: outlier.x, y: outlier.y, test: outlier.test, testKey: outlier.testKey, testName: outlier.testName,
      value: outlier.value, reason: outlier.reason,
    })),
  }, null, 1);
}

/** A test as users read it: number and name (the number alone is ambiguous when a tester reuses it). */
function testLabel(test: number | null, name: string | null): string {
  if (test === null) return name ?? '-';
  return name ? `${test}:${name}` : String(test);
}

function summary(result: ScreenResult): string {
  const lines = [`${result.method.toUpperCase()} on lot ${result.lot}: ${result.limits.length} limits, ${result.outliers.length} rejected`];
  for (const limit of result.limits) {
    lines.push(`  ${testLabel(limit.test, limit.testName)}${limit.wafer ? ` wafer ${limit.wafer}` : ''}: center ${limit.robustMean.toPrecision(6)} sigma ${limit.robustSigma.toPrecision(4)} lo ${limit.lo?.toPrecision(6) ?? '-'} hi ${limit.hi?.toPrecision(6) ?? '-'} n ${limit.n}`);
  }
  for (const outlier of result.outliers) lines.push(`  ${outlier.reason}: wafer ${outlier.wafer ?? '-'} (${outlier.x ?? '-'}, ${outlier.y ?? '-'}) test ${testLabel(outlier.test, outlier.testName)} value ${outlier.value ?? '-'}`);
  return `${lines.join('\n')}\n`;
}

/** Entry point: 0 on success, 1 when the screen fails, 2 on a usage error. */
export async function run(args: string[]): Promise<number> {
  const options = parseOptions(args, ['workspace', 'lot', 'method', 'scope', 'k', 'min-bad', 'min-cluster', 'window', 'who', 'why'], ['json', 'approve']);
  if (typeof options === 'string') return fail(options);
  const folder = options.values.get('workspace');
  const lot = options.values.get('lot');
  const method = options.values.get('method') as ScreenMethod | undefined;
  if (!folder || !lot || !method) return fail('--workspace, --lot and --method are required');
  if (!screenMethods.includes(method)) return fail(`--method: expected one of ${screenMethods.join(', ')}, got "${method}"`);
  const scope = options.values.get('scope') ?? 'lot';
  if (scope !== 'lot' && scope !== 'wafer') return fail(`--scope: expected lot or wafer, got "${scope}"`);
  const window = options.values.get('window') ?? '3x3';
  if (window !== '3x3' && window !== '5x5-weighted') return fail(`--window: expected 3x3 or 5x5-weighted, got "${window}"`);
  const k = numberOption(options, 'k');
  const minBad = numberOption(options, 'min-bad');
  if (typeof k === 'string') return fail(k);
  if (typeof minBad === 'string') return fail(minBad);
  const minCluster = numberOption(options, 'min-cluster');
  if (typeof minCluster === 'string') return fail(minCluster);
  const request: ScreenRequest = { method, lot, scope, window, ...(k === undefined ? {} : { k }), ...(minBad === undefined ? {} : { minBad }), ...(minCluster === undefined ? {} : { minCluster }) };
  if (options.switches.has('approve') && (method !== 'spat' || !options.values.get('who') || !options.values.get('why'))) return fail('--approve goes with --method spat, --who and --why');
  let engine;
  try {
    engine = await openScreeningWorkspace(args, folder, method === 'gdbn' || method === 'cluster' || method === 'syl' || method === 'sbl');
  } catch (error) {
    process.stderr.write(`yield-monitor screen: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const store = new FolderWorkspaceStore(folder);
    const product = method === 'spat' ? await productOfLot(engine, lot) : '';
    if (options.switches.has('approve')) {
      const written = await approveLimits(store, await computeStaticPatLimits(engine, product, request), { who: options.values.get('who') ?? '', why: options.values.get('why') ?? '', k: k ?? 6 });
      process.stderr.write(`approved static PAT limits of ${written.length} tests of ${product}\n`);
    }
    const approved = method === 'spat' ? await approvedLimits(store, product) : [];
    const result = await runScreen(engine, request, approved);
    process.stdout.write(options.switches.has('json') ? `${screenJson(result)}\n` : summary(result));
    return 0;
  } catch (error) {
    process.stderr.write(`yield-monitor screen: ${(error as Error).message}\n`);
    return 1;
  } finally {
    engine.close();
  }
}
