import type { SqlEngine } from '@shared/engine/sqlEngine';
import { capabilityValuesSql } from '@shared/sql/spcSql';

/** Die values of a parametric test for the capability panel, as one typed array. */
export async function capabilityValues(engine: SqlEngine, product: string | null, testNum: number): Promise<Float64Array> {
  const table = await engine.query(capabilityValuesSql, [product, testNum]);
  const column = table.getChild('value');
  const values = new Float64Array(table.numRows);
  for (let index = 0; index < table.numRows; index++) values[index] = Number(column?.get(index) ?? Number.NaN);
  return values;
}
