/** `yield-monitor wafer classify FILE.json [--json]`: classify wafer maps into WM-811K pattern classes. */
import { readFile } from 'node:fs/promises';
import { classifyWaferMap, mainEvidence, type WaferClassification } from '../../shared/wafer/index.ts';
import { WAFER_MAP_DOCUMENT_EXPECTED, wafersFromDocument } from '../../shared/wafer/waferMapDocument.ts';

const usage =
  'Usage: yield-monitor wafer classify FILE.json [--json]\n' +
  '       yield-monitor wafer classify --workspace DIR --lot LOT   (not available yet)\n';

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
  if (rest.includes('--workspace') || rest.includes('--lot')) {
    process.stderr.write('yield-monitor wafer classify --workspace/--lot: not available yet\n');
    return 2;
  }
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
