/**
 * The per-wafer summary the overview reads (wafer_summary) follows every change of the dies: after
 * each import, a retest file that consolidates with earlier dies, and a reopen, it equals a recount
 * of the dies table, and the overview's KPI tiles equal a hand count of the CSV files.
 */
import { describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { nodeParquetCodec } from '../../../node/engine/parquetCodec.ts';
import { kpiSql, productParams } from '../../../shared/sql/overviewSql.ts';
import { Workspace } from '../../../shared/workspace/workspace.ts';
import { commitDieCsv, MemoryStore } from '../../support/memoryWorkspace.ts';

/** Ten dies on wafer 1 of `lot`, the ones at `failing` x in bin 4, tested on `day`. */
function lotCsv(lot: string, failing: number[], day: string): { text: string; dies: number; good: number } {
  const lines = ['lot,wafer,x,y,hard_bin,tested_at'];
  for (let x = 0; x < 10; x++) lines.push(`${lot},1,${x},0,${failing.includes(x) ? 4 : 1},${day}T10:0${x}:00Z`);
  return { text: lines.join('\n'), dies: 10, good: 10 - failing.length };
}

const recountSql = `SELECT product, lot, wafer, count(*)::BIGINT AS dies, count(*) FILTER (WHERE pass)::BIGINT AS good,
    count(pass)::BIGINT AS judged, min(tested_at) AS first_test, max(tested_at) AS last_test
  FROM dies GROUP BY ALL ORDER BY ALL`;
const summarySql = `SELECT product, lot, wafer, dies, good, judged, first_test, last_test FROM wafer_summary ORDER BY ALL`;

async function expectSummaryFollowsDies(engine: WasmNodeSqlEngine): Promise<void> {
  const rows = async (sql: string) => (await engine.query(sql)).toArray().map((row) => JSON.stringify(row.toJSON(), (_, value: unknown) => (typeof value === 'bigint' ? Number(value) : value)));
  expect(await rows(summarySql)).toEqual(await rows(recountSql));
}

describe('wafer_summary (real duckdb-wasm)', () => {
  it('equals a recount of the dies after every import, a consolidating retest and a reopen', async () => {
    const store = new MemoryStore();
    const engine = await WasmNodeSqlEngine.open();
    const workspace = new Workspace(engine, store, nodeParquetCodec);
    await workspace.open();
    const first = lotCsv('LA', [2, 5], '2026-10-01');
    await commitDieCsv(workspace, engine, first.text, 'imp_a');
    await expectSummaryFollowsDies(engine);
    const second = lotCsv('LB', [1], '2026-10-02');
    await commitDieCsv(workspace, engine, second.text, 'imp_b');
    await expectSummaryFollowsDies(engine);
    const kpi = (await engine.query(kpiSql, productParams(null))).get(0)!.toJSON();
    expect([Number(kpi.lots), Number(kpi.wafers), Number(kpi.dies), Number(kpi.good)]).toEqual([2, 2, first.dies + second.dies, first.good + second.good]);

    // A retest of LA a day later where only x = 5 still fails: its dies merge with the first file's.
    await commitDieCsv(workspace, engine, lotCsv('LA', [5], '2026-10-03').text, 'imp_a_retest');
    await expectSummaryFollowsDies(engine);
    const afterRetest = (await engine.query(kpiSql, productParams(null))).get(0)!.toJSON();
    const goodOnDies = (await engine.query('SELECT count(*)::INTEGER AS n FROM dies WHERE pass')).get(0)!.n;
    expect(Number(afterRetest.good)).toBe(goodOnDies);
    expect(Number(afterRetest.dies)).toBe(20);
    engine.close();

    const again = await WasmNodeSqlEngine.open();
    await new Workspace(again, store, nodeParquetCodec).open();
    await expectSummaryFollowsDies(again);
    again.close();
  }, 120_000);
});
