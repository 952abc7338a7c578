import { quoteIdent, quoteLiteral } from '../engine/sqlEngine.ts';
import type { CsvColumnMapping, DieColumnRole } from '../import/csvColumns.ts';
import type { CanonicalTableName } from '../schema/canonical.ts';

/**
 * Rows per slice when a staged table is committed. A slice is encoded, written and appended on its own:
 * duckdb-wasm builds a query's whole Arrow result in its 4 GB heap and an append keeps its rows
 * uncompressed until it commits, so a 27M-result STDF file moved in one step runs out of memory.
 */
export const defaultSliceRows = 2_000_000;

/**
 * WHERE clauses splitting a table of `rows` rows into slices of at most `sliceRows` by `rowidColumn` (rowid
 * numbers a table's rows in the order they were written); one empty clause when it fits in one slice.
 */
export function rowidSlices(rows: number, sliceRows: number, rowidColumn = 'rowid'): string[] {
  if (rows <= sliceRows) return [''];
  const slices: string[] = [];
  for (let start = 0; start < rows; start += sliceRows) slices.push(` WHERE ${rowidColumn} >= ${start} AND ${rowidColumn} < ${start + sliceRows}`);
  return slices;
}

/** Name of the per-import staging relation that holds one canonical table's new rows. */
export function stagingTable(table: CanonicalTableName, importId: string): string {
  return `stage_${table}_${importId.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** SQL that reads a registered CSV file into a raw staging table, keeping file order in `__row`. */
export function readCsvSql(registeredName: string, rawTable: string): string {
  return `CREATE OR REPLACE TEMP TABLE ${quoteIdent(rawTable)} AS
    SELECT *, row_number() OVER () AS __row
    FROM read_csv(${quoteLiteral(registeredName)}, header = true, auto_detect = true, sample_size = 20480)`;
}

/** SQL describing the columns DuckDB's sniffer found in a registered CSV. */
export function describeCsvSql(registeredName: string): string {
  return `DESCRIBE SELECT * FROM read_csv(${quoteLiteral(registeredName)}, header = true, auto_detect = true, sample_size = 20480)`;
}

function column(mapping: CsvColumnMapping, role: DieColumnRole): string | undefined {
  const name = mapping.roles[role];
  return name ? quoteIdent(name) : undefined;
}

/** Expression of a role's column cast to `type`, or `fallback` when the file has no such column. */
function roleExpression(mapping: CsvColumnMapping, role: DieColumnRole, type: string, fallback: string): string {
  const name = column(mapping, role);
  return name ? `TRY_CAST(${name} AS ${type})` : fallback;
}

/** Pass flag: from a pass column (1/0, true/false, P/F, PASS/FAIL), else hard bin 1 means pass. */
function passExpression(mapping: CsvColumnMapping): string {
  const pass = column(mapping, 'pass');
  if (!pass) return `(TRY_CAST(${column(mapping, 'hard_bin')} AS INTEGER) = 1)`;
  return `(upper(trim(CAST(${pass} AS VARCHAR))) IN ('1', 'TRUE', 'T', 'P', 'PASS', 'Y', 'YES', 'GOOD'))`;
}

/**
 * Statements that turn a raw staged CSV into the import's canonical staging tables:
 * die_insertions (every row, insertion numbered in file order unless the file says),
 * dies (last insertion per die wins), results (long format) and wafers.
 */
export function csvToCanonicalSql(rawTable: string, mapping: CsvColumnMapping, importId: string, defaultProduct: string): string[] {
  const raw = quoteIdent(rawTable);
  const id = quoteLiteral(importId);
  const product = column(mapping, 'product') ? `CAST(${column(mapping, 'product')} AS VARCHAR)` : quoteLiteral(defaultProduct);
  const keys = `${product}, CAST(${column(mapping, 'lot')} AS VARCHAR), CAST(${column(mapping, 'wafer')} AS VARCHAR), TRY_CAST(${column(mapping, 'x')} AS INTEGER), TRY_CAST(${column(mapping, 'y')} AS INTEGER)`;
  const explicitInsertion = column(mapping, 'insertion');
  const insertion = explicitInsertion
    ? `TRY_CAST(${explicitInsertion} AS INTEGER)`
    : `row_number() OVER (PARTITION BY ${keys} ORDER BY __row)::INTEGER`;
  const insertions = quoteIdent(stagingTable('die_insertions', importId));
  const statements = [
    `CREATE OR REPLACE TEMP TABLE ${insertions} AS SELECT
       ${product} AS product, CAST(${column(mapping, 'lot')} AS VARCHAR) AS lot, CAST(${column(mapping, 'wafer')} AS VARCHAR) AS wafer,
       TRY_CAST(${column(mapping, 'x')} AS INTEGER) AS x, TRY_CAST(${column(mapping, 'y')} AS INTEGER) AS y,
       ${roleExpression(mapping, 'part_id', 'VARCHAR', 'NULL::VARCHAR')} AS part_id,
       ${roleExpression(mapping, 'site', 'INTEGER', 'NULL::INTEGER')} AS site,
       TRY_CAST(${column(mapping, 'hard_bin')} AS INTEGER) AS hard_bin,
       ${roleExpression(mapping, 'soft_bin', 'INTEGER', 'NULL::INTEGER')} AS soft_bin,
       ${passExpression(mapping)} AS pass,
       ${insertion} AS insertion,
       ${roleExpression(mapping, 'tested_at', 'TIMESTAMP', 'NULL::TIMESTAMP')} AS tested_at,
       ${roleExpression(mapping, 'test_time_ms', 'DOUBLE', 'NULL::DOUBLE')} AS test_time_ms,
       ${id} AS import_id, __row
     FROM ${raw}`,
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(stagingTable('dies', importId))} AS
     SELECT product, lot, wafer, x, y, last(part_id ORDER BY insertion, __row) AS part_id,
            last(site ORDER BY insertion, __row) AS site, last(hard_bin ORDER BY insertion, __row) AS hard_bin,
            last(soft_bin ORDER BY insertion, __row) AS soft_bin, last(pass ORDER BY insertion, __row) AS pass,
            first(pass ORDER BY insertion, __row) AS first_pass, count(*)::INTEGER AS insertions,
            last(tested_at ORDER BY insertion, __row) AS tested_at, last(test_time_ms ORDER BY insertion, __row) AS test_time_ms,
            ${id} AS import_id
     FROM ${insertions} GROUP BY product, lot, wafer, x, y`,
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(stagingTable('wafers', importId))} AS
     SELECT product, lot, wafer, NULL::VARCHAR AS tester, NULL::VARCHAR AS probe_card, NULL::VARCHAR AS program,
            min(tested_at) AS start_time, max(tested_at) AS end_time, NULL::DOUBLE AS wafer_size_mm,
            NULL::DOUBLE AS die_width_mm, NULL::DOUBLE AS die_height_mm, NULL::VARCHAR AS flat, NULL::VARCHAR AS pos_x,
            NULL::VARCHAR AS pos_y, NULL::INTEGER AS center_x, NULL::INTEGER AS center_y, ${id} AS import_id
     FROM ${insertions} GROUP BY product, lot, wafer`,
  ];
  statements.push(resultsSql(raw, mapping, importId, keys, insertion));
  return statements;
}

function resultsSql(raw: string, mapping: CsvColumnMapping, importId: string, keys: string, insertion: string): string {
  const target = quoteIdent(stagingTable('results', importId));
  if (mapping.tests.length === 0) {
    return `CREATE OR REPLACE TEMP TABLE ${target} (product VARCHAR, lot VARCHAR, wafer VARCHAR, x INTEGER, y INTEGER, insertion INTEGER, test_num INTEGER, value DOUBLE, import_id VARCHAR)`;
  }
  const columns = mapping.tests.map((test) => `TRY_CAST(${quoteIdent(test.column)} AS DOUBLE) AS ${quoteIdent(`__t${test.testNum}`)}`);
  const unpivotColumns = mapping.tests.map((test) => quoteIdent(`__t${test.testNum}`)).join(', ');
  return `CREATE OR REPLACE TEMP TABLE ${target} AS
    WITH wide AS (
      SELECT ${keys.split(', ').map((expression, index) => `${expression} AS k${index}`).join(', ')}, ${insertion} AS insertion, ${columns.join(', ')}
      FROM ${raw})
    SELECT k0 AS product, k1 AS lot, k2 AS wafer, k3 AS x, k4 AS y, insertion,
           CAST(substr(test_column, 4) AS INTEGER) AS test_num, value, ${quoteLiteral(importId)} AS import_id
    FROM (UNPIVOT wide ON ${unpivotColumns} INTO NAME test_column VALUE value)`;
}

/** Tests table rows for the test columns of a CSV (names from the header, no limits known). */
export function csvTestsSql(mapping: CsvColumnMapping, importId: string, productExpression: string): string {
  const target = quoteIdent(stagingTable('tests', importId));
  if (mapping.tests.length === 0) {
    return `CREATE OR REPLACE TEMP TABLE ${target} (product VARCHAR, test_num INTEGER, name VARCHAR, units VARCHAR, lo_limit DOUBLE, hi_limit DOUBLE, import_id VARCHAR)`;
  }
  const rows = mapping.tests.map((test) => `(${test.testNum}, ${quoteLiteral(test.name)})`).join(', ');
  return `CREATE OR REPLACE TEMP TABLE ${target} AS
    SELECT p.product, t.test_num, t.name, NULL::VARCHAR AS units, NULL::DOUBLE AS lo_limit, NULL::DOUBLE AS hi_limit, ${quoteLiteral(importId)} AS import_id
    FROM (SELECT DISTINCT ${productExpression} AS product FROM ${quoteIdent(stagingTable('die_insertions', importId))}) p,
         (VALUES ${rows}) t(test_num, name)`;
}
