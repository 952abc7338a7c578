/**
 * Regression (review finding "final result after cross-file retest consolidation"): after a retest
 * file, `dies.insertions` is summed over files while insertion numbers restart in each file, so the
 * hand-written joins `r.insertion = d.insertions` picked the wrong row or none. Every builder that
 * reads a die's final values now goes through finalResultsSql; each is checked here against the
 * last test of every die recomputed from the raw CSV files, imported with the CLI's own import.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderWorkspaceStore } from '../../../node/workspace/folderWorkspaceStore.ts';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { nodeParquetCodec } from '../../../node/engine/parquetCodec.ts';
import { run as runImport } from '../../../cli/commands/import.ts';
import { commonalityParams, commonalityRowsSql } from '../../../shared/sql/commonalitySql.ts';
import { drilldownParams, testStatisticsSql } from '../../../shared/sql/drilldownSql.ts';
import { explainTestsSql } from '../../../shared/sql/explainSql.ts';
import { capabilityValuesSql, parametricSubgroupsSql } from '../../../shared/sql/spcSql.ts';
import { stackedMapSql } from '../../../shared/sql/stackedMapSql.ts';
import { dieInsertionsSql, dieResultsSql, parametricValuesSql } from '../../../shared/sql/waferMapSql.ts';
import { Workspace } from '../../../shared/workspace/workspace.ts';
import { allTestsOfDie, finalDiesFromFiles, lots, meanOf, testNumbers, wafers, writeRetestFiles, type FinalDie } from './finalResultsFixture.ts';

type Rows = Record<string, unknown>[];

function rows(table: Awaited<ReturnType<WasmNodeSqlEngine['query']>>): Rows {
  return table.toArray().map((row) => row.toJSON() as Record<string, unknown>);
}

describe('final results after retest files (insertions restarting at 1 in one, continued in the other)', () => {
  let engine: WasmNodeSqlEngine;
  let folder = '';
  let finalDies: FinalDie[] = [];
  let texts: string[] = [];

  beforeAll(async () => {
    const files = writeRetestFiles();
    folder = files.folder;
    finalDies = finalDiesFromFiles(files.texts);
    texts = files.texts;
    const workspaceFolder = `${folder}/workspace`;
    // The CLI's import, file after file as a tester delivers them; then the workspace is opened afresh.
    expect(await runImport([...files.paths, '--workspace', workspaceFolder])).toBe(0);
    engine = await WasmNodeSqlEngine.open();
    await new Workspace(engine, new FolderWorkspaceStore(workspaceFolder), nodeParquetCodec).open();
    // One ETCH tool per wafer, so commonality has a factor to report the test response under.
    await engine.exec(`INSERT INTO equipment_history (lot, wafer, step, tool) SELECT lot, wafer, 'ETCH', 'ETCH-0' || wafer FROM wafers`);
  }, 240_000);

  afterAll(() => {
    engine?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** Final values of one test on the dies matching `keep`. */
  function finalValues(test: number, keep: (die: FinalDie) => boolean = () => true): number[] {
    return finalDies.filter(keep).map((die) => die.values.get(test) ?? Number.NaN);
  }

  it('consolidates dies across files: one row per die, insertions summed', async () => {
    const counted = rows(await engine.query('SELECT count(*)::INTEGER AS dies, sum(insertions)::INTEGER AS insertions FROM dies'));
    const insertionRows = rows(await engine.query('SELECT count(*)::INTEGER AS rows FROM die_insertions'));
    expect(counted[0]?.dies).toBe(finalDies.length);
    expect(counted[0]?.insertions).toBe(insertionRows[0]?.rows);
  });

  it('the final_results view holds exactly the last test of every die', async () => {
    const got = rows(await engine.query('SELECT lot, wafer, x, y, test_num, value FROM final_results ORDER BY lot, wafer, y, x, test_num'));
    const expected = finalDies.flatMap((die) => testNumbers.map((test) => ({ lot: die.lot, wafer: die.wafer, x: die.x, y: die.y, test_num: test, value: die.values.get(test) })));
    const order = (row: Record<string, unknown>): string => `${String(row.lot)}/${String(row.wafer)}/${String(row.y)}/${String(row.x)}/${String(row.test_num)}`;
    expect(got.map((row) => ({ ...row, value: Number(row.value) })).sort((a, b) => order(a).localeCompare(order(b))))
      .toEqual(expected.sort((a, b) => order(a).localeCompare(order(b))));
  });

  it('wafer map: each die shows its final value', async () => {
    for (const lot of lots) {
      for (const wafer of wafers) {
        for (const test of testNumbers) {
          const got = rows(await engine.query(parametricValuesSql, [lot, wafer, test]));
          const onWafer = finalDies.filter((die) => die.lot === lot && die.wafer === wafer);
          expect(new Map(got.map((row) => [`${String(row.x)},${String(row.y)}`, row.value])))
            .toEqual(new Map(onWafer.map((die) => [`${die.x},${die.y}`, die.values.get(test)])));
        }
      }
    }
  });

  it('drill-down statistics: n and mean of the final values', async () => {
    const got = rows(await engine.query(testStatisticsSql, drilldownParams({ lots: [...lots] })));
    for (const test of testNumbers) {
      const row = got.find((entry) => entry.test_num === test);
      const expected = meanOf(finalValues(test));
      expect(row?.n).toBe(expected.n);
      expect(Number(row?.mean)).toBeCloseTo(expected.mean, 9);
    }
  });

  it('stacked map: mean of the final values at each die position', async () => {
    const bound = stackedMapSql({ lots: [...lots] }, { kind: 'parametric', testNumber: 1001, statistic: 'mean' });
    const got = rows(await engine.query(bound.sql, bound.params));
    const positions = [...new Set(finalDies.map((die) => `${die.x},${die.y}`))];
    expect(got).toHaveLength(positions.length);
    for (const row of got) {
      const expected = meanOf(finalValues(1001, (die) => die.x === row.x && die.y === row.y));
      expect(row.dies).toBe(expected.n);
      expect(Number(row.value)).toBeCloseTo(expected.mean, 9);
    }
  });

  it('SPC: X-bar subgroup means and capability values are the final values', async () => {
    for (const test of testNumbers) {
      const subgroups = rows(await engine.query(parametricSubgroupsSql(), ['P', null, null, null, false, test]));
      expect(subgroups).toHaveLength(lots.length * wafers.length);
      for (const row of subgroups) {
        const expected = meanOf(finalValues(test, (die) => die.lot === row.lot && die.wafer === row.wafer));
        expect(row.n).toBe(expected.n);
        expect(Number(row.mean)).toBeCloseTo(expected.mean, 9);
      }
      const capability = rows(await engine.query(capabilityValuesSql, ['P', test])).map((row) => Number(row.value));
      expect(capability.sort((a, b) => a - b)).toEqual(finalValues(test).sort((a, b) => a - b));
    }
  });

  it('commonality: a wafer\'s test response is the mean of its final values', async () => {
    const response = { kind: 'test', number: 1002 } as const;
    const got = rows(await engine.query(commonalityRowsSql(response, true), commonalityParams(response, { product: null, from: null, to: null, lots: null })));
    const perWafer = got.filter((row) => row.factor === 'tool');
    expect(perWafer).toHaveLength(lots.length * wafers.length);
    for (const row of perWafer) {
      expect(Number(row.response)).toBeCloseTo(meanOf(finalValues(1002, (die) => die.lot === row.lot && die.wafer === row.wafer)).mean, 9);
    }
  });

  it('die detail: every test of a die across files, numbered 1..n in test order, with its values', async () => {
    for (const [lot, wafer, x, y] of [['LA', '1', 2, 1], ['LB', '2', 4, 3], ['LA', '2', 0, 0]] as const) {
      const expected = allTestsOfDie(texts, lot, wafer, x, y);
      const insertions = rows(await engine.query(dieInsertionsSql, [lot, wafer, x, y]));
      expect(insertions.map((row) => row.insertion)).toEqual(expected.map((_, index) => index + 1));
      expect(insertions.map((row) => Number(row.tested_at))).toEqual(expected.map((test) => Date.parse(test.testedAt)));
      const results = rows(await engine.query(dieResultsSql, [lot, wafer, x, y]));
      for (const test of testNumbers) {
        const got = results.filter((row) => row.test_num === test).map((row) => [row.insertion, Number(row.value)]);
        expect(got).toEqual(expected.map((entry, index) => [index + 1, entry.values.get(test)]));
      }
    }
  });

  it('explain: the target and baseline test means are over the final values', async () => {
    const got = rows(await engine.query(explainTestsSql, ['LB', '', 5, null]));
    for (const test of testNumbers) {
      const row = got.find((entry) => entry.test_num === test);
      const target = meanOf(finalValues(test, (die) => die.lot === 'LB'));
      const baseline = meanOf(finalValues(test, (die) => die.lot === 'LA'));
      expect([row?.target_n, row?.baseline_n]).toEqual([target.n, baseline.n]);
      expect(Number(row?.target_mean)).toBeCloseTo(target.mean, 9);
      expect(Number(row?.baseline_mean)).toBeCloseTo(baseline.mean, 9);
    }
  });
});
