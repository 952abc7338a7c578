import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeParquetCodec } from '../../../node/engine/parquetCodec.ts';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { FolderWorkspaceStore } from '../../../node/workspace/folderWorkspaceStore.ts';
import { dropStaging } from '../../../shared/import/dieCsvImport.ts';
import { stageStdf, stdfTables } from '../../../shared/import/stdfImport.ts';
import { drilldownParams, testHistogramSql, testStatisticsSql } from '../../../shared/sql/drilldownSql.ts';
import { parametricValuesSql, waferTestsSql } from '../../../shared/sql/waferMapSql.ts';
import { Workspace } from '../../../shared/workspace/workspace.ts';
import { walkTests } from '../import/stdfTestWalk.ts';

const corpus = resolve(import.meta.dirname, '../../..', '../shared/corpus/stdf');

describe('drill-down statistics per test identity on a real file (issue #13 §1)', () => {
  it('itestinc__bcdm_S11189_c_01.stdf: each (kind, number, name, pin) its own row; invalid results counted, FTR fails counted', async () => {
    const file = 'itestinc__bcdm_S11189_c_01.stdf';
    const bytes = new Uint8Array(readFileSync(resolve(corpus, file)));
    const expected = walkTests(bytes);
    const folder = mkdtempSync(join(tmpdir(), 'ym-identity-'));
    const engine = await WasmNodeSqlEngine.open();
    try {
      const workspace = new Workspace(engine, new FolderWorkspaceStore(folder), nodeParquetCodec);
      await workspace.open();
      const staging = await stageStdf(engine, bytes, { importId: 'ids', fileName: file });
      await workspace.commitImport('ids', { sourceFile: file, contentHash: 'ids', format: 'stdf', rows: staging.rows, warnings: [] }, stdfTables);
      await dropStaging(engine, 'ids');
      // Every PRR of this file is its own die (40 PRRs on 40 X/Y), so the final results are all results.
      expect(staging.dies).toBe(staging.rows);
      const [lot] = (await engine.query('SELECT DISTINCT lot FROM dies')).toArray() as { lot: string }[];
      const statistics = (await engine.query(testStatisticsSql, drilldownParams({ lots: [lot?.lot ?? ''] }))).toArray() as Record<string, number>[];
      const identities = new Map((await engine.query(`SELECT test_key, kind || '|' || test_num || '|' || coalesce(CASE WHEN pin IS NULL THEN name ELSE regexp_replace(name, ' #\\d+$', '') END, '') || '|' || coalesce(pin::VARCHAR, '') AS identity FROM tests`))
        .toArray().map((row: { test_key: number; identity: string }) => [Number(row.test_key), row.identity]));
      const actual = new Map(statistics.map((row) => {
        const identity = identities.get(Number(row.test_key)) ?? '';
        return [identity, { n: Number(row.n) + Number(row.invalid), invalid: Number(row.invalid), fails: identity.startsWith('FTR') ? Number(row.fails) : 0 }];
      }));
      expect(new Map([...actual].sort())).toEqual(new Map([...expected].sort()));
      // Tests sharing a number stay apart: more statistics rows than distinct numbers.
      expect(statistics.length).toBeGreaterThan(new Set(statistics.map((row) => row.test_num)).size);
      // A derived (negative) key selects its own values only.
      const ftr = statistics.find((row) => identities.get(Number(row.test_key))?.startsWith('FTR') && Number(row.n) > 0);
      const histogram = (await engine.query(testHistogramSql, drilldownParams({ lots: [lot?.lot ?? ''] }, ftr?.test_key ?? 0, 2))).toArray() as { dies: number }[];
      expect(histogram.reduce((sum, bucket) => sum + bucket.dies, 0)).toBe(ftr?.n);
      // The wafer map offers the same tests and draws one test's measured dies only.
      const [wafer] = (await engine.query('SELECT DISTINCT lot, wafer FROM dies')).toArray() as { lot: string; wafer: string }[];
      const waferTests = (await engine.query(waferTestsSql, [wafer?.lot ?? '', wafer?.wafer ?? ''])).toArray() as { test_key: number }[];
      expect(new Set(waferTests.map((row) => Number(row.test_key)))).toEqual(new Set(statistics.map((row) => Number(row.test_key))));
      const mapped = (await engine.query(parametricValuesSql, [wafer?.lot ?? '', wafer?.wafer ?? '', ftr?.test_key ?? 0])).toArray();
      expect(mapped.length).toBe(ftr?.n);
    } finally {
      engine.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
