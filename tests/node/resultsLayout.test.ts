import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteLiteral, type SqlEngine } from '../../shared/engine/sqlEngine.ts';
import { importFiles, parseManifest, serialiseManifest, tableFilePath, type ImportRecord } from '../../shared/workspace/manifest.ts';
import { NativeSqlEngine } from '../../node/engine/nativeEngine.ts';
import { openNodeWorkspace, type NodeEngineKind } from '../../node/workspace/openWorkspace.ts';
import { copySampleWorkspace } from '../support/sampleWorkspace.ts';

/**
 * The results are stored as result_wafers + result_values (issue #12 §3); workspaces written before hold one
 * `results` file per import with every column. Such a workspace must open with the same rows, load them
 * deferred, and remove an import's rows, on both engines.
 */

interface Fingerprint {
  rows: number;
  hash: string;
  final: number;
  /** The per-test summary rows: product, lot, wafer, test, n, range, mean, stddev. */
  summary: (string | number | null)[][];
}

/** Count and an order-free hash sum of the `results` view, the final values' count and the per-test summary, on an engine. */
async function fingerprint(engine: SqlEngine): Promise<Fingerprint> {
  const row = (await engine.query(`SELECT
      (SELECT count(*) FROM results)::INTEGER AS rows,
      (SELECT sum(hash(row(product, lot, wafer, x, y, insertion, test_num, test_key, value, import_id))::HUGEINT) FROM results)::VARCHAR AS hash,
      (SELECT count(*) FROM final_results)::INTEGER AS final`)).get(0);
  const summary = (await engine.query('SELECT product, lot, wafer, test_key, n, range, mean, stddev FROM wafer_test_summary ORDER BY ALL')).toArray()
    .map((each) => [each.product, each.lot, each.wafer, Number(each.test_key), Number(each.n), each.range, each.mean, each.stddev]);
  return { rows: Number(row?.rows), hash: String(row?.hash), final: Number(row?.final), summary };
}

/** Same rows, final values and summary: counts and ranges exactly, means and SDs to 1e-12 relative (sums in scan order). */
function expectSame(actual: Fingerprint, wanted: Fingerprint): void {
  expect({ ...actual, summary: actual.summary.length }).toEqual({ ...wanted, summary: wanted.summary.length });
  expect(wanted.summary.length).toBeGreaterThan(100);
  const close = (a: unknown, b: unknown): boolean => (a === null || b === null ? a === b : Math.abs(Number(a) - Number(b)) <= 1e-12 * Math.max(1, Math.abs(Number(b))));
  for (const [index, row] of wanted.summary.entries()) {
    const got = actual.summary[index]!;
    expect(got.slice(0, 6), `summary row ${index}`).toEqual(row.slice(0, 6));
    expect(close(got[6], row[6]) && close(got[7], row[7]), `summary row ${index}: ${got.slice(6)} vs ${row.slice(6)}`).toBe(true);
  }
}

/** Rewrite every import's stored results as one `results` file with the view's columns, as older workspaces hold them. */
async function writeWholeResults(folder: string): Promise<void> {
  const manifestFile = join(folder, 'manifest.json');
  const manifest = parseManifest(readFileSync(manifestFile));
  const engine = await NativeSqlEngine.open();
  try {
    const imports: ImportRecord[] = [];
    for (const record of manifest.imports) {
      const files = importFiles(record);
      const values = files.filter(([table]) => table === 'result_values').map(([, path]) => quoteLiteral(join(folder, path)));
      const wafers = files.filter(([table]) => table === 'result_wafers').map(([, path]) => quoteLiteral(join(folder, path)));
      if (values.length === 0) {
        imports.push(record);
        continue;
      }
      const whole = tableFilePath('result_wafers', record.importId).replace('result_wafers', 'results');
      mkdirSync(dirname(join(folder, whole)), { recursive: true });
      await engine.exec(`COPY (SELECT w.product, w.lot, w.wafer, v.x, v.y, v.insertion, v.test_num, v.test_key, v.value, w.import_id
        FROM read_parquet([${values.join(', ')}]) v JOIN read_parquet([${wafers.join(', ')}]) w ON w.wafer_key = v.wafer_key)
        TO ${quoteLiteral(join(folder, whole))} (FORMAT parquet)`);
      for (const [, path] of files.filter(([table]) => table === 'result_values' || table === 'result_wafers')) rmSync(join(folder, path));
      const { result_values: _values, result_wafers: _wafers, ...kept } = record.files;
      imports.push({ ...record, files: { ...kept, results: whole } });
    }
    writeFileSync(manifestFile, serialiseManifest({ ...manifest, imports }));
  } finally {
    engine.close();
  }
}

let current = '';
let older = '';
let expected: Fingerprint;

beforeAll(async () => {
  current = copySampleWorkspace();
  const opened = await openNodeWorkspace(current, { engine: 'native' });
  expected = await fingerprint(opened.engine);
  opened.engine.close();
  older = copySampleWorkspace();
  await writeWholeResults(older);
}, 300_000);

afterAll(() => {
  for (const folder of [current, older]) if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('a workspace whose results were written whole (before result_wafers/result_values)', () => {
  for (const kind of ['wasm', 'native'] as NodeEngineKind[]) {
    it(`opens on ${kind} DuckDB with the same results, final values and per-test summary, deferred or not; an import's rows go with it`, async () => {
      expect(expected.rows).toBeGreaterThan(1_000_000);
      const manifest = parseManifest(readFileSync(join(older, 'manifest.json')));
      expect(manifest.imports.some((record) => record.files.results !== undefined)).toBe(true);
      expect(manifest.imports.some((record) => record.files.result_values !== undefined)).toBe(false);

      const whole = await openNodeWorkspace(older, { engine: kind });
      try {
        expectSame(await fingerprint(whole.engine), expected);
      } finally {
        whole.engine.close();
      }
      const deferred = await openNodeWorkspace(older, { engine: kind, defer: ['result_values', 'die_insertions'] });
      try {
        expect(deferred.workspace.pendingTables.sort()).toEqual(['die_insertions', 'result_values']);
        await deferred.workspace.loadDeferred();
        expectSame(await fingerprint(deferred.engine), expected);
        // The wafers of every import keep a key range of their own: no value joins another import's wafer.
        const [ranges] = (await deferred.engine.query(`SELECT count(DISTINCT import_id)::INTEGER AS imports, count(DISTINCT wafer_key // ${2 ** 24})::INTEGER AS ranges FROM result_wafers`)).toArray() as { imports: number; ranges: number }[];
        expect(ranges?.ranges).toBe(ranges?.imports);

        // Last (the native run follows the wasm one): remove a whole-results import from the folder.
        if (kind === 'native') {
          const stdf = manifest.imports.find((record) => record.format === 'stdf' && record.files.results !== undefined)!;
          const [own] = (await deferred.engine.query('SELECT count(*)::INTEGER AS n FROM results WHERE import_id = $1', [stdf.importId])).toArray() as { n: number }[];
          expect(own?.n).toBeGreaterThan(0);
          await deferred.workspace.removeImports([stdf.importId]);
          const after = (await deferred.engine.query('SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE import_id = $1)::INTEGER AS own FROM results', [stdf.importId])).get(0)?.toJSON();
          expect(after).toEqual({ n: expected.rows - own!.n, own: 0 });
          const [orphans] = (await deferred.engine.query('SELECT count(*)::INTEGER AS n FROM result_values v ANTI JOIN result_wafers w USING (wafer_key)')).toArray() as { n: number }[];
          expect(orphans?.n).toBe(0);
        }
      } finally {
        deferred.engine.close();
      }
    }, 300_000);
  }
});
