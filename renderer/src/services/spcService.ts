import type { SqlEngine } from '@shared/engine/sqlEngine';

/** Most die values the capability histogram reads (a repeatable reservoir sample beyond that). */
export const capabilityValueLimit = 200_000;

/**
 * Final-insertion values of one parametric test ($1 product or NULL, $2 test number), the same rows
 * the X-bar/S subgroups summarise. Why here and not in shared/sql/spcSql.ts: that file belongs to the
 * SPC monitor; this one query should move there (it binds every value, nothing is spliced).
 */
const capabilityValuesSql = `SELECT value FROM (
    SELECT r.value::DOUBLE AS value
    FROM results r JOIN dies d
      ON d.product = r.product AND d.lot = r.lot AND d.wafer = r.wafer AND d.x = r.x AND d.y = r.y AND r.insertion = d.insertions
    WHERE ($1::VARCHAR IS NULL OR r.product = $1::VARCHAR) AND r.test_num = $2::INTEGER AND isfinite(r.value)) AS measured
  USING SAMPLE reservoir(${capabilityValueLimit} ROWS) REPEATABLE (7)`;

/** Die values of a parametric test for the capability panel, as one typed array. */
export async function capabilityValues(engine: SqlEngine, product: string | null, testNum: number): Promise<Float64Array> {
  const table = await engine.query(capabilityValuesSql, [product, testNum]);
  const column = table.getChild('value');
  const values = new Float64Array(table.numRows);
  for (let index = 0; index < table.numRows; index++) values[index] = Number(column?.get(index) ?? Number.NaN);
  return values;
}
