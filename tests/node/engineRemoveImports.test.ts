/**
 * Removing imports through the engine protocol (issue #13 §4), as the desktop window and the served
 * page do: the real EngineHost over native DuckDB on a copy of the sample workspace. After a removal
 * the open tables count exactly the dies the remaining sample CSVs hold, the files are gone, a fresh
 * open agrees; "remove sample data" empties the workspace and marks it so the app does not reload the
 * sample; a read-only host refuses and changes nothing; malformed requests are refused by the schema.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineConnection, RemoteSqlEngine, RemoteWorkspace } from '../../shared/engine/engineClient.ts';
import { readOnlyMessage } from '../../shared/engine/engineProtocol.ts';
import { importFiles, type ImportRecord, type WorkspaceManifest } from '../../shared/workspace/manifest.ts';
import type { EngineHost } from '../../node/engine/engineServer.ts';
import { openNodeWorkspace } from '../../node/workspace/openWorkspace.ts';
import { copySampleWorkspace } from '../support/sampleWorkspace.ts';
import { openInProcessHost } from '../support/inProcessEngine.ts';
import { sampleFigures, sampleFinalDies } from '../support/sampleTruth.ts';

const opened: { host: EngineHost; connection: EngineConnection }[] = [];
const folders: string[] = [];

afterEach(() => {
  for (const { host, connection } of opened.splice(0)) {
    connection.close();
    host.close();
  }
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function openHost(root: string, allowWrites: boolean): Promise<{ engine: RemoteSqlEngine; workspace: RemoteWorkspace; connection: EngineConnection }> {
  const session = await openInProcessHost(root, allowWrites);
  opened.push(session);
  return session;
}

async function dieTotals(engine: RemoteSqlEngine): Promise<{ lots: number; dies: number; good: number }> {
  const table = await engine.query('SELECT count(DISTINCT lot)::INTEGER AS lots, count(*)::INTEGER AS dies, coalesce(sum(CASE WHEN pass THEN 1 ELSE 0 END), 0)::INTEGER AS good FROM dies');
  return table.get(0)!.toJSON() as { lots: number; dies: number; good: number };
}

function manifestOnDisk(root: string): WorkspaceManifest {
  return JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8')) as WorkspaceManifest;
}

/** The lot a sample die file holds, from its name (LOT.csv.gz). */
function lotOfFile(record: ImportRecord): string {
  return record.sourceFile.replace(/\.(csv|stdf)\.gz$/, '');
}

describe('removeImports over the engine protocol', () => {
  it('refuses malformed and unknown ids, drops one lot file, is refused read-only, and removes the sample at once', async () => {
    const root = copySampleWorkspace();
    folders.push(root);
    const { engine, workspace, connection } = await openHost(root, true);
    const count = workspace.manifest.imports.length;
    await expect(connection.request({ kind: 'removeImports', importIds: [] } as never)).rejects.toThrow(/invalid engine request/);
    await expect(connection.request({ kind: 'removeImports', importIds: ['../manifest.json'] } as never)).rejects.toThrow(/invalid engine request/);
    await expect(workspace.removeImports([workspace.manifest.imports[0]!.importId, 'no-such-import'])).rejects.toThrow(/no import no-such-import in this workspace/);
    expect(manifestOnDisk(root).imports.length).toBe(count);

    // Every import of `import --sample` is marked as sample data.
    const sampleImports = workspace.manifest.imports.filter((record) => record.origin === 'sample');
    expect(sampleImports.length).toBe(count);
    const victim = sampleImports.find((record) => record.format === 'csv')!;
    const lot = lotOfFile(victim);
    const expected = sampleFigures(sampleFinalDies().filter((die) => die.lot !== lot));
    const [removed] = await workspace.removeImports([victim.importId]);
    expect(removed?.importId).toBe(victim.importId);
    expect(await dieTotals(engine)).toEqual({ lots: expected.lots, dies: expected.dies, good: expected.good });
    expect(workspace.manifest.imports.some((record) => record.importId === victim.importId)).toBe(false);
    expect(manifestOnDisk(root).imports.some((record) => record.importId === victim.importId)).toBe(false);
    for (const [, file] of importFiles(victim)) expect(existsSync(path.join(root, file))).toBe(false);

    // A fresh read-only host on the folder counts the same, and refuses a removal without changing a byte.
    const readOnly = await openHost(root, false);
    expect(await dieTotals(readOnly.engine)).toEqual({ lots: expected.lots, dies: expected.dies, good: expected.good });
    const before = readFileSync(path.join(root, 'manifest.json'));
    await expect(readOnly.workspace.removeImports([readOnly.workspace.manifest.imports[0]!.importId])).rejects.toThrow(readOnlyMessage);
    expect(readFileSync(path.join(root, 'manifest.json')).equals(before)).toBe(true);

    // "Remove sample data": every sample import in one request; the manifest remembers it.
    const ids = workspace.manifest.imports.filter((record) => record.origin === 'sample').map((record) => record.importId);
    const started = Date.now();
    const all = await workspace.removeImports(ids);
    console.log(`removed ${ids.length} sample imports in ${Date.now() - started} ms`);
    expect(all.map((record) => record.importId).sort()).toEqual([...ids].sort());
    expect(await dieTotals(engine)).toEqual({ lots: 0, dies: 0, good: 0 });
    const onDisk = manifestOnDisk(root);
    expect(onDisk.imports).toEqual([]);
    expect(onDisk.sampleRemoved).toBe(true);
    expect(workspace.manifest.sampleRemoved).toBe(true);
  }, 240_000);
});

describe('removeImports in the page\'s own workspace (duckdb-wasm, as the browser build runs it)', () => {
  it('drops one of two CSV imports while the large tables are still deferred: only the other file\'s dies remain', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'ym-remove-wasm-'));
    folders.push(folder);
    // Two lots; the second one's dies are distinct, so the remaining count is the first file's row count.
    const files = [['KEEP', 12], ['DROP', 7]].map(([lot, dies]) => {
      const file = path.join(folder, `${lot}.csv`);
      const rows = Array.from({ length: Number(dies) }, (_, index) => `${lot},1,${index},0,${index % 5 === 0 ? 3 : 1}`);
      writeFileSync(file, ['lot,wafer,x,y,hard_bin', ...rows].join('\n'));
      return { file, dies: Number(dies), good: rows.filter((row) => row.endsWith(',1')).length };
    });
    const workspaceDir = path.join(folder, 'workspace');
    const imported = spawnSync(process.execPath, ['cli/bin.mjs', 'import', files[0]!.file, files[1]!.file, '--workspace', workspaceDir], { encoding: 'utf8' });
    expect(imported.status, imported.stderr).toBe(0);
    const { engine, workspace } = await openNodeWorkspace(workspaceDir, { engine: 'wasm', defer: ['result_values', 'die_insertions'] });
    try {
      const drop = workspace.manifest.imports.find((record) => record.sourceFile === 'DROP.csv')!;
      const loading = workspace.loadDeferred();
      await workspace.removeImports([drop.importId]);
      await loading;
      const totals = await engine.query('SELECT count(*)::INTEGER AS dies, sum(CASE WHEN pass THEN 1 ELSE 0 END)::INTEGER AS good, count(DISTINCT lot)::INTEGER AS lots FROM dies');
      expect(totals.get(0)?.toJSON()).toEqual({ dies: files[0]!.dies, good: files[0]!.good, lots: 1 });
      // The deferred table loaded the kept file's insertions and none of the removed one's.
      const insertions = await engine.query('SELECT lot, count(*)::INTEGER AS n FROM die_insertions GROUP BY lot');
      expect(insertions.toArray().map((row) => row.toJSON())).toEqual([{ lot: 'KEEP', n: files[0]!.dies }]);
      expect(manifestOnDisk(workspaceDir).imports.map((record) => record.sourceFile)).toEqual(['KEEP.csv']);
      expect(manifestOnDisk(workspaceDir).sampleRemoved).toBeUndefined();
    } finally {
      engine.close();
    }
  }, 120_000);
});
