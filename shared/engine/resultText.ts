/**
 * A query result (Arrow) as plain values, JSON rows, CSV or a text table: what `yield-monitor sql`
 * prints and the SQL console exports.
 */
import type { Table } from 'apache-arrow';

/** A cell as JSON can carry it: BIGINT as a number when exact, else its digits; times as ISO text. */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

/** One Arrow cell as a plain value; `typeName` (the Arrow field type) tells timestamps from numbers. Lists and structs via their toJSON. */
export function plainValue(value: unknown, typeName = ''): PlainValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (typeof value === 'number') {
    if (/^(Timestamp|Date)/.test(typeName)) return new Date(value).toISOString();
    return Number.isFinite(value) ? value : String(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return [...value].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const json = (value as { toJSON(): unknown }).toJSON();
    if (Array.isArray(json)) return json.map((item) => plainValue(item));
    if (json && typeof json === 'object') return Object.fromEntries(Object.entries(json).map(([key, item]) => [key, plainValue(item)]));
    return plainValue(json);
  }
  return String(value);
}

/** Column names of a result, in order. */
export function columnNames(table: Table): string[] {
  return table.schema.fields.map((field) => field.name);
}

/** Rows as objects of plain values. */
export function plainRows(table: Table): Record<string, PlainValue>[] {
  const fields = table.schema.fields;
  const columns = fields.map((field) => table.getChild(field.name));
  const rows: Record<string, PlainValue>[] = [];
  for (let index = 0; index < table.numRows; index += 1) {
    const row: Record<string, PlainValue> = {};
    fields.forEach((field, column) => {
      row[field.name] = plainValue(columns[column]?.get(index), String(field.type));
    });
    rows.push(row);
  }
  return rows;
}

/** A cell as text (objects and lists as JSON). */
export function cellText(value: PlainValue): string {
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The result as CSV with a header line, CRLF line ends (RFC 4180). */
export function resultCsv(table: Table): string {
  const names = columnNames(table);
  const lines = [names.map(csvField).join(',')];
  for (const row of plainRows(table)) lines.push(names.map((name) => csvField(cellText(row[name] ?? null))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The result as a fixed-width text table with a row count. */
export function resultTextTable(table: Table): string {
  const names = columnNames(table);
  const cells = plainRows(table).map((row) => names.map((name) => (row[name] === null ? 'NULL' : cellText(row[name] ?? null))));
  const widths = names.map((name, column) => Math.min(60, Math.max(name.length, ...cells.map((line) => (line[column] ?? '').length))));
  const render = (line: readonly string[]): string => line.map((cell, column) => (cell.length > 60 ? `${cell.slice(0, 59)}…` : cell).padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [render(names), rule, ...cells.map(render), `(${table.numRows} ${table.numRows === 1 ? 'row' : 'rows'})`].join('\n');
}
