import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropStaging } from '../../shared/import/dieCsvImport.ts';
import { importFile, type ImportFileOptions, type ImportFileOutcome, type ImportTarget } from '../../shared/import/importFile.ts';
import { joinSampleTableBytes, sampleTableFiles, sampleTables, stageSampleTables } from '../../shared/import/sampleTablesImport.ts';
import { planFolderImport } from '../../shared/import/folderPlan.ts';
import { newImportId } from '../../shared/workspace/manifest.ts';
import { Workspace, type ImportDetails } from '../../shared/workspace/workspace.ts';
import { asSampleImports } from '../../shared/workspace/sampleImports.ts';
import { engineKindOption, openNodeEngine, workspaceOn, type NodeSqlEngine } from '../../node/workspace/openWorkspace.ts';
import { fileImportSource, nodeImportTarget } from '../../node/import/fileImportSource.ts';
import { decodeBzip2 } from './stdf.ts';

/**
 * `yield-monitor import FILE... --workspace DIR`: import STDF V4, die-level CSV and equipment files
 * (history, events/alarms, sensor summaries as CSV or JSON Lines; SML logs), wafer maps (SINF, E142, TSK,
 * prober maps; into map_dies) and KLARF defect files (into defects), recognised by content.
 */
export async function run(args: string[]): Promise<number> {
  const at = args.indexOf('--workspace');
  const folder = at >= 0 ? args[at + 1] : undefined;
  const sample = args.includes('--sample');
  const named = args.filter((arg, index) => index !== at && index !== at + 1 && arg !== '--sample');
  if (!folder || (named.length === 0 && !sample)) {
    process.stderr.write('usage: yield-monitor import FILE.csv|FILE.stdf|FILE.jsonl|FILE.sml|MAP|KLARF|FOLDER... --workspace DIR\n       yield-monitor import --sample --workspace DIR   (the bundled sample fab)\n');
    return 2;
  }
  const engine = await openNodeEngine(engineKindOption(args));
  const workspace = workspaceOn(engine, folder);
  await workspace.open();
  for (const problem of workspace.problems) process.stderr.write(`${problem.file}: ${problem.message}${problem.importId ? ` (import ${problem.importId} left out; re-import its file or remove it)` : ''}\n`);
  const expanded = await expandFolders(named);
  const sampleFiles = sample ? await sampleDieFiles(sampleFolder) : [];
  const files = [...expanded.files, ...sampleFiles];
  for (const skipped of expanded.skipped) process.stdout.write(`${skipped}: skipped (not a test or equipment data file)\n`);
  let failures = 0;
  const target = nodeImportTarget(engine, workspace, decodeBzip2);
  // The bundled sample's files are marked as sample data in the manifest (the app labels and removes them together).
  const sampleTarget = { ...target, workspace: asSampleImports(workspace) };
  for (const file of files) {
    const outcome = await importPath(sampleFiles.includes(file) ? sampleTarget : target, file);
    if (outcome.kind === 'imported' || outcome.kind === 'duplicate') process.stdout.write(`${outcome.message}\n`);
    else {
      failures++;
      process.stderr.write(`${outcome.message}\n`);
    }
  }
  // After the dies: the descriptive tables of the newest import win, and the sample's CSV tables keep
  // exact decimals where the STDF lots' headers carry float32 limits and die sizes.
  for (const folder of sample ? [sampleFolder, ...expanded.sampleFolders] : expanded.sampleFolders) {
    try {
      process.stdout.write(`${await importSampleTableFiles(engine, workspace, folder, folder === sampleFolder)}\n`);
    } catch (error) {
      failures++;
      process.stderr.write(`${folder}: ${(error as Error).message}\n`);
    }
  }
  engine.close();
  return failures > 0 ? 1 : 0;
}

/** The committed sample fab (sample-data/fab), found relative to this module. */
const sampleFolder = fileURLToPath(new URL('../../sample-data/fab/', import.meta.url));

/**
 * Files to import for the command-line arguments: files as given; a folder every importable file below
 * it, ordered by the same plan the app uses for a dropped folder (shared/import/folderPlan.ts): in the
 * sample layout one die file per lot (its STDF file where it has one), then its tables, imported after
 * them. Files the importers never take (by name, e.g. ground-truth.json) are listed as skipped.
 */
async function expandFolders(args: string[]): Promise<{ files: string[]; sampleFolders: string[]; skipped: string[] }> {
  const expanded = { files: [] as string[], sampleFolders: [] as string[], skipped: [] as string[] };
  for (const arg of args) {
    const details = await stat(arg).catch(() => null);
    if (!details?.isDirectory()) {
      expanded.files.push(arg);
      continue;
    }
    const entries = (await readdir(arg, { recursive: true, withFileTypes: true })).filter((item) => item.isFile()).map((entry) => join(entry.parentPath, entry.name));
    const plan = planFolderImport(entries.sort(), (entry) => entry);
    expanded.files.push(...plan.files);
    expanded.skipped.push(...plan.skipped);
    if (plan.tables) expanded.sampleFolders.push(arg);
  }
  return expanded;
}

/** The sample fab's die files, one per lot, planned like any folder. */
async function sampleDieFiles(folder: string): Promise<string[]> {
  return (await expandFolders([folder])).files;
}

/** A sample-layout folder's wafer, test, bin and equipment tables, as the app imports them on first start. */
async function importSampleTableFiles(engine: NodeSqlEngine, workspace: Workspace, folder: string, bundled: boolean): Promise<string> {
  const contents = await Promise.all(sampleTableFiles.map(async (name) => new Uint8Array(await readFile(join(folder, `${name}.csv`)))));
  const contentHash = createHash('sha256').update(joinSampleTableBytes(contents)).digest('hex');
  if (workspace.findDuplicate(contentHash)) return `${folder}: sample fab tables already imported, nothing to do`;
  const importId = newImportId(new Date(), contentHash);
  const names = sampleTableFiles.map((name) => `sample/${importId}/${name}.csv`);
  await Promise.all(contents.map((bytes, index) => engine.registerBuffer(names[index]!, bytes)));
  try {
    const rows = await stageSampleTables(engine, names, importId);
    const details: ImportDetails = { sourceFile: 'sample fab: wafers, tests, bins, equipment', contentHash, format: 'sample', rows, warnings: [] };
    await workspace.commitImport(importId, bundled ? { ...details, origin: 'sample' } : details, sampleTables);
    return `${folder}: sample fab tables (wafers, tests, bins, equipment history) imported as ${importId}`;
  } finally {
    await dropStaging(engine, importId);
    for (const name of names) await engine.dropFile(name);
  }
}

/**
 * Import one named file through the shared orchestrator. A text file whose columns are not recognised
 * is refused here (the app asks for a mapping instead); a file that cannot be read is refused by name.
 */
export async function importPath(target: ImportTarget, file: string, options: ImportFileOptions = {}): Promise<ImportFileOutcome> {
  let source;
  try {
    source = await fileImportSource(file);
  } catch (error) {
    return { kind: 'rejected', message: `${file}: ${(error as Error).message.replace(`${file}: `, '')}` };
  }
  const outcome = await importFile(target, { ...source, name: basename(file), location: file }, options);
  if (outcome.kind !== 'needs-mapping') return outcome;
  return { kind: 'rejected', message: `${outcome.message}; rename them or import in the app to map them` };
}
