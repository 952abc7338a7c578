import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FolderWorkspaceStore } from '../../../node/workspace/folderWorkspaceStore.ts';
import { NativeSqlEngine } from '../../../node/engine/nativeEngine.ts';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { nodeParquetCodec } from '../../../node/engine/parquetCodec.ts';
import { dropStaging } from '../../../shared/import/dieCsvImport.ts';
import { stageStdf, stdfTables } from '../../../shared/import/stdfImport.ts';
import type { SqlEngine } from '../../../shared/engine/sqlEngine.ts';
import { Workspace } from '../../../shared/workspace/workspace.ts';
import { importFile } from '../../../shared/import/importFile.ts';
import { nodeImportTarget } from '../../../node/import/fileImportSource.ts';
import { openNodeEngine, workspaceOn } from '../../../node/workspace/openWorkspace.ts';
import { stagedResults } from '../../support/stagedResults.ts';

const corpus = resolve(import.meta.dirname, '../../..', '../shared/corpus/stdf');

/** Per TEST_NUM: valid results, sum of their finite values, and how many were not finite. */
interface TestTotals {
  count: number;
  sum: number;
  nonFinite: number;
}

interface Truth {
  pystdf: { first3_PTR_tests: { TEST_NUM: number; count: number; mean: number; nonfinite?: number }[] };
}

/**
 * An independent walk over the raw records (PTR and FTR only; the files chosen have no MPR): a result counts
 * when it lies between a PIR and the PRR of its head/site. It is not a measurement (NaN here, NULL in the table)
 * when TEST_FLG bit 1 (invalid) or bit 4 (not executed) is set, or it is NaN or a sentinel of magnitude 1e10 or
 * more (issue #13 §1). An FTR's value is 1 (pass) or 0 (TEST_FLG bit 7, fail).
 */
function walkResults(bytes: Uint8Array): Map<number, TestTotals> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = !(bytes[0] === 0 && bytes[1] === 2);
  const open = new Map<string, { testNum: number; value: number }[]>();
  const totals = new Map<number, TestTotals>();
  for (let position = 0; position + 4 <= bytes.length; ) {
    const length = view.getUint16(position, little);
    const kind = `${bytes[position + 2]}/${bytes[position + 3]}`;
    const body = position + 4;
    position = body + length;
    if (kind === '5/10') open.set(`${bytes[body]}/${bytes[body + 1]}`, []);
    else if (kind === '5/20') {
      const key = `${bytes[body]}/${bytes[body + 1]}`;
      for (const result of open.get(key) ?? []) {
        const entry = totals.get(result.testNum) ?? { count: 0, sum: 0, nonFinite: 0 };
        entry.count++;
        if (Number.isFinite(result.value)) entry.sum += result.value;
        else entry.nonFinite++;
        totals.set(result.testNum, entry);
      }
      open.delete(key);
    } else if (kind === '15/10' || kind === '15/20') {
      const part = open.get(`${bytes[body + 4]}/${bytes[body + 5]}`);
      const flags = bytes[body + 6] ?? 0;
      if (part === undefined) continue;
      const stored = kind === '15/10' ? view.getFloat32(body + 8, little) : (flags & 0x80) !== 0 ? 0 : 1;
      const value = (flags & 0x12) !== 0 || !(Math.abs(stored) < 1e10) ? Number.NaN : stored;
      part.push({ testNum: view.getUint32(body, little), value });
    }
  }
  return totals;
}

/** Per TEST_NUM totals of a relation with `test_num` and `value` columns. */
async function totalsOf(engine: SqlEngine, relation: string): Promise<Map<number, TestTotals>> {
  const table = await engine.query(
    `SELECT test_num, count(*)::INTEGER AS n, coalesce(sum(value) FILTER (WHERE isfinite(value)), 0)::DOUBLE AS total,
            count(*) FILTER (WHERE value IS NULL OR NOT isfinite(value))::INTEGER AS non_finite
     FROM ${relation} GROUP BY test_num ORDER BY test_num`,
  );
  const actual = new Map<number, TestTotals>();
  for (const row of table.toArray() as { test_num: number; n: number; total: number; non_finite: number }[]) {
    actual.set(Number(row.test_num), { count: row.n, sum: row.total, nonFinite: row.non_finite });
  }
  return actual;
}

function expectSameTotals(actual: Map<number, TestTotals>, expected: Map<number, TestTotals>): void {
  expect([...actual.keys()].sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
  for (const [testNum, totals] of expected) {
    const got = actual.get(testNum);
    expect({ testNum, count: got?.count, nonFinite: got?.nonFinite }).toEqual({ testNum, count: totals.count, nonFinite: totals.nonFinite });
    expect(Math.abs((got?.sum ?? Number.NaN) - totals.sum)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(totals.sum)));
  }
}

describe('STDF result rows against an independent record walk', () => {
  const files = [
    // Two sites, final test; RESULT-invalid PTRs on every part, and FTRs.
    'itestinc__M25P64_RevC_194479_115c.std',
    // Galaxy wafer sort with unflagged re-probes: every insertion keeps its results.
    'noonchen__lot3.stdf.gz',
  ];
  // Native DuckDB stages all results in one statement, duckdb-wasm in slices: both must give the walk's rows.
  const engines = { wasm: () => WasmNodeSqlEngine.open(), native: () => NativeSqlEngine.open() };
  const cases = files.flatMap((file) => (['wasm', 'native'] as const).map((engine) => ({ file, engine })));
  it.each(cases)('$file on $engine: count and sum of values per test', async ({ file, engine: kind }) => {
    const raw = new Uint8Array(readFileSync(resolve(corpus, file)));
    const bytes = file.endsWith('.gz') ? new Uint8Array(gunzipSync(raw)) : raw;
    const truth = JSON.parse(readFileSync(resolve(corpus, `${file}.truth.json`), 'utf8')) as Truth;
    const expected = walkResults(bytes);
    const engine = await engines[kind]();
    await stageStdf(engine, raw, { importId: 'rows', fileName: file });
    expectSameTotals(await totalsOf(engine, stagedResults('rows')), expected);
    // The published truth (pystdf) agrees on the first three tests: it skips invalid and non-finite results.
    for (const test of truth.pystdf.first3_PTR_tests) {
      const totals = expected.get(test.TEST_NUM);
      if (!file.startsWith('itestinc__M25P64')) expect((totals?.count ?? 0) - (totals?.nonFinite ?? 0)).toBe(test.count);
      if (test.count > 0) expect((totals?.sum ?? 0) / test.count).toBeCloseTo(test.mean, 5);
    }
    const [flagged] = (await engine.query(`SELECT count(value)::INTEGER AS n FROM ${stagedResults('rows')} WHERE test_num IN (1000, 1001, 1002)`)).toArray() as { n: number }[];
    if (file.startsWith('itestinc__M25P64')) expect(flagged?.n).toBe(0); // every PTR of these tests is flagged invalid
    engine.close();
  });

  // The imports of one process read file after file into the same result columns (issue #12 §3), and hand the
  // engine Arrow tables that view them: a later, smaller file must not change what an earlier one stored.
  it.each(['native', 'wasm'] as const)('files imported one after another in one process (%s): each keeps the walk\'s rows', async (kind) => {
    const sequence = ['noonchen__lot3.stdf.gz', 'itestinc__M25P64_RevC_194479_115c.std', 'noonchen__lot3.stdf.gz'];
    const folder = mkdtempSync(join(tmpdir(), 'ym-reuse-'));
    const engine = await openNodeEngine(kind);
    try {
      const workspace = workspaceOn(engine, folder);
      await workspace.open();
      const target = nodeImportTarget(engine, workspace);
      const imported: [string, string][] = [];
      for (const [index, file] of sequence.entries()) {
        const raw = new Uint8Array(readFileSync(resolve(corpus, file)));
        // The third is lot3 again under another content (one byte appended after the MRR), so it is not a duplicate.
        const bytes = index === 2 ? new Uint8Array([...gunzipSync(raw), 0]) : raw;
        const outcome = await importFile(target, { name: `${index}-${file}`, size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) });
        expect(outcome.kind).toBe('imported');
        if (outcome.kind === 'imported') imported.push([file, outcome.record.importId]);
      }
      for (const [file, importId] of imported) {
        const raw = new Uint8Array(readFileSync(resolve(corpus, file)));
        const expected = walkResults(file.endsWith('.gz') ? new Uint8Array(gunzipSync(raw)) : raw);
        const quotedId = `'${importId.replace(/'/g, "''")}'`;
        expectSameTotals(await totalsOf(engine, `(SELECT * FROM results WHERE import_id = ${quotedId})`), expected);
      }
    } finally {
      engine.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  // A large file is staged, written and loaded in slices (a 27M-result file in one step exceeds wasm's memory):
  // the same rows must arrive, whatever the slice size, in the workspace and after reopening it.
  it('noonchen__lot3.stdf.gz staged, committed and reloaded in slices of 5,000 rows: the same results', async () => {
    const file = 'noonchen__lot3.stdf.gz';
    const raw = new Uint8Array(readFileSync(resolve(corpus, file)));
    const expected = walkResults(new Uint8Array(gunzipSync(raw)));
    const total = [...expected.values()].reduce((sum, totals) => sum + totals.count, 0);
    expect(total).toBeGreaterThan(3 * 5000);
    const folder = mkdtempSync(join(tmpdir(), 'ym-slices-'));
    try {
      const engine = await WasmNodeSqlEngine.open();
      const workspace = new Workspace(engine, new FolderWorkspaceStore(folder), nodeParquetCodec, 5000);
      await workspace.open();
      const staging = await stageStdf(engine, raw, { importId: 'sliced', fileName: file, sliceRows: 5000 });
      const record = await workspace.commitImport('sliced', { sourceFile: file, contentHash: 'sliced', format: 'stdf', rows: staging.rows, warnings: [] }, stdfTables);
      await dropStaging(engine, 'sliced');
      const resultFiles = record.files.result_values;
      expect(Array.isArray(resultFiles) ? resultFiles.length : 1).toBe(Math.ceil(total / 5000));
      expect(readdirSync(join(folder, 'tables', 'result_values')).length).toBe(Math.ceil(total / 5000));
      expectSameTotals(await totalsOf(engine, 'results'), expected);
      engine.close();

      const reopened = await WasmNodeSqlEngine.open();
      await new Workspace(reopened, new FolderWorkspaceStore(folder), nodeParquetCodec).open();
      expectSameTotals(await totalsOf(reopened, 'results'), expected);
      const [dies] = (await reopened.query('SELECT count(*)::INTEGER AS n FROM dies')).toArray() as { n: number }[];
      expect(dies?.n).toBe(staging.dies);
      reopened.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
