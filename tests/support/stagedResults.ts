import { quoteIdent } from '../../shared/engine/sqlEngine.ts';
import { joinedResultsSql } from '../../shared/schema/canonical.ts';
import { stagingTable } from '../../shared/sql/staging.ts';

/**
 * An import's staged results with the `results` view's columns: its staged result_values joined to its
 * staged result_wafers (both keyed by the import's own wafer numbers), as a parenthesised relation.
 */
export function stagedResults(importId: string): string {
  return `(${joinedResultsSql(quoteIdent(stagingTable('result_values', importId)), quoteIdent(stagingTable('result_wafers', importId)))})`;
}
