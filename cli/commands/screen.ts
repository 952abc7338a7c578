/**
 * `yield-monitor screen --workspace DIR --lot L --method dpat|spat|gdbn|nnr|cluster|syl|sbl [--scope lot|wafer]
 * [--k K] [--min-bad N] [--min-cluster N] [--window 3x3|5x5-weighted] [--json]`: run one outlier screen on a lot and print
 * its limits and rejected dies. `--approve --who W --why TEXT` (spat) stores the computed limits as
 * the approved ones for the product. `--lake L` reads a published lake instead (native DuckDB,
 * read-only), `--engine clickhouse --lake L [--clickhouse URL]` on ClickHouse (issue #17 §2); the
 * approved SPAT limits then come from `--workspace DIR` when given.
 */
import type { SqlEngine } from '../../shared/engine/sqlEngine.ts';
import { openClickHouseEngine } from '../../node/engine/clickhouseTransports.ts';
import { openLakeEngine } from '../../node/lake/openLake.ts';
import { FolderWorkspaceStore } from '../../node/workspace/folderWorkspaceStore.ts';
import { approvedLimits, approveLimits } from '../../shared/screening/approvedLimits.ts';
import { computeStaticPatLimits, productOfLot, runScreen } from '../../shared/screening/screen.ts';
import { screenMethods, type ScreenMethod, type ScreenRequest, type ScreenResult } from '../../shared/screening/types.ts';
import { clickhouseDialect, duckdbDialect, type SqlDialect } from '../../shared/sql/dialect.ts';
import { numberOption, openScreeningWorkspace, parseOptions, type ParsedOptions } from './screeningOptions.ts';

const usage = `Usage: yield-monitor screen --workspace DIR --lot L --method dpat|spat|gdbn|nnr|cluster|syl|sbl [options]
       yield-monitor screen --lake DIR [--workspace DIR] --lot L --method M [options]
       yield-monitor screen --engine clickhouse --lake DIR|URL [--clickhouse URL] [--endpoint URL] [--workspace DIR] --lot L --method M [options]

  --scope lot|wafer      DPAT limits per lot (default) or per wafer
  --k K                  sigma multiplier (PAT 6, NNR 4.5)
  --min-bad N            GDBN: failing neighbours that reject a passing die (default 6)
  --window W             GDBN: 3x3 (default) or 5x5-weighted
  --min-cluster N        cluster: smallest failing cluster whose rim and inside are rejected (default 5)
  --approve --who W --why TEXT   spat: store the limits computed from the history as approved
  --json                 print {method, lot, limits, outliers}
  --lake L               a published lake (yield-monitor lake publish) instead of the workspace's data,
                         read-only; --workspace then only keeps the approved SPAT limits
  --engine E             native (default), wasm, or clickhouse (over --lake: a folder, s3://bucket/prefix
                         or http(s) URL; chDB in-process unless --clickhouse URL)
  --clickhouse URL       with --engine clickhouse: the server (http://host:8123)
  --endpoint URL         S3-compatible endpoint for an s3:// lake
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

/** Where the screen reads its dies: the workspace, or a published lake on DuckDB or ClickHouse, with the SQL dialect. */
interface ScreeningSource {
  engine: SqlEngine & { close(): void };
  dialect: SqlDialect;
}

/** Open the engine the options name (the lake's when --lake is given); a usage error as text. */
async function openSource(args: readonly string[], options: ParsedOptions): Promise<ScreeningSource> {
  const lake = options.values.get('lake');
  const engineName = options.values.get('engine');
  if (engineName === 'clickhouse') {
    const engine = await openClickHouseEngine({ lake: lake ?? '', server: options.values.get('clickhouse'), endpoint: options.values.get('endpoint') });
    return { engine, dialect: clickhouseDialect };
  }
  if (lake) return { engine: await openLakeEngine(lake), dialect: duckdbDialect };
  return { engine: await openScreeningWorkspace(args, options.values.get('workspace') ?? ''), dialect: duckdbDialect };
}

/** The option combinations that make no sense, as an error text. */
function sourceError(options: ParsedOptions): string | null {
  const [lake, engine] = [options.values.get('lake'), options.values.get('engine')];
  if (engine === 'clickhouse' && !lake) return '--engine clickhouse needs --lake';
  if (!lake && (options.values.has('clickhouse') || options.values.has('endpoint'))) return '--clickhouse and --endpoint go with --engine clickhouse --lake';
  if (lake && engine !== undefined && engine !== 'clickhouse') return `--engine ${engine} does not read a lake (native DuckDB is the default with --lake; or clickhouse)`;
  if (!lake && !options.values.get('workspace')) return '--workspace (or --lake) is required';
  if (lake && options.switches.has('approve') && !options.values.get('workspace')) return '--approve on a lake needs --workspace DIR to keep the approved limits';
  return null;
}

/** Entry point: 0 on success, 1 when the screen fails, 2 on a usage error. */
export async function run(args: string[]): Promise<number> {
  const options = parseOptions(args, ['workspace', 'lot', 'method', 'scope', 'k', 'min-bad', 'min-cluster', 'window', 'who', 'why', 'lake', 'clickhouse', 'endpoint'], ['json', 'approve']);
  if (typeof options === 'string') return fail(options);
  const folder = options.values.get('workspace');
  const lot = options.values.get('lot');
  const method = options.values.get('method') as ScreenMethod | undefined;
  if (!lot || !method) return fail('--lot and --method are required');
  const misuse = sourceError(options);
  if (misuse) return fail(misuse);
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
  let source: ScreeningSource;
  try {
    source = await openSource(args, options);
  } catch (error) {
    process.stderr.write(`yield-monitor screen: ${(error as Error).message}\n`);
    return 1;
  }
  const { engine, dialect } = source;
  try {
    const store = folder ? new FolderWorkspaceStore(folder) : null;
    const product = method === 'spat' ? await productOfLot(engine, lot) : '';
    if (options.switches.has('approve') && store) {
      const computed = await computeStaticPatLimits(engine, product, request, dialect);
      const written = await approveLimits(store, computed, { who: options.values.get('who') ?? '', why: options.values.get('why') ?? '', k: k ?? 6 });
      process.stderr.write(`approved static PAT limits of ${written.length} tests of ${product}\n`);
    }
    const approved = method === 'spat' && store ? await approvedLimits(store, product) : [];
    const result = await runScreen(engine, request, approved, dialect);
    process.stdout.write(options.switches.has('json') ? `${screenJson(result)}\n` : summary(result));
    return 0;
  } catch (error) {
    process.stderr.write(`yield-monitor screen: ${(error as Error).message}\n`);
    return 1;
  } finally {
    engine.close();
  }
}
