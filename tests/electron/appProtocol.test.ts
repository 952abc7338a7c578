import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, type AppRequest } from '../../electron/main/appProtocol.ts';

let scratchFolder = '';
let handle: (request: AppRequest) => Promise<Response>;
const workspaceFileSize = 1000;
// Byte i of the sample workspace file is i mod 251 (a prime, so the pattern does not repeat at powers of two).
const expectedByteAt = (index: number): number => index % 251;

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
  const sample = Uint8Array.from({ length: workspaceFileSize }, (_unused, index) => expectedByteAt(index));
  await writeFile(path.join(workspaceRoot, 'parquet', 'lot1.parquet'), sample);
  handle = createAppProtocolHandler({ rendererRoot, workspaceRoot, allowedOrigins: ['app://renderer'] });
});
afterAll(async () => {
  await rm(scratchFolder, { recursive: true, force: true });
});

function request(url: string, headers: Record<string, string> = {}, method = 'GET'): AppRequest {
  return { url, method, headers: new Headers(headers) };
}

describe('app://renderer', () => {
  // The checklist CSP from docs/STYLE.md plus blob: in connect-src, which renderer/index.html's meta CSP also allows.
  it('serves index.html for the root with the CSP from the security checklist', async () => {
    const response = await handle(request('app://renderer/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(response.headers.get('Content-Security-Policy')).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' app: blob:",
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

describe('app://workspace with Range', () => {
  const fileUrl = 'app://workspace/parquet/lot1.parquet';

  it('answers a byte range with 206 and exactly those bytes', async () => {
    const response = await handle(request(fileUrl, { Range: 'bytes=10-19' }));
    expect(response.status).toBe(206);
    expect(response.headers.get('Content-Range')).toBe('bytes 10-19/1000');
    expect(response.headers.get('Content-Length')).toBe('10');
    const body = new Uint8Array(await response.arrayBuffer());
    expect(Array.from(body)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('answers a suffix range (how duckdb-wasm reads a Parquet footer)', async () => {
    const response = await handle(request(fileUrl, { Range: 'bytes=-8' }));
    expect(response.status).toBe(206);
    expect(response.headers.get('Content-Range')).toBe('bytes 992-999/1000');
    const body = new Uint8Array(await response.arrayBuffer());
    expect(Array.from(body)).toEqual([992 % 251, 993 % 251, 994 % 251, 995 % 251, 996 % 251, 997 % 251, 998 % 251, 999 % 251]);
  });

  it('serves the whole file without Range and advertises range support', async () => {
    const response = await handle(request(fileUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('Accept-Ranges')).toBe('bytes');
    const body = new Uint8Array(await response.arrayBuffer());
    expect(body.length).toBe(workspaceFileSize);
    expect(body[500]).toBe(expectedByteAt(500));
  });

  it('answers HEAD with the size and no body', async () => {
    const response = await handle(request(fileUrl, {}, 'HEAD'));
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Length')).toBe('1000');
    expect(response.body).toBeNull();
  });

  it('answers a range past the end with 416', async () => {
    const response = await handle(request(fileUrl, { Range: 'bytes=1000-' }));
    expect(response.status).toBe(416);
    expect(response.headers.get('Content-Range')).toBe('bytes */1000');
  });

  it('allows the renderer origin and no other to read cross-origin', async () => {
    const fromRenderer = await handle(request(fileUrl, { Origin: 'app://renderer', Range: 'bytes=0-0' }));
    expect(fromRenderer.headers.get('Access-Control-Allow-Origin')).toBe('app://renderer');
    expect(fromRenderer.headers.get('Access-Control-Expose-Headers')).toContain('Content-Range');
    const fromElsewhere = await handle(request(fileUrl, { Origin: 'https://evil.example' }));
    expect(fromElsewhere.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it.each([
    ['a path outside the workspace', 'app://workspace/..%2fsecret.txt', 'GET', 403],
    ['a NUL byte', 'app://workspace/parquet/lot1.parquet%00.png', 'GET', 403],
    ['a missing file', 'app://workspace/parquet/missing.parquet', 'GET', 404],
    ['a folder', 'app://workspace/parquet', 'GET', 404],
    ['a write', fileUrl, 'PUT', 405],
  ])('refuses %s', async (_label, url, method, status) => {
    const response = await handle(request(url, {}, method));
    expect(response.status).toBe(status);
  });
});
