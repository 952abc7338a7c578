/**
 * Retest consolidation across files. Each import already keeps one final row per die for its own
 * insertions; when several files test the same die (a first-pass file and a retest file, or two
 * sublots probed twice), the `dies` table must still hold one row per die: the latest test wins.
 *
 * Identity of a die: (product, lot, wafer, x, y) when it has coordinates, else (product, lot,
 * wafer, part_id). The winning row is the one with the latest `tested_at` (ties and missing times:
 * the later import); `first_pass` comes from the earliest row, `insertions` is the sum over files,
 * and `import_id` names the import (file) that supplied the final result.
 */

/** The expression list that identifies one die across imports (columns of the relation aliased `d`). */
const dieIdentity = `d.product, d.lot, d.wafer,
  CASE WHEN d.x IS NULL OR d.y IS NULL THEN NULL ELSE d.x END,
  CASE WHEN d.x IS NULL OR d.y IS NULL THEN NULL ELSE d.y END,
  CASE WHEN d.x IS NULL OR d.y IS NULL THEN d.part_id END`;

/**
 * Lots (with products) where some die has rows from more than one import. Bound parameter $1 is
 * an import id to restrict the check to the lots that import touched, or NULL for all lots. Only
 * lots fed by several imports are looked at die by die (cheap at 10M dies: most lots have one).
 */
export const lotsWithRepeatedDiesSql = `
  WITH touched AS (
    SELECT product, lot FROM dies GROUP BY product, lot
    HAVING count(DISTINCT import_id) > 1 AND ($1::VARCHAR IS NULL OR bool_or(import_id = $1::VARCHAR)))
  SELECT DISTINCT d.product, d.lot
  FROM dies d JOIN touched USING (product, lot)
  GROUP BY ${dieIdentity}
  HAVING count(DISTINCT d.import_id) > 1`;

/**
 * Rewrite the dies of the lots listed in the temp table `repeated_lots(product, lot)` so each die
 * has one row (see the module comment); other lots are untouched.
 */
export const consolidateRepeatedDiesSql = [
  `CREATE OR REPLACE TEMP TABLE consolidated_dies AS
   SELECT * EXCLUDE (first_pass, insertions, latest_rank, earliest_first_pass, total_insertions)
          , earliest_first_pass AS first_pass, total_insertions::INTEGER AS insertions
   FROM (
     SELECT d.*,
            row_number() OVER (PARTITION BY ${dieIdentity} ORDER BY tested_at DESC NULLS LAST, import_id DESC) AS latest_rank,
            first_value(first_pass) OVER (PARTITION BY ${dieIdentity} ORDER BY tested_at ASC NULLS LAST, import_id ASC) AS earliest_first_pass,
            sum(insertions) OVER (PARTITION BY ${dieIdentity}) AS total_insertions
     FROM dies d SEMI JOIN repeated_lots r ON d.product IS NOT DISTINCT FROM r.product AND d.lot = r.lot
   ) WHERE latest_rank = 1`,
  `DELETE FROM dies d WHERE EXISTS (SELECT 1 FROM repeated_lots r WHERE d.product IS NOT DISTINCT FROM r.product AND d.lot = r.lot)`,
  `INSERT INTO dies BY NAME SELECT * FROM consolidated_dies`,
  `DROP TABLE consolidated_dies`,
  `DROP TABLE repeated_lots`,
];

/** Statement creating `repeated_lots` from lotsWithRepeatedDiesSql (same bound parameter). */
export const collectRepeatedLotsSql = `CREATE OR REPLACE TEMP TABLE repeated_lots AS ${lotsWithRepeatedDiesSql}`;
