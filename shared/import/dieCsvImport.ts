import { quoteIdent, type SqlEngine } from '../engine/sqlEngine.ts';
import { describeCsvSql, readCsvSql, csvToCanonicalSql, csvTestsSql } from '../sql/csvImportSql.ts';
import { canonicalCsvStagingSql, dropStagingSql, splitWideResultsSql, stagingTable } from '../sql/staging.ts';
import { checkCsvStructure, checkDieCsvValues } from './csvStrict.ts';
import { detectCsvColumns, type CsvColumn, type CsvDetection, type DieColumnRole } from './csvColumns.ts';
import type { CanonicalTableName } from '../schema/canonical.ts';

/** Tables a die-level CSV import fills. */
export const dieCsvTables: CanonicalTableName[] = ['die_insertions', 'dies', 'wafers', 'result_wafers', 'result_values', 'tests'];

/** The outcome of staging one die-level CSV. */
export type DieCsvStaging =
  | { kind: 'staged'; rows: number; dies: number; detection: CsvDetection; warnings: string[] }
  | { kind: 'needs-mapping'; detection: CsvDetection; columns: CsvColumn[] };

/** An import failure that names the file and, where DuckDB says it, the line. */
export class ImportError extends Error {
  constructor(readonly fileName: string, detail: string) {
    super(`${fileName}: ${detail}`);
  }
}

/** Describe the columns of a registered CSV through DuckDB's sniffer. */
export async function describeCsv(engine: SqlEngine, registeredName: string, fileName: string): Promise<CsvColumn[]> {
  try {
    const table = await engine.query(describeCsvSql(registeredName));
    return table.toArray().map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  } catch (error) {
    throw new ImportError(fileName, `not a readable CSV file: ${(error as Error).message}`);
  }
}

/**
 * Stage a die-level CSV (already registered under `registeredName`) into the import's staging
 * tables. Any bad row rejects the whole file (CsvFormatError names file:line:column and what was
 * expected when `text` is given; otherwise DuckDB's message), so a file is imported whole or not at all.
 */
export async function stageDieCsv(
  engine: SqlEngine,
  options: {
    registeredName: string; fileName: string; importId: string; defaultProduct: string; remembered?: Partial<Record<DieColumnRole, string>>;
    /** The file's text (csvText): checked strictly (structure, then values) before anything is staged. */
    text?: string;
  },
): Promise<DieCsvStaging> {
  const parsed = options.text === undefined ? null : checkCsvStructure(options.text, options.fileName);
  const columns = await describeCsv(engine, options.registeredName, options.fileName);
  const detection = detectCsvColumns(columns, options.remembered);
  if (detection.missing.length > 0 || detection.ambiguous.length > 0) return { kind: 'needs-mapping', detection, columns };
  if (parsed) checkDieCsvValues(parsed, detection.mapping, options.fileName);
  const rawTable = `raw_${options.importId}`;
  try {
    await engine.exec(readCsvSql(options.registeredName, rawTable));
  } catch (error) {
    throw new ImportError(options.fileName, `rejected, nothing imported: ${(error as Error).message}`);
  }
  for (const statement of csvToCanonicalSql(rawTable, detection.mapping, options.importId, options.defaultProduct)) await engine.exec(statement.sql, statement.params);
  const tests = csvTestsSql(detection.mapping, options.importId, 'product');
  await engine.exec(tests.sql, tests.params);
  const warnings = await validateStaged(engine, options.importId, options.fileName);
  for (const statement of splitWideResultsSql(options.importId)) await engine.exec(statement);
  const counts = await engine.query(
    `SELECT (SELECT count(*) FROM ${quoteIdent(stagingTable('die_insertions', options.importId))})::BIGINT AS rows,
            (SELECT count(*) FROM ${quoteIdent(stagingTable('dies', options.importId))})::BIGINT AS dies`,
  );
  await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(rawTable)}`);
  const row = counts.get(0);
  return { kind: 'staged', rows: Number(row?.rows ?? 0), dies: Number(row?.dies ?? 0), detection, warnings };
}

/** Rows whose key columns could not be read become a rejection naming the first bad row. */
async function validateStaged(engine: SqlEngine, importId: string, fileName: string): Promise<string[]> {
  const insertions = quoteIdent(stagingTable('die_insertions', importId));
  const bad = await engine.query(
    `SELECT __row::BIGINT AS row_number, count(*) OVER ()::BIGINT AS bad_rows FROM ${insertions}
     WHERE lot IS NULL OR wafer IS NULL OR x IS NULL OR y IS NULL OR hard_bin IS NULL ORDER BY __row LIMIT 1`,
  );
  const first = bad.get(0);
  if (first) {
    await dropStaging(engine, importId);
    // Data row N is line N + 1 of the file (line 1 is the header).
    throw new ImportError(
      fileName,
      `rejected, nothing imported: ${first.bad_rows} row(s) lack a lot, wafer, integer x/y or hard bin; first at line ${Number(first.row_number) + 1}`,
    );
  }
  return [];
}

/** Drop every staging table of an import (after it was persisted, or when it is abandoned). */
export async function dropStaging(engine: SqlEngine, importId: string): Promise<void> {
  for (const statement of dropStagingSql(importId)) await engine.exec(statement);
}

/** Stage a plain table CSV (wafers, tests, bins, equipment history) whose columns already use canonical names. */
export async function stageCanonicalCsv(engine: SqlEngine, table: CanonicalTableName, registeredName: string, importId: string, selectList: string): Promise<void> {
  const statement = canonicalCsvStagingSql(table, registeredName, importId, selectList);
  await engine.exec(statement.sql, statement.params);
}
