/**
 * `yield-monitor whatif --workspace DIR --test N --lo X --hi Y [--lot L] [--json]`: re-judge every die
 * (of one lot, or all) with one test's limits changed and print the dies that flip, yield per lot
 * and wafer before and after, and the bins affected. Reads only; `--save NAME --who W` keeps the
 * scenario in the workspace (screening/scenarios/) without applying it.
 */
import { FolderWorkspaceStore } from '../../node/workspace/folderWorkspaceStore.ts';
import { runWhatIf, saveScenario, type WhatIfResult } from '../../shared/screening/whatIf.ts';
import { numberOption, openScreeningWorkspace, parseOptions } from './screeningOptions.ts';

const usage = `Usage: yield-monitor whatif --workspace DIR --test N --lo X --hi Y [--lot L] [--json] [--save NAME --who W]
  --lo none / --hi none leave that side unlimited
`;

function fail(message: string): number {
  process.stderr.write(`yield-monitor whatif: ${message}\n${usage}`);
  return 2;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}

function summary(result: WhatIfResult): string {
  const { change } = result;
  const lines = [`test ${change.test} limits ${change.lo ?? '-'} .. ${change.hi ?? '-'}: ${result.flips.length} dies flip`];
  for (const lot of result.lots) lines.push(`  lot ${lot.lot}: ${percent(lot.yieldBefore)} -> ${percent(lot.yieldAfter)} (${lot.goodBefore} -> ${lot.goodAfter} of ${lot.dies})`);
  for (const bin of result.bins) lines.push(`  hard bin ${bin.hardBin ?? '-'}: ${bin.passToFail} pass -> fail, ${bin.failToPass} fail -> pass`);
  return `${lines.join('\n')}\n`;
}

/** A limit option: a number, or "none" for no limit on that side. */
function limitOption(text: string | undefined, name: string): number | null | string {
  if (text === undefined) return `--${name} is required (a number, or none)`;
  if (text === 'none') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : `--${name}: expected a number or none, got "${text}"`;
}

/** Entry point: 0 on success, 1 when the what-if fails, 2 on a usage error. */
export async function run(args: string[]): Promise<number> {
  const options = parseOptions(args, ['workspace', 'test', 'lo', 'hi', 'lot', 'save', 'who'], ['json']);
  if (typeof options === 'string') return fail(options);
  const folder = options.values.get('workspace');
  const test = numberOption(options, 'test');
  if (!folder || test === undefined) return fail('--workspace and --test are required');
  if (typeof test === 'string') return fail(test);
  const lo = limitOption(options.values.get('lo'), 'lo');
  const hi = limitOption(options.values.get('hi'), 'hi');
  if (typeof lo === 'string') return fail(lo);
  if (typeof hi === 'string') return fail(hi);
  if (lo !== null && hi !== null && lo > hi) return fail(`--lo ${lo} is above --hi ${hi}`);
  let engine;
  try {
    engine = await openScreeningWorkspace(args, folder);
  } catch (error) {
    process.stderr.write(`yield-monitor whatif: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const result = await runWhatIf(engine, { test, lo, hi, lot: options.values.get('lot') ?? null });
    const name = options.values.get('save');
    if (name !== undefined) process.stderr.write(`saved scenario ${await saveScenario(new FolderWorkspaceStore(folder), name, options.values.get('who') ?? '', result)}\n`);
    process.stdout.write(options.switches.has('json') ? `${JSON.stringify(result, null, 1)}\n` : summary(result));
    return 0;
  } catch (error) {
    process.stderr.write(`yield-monitor whatif: ${(error as Error).message}\n`);
    return 1;
  } finally {
    engine.close();
  }
}
