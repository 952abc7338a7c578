/**
 * A workspace EngineHost (the desktop's engine process, `serve`, `serve --allow-import`) shows the
 * first view before the per-result tables are in (issue #12 §8: first view <= 3 s on a 10M-die
 * workspace): it opens with the small tables and loads `results` and `die_insertions` afterwards. A
 * page's query on them, or on a view over them, waits for that load and then sees every row, as the
 * workspace opened whole in this process does; a query that needs neither is not held up behind it.
 * With the summary cache of its manifest (shared/workspace/summaryCache.ts) the host defers `dies` too:
 * the overview's tiles and the X-bar subgroups come from the cached summaries at once, a statement on
 * dies waits for the dies alone. A read-only host keeps its table folder readable for that load, so it
 * refuses every page statement that would write or attach a file there, and writes no cache itself.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Table } from 'apache-arrow';
import { readOnlyStatementMessage } from '../../node/engine/engineServer.ts';
import { openNodeWorkspace } from '../../node/workspace/openWorkspace.ts';
import { kpiSql, productParams } from '../../shared/sql/overviewSql.ts';
import { parametricSubgroupsSql } from '../../shared/sql/spcSql.ts';
import { summaryCacheFolder } from '../../shared/workspace/summaryCache.ts';
import { copySampleWorkspace } from '../support/sampleWorkspace.ts';
import { openInProcessHost } from '../support/inProcessEngine.ts';

const root = copySampleWorkspace();
afterAll(() => rmSync(root, { recursive: true, force: true }));

const countsSql = `SELECT (SELECT count(*) FROM results)::BIGINT AS results, (SELECT count(*) FROM final_results)::BIGINT AS final_results,
  (SELECT count(*) FROM die_insertions)::BIGINT AS insertions, (SELECT sum(value) FROM results WHERE isfinite(value))::DOUBLE AS value_sum`;

const diesSql = 'SELECT count(*)::BIGINT AS dies, sum(pass::INTEGER)::BIGINT AS good, count(DISTINCT lot)::BIGINT AS lots FROM dies';
const everyTest = [null, null, null, null, false, null];

/** Rows as sorted JSON text (BigInts as numbers), to compare whole results. */
function rowsOf(table: Table): string[] {
  return table.toArray().map((row) => JSON.stringify(row.toJSON(), (_, value: unknown) => (typeof value === 'bigint' ? Number(value) : value))).sort();
}

/**
 * The figures of the workspace opened whole in this process (no host, nothing deferred), with its
 * summaries built from the dies and the results (no summary cache yet: that open writes it).
 */
let expected: Record<string, unknown>;
let expectedDies: Record<string, unknown>;
let expectedKpi: string[];
let expectedSubgroups: string[];
beforeAll(async () => {
  rmSync(path.join(root, summaryCacheFolder), { recursive: true, force: true });
  const { engine } = await openNodeWorkspace(root);
  try {
    expected = (await engine.query(countsSql)).get(0)!.toJSON();
    expectedDies = (await engine.query(diesSql)).get(0)!.toJSON();
    // The overview's tiles and the X-bar subgroups, computed from the tables (not from any summary).
    expectedKpi = rowsOf(await engine.query(`SELECT count(DISTINCT lot)::INTEGER AS lots, count(DISTINCT (lot, wafer))::INTEGER AS wafers, count(*)::BIGINT AS dies,
      sum(pass::INTEGER)::BIGINT AS good FROM dies`));
    expectedSubgroups = rowsOf(await engine.query(parametricSubgroupsSql(), everyTest));
  } finally {
    engine.close();
  }
}, 300_000);

it('with the summary cache of its manifest, a host shows the first view and the X-bar subgroups before any die is in, asked after the dies; a statement on dies waits for the dies only', async () => {
  expect(readdirSync(path.join(root, summaryCacheFolder))).toHaveLength(2);
  const started = performance.now();
  const session = await openInProcessHost(root, true);
  try {
    const firstViewMs = performance.now() - started;
    const order: string[] = [];
    const answered = (label: string) => (table: Table): Table => (order.push(label), table);
    // Asked for in this order: the tiles (whose columns include one named `dies`) must not queue behind the dies' own statement.
    const [dies, counts, kpi, subgroups] = await Promise.all([
      session.engine.query(diesSql).then(answered('dies')),
      session.engine.query(countsSql).then(answered('results')),
      session.engine.query(`SELECT lots, wafers, dies, good FROM (${kpiSql})`, productParams(null)).then(answered('kpi')),
      session.engine.query(parametricSubgroupsSql(), everyTest).then(answered('subgroups')),
    ]);
    await session.host.loaded();
    expect(rowsOf(kpi)).toEqual(expectedKpi);
    expect(rowsOf(subgroups)).toEqual(expectedSubgroups);
    expect(dies.get(0)!.toJSON()).toEqual(expectedDies);
    expect(Number(counts.get(0)!.toJSON().results)).toBe(Number(expected.results));
    // Neither the tiles nor the subgroups waited for a table; the dies came in before the results.
    expect(order.slice(0, 2).sort()).toEqual(['kpi', 'subgroups']);
    expect(order.slice(2)).toEqual(['dies', 'results']);
    console.log(`sample workspace, summary cache: first view after ${firstViewMs.toFixed(0)} ms; answered in order ${order.join(', ')}`);
  } finally {
    session.connection.close();
    session.host.close();
  }
}, 300_000);

for (const allowWrites of [true, false]) {
  const kind = allowWrites ? 'writable' : 'read-only';
  it(`${kind} host: answers from the small tables at once and from results once they are loaded, with every row`, async () => {
    const started = performance.now();
    const session = await openInProcessHost(root, allowWrites);
    try {
      const firstViewMs = performance.now() - started;
      let loaded = false;
      const loading = session.host.loaded().then(() => (loaded = true));
      const stillLoading = !loaded;
      const order: string[] = [];
      const results = session.engine.query(countsSql).then((table) => (order.push('results'), table.get(0)!.toJSON()));
      const dies = session.engine.query('SELECT count(*)::BIGINT AS dies FROM dies').then((table) => (order.push('dies'), table.get(0)!.toJSON()));
      const [counts, dieCount] = await Promise.all([results, dies]);
      await loading;
      const loadedMs = performance.now() - started;
      // Counts exactly; the sum to 1e-12 (DuckDB adds in its threads' order, which differs with the thread count).
      const { value_sum: valueSum, ...countsOnly } = counts;
      const { value_sum: expectedSum, ...expectedCounts } = expected;
      expect(countsOnly).toEqual(expectedCounts);
      expect(Math.abs(Number(valueSum) - Number(expectedSum))).toBeLessThan(Math.abs(Number(expectedSum)) * 1e-12);
      expect(Number(counts.results)).toBeGreaterThan(1_000_000);
      expect(Number(dieCount.dies)).toBeGreaterThan(0);
      // The query on dies, sent after the one on results, was answered first while the load ran.
      if (stillLoading) expect(order).toEqual(['dies', 'results']);
      console.log(`sample workspace on a ${kind} host: first view after ${firstViewMs.toFixed(0)} ms, results and insertions in after ${loadedMs.toFixed(0)} ms`
        + ` (${Number(counts.results).toLocaleString('en-US')} results); answered in order ${order.join(', ')}${stillLoading ? '' : ' (the load had finished before the queries)'}`);
    } finally {
      session.connection.close();
      session.host.close();
    }
  }, 300_000);
}

it('read-only host: a page can read its table folder but write or attach no file there, however the statement is dressed', async () => {
  rmSync(path.join(root, summaryCacheFolder), { recursive: true, force: true });
  const session = await openInProcessHost(root, false);
  const tables = path.join(root, 'tables');
  try {
    await session.host.loaded();
    const filesBefore = readdirSync(tables, { recursive: true }).sort();
    const target = path.join(tables, 'results', 'planted.parquet');
    const attempts = [
      `COPY (SELECT 1 AS a) TO '${target}' (FORMAT parquet)`,
      `COPY dies TO '${target}'`,
      `EXPORT DATABASE '${path.join(tables, 'exported')}'`,
      `ATTACH '${path.join(tables, 'planted.duckdb')}' AS planted`,
      // DuckDB cannot prepare the COPY alone (its table does not exist yet): the text decides.
      `CREATE TEMP TABLE planted AS SELECT 1 AS a; COPY planted TO '${target}'`,
    ];
    for (const sql of attempts) {
      await expect(session.engine.exec(sql), sql).rejects.toThrow(readOnlyStatementMessage);
      await expect(session.engine.query(sql), sql).rejects.toThrow(readOnlyStatementMessage);
    }
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(tables, { recursive: true }).sort()).toEqual(filesBefore);
    // Nor does the host itself: a read-only open of a workspace without a summary cache leaves it without one.
    expect(existsSync(path.join(root, summaryCacheFolder))).toBe(false);
    // Reading stays allowed (the deferred load reads there), and ordinary statements run.
    const read = await session.engine.query(`SELECT count(*)::BIGINT AS n FROM read_parquet('${path.join(tables, 'dies', '*.parquet')}')`);
    expect(Number(read.get(0)?.n)).toBeGreaterThan(0);
    await session.engine.exec('CREATE OR REPLACE TEMP TABLE page_scratch AS SELECT 1 AS a');
    // The words only count as statements: in a string, a quoted name or a comment they are text.
    const worded = await session.engine.query(`SELECT 'copy to export' AS "attach" -- load\n FROM page_scratch`);
    expect(worded.get(0)?.toJSON()).toEqual({ attach: 'copy to export' });
    expect(Number((await session.engine.query('SELECT count(*)::BIGINT AS n FROM page_scratch')).get(0)?.n)).toBe(1);
  } finally {
    session.connection.close();
    session.host.close();
  }
}, 300_000);
