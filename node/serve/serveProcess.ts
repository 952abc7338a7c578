/**
 * `yield-monitor serve` as a child process, for the benches and the end-to-end specs that drive the
 * served app: started from the repository root (`cli/bin.mjs`), its URL read from what it prints,
 * stopped with SIGTERM (SIGKILL if it has not exited after 10 s).
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** How to serve: a fixed port (default: any free one), imports allowed, another built renderer. */
export interface ServeProcessOptions {
  port?: string;
  allowImport?: boolean;
  /** The built renderer folder (`--web`); default: the one `serve` finds. */
  web?: string;
}

/** A running server. */
export interface ServeProcess {
  readonly server: ChildProcess;
  /** The URL it printed, with its token. */
  readonly url: string;
  /** Settles once the server has printed `text` (e.g. "test results loaded"). */
  printed(text: string): Promise<void>;
  /** Stop it and wait until it has exited. */
  stop(): Promise<void>;
}

/** Start `serve` on a folder; resolves once it prints its URL, rejects (and kills it) when it exits first. */
export async function startServe(folder: string, options: ServeProcessOptions = {}): Promise<ServeProcess> {
  const args = ['cli/bin.mjs', 'serve', '--workspace', folder, '--port', options.port ?? '0',
    ...(options.web ? ['--web', options.web] : []), ...(options.allowImport ? ['--allow-import'] : [])];
  const server = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`serve: ${chunk}`));
  let output = '';
  /** Callers waiting for something in the output: each settles once `seen` finds it. */
  const waiting: { seen: () => boolean; resolve: () => void }[] = [];
  const until = (seen: () => boolean): Promise<void> => seen()
    ? Promise.resolve()
    : new Promise((resolve) => waiting.push({ seen, resolve }));
  server.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of waiting.filter((entry) => entry.seen())) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  const stop = async (): Promise<void> => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  };
  const printed = (text: string): Promise<void> => until(() => output.includes(text));
  // The URL line is whole once its newline has arrived.
  const urlLine = /http:\/\/\S+\?token=\S+(?=\r?\n)/;
  try {
    await new Promise<void>((resolve, reject) => {
      void until(() => urlLine.test(output)).then(resolve);
      server.once('exit', (code) => reject(new Error(`serve exited (${code}): ${output}`)));
    });
    const url = urlLine.exec(output)![0];
    return { server, url, printed, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
