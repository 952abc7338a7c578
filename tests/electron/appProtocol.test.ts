import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createAppProtocolHandler, metaContentSecurityPolicy, type AppRequest } from '../../electron/main/appProtocol.ts';

let scratchFolder = '';
let handle: (request: AppRequest) => Promise<Response>;

beforeAll(async () => {
  scratchFolder = await mkdtemp(path.join(tmpdir(), 'ym-protocol-'));
  const rendererRoot = path.join(scratchFolder, 'renderer');
  const workspaceRoot = path.join(scratchFolder, 'workspace');
  await mkdir(path.join(rendererRoot, 'assets'), { recursive: true });
  await mkdir(path.join(workspaceRoot, 'parquet'), { recursive: true });
  await writeFile(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Yield Monitor</title>');
  await writeFile(path.join(rendererRoot, 'assets', 'duckdb-eh.wasm'), new Uint8Array([0x00, 0x61, 0x73, 0x6d]));
  await writeFile(path.join(rendererRoot, 'assets', 'main.js'), 'export {};');
  await writeFile(path.join(scratchFolder, 'secret.txt'), 'not for the renderer');
  await writeFile(path.join(workspaceRoot, 'parquet', 'lot1.parquet'), 'PAR1');
  handle = createAppProtocolHandler({ rendererRoot });
});
afterAll(async () => {
  await rm(scratchFolder, { recursive: true, force: true });
});

function request(url: string, method = 'GET'): AppRequest {
  return { url, method };
}

describe('app://renderer', () => {
  // The checklist CSP from docs/STYLE.md plus blob: in connect-src, which renderer/index.html's meta CSP also allows.
  it('serves index.html for the root with the CSP from the security checklist', async () => {
    const response = await handle(request('app://renderer/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(response.headers.get('Content-Security-Policy')).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' blob:; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(await response.text()).toContain('<title>Yield Monitor</title>');
  });

  it.each([
    ['assets/duckdb-eh.wasm', 'application/wasm'],
    ['assets/main.js', 'text/javascript; charset=utf-8'],
  ])('serves %s as %s', async (file, contentType) => {
    const response = await handle(request(`app://renderer/${file}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe(contentType);
  });

  it.each([
    // The URL standard treats %2e%2e as a '..' segment and drops it while parsing, so this asks
    // for renderer/secret.txt, which does not exist.
    ['encoded parent folder', 'app://renderer/%2e%2e/secret.txt', 404],
    ['encoded slash traversal', 'app://renderer/assets/..%2f..%2fsecret.txt', 403],
    ['missing file', 'app://renderer/nope.js', 404],
    ['unknown host', 'app://elsewhere/index.html', 404],
  ])('refuses the %s', async (_label, url, status) => {
    const response = await handle(request(url));
    expect(response.status).toBe(status);
  });
});

describe('nothing but the renderer', () => {
  // The workspace used to be served as app://workspace with HTTP Range; nothing read it, and it
  // exposed workspace files to any page on the scheme. Workspace files go through IPC only.
  it.each([
    ['the former workspace route', 'app://workspace/parquet/lot1.parquet', 'GET', 404],
    ['a workspace path under the renderer host', 'app://renderer/..%2fworkspace%2fparquet%2flot1.parquet', 'GET', 403],
    ['a write', 'app://renderer/index.html', 'PUT', 405],
  ])('refuses %s', async (_label, url, method, status) => {
    const response = await handle(request(url, method));
    expect(response.status).toBe(status);
  });

  it('answers HEAD with the size and no body', async () => {
    const response = await handle(request('app://renderer/assets/duckdb-eh.wasm', 'HEAD'));
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Length')).toBe('4');
    expect(response.body).toBeNull();
  });
});

describe('the renderer policy', () => {
  it('is the one renderer/index.html states, except frame-ancestors, which a meta element cannot set', async () => {
    const page = await readFile(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const metaPolicy = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page)?.[1];
    expect(metaPolicy).toBe(metaContentSecurityPolicy);
    expect(metaPolicy).not.toContain('frame-ancestors');
    expect(contentSecurityPolicy).toBe(`${metaContentSecurityPolicy}; frame-ancestors 'none'`);
  });
});
