/**
 * `yield-monitor wafer classify FILE.json [--json]` and `wafer classify --workspace DIR --lot L [--json]`:
 * classify wafer maps (a JSON file, or a lot imported into a workspace) into WM-811K pattern classes.
 */
import { readFile, stat } from 'node:fs/promises';
import { classifyWaferMap, mainEvidence, type WaferClassification } from '../../shared/wafer/index.ts';
import { classifyLotWafers } from '../../shared/wafer/lotWafers.ts';
import { readLot } from '../../shared/wafer/lotData.ts';
import { WAFER_MAP_DOCUMENT_EXPECTED, wafersFromDocument } from '../../shared/wafer/waferMapDocument.ts';
import { openNodeEngine, openOnDemand } from '../../node/workspace/openWorkspace.ts';

const usage =
  'Usage: yield-monitor wafer classify FILE.json [--json]\n' +
  '       yield-monitor wafer classify --workspace DIR --lot LOT [--json]\n';

function fail(message: string): number {
  process.stderr.write(`yield-monitor wafer classify: ${message}\n`);
  return 2;
}

async function classifyFile(file: string): Promise<WaferClassification[] | string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return `${file} is not JSON (${error instanceof Error ? error.message : String(error)}); expected ${WAFER_MAP_DOCUMENT_EXPECTED}`;
  }
  try {
    return wafersFromDocument(document).map((map, index) => {
      try {
        return classifyWaferMap(map);
      } catch (error) {
        throw new Error(`wafer ${index}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return `${file}: ${detail}; expected ${WAFER_MAP_DOCUMENT_EXPECTED} with die codes 0 (no die), 1 (pass), 2 (fail)`;
  }
}

function formatLine(index: number, result: WaferClassification): string {
  const evidence = Object.entries(mainEvidence(result))
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  return `${String(index).padStart(4)}  ${result.class.padEnd(9)}  ${evidence}\n`;
}

/** Run the `wafer` command; exit 0 on success, 2 on bad usage or bad input. */
export async function run(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'classify') {
    process.stderr.write(usage);
    return 2;
  }
  if (rest.includes('--workspace') || rest.includes('--lot')) return classifyWorkspaceLot(rest);
  const json = rest.includes('--json');
  const positional = rest.filter((argument) => argument !== '--json');
  const unknownOption = positional.find((argument) => argument.startsWith('--'));
  if (unknownOption !== undefined) return fail(`unknown option ${unknownOption}\n${usage}`);
  const [file, extra] = positional;
  if (file === undefined || extra !== undefined) {
    process.stderr.write(usage);
    return 2;
  }
  const results = await classifyFile(file);
  if (typeof results === 'string') return fail(results);
  if (json) {
    const rows = results.map((result, index) => ({ index, class: result.class, evidence: result.evidence }));
    process.stdout.write(`${JSON.stringify(rows)}\n`);
  } else {
    for (const [index, result] of results.entries()) process.stdout.write(formatLine(index, result));
  }
  return 0;
}

/** One classified wafer of a workspace lot. */
interface LotWaferClass {
  wafer: string;
  result: WaferClassification;
}

async function classifyLot(folder: string, lot: string): Promise<LotWaferClass[] | string> {
  const engine = await openNodeEngine();
  try {
    const { engine: onDemand } = await openOnDemand(engine, folder);
    const data = await readLot(onDemand, lot);
    if (data.wafers.length === 0) return `lot ${lot} has no dies in the workspace ${folder}`;
    const classes = classifyLotWafers(data.columns, data.ranges);
    const rows: LotWaferClass[] = [];
    data.wafers.forEach((wafer, index) => {
      const result = classes[index];
      if (result) rows.push({ wafer: wafer.wafer, result });
    });
    return rows;
  } finally {
    engine.close();
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** `wafer classify --workspace DIR --lot LOT [--json]`: every wafer of the lot in wafer order. */
async function classifyWorkspaceLot(options: string[]): Promise<number> {
  const valueOf = (name: string): string | undefined => {
    const at = options.indexOf(name);
    return at >= 0 ? options[at + 1] : undefined;
  };
  const folder = valueOf('--workspace');
  const lot = valueOf('--lot');
  const known = new Set(['--workspace', '--lot', '--json', folder, lot]);
  const unknown = options.find((option) => !known.has(option));
  if (!folder || !lot || folder.startsWith('--') || lot.startsWith('--')) return fail(`--workspace DIR and --lot LOT are both needed\n${usage}`);
  if (unknown !== undefined) return fail(`unexpected argument ${unknown}\n${usage}`);
  if (!(await isFolder(folder))) return fail(`workspace folder ${folder} does not exist`);
  const rows = await classifyLot(folder, lot);
  if (typeof rows === 'string') return fail(rows);
  if (options.includes('--json')) {
    process.stdout.write(`${JSON.stringify(rows.map(({ wafer, result }) => ({ wafer, class: result.class, evidence: result.evidence })))}\n`);
    return 0;
  }
  const width = Math.max(5, ...rows.map((row) => row.wafer.length));
  for (const { wafer, result } of rows) {
    const evidence = Object.entries(mainEvidence(result)).map(([name, value]) => `${name}=${value}`).join(' ');
    process.stdout.write(`${wafer.padStart(width)}  ${result.class.padEnd(9)}  ${evidence}\n`);
  }
  return 0;
}
