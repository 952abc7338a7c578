import { describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { nodeParquetCodec } from '../../../node/engine/parquetCodec.ts';
import { GatedSqlEngine, heldNames, LoadOnDemandGate, mayReadAnyTable, readsAnyTable, TableGate } from '../../../shared/engine/deferredTables.ts';
import { Workspace } from '../../../shared/workspace/workspace.ts';
import { commitDieCsv, MemoryStore } from '../../support/memoryWorkspace.ts';

/** A lot of `dies` dies with two tests; values are x/10 and x*2 so their sums are known by hand. */
function lotCsv(lot: string, dies: number): string {
  const lines = ['lot,wafer,x,y,hard_bin,tested_at,t1_vdd,t2_leak'];
  for (let x = 0; x < dies; x++) lines.push(`${lot},1,${x},0,1,2026-10-01T10:00:00Z,${x / 10},${x * 2}`);
  return lines.join('\n');
}

describe('readsAnyTable', () => {
  const held = new Set(['results', 'die_insertions']);
  it('sees a held table however it is written', () => {
    expect(readsAnyTable('SELECT * FROM results', held)).toBe(true);
    expect(readsAnyTable('select r.value from RESULTS r', held)).toBe(true);
    expect(readsAnyTable('SELECT * FROM "die_insertions"', held)).toBe(true);
    expect(readsAnyTable('WITH x AS (SELECT 1) SELECT * FROM x JOIN die_insertions USING (lot)', held)).toBe(true);
  });
  it('does not hold statements that only look alike', () => {
    expect(readsAnyTable('SELECT * FROM dies', held)).toBe(false);
    expect(readsAnyTable('SELECT * FROM stage_results_1', held)).toBe(false);
    expect(readsAnyTable("SELECT 'results' AS label FROM dies", held)).toBe(false);
    expect(readsAnyTable('SELECT * FROM results', new Set())).toBe(false);
  });
  it('holds views that read held tables, transitively', () => {
    const views = [
      { name: 'final_values', sql: 'CREATE VIEW final_values AS SELECT * FROM results' },
      { name: 'per_wafer', sql: 'CREATE VIEW per_wafer AS SELECT lot, avg(value) FROM final_values GROUP BY lot' },
      { name: 'lots', sql: 'CREATE VIEW lots AS SELECT DISTINCT lot FROM dies' },
    ];
    expect([...heldNames(['results'], views)].sort()).toEqual(['final_values', 'per_wafer', 'results']);
  });
});

describe('LoadOnDemandGate', () => {
  /** A gate over two stages that each release one table, recording what ran. */
  function twoStages(failSecond = false): { gate: LoadOnDemandGate; ran: string[] } {
    const held = new Set(['dies', 'results', 'final_results']);
    const ran: string[] = [];
    const stage = (name: string, releases: string[], fails = false) => async () => {
      ran.push(name);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (fails) throw new Error(`${name} failed`);
      for (const table of releases) held.delete(table);
    };
    const gate = new LoadOnDemandGate(async () => new Set(held), [stage('dies', ['dies']), stage('results', ['results', 'final_results'], failSecond)]);
    return { gate, ran };
  }

  it('loads nothing for a statement that reads no held table, and only the stages a statement needs', async () => {
    const { gate, ran } = twoStages();
    await gate.wait('SELECT count(*) FROM wafer_summary');
    expect(ran).toEqual([]);
    await gate.wait('SELECT count(*) FROM dies');
    expect(ran).toEqual(['dies']);
    await gate.wait('SELECT * FROM final_results');
    expect(ran).toEqual(['dies', 'results']);
    await gate.wait('SELECT * FROM dies JOIN results USING (x)');
    expect(gate.stagesStarted).toBe(2);
  });

  it('runs each stage once for statements that wait together', async () => {
    const { gate, ran } = twoStages();
    await Promise.all([gate.wait('SELECT * FROM results'), gate.wait('SELECT * FROM dies'), gate.wait('SELECT * FROM final_results')]);
    expect(ran).toEqual(['dies', 'results']);
  });

  it('fails the statements that read what a failed stage held, and no others', async () => {
    const { gate } = twoStages(true);
    await expect(gate.wait('SELECT * FROM results')).rejects.toThrow('results failed');
    await expect(gate.wait('SELECT * FROM final_results')).rejects.toThrow('results failed');
    await expect(gate.wait('SELECT count(*) FROM dies')).resolves.toBeUndefined();
    await expect(gate.wait('SELECT 1')).resolves.toBeUndefined();
  });

  it('counts a held name inside a string literal (a table function argument) by default', () => {
    const held = new Set(['dies']);
    expect(mayReadAnyTable("SELECT count(*) FROM query_table('dies')", held)).toBe(true);
    expect(mayReadAnyTable("SELECT count(*) FROM query_table('main.DIES')", held)).toBe(true);
    expect(mayReadAnyTable("SELECT 'wafer' AS label FROM wafer_summary", held)).toBe(false);
  });
});

describe('deferred loading of the per-result tables', () => {
  it('queries on deferred tables wait for the load and see every row; an import meanwhile lands after it', async () => {
    const store = new MemoryStore();
    const writer = await WasmNodeSqlEngine.open();
    const first = new Workspace(writer, store, nodeParquetCodec);
    await first.open();
    await commitDieCsv(first, writer, lotCsv('LOT1', 40), 'imp1');
    await commitDieCsv(first, writer, lotCsv('LOT2', 60), 'imp2');

    const raw = await WasmNodeSqlEngine.open();
    const workspace = new Workspace(raw, store, nodeParquetCodec);
    await workspace.open(undefined, ['result_values', 'die_insertions']);
    await raw.exec('CREATE VIEW result_count AS SELECT count(*) AS n FROM results');
    expect(workspace.pendingTables.sort()).toEqual(['die_insertions', 'result_values']);
    const names = await workspace.deferredNames();
    expect(names.has('result_count')).toBe(true);
    expect(names.has('dies')).toBe(false);

    const gate = new TableGate();
    const engine = new GatedSqlEngine(raw, gate);
    const loaded = workspace.loadDeferred();
    gate.hold(names, loaded);
    // Dies were loaded by open(): not held.
    const dies = await engine.query('SELECT count(*)::INTEGER AS n FROM dies');
    expect(Number(dies.get(0)?.n)).toBe(100);
    const importing = commitDieCsv(workspace, raw, lotCsv('LOT3', 10), 'imp3');
    const [sums, insertions, viaView] = await Promise.all([
      engine.query(`SELECT count(*)::INTEGER AS n, sum(value) AS total FROM results WHERE lot IN ('LOT1', 'LOT2') AND test_num IN (SELECT test_num FROM tests WHERE name = 'vdd')`),
      engine.query(`SELECT count(*)::INTEGER AS n FROM die_insertions WHERE lot IN ('LOT1', 'LOT2')`),
      engine.query('SELECT n::INTEGER AS n FROM result_count'),
    ]);
    // Independent: 0.0 + 0.1 + ... over both lots.
    const expectedSum = [...Array(40).keys(), ...Array(60).keys()].reduce((sum, x) => sum + x / 10, 0);
    expect(Number(sums.get(0)?.n)).toBe(100);
    expect(Number(sums.get(0)?.total)).toBeCloseTo(expectedSum, 6);
    expect(Number(insertions.get(0)?.n)).toBe(100);
    expect(Number(viaView.get(0)?.n)).toBeGreaterThanOrEqual(200);
    await importing;
    expect(gate.holding.size).toBe(0);
    const all = await engine.query('SELECT count(*)::INTEGER AS n FROM results');
    expect(Number(all.get(0)?.n)).toBe(2 * (40 + 60 + 10));
  }, 240_000);
});
