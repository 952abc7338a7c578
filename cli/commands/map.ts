/**
 * `yield-monitor map export --workspace DIR --lot L --wafer W --format e142|sinf|tsk [--screened]
 * [--methods dpat,gdbn] [--k K] [--nnr-k K] [--min-bad N] [--min-cluster N] [--screened-bin N] --out FILE`: write a wafer's final bin map for assembly,
 * with the dies the screening rules reject in a bin of their own ("PAT fail", 63 by default).
 */
import { writeFile } from 'node:fs/promises';
import { defaultScreenedBin } from '../../shared/screening/waferBinMap.ts';
import { exportWaferMap, mapFormats, type MapFormat } from '../../shared/screening/mapExport.ts';
import { screenMethods, type ScreenMethod } from '../../shared/screening/types.ts';
import { numberOption, openScreeningWorkspace, parseOptions } from './screeningOptions.ts';

const usage = `Usage: yield-monitor map export --workspace DIR --lot L --wafer W --format e142|sinf|tsk [--screened] --out FILE

  --screened            move the dies the screens reject to the screened bin
  --methods M1,M2       screens to apply (default dpat,gdbn)
  --k K                 PAT sigmas (default 6)
  --nnr-k K             NNR robust sigmas (default 4.5)
  --min-bad N           GDBN failing neighbours (default 6)
  --min-cluster N       cluster rule's smallest cluster (default 5)
  --screened-bin N      bin of screened dies (default ${defaultScreenedBin})
`;

function fail(message: string): number {
  process.stderr.write(`yield-monitor map: ${message}\n${usage}`);
  return 2;
}

/** Entry point: 0 on success, 1 when the export fails, 2 on a usage error. */
export async function run(args: string[]): Promise<number> {
  if (args[0] !== 'export') return fail('expected "map export"');
  const options = parseOptions(args.slice(1), ['workspace', 'lot', 'wafer', 'format', 'out', 'methods', 'screened-bin', 'k', 'nnr-k', 'min-bad', 'min-cluster'], ['screened']);
  if (typeof options === 'string') return fail(options);
  const [folder, lot, wafer, format, out] = ['workspace', 'lot', 'wafer', 'format', 'out'].map((name) => options.values.get(name));
  if (!folder || !lot || !wafer || !format || !out) return fail('--workspace, --lot, --wafer, --format and --out are required');
  if (!(mapFormats as readonly string[]).includes(format)) return fail(`--format: expected e142, sinf or tsk, got "${format}"`);
  const methods = (options.values.get('methods') ?? 'dpat,gdbn').split(',').map((method) => method.trim()) as ScreenMethod[];
  const unknown = methods.find((method) => !screenMethods.includes(method));
  if (unknown) return fail(`--methods: unknown screen "${unknown}"`);
  const settingNames = { patK: 'k', nnrK: 'nnr-k', minBad: 'min-bad', minCluster: 'min-cluster' } as const;
  const settings: Record<string, number> = {};
  for (const [key, name] of Object.entries(settingNames)) {
    const value = numberOption(options, name);
    if (typeof value === 'string') return fail(value);
    if (value !== undefined && !(value > 0)) return fail(`--${name}: expected a positive number, got ${value}`);
    if (value !== undefined) settings[key] = value;
  }
  const bin = numberOption(options, 'screened-bin');
  if (typeof bin === 'string') return fail(bin);
  const screened = options.switches.has('screened');
  let engine;
  try {
    engine = await openScreeningWorkspace(args, folder);
  } catch (error) {
    process.stderr.write(`yield-monitor map: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const result = await exportWaferMap(engine, lot, wafer, format as MapFormat, bin === undefined ? { screened, methods, settings } : { screened, methods, settings, bin });
    await writeFile(out, result.bytes);
    process.stderr.write(`wrote ${out}: ${result.dies} dies${screened ? `, ${result.screened} screened` : ''}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`yield-monitor map: ${(error as Error).message}\n`);
    return 1;
  } finally {
    engine.close();
  }
}
