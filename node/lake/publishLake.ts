import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quoteIdent, quoteLiteral, type SqlParam } from '../../shared/engine/sqlEngine.ts';
import { joinedResultsSql, lakeTables } from '../../shared/schema/canonical.ts';
import { importFiles, manifestPath, parseManifest, type ImportRecord } from '../../shared/workspace/manifest.ts';
import { NativeSqlEngine } from '../engine/nativeEngine.ts';
import { catalogPath, emptyCatalog, parseCatalog, partFilePath, partitionColumns, type LakeCatalog, type LakePartition } from './lakeLayout.ts';
import type { LakeTarget } from './lakeTarget.ts';

/** What one publish changed. */
export interface PublishSummary {
  added: { importId: string; source: string; parts: number; rows: number }[];
  removed: { importId: string; source: string; parts: number }[];
}

/** The workspace's imports that hold rows (rejected ones have none). */
function workspaceImports(workspaceDir: string): ImportRecord[] {
  const where = join(workspaceDir, manifestPath);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(where);
  } catch {
    throw new Error(`${where}: no workspace manifest here`);
  }
  return parseManifest(bytes).imports.filter((record) => record.status === 'ok');
}

/**
 * Publish a workspace folder to a lake: every import not yet in the lake's catalog is written as one
 * zstd Parquet part per table and (product, lot) it has rows for, read by native DuckDB from the
 * import's own workspace files; an import the workspace no longer has loses its parts. Publishing
 * an unchanged workspace writes nothing. The catalog is written last, so a publish cut short leaves
 * the previous catalog (and at worst unlisted parts that the next publish rewrites).
 */
export async function publishLake(workspaceDir: string, target: LakeTarget): Promise<PublishSummary> {
  const records = workspaceImports(workspaceDir);
  const existing = await target.read(catalogPath);
  const catalog: LakeCatalog = existing ? parseCatalog(existing, `${target.label}/${catalogPath}`) : emptyCatalog();
  const keep = new Set(records.map((record) => record.importId));
  const summary: PublishSummary = { added: [], removed: [] };

  for (const gone of catalog.imports.filter((entry) => !keep.has(entry.id))) {
    let parts = 0;
    for (const table of Object.values(catalog.tables)) {
      for (const partition of table.partitions.filter((candidate) => candidate.importId === gone.id)) {
        await target.remove(partition.file);
        parts += 1;
      }
      table.partitions = table.partitions.filter((candidate) => candidate.importId !== gone.id);
    }
    summary.removed.push({ importId: gone.id, source: gone.source, parts });
  }
  catalog.imports = catalog.imports.filter((entry) => keep.has(entry.id));

  const published = new Set(catalog.imports.map((entry) => entry.id));
  const fresh = records.filter((record) => !published.has(record.importId));
  if (fresh.length > 0) {
    const engine = await NativeSqlEngine.open();
    try {
      for (const record of fresh) {
        const partitions = await publishImport(engine, workspaceDir, record, target);
        for (const partition of partitions) {
          const table = (catalog.tables[partition.table] ??= { columns: [], partitions: [] });
          table.columns = (lakeTables[partition.table] ?? []).map(({ name, type }) => ({ name, type }));
          table.partitions.push(partition.part);
        }
        catalog.imports.push({ id: record.importId, source: record.sourceFile, publishedAt: new Date().toISOString() });
        summary.added.push({
          importId: record.importId,
          source: record.sourceFile,
          parts: partitions.length,
          rows: partitions.reduce((sum, partition) => sum + partition.part.rows, 0),
        });
      }
    } finally {
      engine.close();
    }
  }
  if (!existing || summary.added.length > 0 || summary.removed.length > 0) {
    await target.write(catalogPath, new TextEncoder().encode(JSON.stringify(catalog, null, 1)));
  }
  return summary;
}

/**
 * The relation each lake table of one import is read from: its workspace files, and the results whole again
 * (result_values joined to result_wafers on the import's own wafer numbers; older imports wrote them whole).
 */
function importSources(workspaceDir: string, record: ImportRecord): Map<string, string> {
  const byTable = new Map<string, string[]>();
  for (const [table, path] of importFiles(record)) byTable.set(table, [...(byTable.get(table) ?? []), join(workspaceDir, path)]);
  // Workspace file paths come from our own manifest (tables/<table>/<importId>.parquet), not from data.
  const read = (files: readonly string[]): string => `read_parquet([${files.map(quoteLiteral).join(', ')}], union_by_name = true)`;
  const sources = new Map<string, string>();
  for (const [table, files] of byTable) {
    if (table === 'result_wafers') continue;
    if (table === 'result_values') {
      const wafers = byTable.get('result_wafers') ?? [];
      if (wafers.length === 0) continue;
      sources.set('results', `(${joinedResultsSql(read(files), read(wafers))})`);
    } else {
      sources.set(table, read(files));
    }
  }
  return sources;
}

/** One import's parts: for each lake table it supplied, one COPY per (product, lot) value pair. */
async function publishImport(
  engine: NativeSqlEngine,
  workspaceDir: string,
  record: ImportRecord,
  target: LakeTarget,
): Promise<{ table: string; part: LakePartition }[]> {
  const parts: { table: string; part: LakePartition }[] = [];
  for (const [table, source] of importSources(workspaceDir, record)) {
    const keys = partitionColumns(lakeTables[table] ?? []);
    const values = keys.length === 0
      ? [{}]
      : (await engine.query(`SELECT DISTINCT ${keys.map(quoteIdent).join(', ')} FROM ${source}`)).toArray().map((row) => row.toJSON() as Record<string, string | null>);
    for (const value of values) {
      const partition: { product?: string | null; lot?: string | null } = {};
      for (const key of keys) partition[key] = value[key] ?? null;
      const file = partFilePath(table, partition, record.importId);
      const params: SqlParam[] = keys.map((key) => partition[key] ?? null);
      const where = keys.length === 0 ? '' : `WHERE ${keys.map((key, index) => `${quoteIdent(key)} IS NOT DISTINCT FROM $${index + 1}`).join(' AND ')}`;
      const written = await engine.query(
        `COPY (SELECT * FROM ${source} ${where}) TO ${quoteLiteral(target.stagingFile(file))} (FORMAT parquet, COMPRESSION zstd)`,
        params,
      );
      await target.commit(file);
      const rows = Number((written.toArray()[0]?.toJSON() as Record<string, unknown> | undefined)?.Count ?? 0);
      parts.push({ table, part: { product: partition.product ?? null, lot: partition.lot ?? null, file, importId: record.importId, rows } });
    }
  }
  return parts;
}
