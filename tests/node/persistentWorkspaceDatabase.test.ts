/**
 * A workspace on an engine whose own database persists between starts (the browser build's DuckDB
 * file in OPFS; here native DuckDB over a database file, the same SQL): the first start loads the
 * Parquet files and leaves a stamp, the next start uses the tables as they are, and any change (a
 * removal here, another writer's, a stamp lost mid-change) makes the tables match the files again.
 * Every figure is compared with an in-memory workspace opened fresh from the same folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NativeSqlEngine } from '../../node/engine/nativeEngine.ts';
import { openNodeWorkspace, workspaceOn } from '../../node/workspace/openWorkspace.ts';
import { copySampleWorkspace } from '../support/sampleWorkspace.ts';

const root = copySampleWorkspace();
const databaseFolder = mkdtempSync(path.join(tmpdir(), 'ym-persistent-db-'));
const databaseFile = path.join(databaseFolder, 'workspace.duckdb');
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(databaseFolder, { recursive: true, force: true });
});

const figuresSql = `SELECT (SELECT count(*) FROM dies)::BIGINT AS dies, (SELECT count(*) FILTER (WHERE pass) FROM dies)::BIGINT AS good,
  (SELECT count(*) FROM results)::BIGINT AS results, (SELECT sum(round(value * 1e6)::HUGEINT) FROM results WHERE isfinite(value))::VARCHAR AS value_sum,
  (SELECT count(*) FROM die_insertions)::BIGINT AS insertions, (SELECT sum(dies) FROM wafer_summary)::BIGINT AS summary_dies,
  (SELECT count(*) FROM final_results)::BIGINT AS final_results`;

/** The figures of a fresh in-memory open of the folder (the oracle: the Parquet files as they are now). */
async function fromFiles(): Promise<Record<string, unknown>> {
  const { engine } = await openNodeWorkspace(root, { engine: 'native' });
  try {
    return (await engine.query(figuresSql)).get(0)!.toJSON();
  } finally {
    engine.close();
  }
}

/** Open the workspace on the persistent database as the browser build does (large tables deferred). */
async function openPersistent(): Promise<{ engine: NativeSqlEngine; workspace: ReturnType<typeof workspaceOn>; ms: number }> {
  const started = performance.now();
  const engine = await NativeSqlEngine.open({ path: databaseFile });
  const workspace = workspaceOn(engine, root);
  workspace.persistentDatabase = true;
  await workspace.open(undefined, ['result_values', 'die_insertions']);
  await workspace.loadDeferred();
  return { engine, workspace, ms: performance.now() - started };
}

async function figures(engine: NativeSqlEngine): Promise<Record<string, unknown>> {
  return (await engine.query(figuresSql)).get(0)!.toJSON();
}

describe('the workspace kept in a persistent engine database', () => {
  it('loads once, then opens from the database; follows its own removal, another writer and a lost stamp', async () => {
    let expected = await fromFiles();
    const first = await openPersistent();
    expect(first.workspace.openedFromCache).toBe(false);
    expect(await figures(first.engine)).toEqual(expected);
    first.engine.close();

    const second = await openPersistent();
    expect(second.workspace.openedFromCache).toBe(true);
    expect(await figures(second.engine)).toEqual(expected);
    console.log(`sample workspace: first open from Parquet ${first.ms.toFixed(0)} ms, next open from the database ${second.ms.toFixed(0)} ms`);

    // Its own change: remove one lot's import; the tables and the next start follow.
    const lotImports = second.workspace.manifest.imports.filter((record) => record.status === 'ok' && record.files.dies !== undefined);
    expect(lotImports.length).toBeGreaterThan(2);
    await second.workspace.removeImports([lotImports[0]!.importId]);
    expected = await fromFiles();
    expect(await figures(second.engine)).toEqual(expected);
    second.engine.close();
    const third = await openPersistent();
    expect(third.workspace.openedFromCache).toBe(true);
    expect(await figures(third.engine)).toEqual(expected);
    third.engine.close();

    // Another writer (the CLI) removes an import while the database is closed: the stamp no longer matches.
    const other = await openNodeWorkspace(root, { engine: 'native' });
    await other.workspace.removeImports([lotImports[1]!.importId]);
    other.engine.close();
    expected = await fromFiles();
    const fourth = await openPersistent();
    expect(fourth.workspace.openedFromCache).toBe(false);
    expect(await figures(fourth.engine)).toEqual(expected);

    // A change that never finished (the page closed mid-import) leaves no stamp: the next start rebuilds.
    await fourth.engine.exec('DROP TABLE workspace_cache_stamp');
    await fourth.engine.exec('DELETE FROM result_values WHERE test_num % 2 = 0');
    fourth.engine.close();
    const fifth = await openPersistent();
    expect(fifth.workspace.openedFromCache).toBe(false);
    expect(await figures(fifth.engine)).toEqual(expected);
    fifth.engine.close();
  }, 600_000);
});
