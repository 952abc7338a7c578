/** Option parsing and workspace opening shared by `screen`, `whatif` and `map export`. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { engineKindOption, openNodeEngine, openOnDemand, type NodeSqlEngine } from '../../node/workspace/openWorkspace.ts';

/** Parsed `--name value` options and bare `--switch`es; unknown names are an error. */
export interface ParsedOptions {
  values: Map<string, string>;
  switches: Set<string>;
}

/** Parse options against the accepted value names and switch names; returns an error text on misuse. */
export function parseOptions(args: readonly string[], valueNames: readonly string[], switchNames: readonly string[]): ParsedOptions | string {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    const name = arg.replace(/^--/, '');
    if (!arg.startsWith('--')) return `unexpected argument "${arg}"`;
    if (switchNames.includes(name)) {
      switches.add(name);
      continue;
    }
    if (!valueNames.includes(name) && name !== 'engine') return `unknown option "${arg}"`;
    const value = args[index + 1];
    if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
    values.set(name, value);
    index += 1;
  }
  return { values, switches };
}

/** A number option, or an error text. */
export function numberOption(options: ParsedOptions, name: string): number | undefined | string {
  const text = options.values.get(name);
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : `--${name}: expected a number, got "${text}"`;
}

/**
 * Open the workspace named by --workspace on a new engine (close it when done); its large tables
 * load on the first statement that reads them (a screen of dies loads no parametric results).
 */
export async function openScreeningWorkspace(args: readonly string[], folder: string): Promise<NodeSqlEngine> {
  if (!existsSync(join(folder, 'manifest.json'))) throw new Error(`${folder}: not a workspace (no manifest.json); import data first with yield-monitor import`);
  const engine = await openNodeEngine(engineKindOption(args));
  try {
    return (await openOnDemand(engine, folder)).engine;
  } catch (error) {
    engine.close();
    throw error;
  }
}
