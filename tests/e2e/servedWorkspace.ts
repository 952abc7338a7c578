/**
 * `yield-monitor serve` on a fresh copy of the sample workspace, for the specs that drive the desktop
 * engine path (native DuckDB behind the engine protocol) in Chromium: one server per spec file,
 * started before its tests and stopped, with its workspace copy removed, after them. `serveFolder`
 * serves any folder (an empty workspace, say) for a spec that manages the server itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { test } from './fixtures';
import { copySampleWorkspace } from '../support/sampleWorkspace';

/** How to serve: a fixed port (default: any free one) and whether imports are allowed. */
export interface ServeOptions {
  port?: string;
  allowImport?: boolean;
}

/** The running server as a spec sees it. */
export interface ServedWorkspace {
  /** The URL the server printed, with its token. */
  readonly url: string;
  /** The workspace copy it serves. */
  readonly workspaceDir: string;
}

/** Serve any workspace folder and wait for the URL it prints; stops the server when it cannot start. The caller kills it. */
export async function serveFolder(workspaceDir: string, options: ServeOptions = {}): Promise<{ server: ChildProcess; url: string }> {
  const args = ['cli/bin.mjs', 'serve', '--workspace', workspaceDir, '--port', options.port ?? '0', ...(options.allowImport ? ['--allow-import'] : [])];
  const server = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`serve: ${chunk}`));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      server.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const printed = /http:\/\/\S+\?token=\S+/.exec(output)?.[0];
        if (printed) resolve(printed);
      });
      server.once('exit', (code) => reject(new Error(`serve exited (${code}): ${output}`)));
    });
    return { server, url };
  } catch (error) {
    server.kill('SIGTERM');
    throw error;
  }
}

/** Serve a copy of the sample workspace for the tests of the calling spec file (call at its top level). */
export function serveSampleWorkspace(options: ServeOptions = {}): ServedWorkspace {
  let server: ChildProcess | null = null;
  const served = { url: '', workspaceDir: '' };
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    served.workspaceDir = copySampleWorkspace();
    ({ server, url: served.url } = await serveFolder(served.workspaceDir, options));
  });
  test.afterAll(() => {
    server?.kill('SIGTERM');
    if (served.workspaceDir) rmSync(served.workspaceDir, { recursive: true, force: true });
  });
  return served;
}
