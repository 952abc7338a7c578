import type { SqlEngine } from '../../shared/engine/sqlEngine.ts';
import { createEmptyRelationSql, resultsColumns } from '../../shared/schema/canonical.ts';
import { splitWideResultsSql, wideResultsStaging } from '../../shared/sql/staging.ts';
import { appendStagedResultsSql, resultKeyOffset } from '../../shared/workspace/resultKeys.ts';

let fixtures = 0;

/**
 * Add crafted results to a workspace's tables: `fill` inserts rows with the `results` view's columns
 * into the relation it is given; they are stored as an import's would be (result_wafers and
 * result_values, in a key range of their own), so every query reads them through `results`.
 */
export async function appendResults(engine: SqlEngine, fill: (relation: string) => Promise<void>): Promise<void> {
  fixtures += 1;
  const id = `fixture_${fixtures}`;
  const wide = wideResultsStaging(id);
  await engine.exec(createEmptyRelationSql(wide, resultsColumns));
  await fill(`"${wide}"`);
  for (const statement of splitWideResultsSql(id)) await engine.exec(statement);
  for (const statement of appendStagedResultsSql(id, await resultKeyOffset(engine, null))) await engine.exec(statement);
}
