import { tableToIPC, type Table } from 'apache-arrow';
import type { SqlEngine } from '@shared/engine/sqlEngine';
import { resultCsv } from '@shared/engine/resultText';
import { runUserQuery } from '@shared/engine/userSql';
import { canonicalTables, resultsColumns, type ColumnSpec } from '@shared/schema/canonical';
import { waferTestSummaryColumns } from '@shared/schema/waferTestSummary';
import { host } from './host';

/** A query the user saved in the workspace. */
export interface SavedQuery {
  name: string;
  sql: string;
}

/** A relation the schema browser lists, with its column docs. */
export interface SchemaRelation {
  name: string;
  kind: 'table' | 'view';
  columns: readonly Pick<ColumnSpec, 'name' | 'type' | 'doc'>[];
}

/** Where saved queries live in the workspace (plain JSON, readable outside the app). */
export const savedQueriesPath = 'queries/saved.json';

/** Most rows the console keeps (the grid is virtualised; exports take what was kept). */
export const consoleMaxRows = 100_000;

const column = (name: string, type: ColumnSpec['type'], doc: string) => ({ name, type, doc });

/** The documented views (README "Canonical schema"), after the base tables of shared/schema/canonical.ts. */
const documentedViews: SchemaRelation[] = [
  { name: 'results', kind: 'view', columns: [...resultsColumns] },
  { name: 'final_results', kind: 'view', columns: [
    column('product', 'VARCHAR', 'product'), column('lot', 'VARCHAR', 'lot id'), column('wafer', 'VARCHAR', 'wafer id'),
    column('x', 'INTEGER', 'die x'), column('y', 'INTEGER', 'die y'), column('test_num', 'INTEGER', 'test number'),
    column('value', 'DOUBLE', "value at the die's final test"), column('insertion', 'INTEGER', 'insertion the value belongs to'),
    column('import_id', 'VARCHAR', 'import that supplied the value'),
  ] },
  { name: 'lots', kind: 'view', columns: [
    column('product', 'VARCHAR', 'product'), column('lot', 'VARCHAR', 'lot id'), column('wafers', 'INTEGER', 'wafers tested'),
    column('dies', 'BIGINT', 'dies (final results)'), column('good', 'BIGINT', 'passing dies'), column('first_test_time', 'TIMESTAMP', 'first test of the lot'),
  ] },
  { name: 'products', kind: 'view', columns: [column('product', 'VARCHAR', 'product'), column('lots', 'INTEGER', 'lots'), column('dies', 'BIGINT', 'dies')] },
  { name: 'wafer_summary', kind: 'view', columns: [
    column('product', 'VARCHAR', 'product'), column('lot', 'VARCHAR', 'lot id'), column('wafer', 'VARCHAR', 'wafer id'),
    column('dies', 'BIGINT', 'dies (final results)'), column('good', 'BIGINT', 'passing dies'), column('judged', 'BIGINT', 'dies with a pass flag'),
    column('first_good', 'BIGINT', 'dies passing at first insertion'), column('first_judged', 'BIGINT', 'dies with a first-pass flag'),
    column('first_test', 'TIMESTAMP', 'first die test of the wafer'), column('last_test', 'TIMESTAMP', 'last die test of the wafer'),
  ] },
  { name: 'wafer_test_summary', kind: 'view', columns: [...waferTestSummaryColumns] },
  { name: 'wafer_factors', kind: 'view', columns: [
    column('lot', 'VARCHAR', 'lot id'), column('wafer', 'VARCHAR', 'wafer id'), column('step', 'VARCHAR', 'process step (TEST for tester-side equipment)'),
    column('factor', 'VARCHAR', 'tool, chamber, recipe, tester, probe_card, ...'), column('level', 'VARCHAR', 'the factor\'s value'), column('step_time', 'TIMESTAMP', 'when the wafer was at the step'),
  ] },
];

/** Tables and views the console documents. */
export function schemaRelations(): SchemaRelation[] {
  const tables = Object.entries(canonicalTables).map(([name, columns]): SchemaRelation => ({ name, kind: 'table', columns }));
  return [...tables, ...documentedViews];
}

/** User SQL on the app's engine, behind the guard (shared/engine/userSql.ts). */
export function runConsoleQuery(engine: SqlEngine, sql: string, timeoutSeconds: number, signal: AbortSignal): Promise<Table> {
  return runUserQuery(engine, sql, { timeoutSeconds, maxRows: consoleMaxRows, signal });
}

/** The saved queries of the workspace (none when the file is missing or unreadable). */
export async function readSavedQueries(): Promise<SavedQuery[]> {
  const bytes = await host.workspace.readFile(savedQueriesPath);
  if (!bytes) return [];
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return Array.isArray(value) ? value.filter((entry): entry is SavedQuery => typeof entry?.name === 'string' && typeof entry?.sql === 'string') : [];
  } catch {
    return [];
  }
}

/** Replace the workspace's saved queries. */
export async function writeSavedQueries(queries: readonly SavedQuery[]): Promise<void> {
  await host.workspace.writeFile(savedQueriesPath, new TextEncoder().encode(`${JSON.stringify(queries, null, 1)}\n`));
}

/** Save the result as CSV where the user chooses. */
export async function exportCsv(table: Table): Promise<void> {
  await host.saveExport('query.csv', new TextEncoder().encode(resultCsv(table)), 'text/csv');
}

/** Save the result as Parquet (parquet-wasm: duckdb-wasm has no Parquet writer offline). */
export async function exportParquet(table: Table): Promise<void> {
  const { loadParquetCodec } = await import('../engine/parquetCodec');
  const codec = await loadParquetCodec();
  await host.saveExport('query.parquet', codec.encode(tableToIPC(table, 'stream')), 'application/vnd.apache.parquet');
}
