/** Detection of the roles of die-level CSV columns from their header names. */
import type { CsvColumnMapping, DieColumnRole, TestColumn } from '../sql/csvImportSql.ts';

export type { CsvColumnMapping, DieColumnRole, TestColumn } from '../sql/csvImportSql.ts';

/** Roles that must be present (or mapped by the user) before a file can be imported. */
export const requiredRoles: readonly DieColumnRole[] = ['lot', 'wafer', 'x', 'y', 'hard_bin'];

/** All roles in display order. */
export const allRoles: readonly DieColumnRole[] = [
  'product', 'lot', 'wafer', 'x', 'y', 'site', 'hard_bin', 'soft_bin', 'pass', 'insertion', 'tested_at', 'test_time_ms', 'part_id',
];

const synonyms: Record<DieColumnRole, readonly string[]> = {
  product: ['product', 'device', 'part_type', 'parttype', 'product_id', 'device_name'],
  lot: ['lot', 'lot_id', 'lotid', 'lot_no', 'lotno', 'lot_number'],
  wafer: ['wafer', 'wafer_id', 'waferid', 'wafer_no', 'waferno', 'wf', 'slot'],
  x: ['x', 'x_coord', 'xcoord', 'die_x', 'dx', 'col', 'column'],
  y: ['y', 'y_coord', 'ycoord', 'die_y', 'dy', 'row'],
  site: ['site', 'site_num', 'site_no', 'sitenum'],
  hard_bin: ['hard_bin', 'hbin', 'hardbin', 'hb', 'bin', 'hard_bin_num'],
  soft_bin: ['soft_bin', 'sbin', 'softbin', 'sb', 'soft_bin_num'],
  pass: ['pass', 'passed', 'pass_fail', 'pf', 'result', 'is_pass'],
  insertion: ['insertion', 'retest', 'test_count', 'touchdown', 'insertion_no'],
  tested_at: ['tested_at', 'test_time', 'timestamp', 'datetime', 'test_date', 'start_time'],
  test_time_ms: ['test_time_ms', 'testtime_ms', 'test_duration_ms', 'duration_ms'],
  part_id: ['part_id', 'partid', 'die_id', 'serial'],
};

/** A CSV column as DuckDB's sniffer described it. */
export interface CsvColumn {
  name: string;
  type: string;
}

/** Result of detection: a mapping plus what is missing or ambiguous. */
export interface CsvDetection {
  mapping: CsvColumnMapping;
  missing: DieColumnRole[];
  ambiguous: { role: DieColumnRole; candidates: string[] }[];
}

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/[\s.\-/]+/g, '_');
}

const numericTypes = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|FLOAT|DOUBLE|REAL|DECIMAL|UTINYINT|USMALLINT|UINTEGER|UBIGINT)/i;

/** `t1001_vth_n` → test 1001 named `vth_n`; other numeric headers get sequential numbers. */
function testFromHeader(column: string, fallbackNumber: number): TestColumn {
  const match = /^t(\d+)[_:\s-](.+)$/i.exec(column.trim());
  if (match?.[1] && match[2]) return { column, testNum: Number(match[1]), name: match[2] };
  return { column, testNum: fallbackNumber, name: column.trim() };
}

/** Detect column roles by name; numeric columns left over become tests. */
export function detectCsvColumns(columns: readonly CsvColumn[], remembered?: Partial<Record<DieColumnRole, string>>): CsvDetection {
  const roles: Partial<Record<DieColumnRole, string>> = {};
  const ambiguous: CsvDetection['ambiguous'] = [];
  const names = new Set(columns.map((column) => column.name));
  for (const role of allRoles) {
    const rememberedColumn = remembered?.[role];
    if (rememberedColumn && names.has(rememberedColumn)) {
      roles[role] = rememberedColumn;
      continue;
    }
    const candidates = columns.filter((column) => synonyms[role].includes(normalise(column.name))).map((column) => column.name);
    const exact = candidates.find((candidate) => normalise(candidate) === role);
    if (exact) roles[role] = exact;
    else if (candidates.length === 1) roles[role] = candidates[0];
    else if (candidates.length > 1) ambiguous.push({ role, candidates });
  }
  const used = new Set(Object.values(roles));
  let nextTestNumber = 1;
  const tests = columns
    .filter((column) => !used.has(column.name) && numericTypes.test(column.type))
    .map((column) => testFromHeader(column.name, nextTestNumber++));
  const missing = requiredRoles.filter((role) => !roles[role] && !ambiguous.some((entry) => entry.role === role));
  return { mapping: { roles, tests }, missing, ambiguous };
}

/** A stable signature of a header, used to remember the user's mapping for files of the same layout. */
export function headerSignature(columns: readonly CsvColumn[]): string {
  return columns.map((column) => normalise(column.name)).join('|');
}
