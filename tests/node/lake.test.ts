import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent, quoteLiteral } from '../../shared/engine/sqlEngine.ts';
import { lakeTables } from '../../shared/schema/canonical.ts';
import type { SqlEngine } from '../../shared/engine/sqlEngine.ts';
import { importFiles, parseManifest } from '../../shared/workspace/manifest.ts';
import { NativeSqlEngine } from '../../node/engine/nativeEngine.ts';
import { catalogPath, decodePartitionValue, encodePartitionValue, parseCatalog } from '../../node/lake/lakeLayout.ts';
import { FolderLakeTarget, lakeTarget } from '../../node/lake/lakeTarget.ts';
import { parseCommonalityResponse, runCommonality } from '../../shared/analysis/commonality.ts';
import { openNodeWorkspace } from '../../node/workspace/openWorkspace.ts';
import { openLakeEngine, runLakeQuery } from '../../node/lake/openLake.ts';
import { publishLake } from '../../node/lake/publishLake.ts';
import { S3Client } from '../../node/lake/s3Client.ts';
import { copySampleWorkspace } from '../support/sampleWorkspace.ts';

/** Every file under a folder, lake-relative with `/`. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(root, name)).isFile())
    .map((name) => name.split(sep).join('/'))
    .sort();
}

/** Files as a relation. */
function filesRelation(files: readonly string[]): string {
  return `read_parquet([${files.map(quoteLiteral).join(', ')}], union_by_name = true)`;
}

/**
 * Row count of a lake table's relation and a sum of one 64-bit hash per row (order-free: a lost,
 * duplicated or changed row changes it), on the given engine.
 */
async function fingerprint(on: SqlEngine, table: string, relation: string): Promise<{ rows: number; hash: string }> {
  const columns = (lakeTables[table] ?? []).map((column) => quoteIdent(column.name)).join(', ');
  const row = (await on.query(`SELECT count(*)::INTEGER AS n, sum(hash(row(${columns}))::HUGEINT)::VARCHAR AS h FROM ${relation}`)).get(0);
  return { rows: Number(row?.n ?? 0), hash: String(row?.h) };
}

/** The workspace's files of a table, from its manifest. */
function workspaceFiles(workspace: string, table: string): string[] {
  const manifest = parseManifest(readFileSync(join(workspace, 'manifest.json')));
  return manifest.imports.filter((record) => record.status === 'ok').flatMap(importFiles)
    .filter(([name]) => name === table).map(([, path]) => join(workspace, path));
}

/** The lake's files of a table, found on disk (not through the catalog). */
function lakeFiles(root: string, table: string): string[] {
  return filesUnder(root).filter((path) => path.startsWith(`${table}/`) && path.endsWith('.parquet')).map((path) => join(root, path));
}

let workspace = '';
let engine: NativeSqlEngine;
const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hlake-test-'));
  temps.push(dir);
  return dir;
}

beforeAll(async () => {
  workspace = copySampleWorkspace();
  temps.push(workspace);
  engine = await NativeSqlEngine.open();
}, 180_000);

afterAll(() => {
  engine?.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('lake publish to a folder (issue #17 §1)', () => {
  it('holds every table row for row, per-lot die counts and yields included, and publishes again as a no-op', async () => {
    const root = tempDir();
    const summary = await publishLake(workspace, new FolderLakeTarget(root));
    const manifest = parseManifest(readFileSync(join(workspace, 'manifest.json')));
    expect(summary.added.map((entry) => entry.importId).sort()).toEqual(manifest.imports.filter((r) => r.status === 'ok').map((r) => r.importId).sort());
    expect(summary.removed).toEqual([]);

    // Every table row for row; the results as the open workspace's `results` view shows them (stored there in two halves).
    const tables = [...new Set(manifest.imports.flatMap(importFiles).map(([table]) => table))].filter((table) => table in lakeTables);
    expect(tables).not.toContain('results');
    for (const table of tables) {
      expect(await fingerprint(engine, table, filesRelation(lakeFiles(root, table))), table).toEqual(await fingerprint(engine, table, filesRelation(workspaceFiles(workspace, table))));
    }
    const opened = await openNodeWorkspace(workspace, { engine: 'native' });
    try {
      const published = await fingerprint(engine, 'results', filesRelation(lakeFiles(root, 'results')));
      expect(published.rows).toBeGreaterThan(100_000);
      expect(published).toEqual(await fingerprint(opened.engine, 'results', 'results'));
    } finally {
      opened.engine.close();
    }
    const perLot = async (files: string[]) => (await engine.query(
      `SELECT lot, count(*)::INTEGER AS dies, avg(pass::INTEGER) AS yield FROM read_parquet([${files.map(quoteLiteral).join(', ')}]) GROUP BY lot ORDER BY lot`,
    )).toArray().map((row) => row.toJSON());
    const lakeLots = await perLot(lakeFiles(root, 'dies'));
    expect(lakeLots.length).toBeGreaterThan(1);
    expect(lakeLots).toEqual(await perLot(workspaceFiles(workspace, 'dies')));

    // Every part lies in <table>/product=P/lot=L/ and holds only that product and lot.
    const catalog = parseCatalog(readFileSync(join(root, catalogPath)), catalogPath);
    const listed = Object.values(catalog.tables).flatMap((table) => table.partitions.map((partition) => partition.file)).sort();
    expect(listed).toEqual(filesUnder(root).filter((path) => path !== catalogPath));
    const dies = catalog.tables.dies?.partitions ?? [];
    for (const partition of dies) {
      const [, productFolder, lotFolder] = partition.file.split('/');
      expect(decodePartitionValue(productFolder?.replace(/^product=/, '') ?? '')).toBe(partition.product);
      expect(decodePartitionValue(lotFolder?.replace(/^lot=/, '') ?? '')).toBe(partition.lot);
      const rows = (await engine.query(`SELECT DISTINCT product, lot FROM read_parquet(${quoteLiteral(join(root, partition.file))})`)).toArray().map((row) => row.toJSON());
      expect(rows).toEqual([{ product: partition.product, lot: partition.lot }]);
    }

    const before = new Map(filesUnder(root).map((path) => [path, statSync(join(root, path)).mtimeMs]));
    const again = await publishLake(workspace, new FolderLakeTarget(root));
    expect(again).toEqual({ added: [], removed: [] });
    expect(new Map(filesUnder(root).map((path) => [path, statSync(join(root, path)).mtimeMs]))).toEqual(before);
  }, 120_000);

  it('removes the parts of an import the workspace no longer has', async () => {
    const root = tempDir();
    await publishLake(workspace, new FolderLakeTarget(root));
    const manifestFile = join(workspace, 'manifest.json');
    const original = readFileSync(manifestFile);
    const manifest = parseManifest(original);
    const [dropped, ...kept] = manifest.imports;
    try {
      writeFileSync(manifestFile, JSON.stringify({ ...manifest, imports: kept }));
      const summary = await publishLake(workspace, new FolderLakeTarget(root));
      expect(summary.added).toEqual([]);
      expect(summary.removed.map((entry) => entry.importId)).toEqual([dropped?.importId]);
      expect(filesUnder(root).filter((path) => path.includes(`part-${encodePartitionValue(dropped?.importId ?? '')}`))).toEqual([]);
      const catalog = parseCatalog(readFileSync(join(root, catalogPath)), catalogPath);
      expect(catalog.imports.map((entry) => entry.id)).not.toContain(dropped?.importId);
      expect(await fingerprint(engine, 'dies', filesRelation(lakeFiles(root, 'dies')))).toEqual(await fingerprint(engine, 'dies', filesRelation(workspaceFiles(workspace, 'dies'))));
    } finally {
      writeFileSync(manifestFile, original);
    }
  }, 120_000);
});

describe('a lake opened read-only as a fab workspace', () => {
  it('answers the lots view like the workspace files, and reaches no file outside the lake', async () => {
    const root = tempDir();
    await publishLake(workspace, new FolderLakeTarget(root));
    const lake = await openLakeEngine(root);
    try {
      const lots = (await runLakeQuery(lake, 'SELECT lot, dies, good FROM lots ORDER BY lot')).toArray().map((row) => row.toJSON());
      const expected = (await engine.query(
        `SELECT lot, count(*)::BIGINT AS dies, sum(pass::INTEGER)::BIGINT AS good FROM read_parquet([${workspaceFiles(workspace, 'dies').map(quoteLiteral).join(', ')}]) GROUP BY lot ORDER BY lot`,
      )).toArray().map((row) => row.toJSON());
      expect(lots).toEqual(expected);
      await expect(runLakeQuery(lake, "SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(/not allowed/);
      await expect(runLakeQuery(lake, 'CREATE TABLE t AS SELECT 1')).rejects.toThrow();
      // Past the text guard, the engine's own lock still refuses a file outside the lake root.
      const outside = join(workspace, 'manifest.json');
      await expect(lake.query(`SELECT * FROM read_json(${quoteLiteral(outside)})`)).rejects.toThrow();
      await expect(lake.exec('SET enable_external_access = true')).rejects.toThrow();

      // The same commonality ranking as on the workspace itself.
      const request = { response: parseCommonalityResponse('wafer-yield'), population: { product: null, from: null, to: null, lots: null } };
      const opened = await openNodeWorkspace(workspace);
      try {
        const onLake = await runCommonality(lake, request);
        expect(onLake.findings.length).toBeGreaterThan(0);
        expect(onLake).toEqual(await runCommonality(opened.engine, request));
      } finally {
        opened.engine.close();
      }
    } finally {
      lake.close();
    }
  }, 60_000);
});

describe('partition folder names', () => {
  it.each([['../x'], ['a/b=c'], ['..'], ['.'], [''], ['*'], ['100%'], ['lô Ư\u0000'], [null]])('%j stays one folder and reads back', (value) => {
    const segment = encodePartitionValue(value);
    expect(segment).toMatch(/^[A-Za-z0-9_%-]+$|^$/);
    expect(decodePartitionValue(segment)).toBe(value);
  });

  it('a lot named "../x" or "a/b=c" stays inside its table folder', async () => {
    const folder = tempDir();
    mkdirSync(join(folder, 'tables', 'wafers'), { recursive: true });
    const importId = 'imp1';
    await engine.exec(
      `COPY (SELECT * FROM (VALUES ('P', '../x', 'W1'), ('P', 'a/b=c', 'W2'), ('../../y', NULL, 'W3')) t(product, lot, wafer)) TO ${quoteLiteral(join(folder, 'tables', 'wafers', `${importId}.parquet`))} (FORMAT parquet)`,
    );
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify({
      formatVersion: 1,
      imports: [{ importId, sourceFile: 'x.csv', contentHash: 'h', format: 'csv', rows: 3, importedAt: '2026-12-05T00:00:00Z', status: 'ok', warnings: [], files: { wafers: `tables/wafers/${importId}.parquet` } }],
    }));
    const root = join(tempDir(), 'lake');
    await publishLake(folder, new FolderLakeTarget(root));
    const files = filesUnder(root);
    expect(files.filter((path) => path !== catalogPath).every((path) => path.startsWith('wafers/product=') && path.split('/').length === 4)).toBe(true);
    expect(filesUnder(join(root, '..')).every((path) => path.startsWith('lake/'))).toBe(true);
    const back = (await engine.query(`SELECT product, lot, wafer FROM read_parquet(${quoteLiteral(join(root, 'wafers', '**', '*.parquet'))}) ORDER BY wafer`)).toArray().map((row) => row.toJSON());
    expect(back).toEqual([{ product: 'P', lot: '../x', wafer: 'W1' }, { product: 'P', lot: 'a/b=c', wafer: 'W2' }, { product: '../../y', lot: null, wafer: 'W3' }]);
  });
});

describe('lake publish to S3 (s3rver on loopback)', () => {
  const require = createRequire(import.meta.url);
  let S3rver: (new (options: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> }) | undefined;
  try {
    S3rver = require('s3rver') as typeof S3rver;
  } catch {
    console.log('skipping the S3 round trip: s3rver is not installed (npm install --no-save s3rver)');
  }

  it.skipIf(!S3rver)('publishes, republishes without a PUT, removes, and reads back the same rows', async () => {
    const directory = tempDir();
    const server = new S3rver!({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: 'fab' }] });
    const address = await server.run();
    const env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
    const endpoint = `http://127.0.0.1:${address.port}`;
    try {
      const client = S3Client.fromEnv(endpoint, 'fab', env);
      const first = await publishLake(workspace, lakeTarget('s3://fab/lake', endpoint, env));
      expect(first.added.length).toBeGreaterThan(0);
      const catalogBytes = await client.get('lake/catalog.json');
      const catalog = parseCatalog(catalogBytes ?? new Uint8Array(), 'catalog.json');
      const listed = await client.list('lake/');
      const parts = Object.values(catalog.tables).flatMap((table) => table.partitions.map((partition) => `lake/${partition.file}`));
      expect(listed.map((object) => object.key).sort()).toEqual([...parts, 'lake/catalog.json'].sort());

      // Download the dies parts and compare with the workspace.
      const local = tempDir();
      const downloaded: string[] = [];
      for (const [index, partition] of (catalog.tables.dies?.partitions ?? []).entries()) {
        const file = join(local, `${index}.parquet`);
        writeFileSync(file, (await client.get(`lake/${partition.file}`)) ?? new Uint8Array());
        downloaded.push(file);
      }
      expect(await fingerprint(engine, 'dies', filesRelation(downloaded))).toEqual(await fingerprint(engine, 'dies', filesRelation(workspaceFiles(workspace, 'dies'))));

      const again = await publishLake(workspace, lakeTarget('s3://fab/lake', endpoint, env));
      expect(again).toEqual({ added: [], removed: [] });
      expect(await client.list('lake/')).toEqual(listed);

      await client.delete('lake/nothing-here');
      const removedKey = listed[0]?.key ?? '';
      await client.delete(removedKey);
      expect((await client.list('lake/')).map((object) => object.key)).not.toContain(removedKey);
    } finally {
      await server.close();
    }
  }, 120_000);
});
