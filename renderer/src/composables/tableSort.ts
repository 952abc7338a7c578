/**
 * Sorting of the virtual tables (BaseVirtualTable.vue), pure so a unit test can reach it: which way a
 * header click turns the order, and the order itself. Missing values (null, NaN) sort last whichever way
 * the column runs, text compares naturally ("W2" before "W10"), and rows that tie keep the table's own
 * tie-break (or their incoming order).
 */

/** What a column sorts by; null or undefined for a missing value. */
export type SortValue = number | string | null | undefined;

/** A column of a virtual table. `sortValue` makes it sortable; `descendingFirst` is the first click's direction. */
export interface TableColumn<Row> {
  key: string;
  label: string;
  sortValue?: (row: Row) => SortValue;
  descendingFirst?: boolean;
  /** Numbers right-aligned. */
  numeric?: boolean;
  /** CSS width of the column (a `<col>` width); columns without one share what is left. */
  width?: string;
  /** data-testid of the header's sort button. */
  testId?: string;
}

/** The order a table shows: by which column, which way. */
export interface TableSort {
  key: string;
  descending: boolean;
}

/** The order after a click on `column`'s header: the same column flips, another starts in its first direction. */
export function nextSort<Row>(current: TableSort | null, column: TableColumn<Row>): TableSort {
  if (current?.key === column.key) return { key: column.key, descending: !current.descending };
  return { key: column.key, descending: column.descendingFirst ?? false };
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function missing(value: SortValue): value is null | undefined {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

/** Compare two present values: numbers numerically, otherwise as text in natural order. */
function compareValues(left: number | string, right: number | string): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  return collator.compare(String(left), String(right));
}

/** `rows` in the order `sort` asks (a new array); the incoming order when there is no sort or no such sortable column. */
export function sortRows<Row>(rows: readonly Row[], columns: readonly TableColumn<Row>[], sort: TableSort | null, tieBreak?: (a: Row, b: Row) => number): Row[] {
  const sortValue = columns.find((column) => column.key === sort?.key)?.sortValue;
  if (!sort || !sortValue) return [...rows];
  const direction = sort.descending ? -1 : 1;
  const keyed = rows.map((row, position) => ({ row, position, value: sortValue(row) }));
  keyed.sort((a, b) => {
    const [aMissing, bMissing] = [missing(a.value), missing(b.value)];
    if (aMissing !== bMissing) return aMissing ? 1 : -1;
    const primary = aMissing || bMissing ? 0 : direction * compareValues(a.value as number | string, b.value as number | string);
    return primary || (tieBreak?.(a.row, b.row) ?? 0) || a.position - b.position;
  });
  return keyed.map((entry) => entry.row);
}
