/**
 * KLARF defects on a wafer's dies (table `defects`, filled by the import of KLARF files): what the
 * wafer map overlays. Lot and wafer are bound parameters.
 */
import { SqlParameters, type BoundSql } from './boundSql.ts';

/** Dies of one wafer that carry defects: x, y and defects (how many). */
export function waferDefectsSql(lot: string, wafer: string): BoundSql {
  const parameters = new SqlParameters();
  const lotValue = parameters.typed(lot, 'VARCHAR');
  const waferValue = parameters.typed(wafer, 'VARCHAR');
  return parameters.statement(`SELECT x, y, count(*)::INTEGER AS defects
     FROM defects WHERE lot = ${lotValue} AND wafer = ${waferValue} AND x IS NOT NULL AND y IS NOT NULL
     GROUP BY x, y ORDER BY y, x`);
}
