/** Dispatches `yield-monitor <command> ...` to the command modules in cli/commands/. */
type CommandModule = { run(args: string[]): Promise<number> };

const commands: Record<string, () => Promise<CommandModule>> = {
  stdf: () => import('./commands/stdf.ts'),
  spc: () => import('./commands/spc.ts'),
  wafer: () => import('./commands/wafer.ts'),
  import: () => import('./commands/import.ts'),
  watch: () => import('./commands/watch.ts'),
  commonality: () => import('./commands/commonality.ts'),
  report: () => import('./commands/report.ts'),
  sql: () => import('./commands/sql.ts'),
  serve: () => import('./commands/serve.ts'),
  screen: () => import('./commands/screen.ts'),
  whatif: () => import('./commands/whatif.ts'),
  map: () => import('./commands/map.ts'),
  holds: () => import('./commands/holds.ts'),
  lake: () => import('./commands/lake.ts'),
  remove: () => import('./commands/remove.ts'),
  defects: () => import('./commands/defects.ts'),
};

const usage = `Usage: yield-monitor <command> [options]

Commands:
  stdf summary FILE [--json]     decode an STDF V4 file and print its summary
  stdf check FILE [--json]       list spec violations and oddities of an STDF file
  import FILE... --workspace DIR import test data into a workspace the app can open
  remove --workspace DIR --import ID          take one import (its rows and files) out of a workspace
  spc compute --chart TYPE --csv FILE [...]   compute a control chart from a CSV
  spc evaluate --workspace DIR [--json]       evaluate every chart definition; exit 1 on new alerts
  holds --workspace DIR [--json]              lots on hold (reason, who, when); holds place|release ...
  wafer classify FILE.json [--json]           classify wafer maps into WM-811K classes
  wafer classify --workspace DIR --lot L [--json]   classify a lot's imported wafers
  watch --workspace DIR FOLDER...             import new STDF/CSV files from folders as they arrive
  commonality --workspace DIR --response R [...]    rank process steps/tools/chambers by yield association
  report --workspace DIR --from D --to D --format pdf|xlsx|csv --out FILE   yield report, headless
  sql --workspace DIR [--json|--csv] [--timeout S] "SELECT ..."   one read-only query over the workspace
  serve --workspace DIR [--port N] [--host H] [--allow-import]   the app in a browser, native engine here
  screen --workspace DIR --lot L --method dpat|spat|gdbn|nnr|syl|sbl [--json]   outlier screening of a lot
  whatif --workspace DIR --test N[:NAME] | --test-key K --lo X --hi Y [--lot L] [--json]   dies and yields if a test's limits change
  lake publish --workspace DIR --to DIR|s3://bucket/prefix [--endpoint URL]   Parquet lake for a fab's engines
  map export --workspace DIR --lot L --wafer W --format e142|sinf|tsk [--screened] --out FILE   inked map for assembly
  defects killratio --workspace DIR [--lot L] [--json]   kill ratio per KLARF defect class over the tested dies
`;

/** Run the CLI with the given arguments and return the process exit status. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    process.stdout.write(usage);
    return name && name !== '--help' && name !== 'help' ? 2 : 0;
  }
  const command = await load();
  return command.run(rest);
}
