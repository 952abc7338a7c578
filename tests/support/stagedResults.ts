import { quoteIdent } from '../../shared/engine/sqlEngine.ts';
import { stagingTable } from '../../shared/sql/staging.ts';

/**
 * An import's staged results with the `results` view's columns: its staged result_values joined to its
 * staged result_wafers (both keyed by the import's own wafer numbers), as a parenthesised relation.
 */
export function stagedResults(importId: string): string {
  return `(SELECT w.product, w.lot, w.wafer, v.x, v.y, v.insertion, v.test_num, v.test_key, v.value, w.import_id
    FROM ${quoteIdent(stagingTable('result_values', importId))} v JOIN ${quoteIdent(stagingTable('result_wafers', importId))} w ON w.wafer_key = v.wafer_key)`;
}
