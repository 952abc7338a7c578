import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeParquetCodec } from '../../../node/engine/parquetCodec.ts';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { FolderWorkspaceStore } from '../../../node/workspace/folderWorkspaceStore.ts';
import { dropStaging } from '../../../shared/import/dieCsvImport.ts';
import { stageStdf, stdfTables } from '../../../shared/import/stdfImport.ts';
import { binParetoSql, drilldownParams, testStatisticsSql } from '../../../shared/sql/drilldownSql.ts';
import { lotTotalsSql } from '../../../shared/sql/gallerySql.ts';
import { Workspace } from '../../../shared/workspace/workspace.ts';

const corpus = resolve(import.meta.dirname, '../../..', '../shared/corpus/stdf');

interface Truth {
  pystdf: {
    MIR: { LOT_ID: string };
    parts: { PRR_count: number; pass: number };
    final_after_retest_dedupe: { by_part_id: { unique: number; pass: number } };
    hard_bins_from_PRR: Record<string, number>;
    first3_PTR_tests: { TEST_NUM: number; records: number }[];
  };
}

describe('a final-test file is a packaged-part lot (issue #13 §1)', () => {
  // Two-site final test: no WIR, X/Y missing, parts told apart by PART_ID; no retests.
  it('itestinc__M25P64_RevC_194479_115c.std: the lot view counts the lot table\'s parts, with bins and tests', async () => {
    const file = 'itestinc__M25P64_RevC_194479_115c.std';
    const bytes = new Uint8Array(readFileSync(resolve(corpus, file)));
    const truth = JSON.parse(readFileSync(resolve(corpus, `${file}.truth.json`), 'utf8')) as Truth;
    const folder = mkdtempSync(join(tmpdir(), 'ym-packaged-'));
    const engine = await WasmNodeSqlEngine.open();
    try {
      const workspace = new Workspace(engine, new FolderWorkspaceStore(folder), nodeParquetCodec);
      await workspace.open();
      const staging = await stageStdf(engine, bytes, { importId: 'ft', fileName: file });
      await workspace.commitImport('ft', { sourceFile: file, contentHash: 'ft', format: 'stdf', rows: staging.rows, warnings: [] }, stdfTables);
      await dropStaging(engine, 'ft');
      const lot = truth.pystdf.MIR.LOT_ID;
      const parts = truth.pystdf.final_after_retest_dedupe.by_part_id;
      const [lotRow] = (await engine.query('SELECT dies, good FROM lots WHERE lot = $1', [lot])).toArray() as { dies: bigint; good: bigint }[];
      expect({ dies: Number(lotRow?.dies), good: Number(lotRow?.good) }).toEqual({ dies: parts.unique, good: parts.pass });
      const [totals] = (await engine.query(lotTotalsSql, [lot])).toArray() as Record<string, unknown>[];
      expect({ dies: Number(totals?.dies), good: Number(totals?.good), unmapped: Number(totals?.without_coordinates) })
        .toEqual({ dies: parts.unique, good: parts.pass, unmapped: parts.unique });
      // Bins: every part, by its hard bin (no retests in this file: the PRRs are the final parts).
      expect(truth.pystdf.parts.PRR_count).toBe(parts.unique);
      const pareto = (await engine.query(binParetoSql('hard'), drilldownParams({ lots: [lot] }))).toArray() as { bin: number; dies: bigint }[];
      expect(Object.fromEntries(pareto.map((row) => [String(row.bin), Number(row.dies)]))).toEqual(truth.pystdf.hard_bins_from_PRR);
      // Tests: each PTR record of a test is a measurement or counted invalid (this file flags some and writes sentinels).
      const statistics = (await engine.query(testStatisticsSql, drilldownParams({ lots: [lot] }))).toArray() as Record<string, number>[];
      for (const test of truth.pystdf.first3_PTR_tests) {
        const row = statistics.find((entry) => Number(entry.test_key) === test.TEST_NUM);
        expect(Number(row?.n ?? 0) + Number(row?.invalid ?? 0)).toBe(test.records);
      }
      expect(statistics.some((row) => Number(row.n) > 0)).toBe(true);
    } finally {
      engine.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
