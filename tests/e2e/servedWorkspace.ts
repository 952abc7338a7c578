/**
 * `yield-monitor serve` on a fresh copy of the sample workspace, for the specs that drive the desktop
 * engine path (native DuckDB behind the engine protocol) in Chromium: one server per spec file,
 * started before its tests and stopped, with its workspace copy removed, after them. A spec that
 * manages its server itself starts it with `startServe` (node/serve/serveProcess.ts).
 */
import { rmSync } from 'node:fs';
import { test } from './fixtures';
import { copySampleWorkspace } from '../support/sampleWorkspace';
import { startServe, type ServeProcess, type ServeProcessOptions } from '../../node/serve/serveProcess';

/** The running server as a spec sees it. */
export interface ServedWorkspace {
  /** The URL the server printed, with its token. */
  readonly url: string;
  /** The workspace copy it serves. */
  readonly workspaceDir: string;
}

/** Serve a copy of the sample workspace for the tests of the calling spec file (call at its top level). */
export function serveSampleWorkspace(options: ServeProcessOptions = {}): ServedWorkspace {
  let server: ServeProcess | null = null;
  const served = { url: '', workspaceDir: '' };
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    served.workspaceDir = copySampleWorkspace();
    server = await startServe(served.workspaceDir, options);
    served.url = server.url;
  });
  test.afterAll(async () => {
    await server?.stop();
    if (served.workspaceDir) rmSync(served.workspaceDir, { recursive: true, force: true });
  });
  return served;
}
