/**
 * `yield-monitor watch --workspace DIR [--stable-ms N] [--incomplete-limit-ms N] [--poll] [--once] FOLDER...`:
 * imports STDF, die-CSV and equipment files into a workspace as they arrive in the folders, once
 * each file has stopped changing (an STDF file: and its MRR has arrived), through the same import
 * orchestrator as `import`. Runs until SIGINT/SIGTERM; with --once it imports what is there and exits.
 */
import { WatchFolderService, type WatchedFolderFile } from '../../node/watch/watchFolders.ts';
import { openNodeEngine, workspaceOn } from '../../node/workspace/openWorkspace.ts';
import { nodeImportTarget } from '../../node/import/fileImportSource.ts';
import { defaultIncompleteLimitMs, defaultStableMs, type WatchImportResult } from '../../shared/watch/watchPolicy.ts';
import { importPath } from './import.ts';
import { decodeBzip2 } from './stdf.ts';

const usage = `usage: yield-monitor watch --workspace DIR [--stable-ms N] [--incomplete-limit-ms N] [--poll] [--once] FOLDER...
  --stable-ms N            a file is complete once its size and time have not changed for N ms (default ${defaultStableMs})
  --incomplete-limit-ms N  an STDF file whose MRR has not arrived is waited for N ms after its last change,
                           then imported as partial; if it grows later, that import is replaced (default ${defaultIncompleteLimitMs})
  --poll                   poll the folders instead of using file-system events (network shares)
  --once                   import the files present now, once they are complete, then exit (exit 1 if any failed)
`;

/** Parsed command line of `watch`. */
export interface WatchArguments {
  workspace: string;
  folders: string[];
  stableMs: number;
  incompleteLimitMs: number;
  once: boolean;
  usePolling: boolean;
}

/** Parse the arguments of `watch`; a string is the problem to report. */
export function parseWatchArguments(args: readonly string[]): WatchArguments | string {
  const parsed: WatchArguments = { workspace: '', folders: [], stableMs: defaultStableMs, incompleteLimitMs: defaultIncompleteLimitMs, once: false, usePolling: false };
  for (let index = 0; index < args.length; index++) {
    const argument = args[index]!;
    if (argument === '--once') parsed.once = true;
    else if (argument === '--poll') parsed.usePolling = true;
    else if (argument === '--workspace' || argument === '--stable-ms' || argument === '--incomplete-limit-ms') {
      const value = args[++index];
      if (value === undefined) return `${argument} needs a value`;
      if (argument === '--workspace') parsed.workspace = value;
      else if (argument === '--stable-ms') parsed.stableMs = Number(value);
      else parsed.incompleteLimitMs = Number(value);
    } else if (argument.startsWith('--')) return `unknown option ${argument}`;
    else parsed.folders.push(argument);
  }
  if (parsed.workspace === '') return 'missing --workspace DIR';
  if (parsed.folders.length === 0) return 'name at least one FOLDER to watch';
  if (!Number.isInteger(parsed.stableMs) || parsed.stableMs < 0) return '--stable-ms must be a whole number of milliseconds';
  if (!Number.isInteger(parsed.incompleteLimitMs) || parsed.incompleteLimitMs < 0) return '--incomplete-limit-ms must be a whole number of milliseconds';
  return parsed;
}

/** Run the watcher; see the module comment. */
export async function run(args: string[]): Promise<number> {
  const parsed = parseWatchArguments(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n${usage}`);
    return 2;
  }
  let failures = 0;
  const pending: WatchedFolderFile[] = [];
  let draining: Promise<void> | null = null;
  // Files that became complete together are imported with the workspace opened once for them.
  const drain = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending.splice(0);
      const results = await importReadyFiles(batch, parsed.workspace);
      batch.forEach((file, index) => {
        const result = results[index]!;
        if (result.kind === 'failed') failures++;
        service.settle(file.key, result);
      });
    }
    draining = null;
  };
  const service = new WatchFolderService({
    stableMs: parsed.stableMs,
    incompleteLimitMs: parsed.incompleteLimitMs,
    bzip2: decodeBzip2,
    usePolling: parsed.usePolling,
    onReady: (file) => {
      pending.push(file);
      draining ??= drain();
    },
    onError: (folder, error) => process.stderr.write(`${folder}: ${error.message}\n`),
  });
  try {
    for (const folder of parsed.folders) await service.addFolder(folder);
  } catch (error) {
    await service.close();
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (parsed.once) {
    await service.whenIdle();
    await service.close();
    return failures > 0 ? 1 : 0;
  }
  process.stderr.write(`watching ${service.folders().join(', ')} (stable time ${parsed.stableMs} ms); Ctrl+C to stop\n`);
  await untilInterrupted();
  await draining;
  await service.close();
  return 0;
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * Import complete files through the import orchestrator and log one line per file: time, outcome
 * (imported, partial, duplicate, failed) and the orchestrator's message, which starts with the path.
 */
async function importReadyFiles(files: readonly WatchedFolderFile[], folder: string): Promise<WatchImportResult[]> {
  let engine;
  try {
    engine = await openNodeEngine();
  } catch (error) {
    return files.map((file) => failed(`${file.path}: ${(error as Error).message}`));
  }
  const results: WatchImportResult[] = [];
  try {
    const workspace = workspaceOn(engine, folder);
    await workspace.open();
    const target = nodeImportTarget(engine, workspace, decodeBzip2);
    for (const file of files) {
      // A file handed out after the incomplete limit is imported as partial; one that grew after a partial import replaces it.
      const outcome = await importPath(target, file.path, { incompleteStdf: file.final ? 'partial' : 'import', replaces: file.replaces });
      const time = new Date().toISOString();
      const replacing = file.replaces !== undefined && outcome.kind === 'imported' ? ` (replaces the partial import ${file.replaces})` : '';
      if (outcome.kind === 'imported') {
        const partial = outcome.record.partial !== undefined;
        process.stdout.write(`${time} ${partial ? 'partial' : 'imported'} ${outcome.message}${replacing}\n`);
        results.push({ kind: 'imported', importId: outcome.record.importId, partial });
      } else if (outcome.kind === 'duplicate') {
        process.stdout.write(`${time} duplicate ${outcome.message}\n`);
        results.push({ kind: 'duplicate' });
      } else {
        results.push(failed(outcome.message));
      }
    }
    return results;
  } catch (error) {
    return [...results, ...files.slice(results.length).map((file) => failed(`${file.path}: ${(error as Error).message}`))];
  } finally {
    engine.close();
  }
}

/** A failure, logged as it is reported. */
function failed(reason: string): WatchImportResult {
  process.stdout.write(`${new Date().toISOString()} failed ${reason}\n`);
  return { kind: 'failed', error: reason };
}
