import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { stageStdf } from '../../../shared/import/stdfImport.ts';
import { stagingTable } from '../../../shared/sql/staging.ts';
import { walkTests } from './stdfTestWalk.ts';
import { stagedResults } from '../../support/stagedResults.ts';

const corpus = resolve(import.meta.dirname, '../../..', '../shared/corpus/stdf');

describe('test identity is (kind, TEST_NUM, TEST_TXT, MPR pin) (issue #13 §1)', () => {
  const files = [
    // Wafer sort: PTR, MPR and FTR, 25 numbers shared by several tests.
    'itestinc__bcdm_S11189_c_01.stdf',
    // One PTR, 59 MPRs and 40 FTRs sharing numbers; FTRs fail.
    'itestinc__bad__bcdm_145bga_sn1_25c_apr_23_2012.stdf',
    // Sentinels (|value| >= 1e10) and RESULT-invalid PTRs.
    'itestinc__M25P64_RevC_194479_115c.std',
  ];
  it.each(files)('%s: one test per identity, each with its own count, invalid count and FTR fails', async (file) => {
    const bytes = new Uint8Array(readFileSync(resolve(corpus, file)));
    const expected = walkTests(bytes);
    const engine = await WasmNodeSqlEngine.open();
    await stageStdf(engine, bytes, { importId: 'ids', fileName: file });
    const tests = stagingTable('tests', 'ids');
    const results = stagedResults('ids');
    const keys = (await engine.query(`SELECT count(*)::INTEGER AS n, count(DISTINCT test_key)::INTEGER AS keys FROM ${tests}`)).toArray()[0] as { n: number; keys: number };
    expect(keys.n).toBe(keys.keys);
    const staged = (await engine.query(`
      SELECT t.kind || '|' || t.test_num || '|' || coalesce(CASE WHEN t.pin IS NULL THEN t.name ELSE regexp_replace(t.name, ' #\\d+$', '') END, '') || '|' || coalesce(t.pin::VARCHAR, '') AS key,
             count(r.test_key)::INTEGER AS n, count(r.test_key) FILTER (WHERE r.value IS NULL)::INTEGER AS invalid,
             count(*) FILTER (WHERE r.value < t.lo_limit AND t.kind = 'FTR')::INTEGER AS fails
      FROM ${tests} t LEFT JOIN ${results} r ON r.test_key = t.test_key GROUP BY ALL`)).toArray() as { key: string; n: number; invalid: number; fails: number }[];
    const actual = new Map(staged.filter((row) => row.n > 0).map((row) => [row.key, { n: row.n, invalid: row.invalid, fails: row.fails }]));
    expect(new Map([...actual].sort())).toEqual(new Map([...expected].sort()));
    engine.close();
  });
});
