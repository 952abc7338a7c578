/**
 * Keys of the stored results (`result_wafers.wafer_key`, `result_values.wafer_key`). An import's Parquet
 * files number its wafers 0, 1, ...; in the open workspace every import's keys are moved into a range of
 * their own, `resultKeySpan` wide, so the `results` view joins each value to its own import's wafer.
 * An import's range is found from its wafers already loaded, else the next free one is taken: the
 * wafers load before the values, and a deferred values load finds its import's range again.
 */
import { quoteIdent, type SqlEngine } from '../engine/sqlEngine.ts';
import { stagingTable } from '../sql/staging.ts';

/** Wafers one import may hold (its keys are 0 .. span - 1 in its files); 2^24 keeps every key exact as a JavaScript number. */
export const resultKeySpan = 2 ** 24;

/** The offset added to an import's file keys in the open workspace (`importId` null: rows of no import, a new range). */
export async function resultKeyOffset(engine: SqlEngine, importId: string | null): Promise<number> {
  const found = await engine.query(
    `SELECT (SELECT min(wafer_key) FROM result_wafers WHERE import_id = $1::VARCHAR)::BIGINT AS own,
            (SELECT max(wafer_key) FROM result_wafers)::BIGINT AS highest`,
    [importId],
  );
  const row = found.get(0);
  const own = row?.own;
  if (importId !== null && own !== null && own !== undefined) return Math.floor(Number(own) / resultKeySpan) * resultKeySpan;
  const highest = row?.highest;
  return highest === null || highest === undefined ? 0 : (Math.floor(Number(highest) / resultKeySpan) + 1) * resultKeySpan;
}

/** The select list that moves a result table's file keys by `offset` (a whole number we computed). */
export function offsetKeysSelect(offset: number): string {
  return `* REPLACE (wafer_key + ${Math.trunc(offset)} AS wafer_key)`;
}

/** Throws when a staged import numbers more wafers than its key range holds. */
export async function checkStagedResultKeys(engine: SqlEngine, importId: string): Promise<void> {
  const found = await engine.query(`SELECT max(wafer_key)::BIGINT AS highest FROM ${quoteIdent(stagingTable('result_wafers', importId))}`);
  const highest = Number(found.get(0)?.highest ?? 0);
  if (highest >= resultKeySpan) throw new Error(`import ${importId}: ${highest + 1} result wafers, more than the ${resultKeySpan} one import may hold`);
}

/**
 * Statements appending an import's staged result_wafers and result_values (see splitWideResultsSql) to the
 * workspace tables with their keys moved by `offset`, then dropping the staged tables.
 */
export function appendStagedResultsSql(importId: string, offset: number): string[] {
  const wafers = quoteIdent(stagingTable('result_wafers', importId));
  const values = quoteIdent(stagingTable('result_values', importId));
  return [
    `INSERT INTO result_wafers BY NAME SELECT ${offsetKeysSelect(offset)} FROM ${wafers}`,
    `INSERT INTO result_values BY NAME SELECT ${offsetKeysSelect(offset)} FROM ${values}`,
    `DROP TABLE ${wafers}`,
    `DROP TABLE ${values}`,
  ];
}
