/**
 * Staging of imported wafer maps and KLARF defects: the readers' rows arrive as an Arrow relation
 * (text and integer columns, file values never in SQL text) and are typed into the import's staging
 * table here, with the import id bound.
 */
import { quoteIdent } from '../engine/sqlEngine.ts';
import { SqlParameters, type BoundSql } from './boundSql.ts';
import { stagingTable } from './staging.ts';

/** `stage_map_dies_<id>` from a raw relation of product, lot, wafer, x, y, bin, bin_name, pass (0/1), map_format. */
export function stageMapDiesSql(rawTable: string, importId: string): BoundSql {
  const parameters = new SqlParameters();
  const id = parameters.typed(importId, 'VARCHAR');
  return parameters.statement(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(stagingTable('map_dies', importId))} AS
     SELECT product::VARCHAR AS product, lot::VARCHAR AS lot, wafer::VARCHAR AS wafer, x::INTEGER AS x, y::INTEGER AS y,
            bin::INTEGER AS bin, bin_name::VARCHAR AS bin_name, (pass <> 0)::BOOLEAN AS pass, map_format::VARCHAR AS map_format,
            ${id} AS import_id
     FROM ${quoteIdent(rawTable)}`);
}

/** `stage_defects_<id>` from a raw relation of lot, wafer, x, y, defect_id, class_number, class_name, step. */
export function stageDefectsSql(rawTable: string, importId: string): BoundSql {
  const parameters = new SqlParameters();
  const id = parameters.typed(importId, 'VARCHAR');
  return parameters.statement(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(stagingTable('defects', importId))} AS
     SELECT lot::VARCHAR AS lot, wafer::VARCHAR AS wafer, x::INTEGER AS x, y::INTEGER AS y, defect_id::INTEGER AS defect_id,
            class_number::INTEGER AS class_number, class_name::VARCHAR AS class_name, step::VARCHAR AS step, ${id} AS import_id
     FROM ${quoteIdent(rawTable)}`);
}

/**
 * Kill ratio per defect class over the tested dies (`dies`, final result) of the wafers that have
 * defects: fail rate of dies with a defect of that class minus fail rate of dies without any defect
 * on the same wafers. Columns: class_name, dies_with_defect, fail_rate_with, fail_rate_without,
 * kill_ratio; highest kill ratio first. `lot` narrows to one lot (null: every lot).
 */
export function killRatioSql(lot: string | null): BoundSql {
  const parameters = new SqlParameters();
  const lotValue = parameters.typed(lot, 'VARCHAR');
  return parameters.statement(`WITH inspected AS (
      SELECT DISTINCT lot, wafer FROM defects WHERE ${lotValue} IS NULL OR lot = ${lotValue}),
    tested AS (
      SELECT d.lot, d.wafer, d.x, d.y, d.pass FROM dies d JOIN inspected USING (lot, wafer) WHERE d.x IS NOT NULL AND d.y IS NOT NULL),
    hit AS (
      SELECT DISTINCT t.lot, t.wafer, t.x, t.y, t.pass, f.class_name
      FROM tested t JOIN defects f ON f.lot = t.lot AND f.wafer = t.wafer AND f.x = t.x AND f.y = t.y),
    clean AS (
      SELECT avg(CASE WHEN pass THEN 0 ELSE 1 END) AS rate FROM tested t
      WHERE NOT EXISTS (SELECT 1 FROM hit h WHERE h.lot = t.lot AND h.wafer = t.wafer AND h.x = t.x AND h.y = t.y))
    SELECT class_name, count(*)::INTEGER AS dies_with_defect, avg(CASE WHEN pass THEN 0 ELSE 1 END)::DOUBLE AS fail_rate_with,
           coalesce((SELECT rate FROM clean), 0)::DOUBLE AS fail_rate_without,
           (avg(CASE WHEN pass THEN 0 ELSE 1 END) - coalesce((SELECT rate FROM clean), 0))::DOUBLE AS kill_ratio
    FROM hit GROUP BY class_name ORDER BY kill_ratio DESC, class_name`);
}
