/**
 * `yield-monitor watch --workspace DIR [--stable-ms N] [--poll] [--once] FOLDER...`: imports STDF
 * and die-CSV files into a workspace as they arrive in the folders, once each file has stopped
 * changing. Runs until SIGINT/SIGTERM; with --once it imports what is there and exits.
 */
import { WatchFolderService, type WatchedFolderFile } from '../../node/watch/watchFolders.ts';
import { defaultStableMs, type WatchImportResult } from '../../shared/watch/watchPolicy.ts';
import { run as runImportCommand } from './import.ts';

const usage = `usage: yield-monitor watch --workspace DIR [--stable-ms N] [--poll] [--once] FOLDER...
  --stable-ms N  a file is complete once its size and time have not changed for N ms (default ${defaultStableMs})
  --poll         poll the folders instead of using file-system events (network shares)
  --once         import the files present now, once they are complete, then exit (exit 1 if any failed)
`;

/** Parsed command line of `watch`. */
export interface WatchArguments {
  workspace: string;
  folders: string[];
  stableMs: number;
  once: boolean;
  usePolling: boolean;
}

/** Parse the arguments of `watch`; a string is the problem to report. */
export function parseWatchArguments(args: readonly string[]): WatchArguments | string {
  const parsed: WatchArguments = { workspace: '', folders: [], stableMs: defaultStableMs, once: false, usePolling: false };
  for (let index = 0; index < args.length; index++) {
    const argument = args[index]!;
    if (argument === '--once') parsed.once = true;
    else if (argument === '--poll') parsed.usePolling = true;
    else if (argument === '--workspace' || argument === '--stable-ms') {
      const value = args[++index];
      if (value === undefined) return `${argument} needs a value`;
      if (argument === '--workspace') parsed.workspace = value;
      else parsed.stableMs = Number(value);
    } else if (argument.startsWith('--')) return `unknown option ${argument}`;
    else parsed.folders.push(argument);
  }
  if (parsed.workspace === '') return 'missing --workspace DIR';
  if (parsed.folders.length === 0) return 'name at least one FOLDER to watch';
  if (!Number.isInteger(parsed.stableMs) || parsed.stableMs < 0) return '--stable-ms must be a whole number of milliseconds';
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
  // Files that became complete together are imported in one run of the import command, which
  // opens the workspace once per run.
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
 * Import complete files with the `import` command's own code and log one line per file. The
 * command writes one line per file, starting with the path it was given.
 */
async function importReadyFiles(files: readonly WatchedFolderFile[], workspace: string): Promise<WatchImportResult[]> {
  const paths = files.map((file) => file.path);
  const { status, stdout, stderr } = await captureOutput(() => runImportCommand([...paths, '--workspace', workspace]));
  const time = new Date().toISOString();
  return paths.map((filePath) => {
    const lineAbout = (text: string): string | undefined => text.split('\n').find((line) => line.startsWith(`${filePath}: `));
    const failure = lineAbout(stderr);
    const success = failure === undefined ? lineAbout(stdout) : undefined;
    if (success === undefined) {
      const reason = failure ?? `${filePath}: ${firstLine(stderr) || `import failed (exit status ${status})`}`;
      process.stdout.write(`${time} failed ${reason}\n`);
      return { kind: 'failed', error: reason };
    }
    const duplicate = success.includes('already imported');
    process.stdout.write(`${time} ${duplicate ? 'duplicate' : 'imported'} ${success}\n`);
    return { kind: duplicate ? 'duplicate' : 'imported' };
  });
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}

/**
 * Run `action` while collecting what it writes to stdout and stderr. The import command reports
 * through those streams only; this goes away once cli/commands/import.ts exports a function that
 * returns its outcome (asked of its owner).
 */
async function captureOutput(action: () => Promise<number>): Promise<{ status: number; stdout: string; stderr: string }> {
  const collected = { stdout: '', stderr: '' };
  const originalStdout = process.stdout.write;
  const originalStderr = process.stderr.write;
  const collector = (stream: 'stdout' | 'stderr') => ((chunk: string | Uint8Array): boolean => {
    collected[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = collector('stdout');
  process.stderr.write = collector('stderr');
  try {
    const status = await action().catch((error: unknown) => {
      collected.stderr += `${error instanceof Error ? error.message : String(error)}\n`;
      return 1;
    });
    return { status, ...collected };
  } finally {
    process.stdout.write = originalStdout;
    process.stderr.write = originalStderr;
  }
}
