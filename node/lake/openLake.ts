import { readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Table } from 'apache-arrow';
import { quoteIdent, quoteLiteral } from '../../shared/engine/sqlEngine.ts';
import { checkUserSql, runStoppable, userQuerySql, UserSqlError, type UserQueryOptions } from '../../shared/engine/userSql.ts';
import { createEmptyRelationSql, derivedViewsSql, lakeTableNames, lakeTables, waferSummaryViewSql } from '../../shared/schema/canonical.ts';
import { waferTestSummaryViewSql } from '../../shared/schema/waferTestSummary.ts';
import { NativeSqlEngine } from '../engine/nativeEngine.ts';
import { oneRowPerKeySql } from '../../shared/workspace/manifest.ts';
import { catalogPath, parseCatalog, type LakeCatalog } from './lakeLayout.ts';

/**
 * Create one view per canonical table over the parts a lake folder's catalog lists (measured faster
 * than a `**` glob: 3-4 ms against 11-12 ms for a per-lot yield over the sample's dies, the same
 * within noise on a 3M-result scan; and an S3 listing costs a round trip per 1,000 keys), one row
 * per key of the descriptive tables, and the derived views on top. Returns the catalog.
 */
export async function createLakeViews(engine: NativeSqlEngine, root: string, onTable?: (table: string, done: number, total: number) => void): Promise<LakeCatalog> {
  const folder = resolve(root);
  const where = join(folder, catalogPath);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(where);
  } catch {
    throw new Error(`${where}: no lake catalog here (publish one with yield-monitor lake publish)`);
  }
  const catalog = parseCatalog(bytes, where);
  for (const [index, table] of lakeTableNames.entries()) {
    onTable?.(table, index, lakeTableNames.length);
    const files = catalog.tables[table]?.partitions.map((partition) => resolve(folder, partition.file)) ?? [];
    const outside = files.find((file) => !file.startsWith(folder + sep));
    if (outside) throw new Error(`${where}: table ${table} lists a part outside the lake (${outside})`);
    if (files.length === 0) await engine.exec(createEmptyRelationSql(table, lakeTables[table] ?? []));
    // The file names come from the catalog after the check above; DuckDB takes no parameters in a view.
    // One row per key of the descriptive tables, as a workspace keeps (the lake has every import's rows).
    else await engine.exec(`CREATE OR REPLACE VIEW ${quoteIdent(table)} AS SELECT * FROM read_parquet([${files.map(quoteLiteral).join(', ')}], union_by_name = true) ${oneRowPerKeySql(table)}`);
  }
  for (const sql of [...derivedViewsSql, waferSummaryViewSql, waferTestSummaryViewSql]) await engine.exec(sql);
  return catalog;
}

/**
 * A lake folder opened read-only as a "fab" workspace on native DuckDB (createLakeViews), then the
 * engine is locked like the console's: external access only to the lake root, configuration locked.
 */
export async function openLakeEngine(root: string): Promise<NativeSqlEngine> {
  const folder = resolve(root);
  const engine = await NativeSqlEngine.open({ config: { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' } });
  try {
    await createLakeViews(engine, folder);
    await engine.exec(`SET allowed_directories = [${quoteLiteral(folder + sep)}]`);
    await engine.exec('SET enable_external_access = false');
    await engine.exec('SET lock_configuration = true');
  } catch (error) {
    engine.close();
    throw error;
  }
  return engine;
}

/** One user query over a lake engine: the shared text guard, one SELECT/EXPLAIN by DuckDB's parser, a timeout. */
export async function runLakeQuery(engine: NativeSqlEngine, text: string, options: UserQueryOptions = {}): Promise<Table> {
  const checked = checkUserSql(text);
  const types = await engine.statementTypes(`${checked.explain} ${checked.query}`);
  if (types.length !== 1) throw new UserSqlError('multiple-statements', `only one statement may run at a time (DuckDB found ${types.length})`);
  const type = types[0] ?? '';
  if (type !== 'SELECT' && type !== 'EXPLAIN') throw new UserSqlError('not-read-only', `read-only: a ${type} statement may not run here`, type);
  return runStoppable(engine, userQuerySql(checked, options.maxRows), options);
}
