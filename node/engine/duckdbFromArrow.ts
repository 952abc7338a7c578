import { DataType, Type, type Table, type Vector } from 'apache-arrow';
import {
  BIGINT, BOOLEAN, DATE, DOUBLE, DuckDBDataChunk, FLOAT, INTEGER, SMALLINT, TIMESTAMP, TINYINT, UBIGINT, UINTEGER, USMALLINT, UTINYINT, VARCHAR,
  DuckDBDateValue, DuckDBTimestampValue, type DuckDBAppender, type DuckDBType, type DuckDBValue,
} from '@duckdb/node-api';

/** How one Arrow column is written into DuckDB: its SQL type, DuckDB type, and a value reader. */
interface ColumnWriter {
  sqlType: string;
  duckType: DuckDBType;
  /** Fixed-width numbers whose Arrow values array has DuckDB's layout: copied as a block when the column has no nulls. */
  block?: boolean;
  value(vector: Vector, row: number): DuckDBValue;
}

/** DuckDB's chunk size: the appender takes at most this many rows per data chunk. */
const chunkRows = 2048;

function writerFor(type: DataType): ColumnWriter {
  const number = (sqlType: string, duckType: DuckDBType): ColumnWriter => ({ sqlType, duckType, block: true, value: (v, row) => v.get(row) as number | null });
  switch (type.typeId) {
    case Type.Float: return type.toString() === 'Float32' ? number('FLOAT', FLOAT) : number('DOUBLE', DOUBLE);
    case Type.Int: {
      const { bitWidth, isSigned } = type as unknown as { bitWidth: number; isSigned: boolean };
      const table: Record<string, [string, DuckDBType]> = {
        '8true': ['TINYINT', TINYINT], '16true': ['SMALLINT', SMALLINT], '32true': ['INTEGER', INTEGER], '64true': ['BIGINT', BIGINT],
        '8false': ['UTINYINT', UTINYINT], '16false': ['USMALLINT', USMALLINT], '32false': ['UINTEGER', UINTEGER], '64false': ['UBIGINT', UBIGINT],
      };
      const [sqlType, duckType] = table[`${bitWidth}${isSigned}`]!;
      return number(sqlType, duckType);
    }
    case Type.Bool: return { sqlType: 'BOOLEAN', duckType: BOOLEAN, value: (v, row) => v.get(row) as boolean | null };
    case Type.Date: return {
      sqlType: 'DATE', duckType: DATE,
      value: (v, row) => { const ms = v.get(row) as number | Date | null; return ms === null ? null : new DuckDBDateValue(Math.floor(Number(ms) / 86_400_000)); },
    };
    case Type.Timestamp: return {
      sqlType: 'TIMESTAMP', duckType: TIMESTAMP,
      // apache-arrow reads every timestamp unit as milliseconds since the epoch.
      value: (v, row) => { const ms = v.get(row) as number | null; return ms === null ? null : new DuckDBTimestampValue(BigInt(Math.round(Number(ms) * 1000))); },
    };
    case Type.Utf8:
    case Type.Dictionary: return { sqlType: 'VARCHAR', duckType: VARCHAR, value: (v, row) => { const s = v.get(row); return s === null || s === undefined ? null : String(s); } };
    default: throw new Error(`Arrow type ${type.toString()} cannot be inserted into DuckDB here (expected numbers, booleans, strings, dates or timestamps)`);
  }
}

/** The typed array a node-api vector keeps its values in (and copies to DuckDB on flush). */
interface ItemsVector {
  items?: { set(source: ArrayLike<number | bigint>, offset?: number): void; length: number };
  flush(): void;
}

/**
 * Copy `rows` values of a null-free fixed-width Arrow column into the chunk's vector as one block
 * (node-api keeps a vector's values in a typed array of the same width and copies it to DuckDB on
 * flush; per-value setItem calls cost ~10x more on 27M-row STDF results). False when the layout
 * is not the expected one (the caller then writes value by value).
 */
function copyBlock(chunk: DuckDBDataChunk, column: number, vector: Vector, start: number, rows: number): boolean {
  const target = chunk.getColumnVector(column) as unknown as ItemsVector;
  if (!target.items || target.items.length < rows || vector.data.length !== 1) return false;
  const source = vector.data[0]!.values as ArrayLike<number | bigint> & { subarray(begin: number, end: number): ArrayLike<number | bigint> };
  const offset = vector.data[0]!.offset;
  target.items.set(source.subarray(offset + start, offset + start + rows), 0);
  target.flush();
  return true;
}

/** CREATE TABLE column list for an Arrow table's schema. */
export function columnDefinitions(table: Table, quote: (name: string) => string): string {
  return table.schema.fields.map((field) => `${quote(field.name)} ${writerFor(field.type).sqlType}`).join(', ');
}

/**
 * Append every row of an Arrow table through a DuckDB appender, one data chunk (2,048 rows) at a
 * time.
 */
export function appendArrowTable(appender: DuckDBAppender, table: Table): void {
  const writers = table.schema.fields.map((field) => writerFor(field.type));
  const columns = table.schema.fields.map((_field, index) => table.getChildAt(index)!);
  const chunk = DuckDBDataChunk.create(writers.map((writer) => writer.duckType), chunkRows);
  for (let start = 0; start < table.numRows; start += chunkRows) {
    const rows = Math.min(chunkRows, table.numRows - start);
    if (rows !== chunk.rowCount) chunk.rowCount = rows;
    writers.forEach((writer, column) => {
      const vector = columns[column]!;
      if (writer.block && vector.nullCount === 0 && copyBlock(chunk, column, vector, start, rows)) return;
      const values: DuckDBValue[] = new Array(rows);
      for (let row = 0; row < rows; row++) values[row] = writer.value(vector, start + row);
      chunk.setColumnValues(column, values);
    });
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
}
