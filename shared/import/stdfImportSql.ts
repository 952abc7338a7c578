/** SQL that turns the raw Arrow relations of one STDF file into the canonical staging tables. */
import { quoteIdent, quoteLiteral } from '../engine/sqlEngine.ts';
import { rowidSlices } from '../sql/csvImportSql.ts';
import type { CanonicalTableName } from '../schema/canonical.ts';

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

function text(value: string | null): string {
  return value === null ? 'NULL::VARCHAR' : quoteLiteral(value);
}

function number(value: number | null, type: string): string {
  return value === null || !Number.isFinite(value) ? `NULL::${type}` : `${value}::${type}`;
}

/** TIMESTAMP (UTC, no time zone) from epoch seconds; NaN or NULL gives NULL. */
function timestamp(secondsExpression: string): string {
  return `CASE WHEN isnan(${secondsExpression}) THEN NULL ELSE make_timestamp((${secondsExpression} * 1000000)::BIGINT) END`;
}

/** Every PRR in file order, `__row` kept for commitImport; x/y -32768 and bins 65535 become NULL. */
export function stdfInsertionsSql(context: StdfSqlContext): string {
  const { names, header } = context;
  const mirStart = number(header.startSeconds, 'DOUBLE');
  return `CREATE OR REPLACE TEMP TABLE ${context.target('die_insertions')} AS
    SELECT ${text(header.product)} AS product, ${text(header.lot)} AS lot, w.wafer_id AS wafer,
           NULLIF(p.x, -32768)::INTEGER AS x, NULLIF(p.y, -32768)::INTEGER AS y, NULLIF(p.part_id, '') AS part_id,
           p.site::INTEGER AS site, NULLIF(p.hard_bin, 65535)::INTEGER AS hard_bin, NULLIF(p.soft_bin, 65535)::INTEGER AS soft_bin,
           (p.pass = 1) AS pass, p.insertion::INTEGER AS insertion,
           ${timestamp(`coalesce(w.start_s, ${mirStart})`)} AS tested_at,
           NULLIF(p.test_time_ms, 0)::DOUBLE AS test_time_ms, ${quoteLiteral(context.importId)} AS import_id, p.row::BIGINT AS __row
    FROM ${quoteIdent(names.parts)} p LEFT JOIN ${quoteIdent(names.wafers)} w ON w.wafer_index = p.wafer_index
    ORDER BY p.row`;
}

/** Final result per die (the reader's consolidation: last PRR per wafer and X/Y, else per PART_ID). */
export function stdfDiesSql(context: StdfSqlContext): string {
  const insertions = context.target('die_insertions');
  return `CREATE OR REPLACE TEMP TABLE ${context.target('dies')} AS
    SELECT first(i.product) AS product, first(i.lot) AS lot, first(i.wafer) AS wafer, first(i.x) AS x, first(i.y) AS y,
           last(i.part_id ORDER BY i.__row) AS part_id, last(i.site ORDER BY i.__row) AS site,
           last(i.hard_bin ORDER BY i.__row) AS hard_bin, last(i.soft_bin ORDER BY i.__row) AS soft_bin,
           last(i.pass ORDER BY i.__row) AS pass, first(i.pass ORDER BY i.__row) AS first_pass, count(*)::INTEGER AS insertions,
           last(i.tested_at ORDER BY i.__row) AS tested_at, last(i.test_time_ms ORDER BY i.__row) AS test_time_ms,
           ${quoteLiteral(context.importId)} AS import_id
    FROM ${insertions} i JOIN ${quoteIdent(context.names.parts)} p ON p.row = i.__row
    GROUP BY p.die ORDER BY min(i.__row)`;
}

/** One row per WIR (or one wafer-less row for final test), with the tester, program and WCR geometry. */
export function stdfWafersSql(context: StdfSqlContext): string {
  const { names, header } = context;
  const columns = `${text(header.product)} AS product, ${text(header.lot)} AS lot`;
  const equipment = `${text(header.tester)} AS tester, ${text(header.probeCard)} AS probe_card, ${text(header.program)} AS program`;
  const geometry = `${number(header.waferSizeMm, 'DOUBLE')} AS wafer_size_mm, ${number(header.dieWidthMm, 'DOUBLE')} AS die_width_mm,
    ${number(header.dieHeightMm, 'DOUBLE')} AS die_height_mm, ${text(header.flat)} AS flat, ${text(header.posX)} AS pos_x,
    ${text(header.posY)} AS pos_y, ${number(header.centerX, 'INTEGER')} AS center_x, ${number(header.centerY, 'INTEGER')} AS center_y,
    ${quoteLiteral(context.importId)} AS import_id`;
  const mirStart = number(header.startSeconds, 'DOUBLE');
  const mrrFinish = number(header.finishSeconds, 'DOUBLE');
  return `CREATE OR REPLACE TEMP TABLE ${context.target('wafers')} AS
    SELECT ${columns}, w.wafer_id AS wafer, ${equipment},
           ${timestamp(`coalesce(w.start_s, ${mirStart}, 'NaN'::DOUBLE)`)} AS start_time,
           ${timestamp(`coalesce(w.finish_s, ${mrrFinish}, 'NaN'::DOUBLE)`)} AS end_time, ${geometry}
    FROM ${quoteIdent(names.wafers)} w
    UNION ALL
    SELECT ${columns}, NULL::VARCHAR AS wafer, ${equipment},
           ${timestamp(`coalesce(${mirStart}, 'NaN'::DOUBLE)`)}, ${timestamp(`coalesce(${mrrFinish}, 'NaN'::DOUBLE)`)}, ${geometry}
    WHERE EXISTS (SELECT 1 FROM ${quoteIdent(names.parts)} WHERE wafer_index < 0)`;
}

/** One row per TEST_NUM (first definition wins); limits in the stored units, like the result values. */
export function stdfTestsSql(context: StdfSqlContext): string {
  return `CREATE OR REPLACE TEMP TABLE ${context.target('tests')} AS
    SELECT ${text(context.header.product)} AS product, test_num, first(NULLIF(name, '') ORDER BY test_index) AS name,
           first(NULLIF(units, '') ORDER BY test_index) AS units,
           first(CASE WHEN isnan(lo_limit) THEN NULL ELSE lo_limit END ORDER BY test_index) AS lo_limit,
           first(CASE WHEN isnan(hi_limit) THEN NULL ELSE hi_limit END ORDER BY test_index) AS hi_limit,
           ${quoteLiteral(context.importId)} AS import_id
    FROM ${quoteIdent(context.names.tests)} GROUP BY test_num ORDER BY test_num`;
}

/**
 * Long results: the die key and insertion of the part, test number, value. The raw relation holds only the valid
 * results (filtered while it is built, not here: a filter would change DuckDB's join plan and the row order).
 * The table lives in the compressed database, not TEMP: uncompressed, a 27M-result file takes 2.9 GB of wasm's 4 GB.
 * More raw rows than `sliceRows` are staged slice by slice (raw rows in file order): one statement over all of
 * them keeps every new row uncompressed until it commits and runs out of memory.
 */
export function stdfResultsSql(context: StdfSqlContext, rawRows: number, sliceRows: number): string[] {
  const { names } = context;
  const target = context.target('results');
  const select = `SELECT i.product, i.lot, i.wafer, i.x, i.y, i.insertion, t.test_num, r.value::DOUBLE AS value, i.import_id
    FROM ${quoteIdent(names.results)} r
    JOIN ${context.target('die_insertions')} i ON i.__row = r.row
    JOIN ${quoteIdent(names.tests)} t ON t.test_index = r.test_index`;
  const slices = rowidSlices(rawRows, sliceRows, 'r.rowid');
  if (slices.length === 1) return [`CREATE OR REPLACE TABLE ${target} AS ${select}`];
  return [`CREATE OR REPLACE TABLE ${target} AS ${select} LIMIT 0`, ...slices.map((slice) => `INSERT INTO ${target} ${select}${slice}`)];
}

/** Bin names from HBR/SBR; pass from their P/F, else "every part that got the bin passed". */
export function stdfBinsSql(context: StdfSqlContext): string {
  const insertions = context.target('die_insertions');
  return `CREATE OR REPLACE TEMP TABLE ${context.target('bins')} AS
    WITH declared AS (
      SELECT bin_type, bin, first(NULLIF(trim(name), '')) AS name, max(pass_flag) AS pass_flag FROM ${quoteIdent(context.names.bins)} GROUP BY bin_type, bin),
    observed AS (
      SELECT 'hard' AS bin_type, hard_bin AS bin, bool_and(pass) AS pass FROM ${insertions} WHERE hard_bin IS NOT NULL GROUP BY hard_bin
      UNION ALL
      SELECT 'soft', soft_bin, bool_and(pass) FROM ${insertions} WHERE soft_bin IS NOT NULL GROUP BY soft_bin)
    SELECT ${text(context.header.product)} AS product, coalesce(d.bin_type, o.bin_type) AS bin_type, coalesce(d.bin, o.bin)::INTEGER AS bin,
           d.name, CASE WHEN d.pass_flag = 1 THEN true WHEN d.pass_flag = 0 THEN false ELSE o.pass END AS pass,
           ${quoteLiteral(context.importId)} AS import_id
    FROM declared d FULL OUTER JOIN observed o ON d.bin_type = o.bin_type AND d.bin = o.bin
    ORDER BY bin_type, bin`;
}

/** Every piece of test equipment the file names (MIR, SDR) for every wafer of the file (final test: wafer NULL). */
export function stdfTestEquipmentSql(context: StdfSqlContext): string {
  return `CREATE OR REPLACE TEMP TABLE ${context.target('test_equipment')} AS
    WITH file_wafers AS (SELECT DISTINCT wafer FROM ${context.target('wafers')})
    SELECT ${text(context.header.lot)} AS lot, w.wafer, e.kind, e.equipment_id, ${quoteLiteral(context.importId)} AS import_id
    FROM file_wafers w CROSS JOIN ${quoteIdent(context.names.equipment)} e
    ORDER BY w.wafer, e.kind, e.equipment_id`;
}
