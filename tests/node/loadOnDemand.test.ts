/**
 * Commands load a workspace's large tables only when a statement reads them (openOnDemand,
 * LoadOnDemandGate): `yield-monitor sql` on the per-wafer summary must load no dies and no results,
 * and every statement that reads them must see all their rows. A workspace opened with deferred
 * tables that nobody loads must still commit without losing rows, and wafers whose files carry no
 * import_id must keep their values when those load later. Figures are checked against what the
 * CSVs hold (tests/support/csvImports.ts).
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleEngine } from '../../node/engine/consoleEngine.ts';
import { readsHeldTable } from '../../node/engine/heldTables.ts';
import { NativeSqlEngine } from '../../node/engine/nativeEngine.ts';
import { openNodeEngine, openOnDemand, workspaceOn } from '../../node/workspace/openWorkspace.ts';
import { quoteLiteral } from '../../shared/engine/sqlEngine.ts';
import { commitLot, expectResultsAsWritten, writeCsvImports, type LotTruth } from '../support/csvImports.ts';

const lots = 6;
const root = mkdtempSync(path.join(tmpdir(), 'ym-on-demand-'));
const copies: string[] = [];
let truth: LotTruth;

/** A copy of the workspace for a test that changes it. */
function copyOfRoot(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'ym-on-demand-copy-'));
  cpSync(root, folder, { recursive: true });
  copies.push(folder);
  return folder;
}

beforeAll(async () => {
  truth = await writeCsvImports(root, lots);
  // The commits wrote the summary cache, so the dies too wait for a statement that reads them.
  expect(readdirSync(path.join(root, 'cache')).length).toBeGreaterThan(0);
}, 300_000);

afterAll(() => {
  for (const folder of [root, ...copies]) rmSync(folder, { recursive: true, force: true });
});

/** Rows the raw engine holds in a table (bypassing the gate). */
async function rowsIn(engine: NativeSqlEngine, table: string): Promise<number> {
  return Number((await engine.query(`SELECT count(*)::INTEGER AS n FROM ${table}`)).get(0)?.n);
}

describe('readsHeldTable: DuckDB\'s parse tells a held table from a column of the same name', () => {
  it('reads tables and views by name, not columns, with the text check where the parse says nothing', async () => {
    const engine = await NativeSqlEngine.open();
    try {
      const held = new Set(['dies', 'results', 'final_results']);
      const cases: [string, boolean][] = [
        ['SELECT sum(dies) AS dies FROM wafer_summary', false],
        ['SELECT lot FROM wafer_summary WHERE dies > $1', false],
        ['SELECT count(*) FROM Dies', true],
        ['SELECT * FROM wafer_summary w JOIN main.final_results r USING (lot)', true],
        ['SELECT * FROM wafer_summary WHERE lot IN (SELECT lot FROM results)', true],
        ['WITH dies AS (SELECT 1 AS x) SELECT * FROM dies', true],
        ["SELECT count(*) FROM query_table('dies')", true],
        ['CREATE TEMP TABLE t AS SELECT lot FROM wafer_summary', false],
        ['CREATE TEMP TABLE t AS SELECT lot FROM dies', true],
      ];
      for (const [sql, reads] of cases) expect(await readsHeldTable(engine, sql, held), sql).toBe(reads);
    } finally {
      engine.close();
    }
  });
});

describe('yield-monitor sql loads the large tables when a statement reads them', () => {
  it('answers from the per-wafer summary with no dies or results loaded, then loads the dies, then the results', async () => {
    const allDies = [...truth.values()].reduce((sum, lot) => sum + lot.dies, 0);
    const allResults = [...truth.values()].reduce((sum, lot) => sum + lot.results, 0);
    const console_ = await ConsoleEngine.open(root);
    try {
      const summary = (await console_.run('SELECT count(*)::INTEGER AS wafers, sum(dies)::INTEGER AS dies FROM wafer_summary')).get(0)?.toJSON();
      expect(summary).toEqual({ wafers: lots, dies: allDies });
      expect(console_.gate.stagesStarted).toBe(0);
      expect(await rowsIn(console_.native, 'dies')).toBe(0);

      const dies = (await console_.run('SELECT count(*)::INTEGER AS n FROM dies')).get(0)?.n;
      expect(dies).toBe(allDies);
      expect(console_.gate.stagesStarted).toBe(1);
      expect(await rowsIn(console_.native, 'result_values')).toBe(0);

      const results = (await console_.run('SELECT count(*)::INTEGER AS n, sum(value) AS total FROM final_results')).get(0)?.toJSON();
      expect(results?.n).toBe(allResults);
      const total = [...truth.values()].reduce((sum, lot) => sum + lot.sum, 0);
      expect(Math.abs(Number(results?.total) - total)).toBeLessThan(1e-9 * total);
      expect(console_.gate.stagesStarted).toBe(2);
    } finally {
      console_.close();
    }
  }, 120_000);
});

describe('a workspace opened with deferred tables', () => {
  it('commits an import without losing rows when nobody loaded the deferred tables', async () => {
    const folder = copyOfRoot();
    const expected: LotTruth = new Map(truth);
    const engine = await openNodeEngine('native');
    try {
      const { workspace } = await openOnDemand(engine, folder);
      expect(workspace.pendingTables.sort()).toEqual(['die_insertions', 'dies', 'result_values']);
      await commitLot(engine, workspace, lots, expected);
      expect(workspace.pendingTables).toEqual([]);
      await expectResultsAsWritten(engine, expected);
    } finally {
      engine.close();
    }
    // And the folder holds them all: a whole open of it from scratch.
    const reopened = await openNodeEngine('native');
    try {
      await workspaceOn(reopened, folder).open();
      await expectResultsAsWritten(reopened, expected);
    } finally {
      reopened.close();
    }
  }, 120_000);

  it('joins values to wafers whose files carry no import_id when the values load later', async () => {
    const folder = copyOfRoot();
    // Wafer files written by another tool, without the import column.
    const rewrite = await NativeSqlEngine.open();
    try {
      for (const name of readdirSync(path.join(folder, 'tables', 'result_wafers'))) {
        const file = path.join(folder, 'tables', 'result_wafers', name);
        await rewrite.exec(`COPY (SELECT * REPLACE (NULL::VARCHAR AS import_id) FROM read_parquet(${quoteLiteral(file)})) TO ${quoteLiteral(`${file}.tmp`)} (FORMAT parquet)`);
        rmSync(file);
        cpSync(`${file}.tmp`, file);
        rmSync(`${file}.tmp`);
      }
    } finally {
      rewrite.close();
    }
    rmSync(path.join(folder, 'cache'), { recursive: true, force: true });
    const engine = await openNodeEngine('native');
    try {
      const workspace = workspaceOn(engine, folder);
      await workspace.open(undefined, ['result_values', 'die_insertions']);
      await workspace.loadDeferred();
      await expectResultsAsWritten(engine, truth);
    } finally {
      engine.close();
    }
  }, 120_000);
});
