/**
 * Staging: every import first builds its rows in per-import staging relations (`stage_<table>_<id>`),
 * which the workspace then writes and appends. This module holds the staging names, the slicing of
 * large tables, and the SQL that turns one STDF file's raw Arrow relations into canonical staging
 * tables. Values from the file (lot, product, tester, probe card, test names ...) are bound
 * parameters, never spliced into the statement: a NUL or a quote in a tester's lot id cannot change it.
 */
import { quoteIdent, quoteLiteral } from '../engine/sqlEngine.ts';
import type { CanonicalTableName } from '../schema/canonical.ts';
import { SqlParameters, type BoundSql } from './boundSql.ts';

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

/** Every staging relation an import may create (die data, descriptive tables, equipment). */
export const stagedTables: readonly CanonicalTableName[] = [
  'die_insertions', 'dies', 'wafers', 'result_wafers', 'result_values', 'tests', 'bins', 'equipment_history', 'equipment_events', 'sensor_summaries', 'test_equipment',
  'map_dies', 'defects',
];

/** Statements dropping every staging relation of an import (after it was persisted, or when it is abandoned). */
export function dropStagingSql(importId: string): string[] {
  return [...stagedTables.map((table) => stagingTable(table, importId)), wideResultsStaging(importId)].map((name) => `DROP TABLE IF EXISTS ${quoteIdent(name)}`);
}

/**
 * The staging relation where a CSV-like import builds its results with the columns of the `results` view
 * (product, lot, wafer, x, y, insertion, test_num, test_key, value, import_id); splitWideResultsSql
 * turns it into the stored halves.
 */
export function wideResultsStaging(importId: string): string {
  return `stage_results_${importId.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/**
 * Statements splitting a relation with the `results` view's columns into the staged `result_wafers`
 * (one row per product, lot, wafer and import, numbered 0, 1, ... in order of first appearance) and
 * `result_values` (the rows in their order, keyed by that number), then dropping it.
 */
export function splitWideResultsSql(importId: string): string[] {
  const wide = quoteIdent(wideResultsStaging(importId));
  const wafers = quoteIdent(stagingTable('result_wafers', importId));
  const sameWafer = ['product', 'lot', 'wafer', 'import_id'].map((column) => `w.${column} IS NOT DISTINCT FROM r.${column}`).join(' AND ');
  return [
    `CREATE OR REPLACE TEMP TABLE ${wafers} AS
     SELECT (row_number() OVER (ORDER BY first_row) - 1)::BIGINT AS wafer_key, product, lot, wafer, import_id
     FROM (SELECT product, lot, wafer, import_id, min(rowid) AS first_row FROM ${wide} GROUP BY product, lot, wafer, import_id)`,
    `CREATE OR REPLACE TABLE ${quoteIdent(stagingTable('result_values', importId))} AS
     SELECT w.wafer_key, r.x, r.y, r.insertion, r.test_num, r.test_key, r.value
     FROM ${wide} r JOIN ${wafers} w ON ${sameWafer} ORDER BY r.rowid`,
    `DROP TABLE ${wide}`,
  ];
}

/** Stage a registered CSV whose columns already use canonical names (`selectList` is our own SQL). */
export function canonicalCsvStagingSql(table: CanonicalTableName, registeredName: string, importId: string, selectList: string): BoundSql {
  const parameters = new SqlParameters();
  const id = parameters.typed(importId, 'VARCHAR');
  // read_csv takes its file name as a constant, not a parameter; the name is ours (upload/<id>.csv), never the file's.
  return parameters.statement(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(stagingTable(table, importId))} AS
     SELECT ${selectList}, ${id} AS import_id FROM read_csv(${quoteLiteral(registeredName)}, header = true, auto_detect = true)`);
}

// --- STDF ---------------------------------------------------------------------------------------

/** Constants of one STDF file (MIR, MRR, SDR, WCR), already converted (lengths in mm). */
export interface StdfHeader {
  product: string;
  lot: string;
  tester: string | null;
  program: string | null;
  probeCard: string | null;
  startSeconds: number | null;
  finishSeconds: number | null;
  waferSizeMm: number | null;
  dieWidthMm: number | null;
  dieHeightMm: number | null;
  flat: string | null;
  posX: string | null;
  posY: string | null;
  centerX: number | null;
  centerY: number | null;
}

/** What every staging statement needs: raw relation names, header constants, import id, staging names. */
export interface StdfSqlContext {
  names: { parts: string; wafers: string; tests: string; results: string; bins: string; equipment: string };
  header: StdfHeader;
  importId: string;
  target: (table: CanonicalTableName) => string;
}

/** TIMESTAMP (UTC, no time zone) from epoch seconds; NaN or NULL gives NULL. */
function timestamp(secondsExpression: string): string {
  return `CASE WHEN isnan(${secondsExpression}) THEN NULL ELSE make_timestamp((${secondsExpression} * 1000000)::BIGINT) END`;
}

/** Every PRR in file order, `__row` kept for commitImport; x/y -32768 and bins 65535 become NULL. */
export function stdfInsertionsSql(context: StdfSqlContext): BoundSql {
  const { names, header } = context;
  const bound = new SqlParameters();
  const product = bound.typed(header.product, 'VARCHAR');
  const lot = bound.typed(header.lot, 'VARCHAR');
  const mirStart = bound.typed(header.startSeconds, 'DOUBLE');
  const importId = bound.typed(context.importId, 'VARCHAR');
  return bound.statement(`CREATE OR REPLACE TEMP TABLE ${context.target('die_insertions')} AS
    SELECT ${product} AS product, ${lot} AS lot, w.wafer_id AS wafer,
           NULLIF(p.x, -32768)::INTEGER AS x, NULLIF(p.y, -32768)::INTEGER AS y, NULLIF(p.part_id, '') AS part_id,
           p.site::INTEGER AS site, NULLIF(p.hard_bin, 65535)::INTEGER AS hard_bin, NULLIF(p.soft_bin, 65535)::INTEGER AS soft_bin,
           (p.pass = 1) AS pass, p.insertion::INTEGER AS insertion,
           ${timestamp(`coalesce(w.start_s, ${mirStart})`)} AS tested_at,
           NULLIF(p.test_time_ms, 0)::DOUBLE AS test_time_ms, ${importId} AS import_id, p.row::BIGINT AS __row
    FROM ${quoteIdent(names.parts)} p LEFT JOIN ${quoteIdent(names.wafers)} w ON w.wafer_index = p.wafer_index
    ORDER BY p.row`);
}

/** Final result per die (the reader's consolidation: last PRR per wafer and X/Y, else per PART_ID). */
export function stdfDiesSql(context: StdfSqlContext): BoundSql {
  const insertions = context.target('die_insertions');
  const bound = new SqlParameters();
  return bound.statement(`CREATE OR REPLACE TEMP TABLE ${context.target('dies')} AS
    SELECT first(i.product) AS product, first(i.lot) AS lot, first(i.wafer) AS wafer, first(i.x) AS x, first(i.y) AS y,
           last(i.part_id ORDER BY i.__row) AS part_id, last(i.site ORDER BY i.__row) AS site,
           last(i.hard_bin ORDER BY i.__row) AS hard_bin, last(i.soft_bin ORDER BY i.__row) AS soft_bin,
           last(i.pass ORDER BY i.__row) AS pass, first(i.pass ORDER BY i.__row) AS first_pass, count(*)::INTEGER AS insertions,
           last(i.tested_at ORDER BY i.__row) AS tested_at, last(i.test_time_ms ORDER BY i.__row) AS test_time_ms,
           ${bound.typed(context.importId, 'VARCHAR')} AS import_id
    FROM ${insertions} i JOIN ${quoteIdent(context.names.parts)} p ON p.row = i.__row
    GROUP BY p.die ORDER BY min(i.__row)`);
}

/** One row per WIR (or one wafer-less row for final test), with the tester, program and WCR geometry. */
export function stdfWafersSql(context: StdfSqlContext): BoundSql {
  const { names, header } = context;
  const bound = new SqlParameters();
  const text = (value: string | null): string => bound.typed(value, 'VARCHAR');
  const columns = `${text(header.product)} AS product, ${text(header.lot)} AS lot`;
  const equipment = `${text(header.tester)} AS tester, ${text(header.probeCard)} AS probe_card, ${text(header.program)} AS program`;
  const geometry = `${bound.typed(header.waferSizeMm, 'DOUBLE')} AS wafer_size_mm, ${bound.typed(header.dieWidthMm, 'DOUBLE')} AS die_width_mm,
    ${bound.typed(header.dieHeightMm, 'DOUBLE')} AS die_height_mm, ${text(header.flat)} AS flat, ${text(header.posX)} AS pos_x,
    ${text(header.posY)} AS pos_y, ${bound.typed(header.centerX, 'INTEGER')} AS center_x, ${bound.typed(header.centerY, 'INTEGER')} AS center_y,
    ${text(context.importId)} AS import_id`;
  const mirStart = bound.typed(header.startSeconds, 'DOUBLE');
  const mrrFinish = bound.typed(header.finishSeconds, 'DOUBLE');
  // Placeholders are numbered ($n), so the second SELECT reuses the same parameters.
  return bound.statement(`CREATE OR REPLACE TEMP TABLE ${context.target('wafers')} AS
    SELECT ${columns}, w.wafer_id AS wafer, ${equipment},
           ${timestamp(`coalesce(w.start_s, ${mirStart}, 'NaN'::DOUBLE)`)} AS start_time,
           ${timestamp(`coalesce(w.finish_s, ${mrrFinish}, 'NaN'::DOUBLE)`)} AS end_time, ${geometry},
           NULLIF(w.outline_source, '') AS outline_source
    FROM ${quoteIdent(names.wafers)} w
    UNION ALL
    SELECT ${columns}, NULL::VARCHAR AS wafer, ${equipment},
           ${timestamp(`coalesce(${mirStart}, 'NaN'::DOUBLE)`)}, ${timestamp(`coalesce(${mrrFinish}, 'NaN'::DOUBLE)`)}, ${geometry},
           NULL::VARCHAR AS outline_source
    WHERE EXISTS (SELECT 1 FROM ${quoteIdent(names.parts)} WHERE wafer_index < 0)`);
}

/**
 * One row per import test (test_key; see ImportTest in shared/import/stdfImport.ts): number, kind (PTR, MPR,
 * FTR), MPR pin, name, units and limits in the stored units, like the result values.
 */
export function stdfTestsSql(context: StdfSqlContext): BoundSql {
  const bound = new SqlParameters();
  return bound.statement(`CREATE OR REPLACE TEMP TABLE ${context.target('tests')} AS
    SELECT ${bound.typed(context.header.product, 'VARCHAR')} AS product, test_key::INTEGER AS test_key, test_num::INTEGER AS test_num,
           kind, NULLIF(pin, -1)::INTEGER AS pin, NULLIF(name, '') AS name, NULLIF(units, '') AS units,
           CASE WHEN isnan(lo_limit) THEN NULL ELSE lo_limit END AS lo_limit,
           CASE WHEN isnan(hi_limit) THEN NULL ELSE hi_limit END AS hi_limit,
           ${bound.typed(context.importId, 'VARCHAR')} AS import_id
    FROM ${quoteIdent(context.names.tests)} ORDER BY test_num, test_index`);
}

/**
 * The file's wafers as `result_wafers` rows (wafer_key: the WIR's index + 1; 0 for parts outside any
 * wafer, final test), for the wafers its parts name.
 */
export function stdfResultWafersSql(context: StdfSqlContext): BoundSql {
  const { names, header } = context;
  const bound = new SqlParameters();
  return bound.statement(`CREATE OR REPLACE TEMP TABLE ${context.target('result_wafers')} AS
    SELECT ${stdfWaferKey('p.wafer_index')} AS wafer_key, ${bound.typed(header.product, 'VARCHAR')} AS product, ${bound.typed(header.lot, 'VARCHAR')} AS lot,
           w.wafer_id AS wafer, ${bound.typed(context.importId, 'VARCHAR')} AS import_id
    FROM (SELECT DISTINCT wafer_index FROM ${quoteIdent(names.parts)}) p LEFT JOIN ${quoteIdent(names.wafers)} w ON w.wafer_index = p.wafer_index
    ORDER BY wafer_key`);
}

/** The `result_wafers` key of a part's wafer index (negative: no wafer). */
function stdfWaferKey(waferIndex: string): string {
  return `(CASE WHEN ${waferIndex} < 0 THEN 0 ELSE ${waferIndex} + 1 END)::BIGINT`;
}

/**
 * Long results, keyed by the part's wafer (stdfResultWafersSql): x, y and insertion of the part, test number and
 * key, value (NULL: not a measurement). The raw relation holds only results of parts (filtered while it is built,
 * not here: a filter would change DuckDB's join plan and the row order).
 * The table lives in the compressed database, not TEMP: uncompressed, a 27M-result file takes 2.9 GB of wasm's 4 GB.
 * More raw rows than `sliceRows` are staged slice by slice (raw rows in file order): one statement over all of
 * them keeps every new row uncompressed until it commits and runs out of memory.
 */
export function stdfResultsSql(context: StdfSqlContext, rawRows: number, sliceRows: number): BoundSql[] {
  const { names } = context;
  const target = context.target('result_values');
  // A value that is not a measurement arrives as NaN (see resultsTable) and is kept as NULL: counted, never averaged.
  const select = `SELECT ${stdfWaferKey('p.wafer_index')} AS wafer_key, NULLIF(p.x, -32768)::INTEGER AS x, NULLIF(p.y, -32768)::INTEGER AS y,
      p.insertion::INTEGER AS insertion, t.test_num::INTEGER AS test_num, t.test_key::INTEGER AS test_key,
      CASE WHEN isnan(r.value) THEN NULL ELSE r.value::DOUBLE END AS value
    FROM ${quoteIdent(names.results)} r
    JOIN ${quoteIdent(names.parts)} p ON p.row = r.row
    JOIN ${quoteIdent(names.tests)} t ON t.test_index = r.test_index`;
  const slices = rowidSlices(rawRows, sliceRows, 'r.rowid');
  const plain = (sql: string): BoundSql => ({ sql, params: [] });
  if (slices.length === 1) return [plain(`CREATE OR REPLACE TABLE ${target} AS ${select}`)];
  return [plain(`CREATE OR REPLACE TABLE ${target} AS ${select} LIMIT 0`), ...slices.map((slice) => plain(`INSERT INTO ${target} ${select}${slice}`))];
}

/** Bin names from HBR/SBR; pass from their P/F, else "every part that got the bin passed". */
export function stdfBinsSql(context: StdfSqlContext): BoundSql {
  const insertions = context.target('die_insertions');
  const bound = new SqlParameters();
  return bound.statement(`CREATE OR REPLACE TEMP TABLE ${context.target('bins')} AS
    WITH declared AS (
      SELECT bin_type, bin, first(NULLIF(trim(name), '')) AS name, max(pass_flag) AS pass_flag FROM ${quoteIdent(context.names.bins)} GROUP BY bin_type, bin),
    observed AS (
      SELECT 'hard' AS bin_type, hard_bin AS bin, bool_and(pass) AS pass FROM ${insertions} WHERE hard_bin IS NOT NULL GROUP BY hard_bin
      UNION ALL
      SELECT 'soft', soft_bin, bool_and(pass) FROM ${insertions} WHERE soft_bin IS NOT NULL GROUP BY soft_bin)
    SELECT ${bound.typed(context.header.product, 'VARCHAR')} AS product, coalesce(d.bin_type, o.bin_type) AS bin_type, coalesce(d.bin, o.bin)::INTEGER AS bin,
           d.name, CASE WHEN d.pass_flag = 1 THEN true WHEN d.pass_flag = 0 THEN false ELSE o.pass END AS pass,
           ${bound.typed(context.importId, 'VARCHAR')} AS import_id
    FROM declared d FULL OUTER JOIN observed o ON d.bin_type = o.bin_type AND d.bin = o.bin
    ORDER BY bin_type, bin`);
}

/** Every piece of test equipment the file names (MIR, SDR) for every wafer of the file (final test: wafer NULL). */
export function stdfTestEquipmentSql(context: StdfSqlContext): BoundSql {
  const bound = new SqlParameters();
  return bound.statement(`CREATE OR REPLACE TEMP TABLE ${context.target('test_equipment')} AS
    WITH file_wafers AS (SELECT DISTINCT wafer FROM ${context.target('wafers')})
    SELECT ${bound.typed(context.header.lot, 'VARCHAR')} AS lot, w.wafer, e.kind, e.equipment_id, ${bound.typed(context.importId, 'VARCHAR')} AS import_id
    FROM file_wafers w CROSS JOIN ${quoteIdent(context.names.equipment)} e
    ORDER BY w.wafer, e.kind, e.equipment_id`);
}
