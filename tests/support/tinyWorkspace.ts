import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeSqlEngine } from '../../node/engine/nativeEngine.ts';
import { createEmptyTableSql } from '../../shared/schema/canonical.ts';
import { serialiseManifest, tableFilePath, type WorkspaceManifest } from '../../shared/workspace/manifest.ts';

/** A workspace folder with one import of `dieCount` dies (lot L1, wafer i % 5, pass when i % 3 <> 0), written by native DuckDB. */
export async function tinyWorkspace(dieCount: number): Promise<{ folder: string; good: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'ym-tiny-workspace-'));
  const importId = '20260101000000_tiny';
  const file = tableFilePath('dies', importId);
  mkdirSync(join(folder, 'tables', 'dies'), { recursive: true });
  const engine = await NativeSqlEngine.open();
  try {
    await engine.exec(createEmptyTableSql('dies'));
    await engine.exec(`INSERT INTO dies (product, lot, wafer, x, y, hard_bin, soft_bin, pass, first_pass, insertions, import_id)
      SELECT 'P', 'L1', (i % 5)::VARCHAR, i // 10, i % 10, CASE WHEN i % 3 = 0 THEN 5 ELSE 1 END, 1, i % 3 <> 0, i % 3 <> 0, 1, '${importId}' FROM range(${dieCount}) t(i)`);
    await engine.exec(`COPY dies TO '${join(folder, file)}' (FORMAT parquet)`);
  } finally {
    engine.close();
  }
  const manifest: WorkspaceManifest = {
    formatVersion: 1,
    imports: [{ importId, sourceFile: 'tiny.csv', contentHash: 'tiny', format: 'csv', rows: dieCount, importedAt: '2026-01-01T00:00:00Z', status: 'ok', warnings: [], files: { dies: file } }],
  };
  writeFileSync(join(folder, 'manifest.json'), serialiseManifest(manifest));
  let good = 0;
  for (let i = 0; i < dieCount; i += 1) if (i % 3 !== 0) good += 1;
  return { folder, good };
}
