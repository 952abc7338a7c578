/**
 * A published lake opened by the app's host as a read-only "fab" workspace (issue #17 §1): the engine
 * host (served mode and the desktop's engine process) detects the lake catalog, DuckDB reads the
 * Parquet in place, and the overview's queries over the served engine give the numbers of the
 * workspace the lake was published from and of the sample's CSV; imports and removals are refused.
 */
import { readdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineConnection, RemoteSqlEngine, RemoteWorkspace } from '../../shared/engine/engineClient.ts';
import type { SqlEngine } from '../../shared/engine/sqlEngine.ts';
import { kpiSql, lotTableSql, lotTrendSql, productParams, productPeriodSql, productYieldSql, weekTrendSql } from '../../shared/sql/overviewSql.ts';
import { EngineHost } from '../../node/engine/engineServer.ts';
import { lakeReadOnlyMessage } from '../../node/lake/lakeWorkspace.ts';
import { servedWorkspaceServices } from '../../node/serve/hostRoutes.ts';
import { hostStatusPath, startServedApp, tokenHeader, type ServedApp } from '../../node/serve/servedApp.ts';
import { connectServedEngine, servedWebRoot } from '../support/servedEngine.ts';
import { sampleWorkspaceDir } from '../support/sampleWorkspace.ts';
import { sampleFigures } from '../support/sampleTruth.ts';
import { removeLake, writeLake } from './clickhouseLake.ts';

let lake = '';
let webRoot = '';
let lakeHost: EngineHost;
let workspaceHost: EngineHost;
let app: ServedApp;
let connection: EngineConnection;
let onLake: SqlEngine;
let remoteWorkspace: RemoteWorkspace;

beforeAll(async () => {
  const workspace = sampleWorkspaceDir();
  lake = await writeLake(workspace);
  webRoot = servedWebRoot('ym-lake-web-');
  // As the desktop's engine process asks (allowWrites: true): the lake catalog makes it read-only anyway.
  lakeHost = await EngineHost.create({ root: lake, allowWrites: true, threads: 1 });
  app = await startServedApp({ webRoot, engineHost: lakeHost, services: servedWorkspaceServices(lake, false), port: 0 });
  connection = await connectServedEngine(app);
  onLake = new RemoteSqlEngine(connection);
  remoteWorkspace = new RemoteWorkspace(connection);
  const started = Date.now();
  await remoteWorkspace.open();
  console.log(`lake opened through the served host in ${Date.now() - started} ms: ${remoteWorkspace.manifest.imports.length} imports`);
  workspaceHost = await EngineHost.create({ root: workspace, allowWrites: false, threads: 1 });
  // Every table in: the comparisons below read the workspace's engine directly, past the host's hold
  // on statements that read tables still loading (with a summary cache the dies load after the open).
  await workspaceHost.loaded();
}, 600_000);

afterAll(async () => {
  connection?.close();
  await app?.close();
  lakeHost?.close();
  workspaceHost?.close();
  if (lake) removeLake(lake);
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

/** Rows of a statement as plain objects, bigints as numbers, times as epoch ms. */
async function rows(engine: SqlEngine, sql: string, params: (string | number | null)[]): Promise<Record<string, unknown>[]> {
  const table = await engine.query(sql, params);
  return table.toArray().map((row: { toJSON(): Record<string, unknown> }) =>
    Object.fromEntries(Object.entries(row.toJSON()).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value instanceof Date ? value.getTime() : value])));
}

describe('a published lake as the app\'s read-only fab workspace', () => {
  it('is detected from its catalog, says it is a lake and lists the published imports', () => {
    expect(lakeHost.options.lake).toBe(true);
    expect(lakeHost.options.allowWrites).toBe(false);
    expect(remoteWorkspace.manifest.lake?.schemaVersion).toBeGreaterThan(0);
    expect(remoteWorkspace.manifest.imports.map((record) => record.importId).sort()).toEqual(workspaceHost.manifest.imports.map((record) => record.importId).sort());
  });

  const overview: [string, string, (product: string | null) => (string | number | null)[]][] = [
    ['KPI tiles', kpiSql, (product) => productParams(product)],
    ['lot table', lotTableSql, (product) => productParams(product)],
    ['lot trend', lotTrendSql, (product) => productParams(product)],
    ['week trend', weekTrendSql, (product) => productParams(product)],
    ['product yields', productYieldSql, (product) => productParams(product)],
    ['product periods', productPeriodSql, (product) => [product, product, 7, 7, 7, product, product]],
  ];

  it.each(overview.flatMap(([name, sql, params]) => [null, 'ORION'].map((product) => [name, product, sql, params(product)] as const)))(
    '%s (product %s): the same rows as the workspace it was published from',
    async (_name, _product, sql, params) => {
      const expected = await rows(workspaceHost.engine, sql, [...params]);
      expect(expected.length).toBeGreaterThan(0);
      expect(await rows(onLake, sql, [...params])).toEqual(expected);
    },
    120_000,
  );

  it('KPI tiles equal plain loops over the sample CSV', async () => {
    const truth = sampleFigures();
    const [kpi] = await rows(onLake, kpiSql, productParams(null));
    console.log(`lake KPI: ${JSON.stringify(kpi)}; CSV: ${truth.lots} lots, ${truth.wafers} wafers, ${truth.dies} dies, ${truth.good} good`);
    expect(kpi).toMatchObject({ lots: truth.lots, wafers: truth.wafers, dies: truth.dies, good: truth.good });
    expect(kpi?.yield).toBeCloseTo(truth.good / truth.dies, 12);
    const lotTable = await rows(onLake, lotTableSql, productParams(null));
    for (const [lot, lotYield] of truth.lotYield) expect(lotTable.find((row) => row.lot === lot)?.yield).toBeCloseTo(lotYield, 12);
  });

  it('refuses imports and removals with the reason, and writes nothing into the lake', async () => {
    const before = readdirSync(lake).sort();
    await expect(remoteWorkspace.removeImports([remoteWorkspace.manifest.imports[0]!.importId])).rejects.toThrow(lakeReadOnlyMessage);
    await expect(remoteWorkspace.commitImport('20260101000000000_000000000000', { sourceFile: 'x.csv' } as never, ['dies'])).rejects.toThrow(lakeReadOnlyMessage);
    const status = await fetch(`http://127.0.0.1:${app.port}${hostStatusPath}`, { headers: { [tokenHeader]: app.token } });
    expect(await status.json()).toMatchObject({ writable: false });
    expect(readdirSync(lake).sort()).toEqual(before);
  });

  it('lets a page\'s SQL read the lake but no file outside it', async () => {
    await expect(onLake.query(`SELECT * FROM read_csv('/etc/passwd')`)).rejects.toThrow(/disabled|not allowed|Permission/i);
    expect(Number((await onLake.query('SELECT count(*) AS n FROM results')).get(0)?.n)).toBeGreaterThan(1_000_000);
  });
});
