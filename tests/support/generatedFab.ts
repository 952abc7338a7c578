/**
 * A fab made by the sample generator for one seed, written to a temporary folder and loaded into
 * the canonical tables of the real DuckDB engine. For accuracy tests on fresh seeds (issue #13).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { writeFab } from '../../sample-data/generate.ts';
import type { GeneratorConfig } from '../../sample-data/generator/fabPlan.ts';
import { openNodeEngine, type NodeEngineKind, type NodeSqlEngine } from '../../node/workspace/openWorkspace.ts';
import { createBaseTablesSql, derivedViewsSql, refreshWaferSummarySql } from '../../shared/schema/canonical.ts';
import { refreshWaferTestSummarySql } from '../../shared/schema/waferTestSummary.ts';
import { appendResults } from './appendResults.ts';

/** What ground-truth.json says was injected. */
export interface InjectedTruth {
  /** (null for a fab generated in control: check `config.inControl` first) */
  degraded: { step: string; factor: 'tool' | 'chamber'; level: string; tool: string; from: string };
  drifts: { product: string; test: number; from: string }[];
  wafers: { lot: string; wafer: number; product: string; degraded: boolean }[];
}

/** An imported generated fab: its engine (close it), its truth, and a clean-up for its folders. */
export interface GeneratedFab {
  engine: NodeSqlEngine;
  truth: InjectedTruth;
  dispose(): void;
}

/** Test columns of a die CSV header: "t4001_vth_n" -> 4001. */
function testColumns(header: string): { column: string; testNum: number }[] {
  return header.trim().split(',').flatMap((column) => {
    const match = /^t(\d+)_/.exec(column);
    return match ? [{ column, testNum: Number(match[1]) }] : [];
  });
}

/**
 * Generate `config` and load it into the canonical tables of a fresh engine, as DuckDB reads the
 * files: dies (final insertion per die), results (every insertion's values), wafers, tests, bins,
 * equipment history, then the derived views. The workspace import of the same files takes several
 * times longer (Parquet commits), which ten seeds cannot afford; what is measured here is the
 * analysis, and tests/sample-data and the import tests cover the import itself.
 */
export async function importGeneratedFab(config: GeneratorConfig, engineKind: NodeEngineKind = 'wasm'): Promise<GeneratedFab> {
  const folder = mkdtempSync(join(tmpdir(), 'ym-generated-fab-'));
  await writeFab(config, folder, { gzipLevel: 1, log: () => undefined, stdfLots: [] });
  const engine = await openNodeEngine(engineKind);
  for (const statement of createBaseTablesSql()) await engine.exec(statement);
  const dieFiles = readdirSync(join(folder, 'dies')).filter((name) => name.endsWith('.csv.gz')).sort();
  for (const name of dieFiles) await engine.registerBuffer(`generated/${name}`, readFileSync(join(folder, 'dies', name)));
  for (const name of ['wafers', 'tests', 'bins', 'equipment']) await engine.registerBuffer(`generated/${name}.csv`, readFileSync(join(folder, `${name}.csv`)));
  const header = gunzipSync(readFileSync(join(folder, 'dies', dieFiles[0] ?? ''))).toString('utf8').split('\n', 1)[0] ?? '';
  await engine.exec(`CREATE TEMP TABLE raw_dies AS SELECT * FROM read_csv([${dieFiles.map((name) => `'generated/${name}'`).join(', ')}], union_by_name = true)`);
  await engine.exec(`INSERT INTO dies (product, lot, wafer, x, y, site, hard_bin, soft_bin, pass, first_pass, insertions, tested_at, test_time_ms, import_id)
    SELECT product, lot, wafer::VARCHAR, x, y, arg_max(site, insertion), arg_max(hard_bin, insertion), arg_max(soft_bin, insertion), arg_max(pass = 1, insertion),
           arg_min(pass = 1, insertion), count(*), arg_max(tested_at::TIMESTAMP, insertion), arg_max(test_time_ms, insertion), 'generated'
    FROM raw_dies GROUP BY product, lot, wafer, x, y`);
  await appendResults(engine, async (into) => {
    for (const { column, testNum } of testColumns(header)) {
      await engine.exec(`INSERT INTO ${into} (product, lot, wafer, x, y, insertion, test_num, value, import_id)
        SELECT product, lot, wafer::VARCHAR, x, y, insertion, ${testNum}, "${column}", 'generated' FROM raw_dies WHERE "${column}" IS NOT NULL`);
    }
  });
  await engine.exec(`INSERT INTO wafers (product, lot, wafer, tester, probe_card, program, start_time, end_time, wafer_size_mm, die_width_mm, die_height_mm, flat, pos_x, pos_y, center_x, center_y, import_id)
    SELECT product, lot::VARCHAR, wafer::VARCHAR, tester, probe_card, program, start_time::TIMESTAMP, end_time::TIMESTAMP, wafer_size_mm, die_width_mm, die_height_mm,
           flat, pos_x, pos_y, center_x, center_y, 'generated' FROM read_csv('generated/wafers.csv')`);
  await engine.exec(`INSERT INTO tests (product, test_num, name, units, lo_limit, hi_limit, import_id) SELECT product, test_num, name, units, lo_limit, hi_limit, 'generated' FROM read_csv('generated/tests.csv')`);
  await engine.exec(`INSERT INTO bins (product, bin_type, bin, name, pass, import_id) SELECT product, bin_type, bin, name, pass = 1, 'generated' FROM read_csv('generated/bins.csv')`);
  await engine.exec(`INSERT INTO equipment_history (lot, wafer, step, tool, chamber, recipe, start_time, end_time, import_id) SELECT lot::VARCHAR, wafer::VARCHAR, step, tool, chamber, recipe, start_time::TIMESTAMP, end_time::TIMESTAMP, 'generated'
    FROM read_csv('generated/equipment.csv')`);
  await engine.exec('DROP TABLE raw_dies');
  for (const statement of derivedViewsSql) await engine.exec(statement);
  // The per-wafer counts and test statistics an open workspace keeps beside `dies` and `results` (Workspace).
  await engine.exec(refreshWaferSummarySql);
  await engine.exec(refreshWaferTestSummarySql);
  const truth = JSON.parse(readFileSync(join(folder, 'ground-truth.json'), 'utf8')) as InjectedTruth;
  return {
    engine,
    truth,
    dispose: () => {
      engine.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
