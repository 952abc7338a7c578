/** SQL of die-level CSV imports: reading the file, and turning its rows into the canonical staging tables. */
import { quoteIdent, quoteLiteral } from '../engine/sqlEngine.ts';
import { SqlParameters, type BoundSql } from './boundSql.ts';
import { stagingTable, wideResultsStaging } from './staging.ts';

/** A role a CSV column can play in the canonical die tables. */
export type DieColumnRole =
  | 'product' | 'lot' | 'wafer' | 'x' | 'y' | 'site' | 'hard_bin' | 'soft_bin'
  | 'pass' | 'insertion' | 'tested_at' | 'test_time_ms' | 'part_id';

/** A numeric column treated as a parametric test. */
export interface TestColumn {
  column: string;
  testNum: number;
  name: string;
}

/** How the columns of a file map to canonical roles. */
export interface CsvColumnMapping {
  roles: Partial<Record<DieColumnRole, string>>;
  tests: TestColumn[];
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

/** One statement built with its own parameters (DuckDB wants exactly the parameters a statement uses). */
function bindStatement(build: (bound: SqlParameters) => string): BoundSql {
  const bound = new SqlParameters();
  return bound.statement(build(bound));
}

/**
 * Statements that turn a raw staged CSV into the import's canonical staging tables:
 * die_insertions (every row, insertion numbered in file order unless the file says),
 * dies (last insertion per die wins), results (long format) and wafers. The import id and the default
 * product are bound parameters.
 */
export function csvToCanonicalSql(rawTable: string, mapping: CsvColumnMapping, importId: string, defaultProduct: string): BoundSql[] {
  const raw = quoteIdent(rawTable);
  const productColumn = column(mapping, 'product');
  const product = (bound: SqlParameters): string => (productColumn ? `CAST(${productColumn} AS VARCHAR)` : bound.typed(defaultProduct, 'VARCHAR'));
  const keys = (productExpression: string): string[] => [
    productExpression, `CAST(${column(mapping, 'lot')} AS VARCHAR)`, `CAST(${column(mapping, 'wafer')} AS VARCHAR)`,
    `TRY_CAST(${column(mapping, 'x')} AS INTEGER)`, `TRY_CAST(${column(mapping, 'y')} AS INTEGER)`,
  ];
  const explicitInsertion = column(mapping, 'insertion');
  const insertion = (partitionKeys: string[]): string => explicitInsertion
    ? `TRY_CAST(${explicitInsertion} AS INTEGER)`
    : `row_number() OVER (PARTITION BY ${partitionKeys.join(', ')} ORDER BY __row)::INTEGER`;
  const insertions = quoteIdent(stagingTable('die_insertions', importId));
  const statements = [
    bindStatement((bound) => {
      const productValue = product(bound);
      const partitionKeys = keys(productValue);
      return `CREATE OR REPLACE TEMP TABLE ${insertions} AS SELECT
       ${productValue} AS product, CAST(${column(mapping, 'lot')} AS VARCHAR) AS lot, CAST(${column(mapping, 'wafer')} AS VARCHAR) AS wafer,
       TRY_CAST(${column(mapping, 'x')} AS INTEGER) AS x, TRY_CAST(${column(mapping, 'y')} AS INTEGER) AS y,
       ${roleExpression(mapping, 'part_id', 'VARCHAR', 'NULL::VARCHAR')} AS part_id,
       ${roleExpression(mapping, 'site', 'INTEGER', 'NULL::INTEGER')} AS site,
       TRY_CAST(${column(mapping, 'hard_bin')} AS INTEGER) AS hard_bin,
       ${roleExpression(mapping, 'soft_bin', 'INTEGER', 'NULL::INTEGER')} AS soft_bin,
       ${passExpression(mapping)} AS pass,
       ${insertion(partitionKeys)} AS insertion,
       ${roleExpression(mapping, 'tested_at', 'TIMESTAMP', 'NULL::TIMESTAMP')} AS tested_at,
       ${roleExpression(mapping, 'test_time_ms', 'DOUBLE', 'NULL::DOUBLE')} AS test_time_ms,
       ${bound.typed(importId, 'VARCHAR')} AS import_id, __row
     FROM ${raw}`;
    }),
    bindStatement((bound) => `CREATE OR REPLACE TEMP TABLE ${quoteIdent(stagingTable('dies', importId))} AS
     SELECT product, lot, wafer, x, y, last(part_id ORDER BY insertion, __row) AS part_id,
            last(site ORDER BY insertion, __row) AS site, last(hard_bin ORDER BY insertion, __row) AS hard_bin,
            last(soft_bin ORDER BY insertion, __row) AS soft_bin, last(pass ORDER BY insertion, __row) AS pass,
            first(pass ORDER BY insertion, __row) AS first_pass, count(*)::INTEGER AS insertions,
            last(tested_at ORDER BY insertion, __row) AS tested_at, last(test_time_ms ORDER BY insertion, __row) AS test_time_ms,
            ${bound.typed(importId, 'VARCHAR')} AS import_id
     FROM ${insertions} GROUP BY product, lot, wafer, x, y`),
    bindStatement((bound) => `CREATE OR REPLACE TEMP TABLE ${quoteIdent(stagingTable('wafers', importId))} AS
     SELECT product, lot, wafer, NULL::VARCHAR AS tester, NULL::VARCHAR AS probe_card, NULL::VARCHAR AS program,
            min(tested_at) AS start_time, max(tested_at) AS end_time, NULL::DOUBLE AS wafer_size_mm,
            NULL::DOUBLE AS die_width_mm, NULL::DOUBLE AS die_height_mm, NULL::VARCHAR AS flat, NULL::VARCHAR AS pos_x,
            NULL::VARCHAR AS pos_y, NULL::INTEGER AS center_x, NULL::INTEGER AS center_y, ${bound.typed(importId, 'VARCHAR')} AS import_id
     FROM ${insertions} GROUP BY product, lot, wafer`),
  ];
  statements.push(bindStatement((bound) => resultsSql(raw, mapping, importId, keys, insertion, bound, product)));
  return statements;
}

function resultsSql(
  raw: string, mapping: CsvColumnMapping, importId: string, keys: (productExpression: string) => string[], insertion: (keys: string[]) => string, bound: SqlParameters,
  product: (bound: SqlParameters) => string,
): string {
  const target = quoteIdent(wideResultsStaging(importId));
  if (mapping.tests.length === 0) {
    return `CREATE OR REPLACE TEMP TABLE ${target} (product VARCHAR, lot VARCHAR, wafer VARCHAR, x INTEGER, y INTEGER, insertion INTEGER, test_num INTEGER, test_key INTEGER, value DOUBLE, import_id VARCHAR)`;
  }
  const columns = mapping.tests.map((test) => `TRY_CAST(${quoteIdent(test.column)} AS DOUBLE) AS ${quoteIdent(`__t${test.testNum}`)}`);
  const unpivotColumns = mapping.tests.map((test) => quoteIdent(`__t${test.testNum}`)).join(', ');
  const keyExpressions = keys(product(bound));
  return `CREATE OR REPLACE TEMP TABLE ${target} AS
    WITH wide AS (
      SELECT ${keyExpressions.map((expression, index) => `${expression} AS k${index}`).join(', ')}, ${insertion(keyExpressions)} AS insertion, ${columns.join(', ')}
      FROM ${raw})
    SELECT k0 AS product, k1 AS lot, k2 AS wafer, k3 AS x, k4 AS y, insertion,
           CAST(substr(test_column, 4) AS INTEGER) AS test_num, CAST(substr(test_column, 4) AS INTEGER) AS test_key, value, ${bound.typed(importId, 'VARCHAR')} AS import_id
    FROM (UNPIVOT wide ON ${unpivotColumns} INTO NAME test_column VALUE value)`;
}

/** Tests table rows for the test columns of a CSV (names from the header, bound; no limits known). */
export function csvTestsSql(mapping: CsvColumnMapping, importId: string, productExpression: string): BoundSql {
  const target = quoteIdent(stagingTable('tests', importId));
  if (mapping.tests.length === 0) {
    return { sql: `CREATE OR REPLACE TEMP TABLE ${target} (product VARCHAR, test_key INTEGER, test_num INTEGER, name VARCHAR, units VARCHAR, lo_limit DOUBLE, hi_limit DOUBLE, import_id VARCHAR)`, params: [] };
  }
  const bound = new SqlParameters();
  const rows = mapping.tests.map((test) => `(${bound.typed(test.testNum, 'INTEGER')}, ${bound.typed(test.name, 'VARCHAR')})`).join(', ');
  return bound.statement(`CREATE OR REPLACE TEMP TABLE ${target} AS
    SELECT p.product, t.test_num AS test_key, t.test_num, t.name, NULL::VARCHAR AS units, NULL::DOUBLE AS lo_limit, NULL::DOUBLE AS hi_limit, ${bound.typed(importId, 'VARCHAR')} AS import_id
    FROM (SELECT DISTINCT ${productExpression} AS product FROM ${quoteIdent(stagingTable('die_insertions', importId))}) p,
         (VALUES ${rows}) t(test_num, name)`);
}
