import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteIdent, quoteLiteral } from '../../shared/engine/sqlEngine.ts';
import { canonicalTables, canonicalTableNames } from '../../shared/schema/canonical.ts';
import { NativeSqlEngine } from '../../node/engine/nativeEngine.ts';

/**
 * A Parquet lake of a workspace folder, laid out as `lake publish` writes it:
 * <root>/<table>/product=P/lot=L/*.parquet (zstd); tables without a product or lot column are
 * partitioned by what they have. Written by native DuckDB's COPY ... PARTITION_BY.
 */
export async function writeLake(workspace: string): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'ym-lake-'));
  const engine = await NativeSqlEngine.open();
  try {
    for (const table of canonicalTableNames) {
      const folder = join(workspace, 'tables', table);
      let files: string[] = [];
      try {
        files = readdirSync(folder).filter((name) => name.endsWith('.parquet'));
      } catch {
        continue;
      }
      if (files.length === 0) continue;
      const names: string[] = canonicalTables[table].map((column) => column.name);
      const partitions = ['product', 'lot'].filter((name) => names.includes(name));
      const target = join(root, table);
      const partitionBy = partitions.length > 0 ? `, PARTITION_BY (${partitions.map(quoteIdent).join(', ')})` : '';
      await engine.exec(
        `COPY (SELECT * FROM read_parquet(${quoteLiteral(join(folder, '*.parquet'))}, union_by_name = true)) TO ${quoteLiteral(target)} (FORMAT parquet${partitionBy}, COMPRESSION zstd)`,
      );
    }
  } finally {
    engine.close();
  }
  return root;
}

/** Native DuckDB with one view per lake table (Hive partition folders as columns), as ClickHouse sees the lake. */
export async function duckdbOverLake(root: string): Promise<NativeSqlEngine> {
  const engine = await NativeSqlEngine.open();
  for (const table of readdirSync(root)) {
    await engine.exec(
      `CREATE VIEW ${quoteIdent(table)} AS SELECT * FROM read_parquet(${quoteLiteral(join(root, table, '**', '*.parquet'))}, hive_partitioning = true, union_by_name = true)`,
    );
  }
  return engine;
}

/** Remove a lake written by writeLake. */
export function removeLake(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
