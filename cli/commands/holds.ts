/**
 * `yield-monitor holds --workspace DIR [--json]`: the lots on hold (and released), with reason,
 * who and when; `holds place` and `holds release` act on one lot. Rules that place holds live in
 * the workspace's holds/rules.json and run with `spc evaluate`.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { FolderWorkspaceStore } from '../../node/workspace/folderWorkspaceStore.ts';
import { holdTable, listHolds, placeHold, releaseHold, type Hold } from '../../shared/spc/monitor/index.ts';

const usage = `usage: yield-monitor holds --workspace DIR [--json]
       yield-monitor holds place --workspace DIR --product P --lot L --reason TEXT [--who NAME]
       yield-monitor holds release --workspace DIR --product P --lot L --comment TEXT [--who NAME]

  Lists every lot's latest hold, those on hold first (--json: {"holds": [...]}).
  Rules in DIR/holds/rules.json hold lots when spc evaluate runs, e.g.
  [{"id": "low-yield", "kind": "yield-below", "threshold": 0.8}, {"id": "critical", "kind": "critical-episode"}]
  Exit status: 0, 1 when the action is refused (not on hold, already on hold), 2 on bad usage.
`;

const VALUE_FLAGS = ['--workspace', '--product', '--lot', '--reason', '--comment', '--who'];

/** Flags and their values; throws a usage error on an unknown or valueless flag. */
function parseFlags(args: readonly string[]): { values: Map<string, string>; json: boolean } {
  const values = new Map<string, string>();
  let json = false;
  for (let index = 0; index < args.length; index += 1) {
    const flag = args[index] ?? '';
    if (flag === '--json') json = true;
    else if (VALUE_FLAGS.includes(flag) && args[index + 1] !== undefined) values.set(flag, args[(index += 1)] ?? '');
    else throw new Error(`unknown or incomplete option ${flag}`);
  }
  return { values, json };
}

/** The hold as the CLI prints it in JSON. */
function holdJson(hold: Hold): Record<string, unknown> {
  return { ...hold };
}

/** Run the holds command; returns the exit status. */
export async function run(args: string[]): Promise<number> {
  const action = args[0] === 'place' || args[0] === 'release' ? args[0] : 'list';
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(action === 'list' ? args : args.slice(1));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const folder = flags.values.get('--workspace');
  if (folder === undefined || !existsSync(folder)) {
    process.stderr.write(`${folder === undefined ? 'missing --workspace' : `no workspace folder ${folder}`}\n${usage}`);
    return 2;
  }
  const store = new FolderWorkspaceStore(folder);
  if (action === 'list') {
    const holds = await listHolds(store);
    process.stdout.write(flags.json ? `${JSON.stringify({ holds: holds.map(holdJson) })}\n` : holdTable(holds));
    return 0;
  }
  const product = flags.values.get('--product');
  const lot = flags.values.get('--lot');
  const text = flags.values.get(action === 'place' ? '--reason' : '--comment');
  if (product === undefined || lot === undefined || text === undefined) {
    process.stderr.write(`holds ${action} needs --product, --lot and ${action === 'place' ? '--reason' : '--comment'}\n${usage}`);
    return 2;
  }
  const who = flags.values.get('--who') ?? userInfo().username;
  try {
    const hold = action === 'place' ? await placeHold(store, { product, lot, reason: text, who }) : await releaseHold(store, { product, lot, comment: text, who });
    process.stdout.write(flags.json ? `${JSON.stringify(holdJson(hold))}\n` : holdTable([hold]));
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
