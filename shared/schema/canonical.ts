/**
 * The canonical schema every importer fills (CSV, STDF, equipment logs). Base tables are stored as
 * Parquet in the workspace, one file per table per import; views union them at startup.
 */

/** One column of a canonical table. */
export interface ColumnSpec {
  name: string;
  type: 'VARCHAR' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP' | 'BIGINT';
  doc: string;
}

/** Canonical base tables, in the order an import writes them. */
export const canonicalTables = {
  wafers: [
    { name: 'product', type: 'VARCHAR', doc: 'product (part type)' },
    { name: 'lot', type: 'VARCHAR', doc: 'lot id' },
    { name: 'wafer', type: 'VARCHAR', doc: 'wafer id within the lot' },
    { name: 'tester', type: 'VARCHAR', doc: 'tester node' },
    { name: 'probe_card', type: 'VARCHAR', doc: 'probe card id' },
    { name: 'program', type: 'VARCHAR', doc: 'test program (job)' },
    { name: 'start_time', type: 'TIMESTAMP', doc: 'first test of the wafer (UTC)' },
    { name: 'end_time', type: 'TIMESTAMP', doc: 'last test of the wafer (UTC)' },
    { name: 'wafer_size_mm', type: 'DOUBLE', doc: 'wafer diameter, mm' },
    { name: 'die_width_mm', type: 'DOUBLE', doc: 'die width (x step), mm' },
    { name: 'die_height_mm', type: 'DOUBLE', doc: 'die height (y step), mm' },
    { name: 'flat', type: 'VARCHAR', doc: 'flat/notch side U, D, L, R (blank: unknown)' },
    { name: 'pos_x', type: 'VARCHAR', doc: 'positive X direction L or R' },
    { name: 'pos_y', type: 'VARCHAR', doc: 'positive Y direction U or D' },
    { name: 'center_x', type: 'INTEGER', doc: 'x of the center die' },
    { name: 'center_y', type: 'INTEGER', doc: 'y of the center die' },
    { name: 'outline_source', type: 'VARCHAR', doc: "STDF: 'file' when the WCR geometry holds the wafer's dies, 'dies' when the outline must be fitted to them (shared/wafer/geometryFit.ts); NULL: not checked" },
    { name: 'import_id', type: 'VARCHAR', doc: 'import that supplied the row' },
  ],
  die_insertions: [
    { name: 'product', type: 'VARCHAR', doc: 'product' },
    { name: 'lot', type: 'VARCHAR', doc: 'lot id' },
    { name: 'wafer', type: 'VARCHAR', doc: 'wafer id' },
    { name: 'x', type: 'INTEGER', doc: 'die x (tester coordinates)' },
    { name: 'y', type: 'INTEGER', doc: 'die y (tester coordinates)' },
    { name: 'part_id', type: 'VARCHAR', doc: 'part id (final test, or when x/y are missing)' },
    { name: 'site', type: 'INTEGER', doc: 'test site' },
    { name: 'hard_bin', type: 'INTEGER', doc: 'hard bin' },
    { name: 'soft_bin', type: 'INTEGER', doc: 'soft bin' },
    { name: 'pass', type: 'BOOLEAN', doc: 'part passed' },
    { name: 'insertion', type: 'INTEGER', doc: 'insertion number within its import (the file\'s own, else 1, 2, ... in file order); restarts in each file' },
    { name: 'tested_at', type: 'TIMESTAMP', doc: 'test time (UTC)' },
    { name: 'test_time_ms', type: 'DOUBLE', doc: 'test duration, ms' },
    { name: 'import_id', type: 'VARCHAR', doc: 'import that supplied the row' },
  ],
  dies: [
    { name: 'product', type: 'VARCHAR', doc: 'product' },
    { name: 'lot', type: 'VARCHAR', doc: 'lot id' },
    { name: 'wafer', type: 'VARCHAR', doc: 'wafer id' },
    { name: 'x', type: 'INTEGER', doc: 'die x' },
    { name: 'y', type: 'INTEGER', doc: 'die y' },
    { name: 'part_id', type: 'VARCHAR', doc: 'part id' },
    { name: 'site', type: 'INTEGER', doc: 'site of the final insertion' },
    { name: 'hard_bin', type: 'INTEGER', doc: 'final hard bin' },
    { name: 'soft_bin', type: 'INTEGER', doc: 'final soft bin' },
    { name: 'pass', type: 'BOOLEAN', doc: 'final result (last insertion wins)' },
    { name: 'first_pass', type: 'BOOLEAN', doc: 'result of the first insertion' },
    { name: 'insertions', type: 'INTEGER', doc: 'how many times the die was tested, summed over every import' },
    { name: 'tested_at', type: 'TIMESTAMP', doc: 'time of the final insertion' },
    { name: 'test_time_ms', type: 'DOUBLE', doc: 'duration of the final insertion' },
    { name: 'import_id', type: 'VARCHAR', doc: 'import that supplied the final result' },
  ],
  tests: [
    { name: 'product', type: 'VARCHAR', doc: 'product' },
    { name: 'test_key', type: 'INTEGER', doc: 'the test within its product (STDF: the number for the first PTR of a number, else a negative key from kind, number, name and MPR pin; CSV: the number; NULL: the number, see testKeyOf)' },
    { name: 'test_num', type: 'INTEGER', doc: 'test number as the tester wrote it (not unique: testers reuse numbers)' },
    { name: 'kind', type: 'VARCHAR', doc: "STDF record: 'PTR', 'MPR' (one test per pin) or 'FTR' (pass/fail: value 1 pass, 0 fail); NULL for CSV" },
    { name: 'pin', type: 'INTEGER', doc: 'MPR pin (position in the returned results); NULL otherwise' },
    { name: 'name', type: 'VARCHAR', doc: 'test name' },
    { name: 'units', type: 'VARCHAR', doc: 'units' },
    { name: 'lo_limit', type: 'DOUBLE', doc: 'low limit (NULL: none)' },
    { name: 'hi_limit', type: 'DOUBLE', doc: 'high limit (NULL: none)' },
    { name: 'import_id', type: 'VARCHAR', doc: 'import that supplied the row' },
  ],
  /**
   * The results are stored in two tables (the `results` view joins them back): one row per (import, wafer)
   * with the wafer's names, and the values keyed by that row. DuckDB handles string columns row by row:
   * a 487 MB STDF file's 27.6M results with product, lot, wafer and import_id on every row took 6-8 s to
   * stage, 7-9 s to append and 6-9 s to write as Parquet, against about 2 s each without them.
   */
  result_wafers: [
    { name: 'wafer_key', type: 'BIGINT', doc: "the (import, wafer) result_values rows point to; unique in the open workspace (in an import's Parquet file: the wafer's number within the import)" },
    { name: 'product', type: 'VARCHAR', doc: 'product' },
    { name: 'lot', type: 'VARCHAR', doc: 'lot id' },
    { name: 'wafer', type: 'VARCHAR', doc: 'wafer id' },
    { name: 'import_id', type: 'VARCHAR', doc: 'import that supplied the rows' },
  ],
  result_values: [
    { name: 'wafer_key', type: 'BIGINT', doc: 'result_wafers.wafer_key of the die\'s wafer and import' },
    { name: 'x', type: 'INTEGER', doc: 'die x' },
    { name: 'y', type: 'INTEGER', doc: 'die y' },
    { name: 'insertion', type: 'INTEGER', doc: 'insertion (within the import) the value belongs to; final values: the final_results view' },
    { name: 'test_num', type: 'INTEGER', doc: 'test number as written (what users see)' },
    { name: 'test_key', type: 'INTEGER', doc: 'the test (tests.test_key of the product): what every query keys by' },
    { name: 'value', type: 'DOUBLE', doc: 'measured value; NULL when the result is not a measurement (flagged invalid or not executed, NaN, tester sentinel): counted as invalid, never in a statistic' },
  ],
  bins: [
    { name: 'product', type: 'VARCHAR', doc: 'product' },
    { name: 'bin_type', type: 'VARCHAR', doc: "'hard' or 'soft'" },
    { name: 'bin', type: 'INTEGER', doc: 'bin number' },
    { name: 'name', type: 'VARCHAR', doc: 'bin name' },
    { name: 'pass', type: 'BOOLEAN', doc: 'pass bin' },
    { name: 'import_id', type: 'VARCHAR', doc: 'import that supplied the row' },
  ],
  equipment_history: [
    { name: 'lot', type: 'VARCHAR', doc: 'lot id' },
    { name: 'wafer', type: 'VARCHAR', doc: 'wafer id' },
    { name: 'step', type: 'VARCHAR', doc: 'process step' },
    { name: 'tool', type: 'VARCHAR', doc: 'tool id' },
    { name: 'chamber', type: 'VARCHAR', doc: 'chamber id' },
    { name: 'recipe', type: 'VARCHAR', doc: 'recipe' },
    { name: 'start_time', type: 'TIMESTAMP', doc: 'step start (UTC)' },
    { name: 'end_time', type: 'TIMESTAMP', doc: 'step end (UTC)' },
    { name: 'import_id', type: 'VARCHAR', doc: 'import that supplied the row' },
  ],
  equipment_events: [
    { name: 'time', type: 'TIMESTAMP', doc: 'when the tool reported it (UTC)' },
    { name: 'tool', type: 'VARCHAR', doc: 'tool id' },
    { name: 'chamber', type: 'VARCHAR', doc: 'chamber id (blank: the whole tool)' },
    { name: 'kind', type: 'VARCHAR', doc: "'event' or 'alarm'" },
    { name: 'code', type: 'VARCHAR', doc: 'event (CEID) or alarm (ALID) code' },
    { name: 'text', type: 'VARCHAR', doc: 'event name or alarm text' },
    { name: 'source', type: 'VARCHAR', doc: "'secs' (SML log), 'csv' or 'jsonl'" },
    { name: 'import_id', type: 'VARCHAR', doc: 'import that supplied the row' },
  ],
  sensor_summaries: [
    { name: 'lot', type: 'VARCHAR', doc: 'lot id' },
    { name: 'wafer', type: 'VARCHAR', doc: 'wafer id' },
    { name: 'step', type: 'VARCHAR', doc: 'process step' },
    { name: 'tool', type: 'VARCHAR', doc: 'tool id' },
    { name: 'chamber', type: 'VARCHAR', doc: 'chamber id' },
    { name: 'parameter', type: 'VARCHAR', doc: 'sensor parameter (e.g. rf_power_mean)' },
    { name: 'value', type: 'DOUBLE', doc: 'summary value of the parameter for the wafer at the step' },
    { name: 'import_id', type: 'VARCHAR', doc: 'import that supplied the row' },
  ],
  test_equipment: [
    { name: 'lot', type: 'VARCHAR', doc: 'lot id' },
    { name: 'wafer', type: 'VARCHAR', doc: 'wafer id' },
    { name: 'kind', type: 'VARCHAR', doc: 'tester, tester_type, handler, probe_card, load_board, dib, cable, contactor, laser, extra (STDF MIR/SDR)' },
    { name: 'equipment_id', type: 'VARCHAR', doc: 'id of that equipment' },
    { name: 'import_id', type: 'VARCHAR', doc: 'import that supplied the row' },
  ],
  /**
   * Imported bin maps (SINF, E142, TSK, prober maps; shared/wafermap/README.md): the map a prober or
   * an inker wrote, kept apart from `dies` so a wafer's map and its test data are never counted twice.
   */
  map_dies: [
    { name: 'product', type: 'VARCHAR', doc: "product (the map's device name)" },
    { name: 'lot', type: 'VARCHAR', doc: 'lot id' },
    { name: 'wafer', type: 'VARCHAR', doc: 'wafer id' },
    { name: 'x', type: 'INTEGER', doc: 'die x (the map\'s coordinates, as the tester numbers them where the format says where die (0, 0) is)' },
    { name: 'y', type: 'INTEGER', doc: 'die y' },
    { name: 'bin', type: 'INTEGER', doc: 'bin of the die in the map' },
    { name: 'bin_name', type: 'VARCHAR', doc: "the bin's name in the map (its code when the map names none)" },
    { name: 'pass', type: 'BOOLEAN', doc: 'the bin is a pass bin in the map' },
    { name: 'map_format', type: 'VARCHAR', doc: "format read: 'sinf', 'e142', 'tsk', 'electroglas', 'range-map', 'wmap', 'ascii-map', 'probe-map', 'probe-map-zip'" },
    { name: 'import_id', type: 'VARCHAR', doc: 'import that supplied the row' },
  ],
  /** Defects of KLARF inspection files, one row per defect, on the die it falls on. */
  defects: [
    { name: 'lot', type: 'VARCHAR', doc: 'lot id (KLARF LotID)' },
    { name: 'wafer', type: 'VARCHAR', doc: 'wafer id (KLARF WaferID)' },
    { name: 'x', type: 'INTEGER', doc: 'die x (XINDEX, else from X through DiePitch and DieOrigin)' },
    { name: 'y', type: 'INTEGER', doc: 'die y (YINDEX, else from Y)' },
    { name: 'defect_id', type: 'INTEGER', doc: 'DEFECTID within the wafer' },
    { name: 'class_number', type: 'INTEGER', doc: 'CLASSNUMBER (0: none)' },
    { name: 'class_name', type: 'VARCHAR', doc: 'class name from ClassLookup, else the number' },
    { name: 'step', type: 'VARCHAR', doc: 'inspection step (KLARF StepID)' },
    { name: 'import_id', type: 'VARCHAR', doc: 'import that supplied the row' },
  ],
} as const satisfies Record<string, readonly ColumnSpec[]>;

/** Columns of the `results` view (result_values joined to result_wafers), as every query reads them. */
export const resultsColumns = [
  { name: 'product', type: 'VARCHAR', doc: 'product' },
  { name: 'lot', type: 'VARCHAR', doc: 'lot id' },
  { name: 'wafer', type: 'VARCHAR', doc: 'wafer id' },
  { name: 'x', type: 'INTEGER', doc: 'die x' },
  { name: 'y', type: 'INTEGER', doc: 'die y' },
  { name: 'insertion', type: 'INTEGER', doc: 'insertion (within import_id) the value belongs to; final values: the final_results view' },
  { name: 'test_num', type: 'INTEGER', doc: 'test number as written (what users see)' },
  { name: 'test_key', type: 'INTEGER', doc: 'the test (tests.test_key of the product): what every query keys by' },
  { name: 'value', type: 'DOUBLE', doc: 'measured value; NULL when the result is not a measurement (flagged invalid or not executed, NaN, tester sentinel): counted as invalid, never in a statistic' },
  { name: 'import_id', type: 'VARCHAR', doc: 'import that supplied the row' },
] as const satisfies readonly ColumnSpec[];

/** The `results` columns from two relations holding result_values (`values`) and result_wafers (`wafers`) of the same keys. */
export function joinedResultsSql(values: string, wafers: string): string {
  return `SELECT w.product, w.lot, w.wafer, v.x, v.y, v.insertion, v.test_num, v.test_key, v.value, w.import_id
  FROM ${values} v JOIN ${wafers} w ON w.wafer_key = v.wafer_key`;
}

/** `results`: every stored result with its wafer's names, one row per (die insertion, test). */
export const resultsViewSql = `CREATE OR REPLACE VIEW results AS ${joinedResultsSql('result_values', 'result_wafers')}`;

/**
 * The tables of a published lake (node/lake): the stored tables, with `results` written whole (its
 * product and lot are partition folders there) instead of its two stored halves.
 */
export const lakeTables: Record<string, readonly ColumnSpec[]> = Object.fromEntries([
  ...Object.entries(canonicalTables).filter(([name]) => name !== 'result_wafers' && name !== 'result_values'),
  ['results', resultsColumns],
]);

/** Names of the lake's tables. */
export const lakeTableNames: readonly string[] = Object.keys(lakeTables);

/**
 * The key of a test in a `tests` or `results` row aliased `alias` (issue #13 §1): test_key, or the number where
 * no key was written (CSV and sample imports, workspaces written before test_key existed). Every query that
 * groups, joins or filters by test uses this, never test_num alone: testers reuse numbers.
 */
export function testKeyOf(alias: string): string {
  return `coalesce(${alias}.test_key, ${alias}.test_num)`;
}

/** Name of a canonical base table. */
export type CanonicalTableName = keyof typeof canonicalTables;

/** All canonical base table names. */
export const canonicalTableNames = Object.keys(canonicalTables) as CanonicalTableName[];

/** `CREATE TABLE` statement for an empty canonical table (used when no import supplied it yet). */
export function createEmptyTableSql(table: CanonicalTableName, relation: string = table): string {
  return createEmptyRelationSql(relation, canonicalTables[table]);
}

/** Statements creating every canonical table empty, and the `results` view over its two stored halves. */
export function createBaseTablesSql(): string[] {
  return [...canonicalTableNames.map((table) => createEmptyTableSql(table)), resultsViewSql];
}

/** `CREATE TABLE` statement for an empty relation with these columns. */
export function createEmptyRelationSql(relation: string, spec: readonly ColumnSpec[]): string {
  const columns = spec.map((column) => `"${column.name}" ${column.type}`);
  return `CREATE OR REPLACE TABLE "${relation}" (${columns.join(', ')})`;
}

/**
 * `wafer_factors`: every (wafer, step) level a commonality analysis can blame, one row per factor.
 * Process steps give tool, chamber (as TOOL/CHAMBER unless the chamber id already carries its tool)
 * and recipe; the test step gives tester and probe card (wafers) and every STDF SDR/MIR equipment
 * kind (test_equipment). UNION (not ALL) folds a tester named by both wafers and test_equipment.
 * Columns lot, wafer, step, factor, level, step_time. `startsWith` spells starts_with in the
 * engine's dialect: ClickHouse over a lake has no views and runs this select itself (issue #17 §2).
 */
export function waferFactorsSelectSql(startsWith: (text: string, prefix: string) => string = (text, prefix) => `starts_with(${text}, ${prefix})`): string {
  return `WITH history AS (
    SELECT lot, wafer, step, tool, chamber, recipe, start_time FROM equipment_history
  ), test_start AS (
    SELECT lot, wafer, min(start_time) AS start_time FROM wafers GROUP BY lot, wafer
  ), factors AS (
    SELECT lot, wafer, step, 'tool' AS factor, tool AS level, start_time AS step_time FROM history
    UNION ALL
    SELECT lot, wafer, step, 'chamber', CASE
        WHEN tool IS NULL OR tool = '' OR ${startsWith('chamber', "tool || '/'")} THEN chamber
        ELSE tool || '/' || chamber END, start_time FROM history
    UNION ALL
    SELECT lot, wafer, step, 'recipe', recipe, start_time FROM history
    UNION ALL
    SELECT lot, wafer, 'TEST', 'tester', tester, start_time FROM wafers
    UNION ALL
    SELECT lot, wafer, 'TEST', 'probe_card', probe_card, start_time FROM wafers
    UNION ALL
    SELECT equipment.lot, equipment.wafer, 'TEST', equipment.kind, equipment.equipment_id, test_start.start_time
    FROM test_equipment AS equipment
    LEFT JOIN test_start ON test_start.lot = equipment.lot AND test_start.wafer = equipment.wafer
  )
  SELECT DISTINCT lot, wafer, step, factor, trim(level) AS level, step_time
  FROM factors
  WHERE level IS NOT NULL AND trim(level) <> '' AND lot IS NOT NULL AND wafer IS NOT NULL`;
}

const waferFactorsViewSql = `CREATE OR REPLACE VIEW wafer_factors AS
  SELECT lot::VARCHAR AS lot, wafer::VARCHAR AS wafer, step::VARCHAR AS step, factor::VARCHAR AS factor, level::VARCHAR AS level, step_time::TIMESTAMP AS step_time
  FROM (${waferFactorsSelectSql()})`;

/** Narrowing of the final results inside a builder (the view has none): SQL with the builder's own parameters. */
export interface FinalResultsScope {
  /**
   * Predicate on the product/lot/wafer columns of the relation with this alias; it is applied to
   * `results`, `dies` and `die_insertions`, so each scan skips other wafers before any join.
   */
  wafers?: (alias: string) => string;
  /** Predicate on the results row, alias `r` (test_num, value). */
  results?: string;
}

/**
 * The final results: for each die with coordinates and each test, the value measured at the die's
 * final test, i.e. in the import that supplied `dies.import_id`, at that import's last insertion of
 * the die (`max(die_insertions.insertion)` there; `dies.insertions` when no insertion rows exist).
 * Insertion numbers restart in each file, so neither `dies.insertions` (summed over files after a
 * cross-file retest) nor the insertion number alone can name the final row.
 *
 * Only retested dies (`insertions > 1`) are looked up, so the scan of `results` probes a small hash
 * table; a die tested once has only its one insertion's rows. Results without coordinates cannot
 * be tied to a die (results carry no part_id): their first insertion is kept.
 * Columns: product, lot, wafer, x, y, test_num, test_key (testKeyOf), value (NULL: not a measurement), insertion, import_id.
 */
export function finalResultsSql(scope: FinalResultsScope = {}): string {
  const wafers = scope.wafers ?? (() => 'TRUE');
  // Uncorrelated IN is a mark join whose hash table is always the small subquery side: a LEFT JOIN let
  // the optimizer build its hash table on (filtered) results when its estimates misjudged them.
  return `WITH retested AS (
      SELECT d.lot, d.wafer, d.x, d.y, d.import_id, d.insertions FROM dies d
      WHERE d.insertions > 1 AND d.x IS NOT NULL AND d.y IS NOT NULL AND ${wafers('d')}),
    last_in_file AS (
      SELECT i.lot, i.wafer, i.x, i.y, max(i.insertion) AS insertion
      FROM die_insertions i JOIN retested t ON t.lot = i.lot AND t.wafer = i.wafer AND t.x = i.x AND t.y = i.y
        AND t.import_id IS NOT DISTINCT FROM i.import_id
      WHERE ${wafers('i')} GROUP BY i.lot, i.wafer, i.x, i.y)
    SELECT r.product, r.lot, r.wafer, r.x, r.y, r.test_num, coalesce(r.test_key, r.test_num) AS test_key, r.value, r.insertion, r.import_id
    FROM results r
    WHERE ${wafers('r')} AND ${scope.results ?? 'TRUE'} AND CASE
      WHEN r.x IS NULL OR r.y IS NULL THEN r.insertion = 1
      ELSE (r.lot, r.wafer, r.x, r.y) NOT IN (SELECT (lot, wafer, x, y) FROM retested)
        OR (r.lot, r.wafer, r.x, r.y, r.import_id, r.insertion) IN (
          SELECT (t.lot, t.wafer, t.x, t.y, t.import_id, coalesce(l.insertion, t.insertions))
          FROM retested t LEFT JOIN last_in_file l ON l.lot = t.lot AND l.wafer = t.wafer AND l.x = t.x AND l.y = t.y) END`;
}

/**
 * `wafer_summary`: one row per (product, lot, wafer) with its die counts (all, passing, with a pass
 * flag, and the same at first pass) and first/last test time. The overview's tiles, lot table and
 * trend read it instead of the dies: 2,000 rows instead of 10M at fab scale. An open workspace keeps
 * it as a table rebuilt after every change of `dies` (Workspace.consolidateDies); a lake, where
 * nothing changes, has it as a view ({@link waferSummaryViewSql}).
 */
const waferSummarySelectSql = `SELECT product, lot, wafer, count(*)::BIGINT AS dies, sum(pass::INTEGER)::BIGINT AS good,
    count(pass)::BIGINT AS judged, sum(first_pass::INTEGER)::BIGINT AS first_good, count(first_pass)::BIGINT AS first_judged,
    min(tested_at) AS first_test, max(tested_at) AS last_test
  FROM dies GROUP BY product, lot, wafer`;

/** Rebuild the `wafer_summary` table from `dies` (an open workspace runs it after each change). */
export const refreshWaferSummarySql = `CREATE OR REPLACE TABLE wafer_summary AS ${waferSummarySelectSql}`;

/** `wafer_summary` as a view over `dies`, for engines over files that never change (a lake). */
export const waferSummaryViewSql = `CREATE OR REPLACE VIEW wafer_summary AS ${waferSummarySelectSql}`;

/** Derived views over the base tables: lots, products, wafer_factors and final_results. */
export const derivedViewsSql = [
  waferFactorsViewSql,
  `CREATE OR REPLACE VIEW final_results AS ${finalResultsSql()}`,
  `CREATE OR REPLACE VIEW lots AS
     SELECT product, lot, count(DISTINCT wafer)::INTEGER AS wafers, count(*)::BIGINT AS dies,
            sum(pass::INTEGER)::BIGINT AS good, min(tested_at) AS first_test_time
     FROM dies GROUP BY product, lot`,
  `CREATE OR REPLACE VIEW products AS
     SELECT product, count(DISTINCT lot)::INTEGER AS lots, count(*)::BIGINT AS dies FROM dies GROUP BY product`,
];
