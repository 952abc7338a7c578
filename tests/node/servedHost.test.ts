/**
 * The served mode's HostApi over HTTP and its engine over a WebSocket (issue #12 §5), against the
 * real server, the real native engine and a copy of the sample workspace: token, contract
 * validation, read-only refusals, paths kept inside the workspace, file access locked, timeouts.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineConnection, EngineTimeoutError, RemoteSqlEngine, RemoteWorkspace } from '../../shared/engine/engineClient.ts';
import { readOnlyMessage } from '../../shared/engine/engineProtocol.ts';
import { decodeEnvelope, encodeEnvelope } from '../../shared/ipc/httpEnvelope.ts';
import { EngineHost, readOnlyStatementMessage } from '../../node/engine/engineServer.ts';
import { servedWorkspaceServices } from '../../node/serve/hostRoutes.ts';
import { hostStatusPath, startServedApp, tokenHeader, type ServedApp } from '../../node/serve/servedApp.ts';
import { dieCsvTables, dropStaging, stageDieCsv } from '../../shared/import/dieCsvImport.ts';
import { connectServedEngine, servedWebRoot } from '../support/servedEngine.ts';
import { copySampleWorkspace } from '../support/sampleWorkspace.ts';
import { sampleFigures } from '../support/sampleTruth.ts';

let root = '';
let webRoot = '';
let engineHost: EngineHost;
let app: ServedApp;
const base = () => `http://127.0.0.1:${app.port}`;

beforeAll(async () => {
  root = copySampleWorkspace();
  webRoot = servedWebRoot('ym-served-web-');
  engineHost = await EngineHost.create({ root, allowWrites: false, threads: 1 });
  app = await startServedApp({ webRoot, engineHost, services: servedWorkspaceServices(root, false), port: 0 });
}, 180_000);

afterAll(async () => {
  await app?.close();
  engineHost?.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(webRoot, { recursive: true, force: true });
});

/** Call a HostApi channel over HTTP the way the served renderer does. */
async function call(channel: string, args: unknown[], token: string | null = app.token): Promise<{ status: number; value: unknown }> {
  const response = await fetch(`${base()}/api/${channel}`, {
    method: 'POST',
    headers: token === null ? {} : { [tokenHeader]: token },
    body: encodeEnvelope(args) as Uint8Array<ArrayBuffer>,
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const value = response.status === 200 ? decodeEnvelope(bytes) : (JSON.parse(new TextDecoder().decode(bytes)) as { error: string }).error;
  return { status: response.status, value };
}

/** An engine connection to this file's served app (token: null for none; the client's request timeout). */
function connectEngine(token: string | null = app.token, timeoutMs?: number): Promise<EngineConnection> {
  return connectServedEngine(app, token, timeoutMs);
}

describe('served HostApi over HTTP', () => {
  it('refuses every request without the token, and a wrong token', async () => {
    expect((await fetch(`${base()}/`)).status).toBe(401);
    expect((await fetch(`${base()}/?token=${app.token}x`)).status).toBe(401);
    expect((await call('workspace:describe', [], null)).status).toBe(401);
    expect((await call('workspace:describe', [], 'not-the-token')).status).toBe(401);
    const page = await fetch(`${base()}/?token=${app.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toContain('HttpOnly');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('reads and lists workspace files as they are on disk', async () => {
    const manifest = await call('workspace:readFile', ['manifest.json']);
    expect(manifest.status).toBe(200);
    expect(Buffer.from(manifest.value as Uint8Array).equals(readFileSync(path.join(root, 'manifest.json')))).toBe(true);
    const listed = await call('workspace:listFiles', ['tables/dies']);
    expect((listed.value as string[]).length).toBeGreaterThan(0);
    expect((await call('workspace:readFile', ['spc/none.json'])).value).toBeNull();
  });

  it('validates with the IPC contract and keeps paths inside the workspace', async () => {
    expect((await call('workspace:readFile', [42])).status).toBe(400);
    expect((await call('workspace:readFile', ['../outside.txt'])).status).toBe(400);
    expect((await call('workspace:readFile', ['/etc/passwd'])).status).toBe(400);
    expect((await call('host:openFiles', [{ title: 'x', filters: [] }])).status).toBe(404);
    expect((await call('no:such', [])).status).toBe(404);
  });

  it('refuses writes when served read-only, with the reason', async () => {
    const refused = await call('workspace:writeFile', ['spc/definitions.json', new Uint8Array([1, 2, 3])]);
    expect(refused).toEqual({ status: 403, value: readOnlyMessage });
    expect((await call('workspace:removeFile', ['manifest.json'])).status).toBe(403);
    expect(readFileSync(path.join(root, 'manifest.json')).byteLength).toBeGreaterThan(0);
  });

  it('tells the page it is read-only, so the page can turn its import and remove controls off (issue #13)', async () => {
    const status = await fetch(`${base()}${hostStatusPath}`, { headers: { [tokenHeader]: app.token } });
    expect(await status.json()).toEqual({ writable: false });
    expect((await fetch(`${base()}${hostStatusPath}`)).status).toBe(401);
  });
});

describe('served engine over a WebSocket', () => {
  it('refuses a socket without the token', async () => {
    await expect(connectEngine(null)).rejects.toThrow(/401/);
  });

  it('opens the served workspace and answers with Arrow: lot count and yield as the sample CSVs say', async () => {
    const connection = await connectEngine();
    const steps: string[] = [];
    const workspace = new RemoteWorkspace(connection);
    await workspace.open((step) => steps.push(step.stage));
    expect(workspace.manifest.imports.length).toBeGreaterThan(0);
    const engine = new RemoteSqlEngine(connection);
    const truth = sampleFigures();
    const totals = await engine.query('SELECT count(DISTINCT lot)::INTEGER AS lots, count(*)::INTEGER AS dies, sum(CASE WHEN pass THEN 1 ELSE 0 END)::INTEGER AS good FROM dies');
    expect(totals.get(0)?.toJSON()).toEqual({ lots: truth.lots, dies: truth.dies, good: truth.good });
    const [lot] = [...truth.lotYield.keys()].sort();
    const bound = await engine.query('SELECT count(*)::INTEGER AS n FROM dies WHERE lot = ?', [lot!]);
    expect(Number(bound.get(0)?.n)).toBeGreaterThan(0);
    connection.close();
  });

  it('cannot reach files outside the workspace, and refuses imports read-only', async () => {
    const connection = await connectEngine();
    const engine = new RemoteSqlEngine(connection);
    await expect(engine.query(`SELECT * FROM read_csv('/etc/passwd')`)).rejects.toThrow(/disabled by configuration/);
    await expect(engine.exec(`COPY (SELECT 1) TO '${path.join(root, 'manifest.json')}'`)).rejects.toThrow(readOnlyStatementMessage);
    await expect(engine.exec('SET enable_external_access = true')).rejects.toThrow();
    await expect(engine.registerBuffer('upload/x.csv', new TextEncoder().encode('a\n1\n'))).rejects.toThrow(readOnlyMessage);
    await expect(new RemoteWorkspace(connection).commitImport('x', { sourceFile: 'x', contentHash: 'x', format: 'csv', rows: 0, warnings: [] }, ['dies'])).rejects.toThrow(readOnlyMessage);
    connection.close();
  });

  it('stops a statement at its timeout (DuckDB interrupt) and goes on answering', async () => {
    const connection = await connectEngine(app.token, 400);
    const engine = new RemoteSqlEngine(connection);
    const started = Date.now();
    await expect(engine.query('SELECT count(*) FROM range(100000000000) a')).rejects.toBeInstanceOf(EngineTimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
    const after = await engine.query('SELECT 42::INTEGER AS answer');
    expect(after.get(0)?.answer).toBe(42);
    connection.close();
  });
});

describe('served while the engine is still starting', () => {
  it('serves the page at once; the host status and engine sockets wait for the engine, then answer', async () => {
    let provide: (host: EngineHost) => void = () => undefined;
    const starting = new Promise<EngineHost>((resolve) => (provide = resolve));
    const early = await startServedApp({ webRoot, engineHost: starting, services: servedWorkspaceServices(root, false), port: 0 });
    try {
      const earlyBase = `http://127.0.0.1:${early.port}`;
      expect((await fetch(`${earlyBase}/?token=${early.token}`)).status).toBe(200);
      const answered: string[] = [];
      const status = fetch(`${earlyBase}${hostStatusPath}`, { headers: { [tokenHeader]: early.token } })
        .then(async (response) => { answered.push('status'); return response.json() as Promise<{ writable: boolean }>; });
      const connecting = connectServedEngine(early).then((connection) => { answered.push('socket'); return connection; });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toEqual([]);
      provide(engineHost);
      expect(await status).toEqual({ writable: false });
      const connection = await connecting;
      const workspace = new RemoteWorkspace(connection);
      await workspace.open();
      const dies = await new RemoteSqlEngine(connection).query('SELECT count(*)::INTEGER AS n FROM dies');
      expect(Number(dies.get(0)?.n)).toBe(sampleFigures().dies);
      connection.close();
    } finally {
      await early.close();
    }
  });

  it('refuses engine sockets, saying so, when the engine failed to start', async () => {
    const failed = startServedApp({ webRoot, engineHost: Promise.reject(new Error('no DuckDB binary')), services: servedWorkspaceServices(root, false), port: 0 });
    const app503 = await failed;
    try {
      await expect(connectServedEngine(app503)).rejects.toThrow(/503/);
    } finally {
      await app503.close();
    }
  });
});

describe('served with --allow-import', () => {
  it('stages a CSV over the engine protocol and commits it in the host: Parquet in the workspace, rows queryable', async () => {
    const writableRoot = copySampleWorkspace();
    const writableHost = await EngineHost.create({ root: writableRoot, allowWrites: true, threads: 1 });
    const writableApp = await startServedApp({ webRoot, engineHost: writableHost, services: servedWorkspaceServices(writableRoot, true), port: 0 });
    try {
      const connection = await connectServedEngine(writableApp);
      const engine = new RemoteSqlEngine(connection);
      const workspace = new RemoteWorkspace(connection);
      await workspace.open();
      const importsBefore = workspace.manifest.imports.length;
      const csv = ['lot,wafer,x,y,hard_bin', 'SERVED-W,1,0,0,1', 'SERVED-W,1,1,0,7', 'SERVED-W,1,2,0,1'].join('\n');
      await engine.registerBuffer('upload/served.csv', new TextEncoder().encode(csv));
      const staging = await stageDieCsv(engine, { registeredName: 'upload/served.csv', fileName: 'served.csv', importId: 'served-test', defaultProduct: 'UNKNOWN' });
      expect(staging.kind).toBe('staged');
      const record = await workspace.commitImport('served-test', { sourceFile: 'served.csv', contentHash: 'served-test-hash', format: 'csv', rows: 3, warnings: [] }, dieCsvTables);
      await dropStaging(engine, 'served-test');
      expect(workspace.manifest.imports.length).toBe(importsBefore + 1);
      const diesFile = record.files.dies as string;
      expect(readFileSync(path.join(writableRoot, diesFile)).subarray(0, 4).toString()).toBe('PAR1');
      const lot = await engine.query('SELECT count(*)::INTEGER AS dies, sum(CASE WHEN pass THEN 1 ELSE 0 END)::INTEGER AS good FROM dies WHERE lot = ?', ['SERVED-W']);
      expect(lot.get(0)?.toJSON()).toEqual({ dies: 3, good: 2 });
      connection.close();
    } finally {
      await writableApp.close();
      writableHost.close();
      rmSync(writableRoot, { recursive: true, force: true });
    }
  });
});
