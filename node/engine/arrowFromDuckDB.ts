import {
  Bool, DateDay, Float32, Float64, Int8, Int16, Int32, Int64, List, Field, Table, TimeMicrosecond, TimestampMicrosecond, Uint8, Uint16, Uint32,
  Uint64, Utf8, makeData, makeVector, vectorFromArray, type DataType, type Vector,
} from 'apache-arrow';
import { DuckDBTypeId, JSDuckDBValueConverter, type DuckDBDataChunk, type DuckDBListType, type DuckDBResult, type DuckDBType } from '@duckdb/node-api';

/** Typed-array constructors of the fixed-width DuckDB types whose vectors hold their values in one array. */
const fixedWidth: Partial<Record<DuckDBTypeId, { array: Float64ArrayConstructor | Float32ArrayConstructor | Int32ArrayConstructor | Int16ArrayConstructor | Int8ArrayConstructor | Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor | BigInt64ArrayConstructor | BigUint64ArrayConstructor; type: () => DataType }>> = {
  [DuckDBTypeId.DOUBLE]: { array: Float64Array, type: () => new Float64() },
  [DuckDBTypeId.FLOAT]: { array: Float32Array, type: () => new Float32() },
  [DuckDBTypeId.INTEGER]: { array: Int32Array, type: () => new Int32() },
  [DuckDBTypeId.SMALLINT]: { array: Int16Array, type: () => new Int16() },
  [DuckDBTypeId.TINYINT]: { array: Int8Array, type: () => new Int8() },
  [DuckDBTypeId.UTINYINT]: { array: Uint8Array, type: () => new Uint8() },
  [DuckDBTypeId.USMALLINT]: { array: Uint16Array, type: () => new Uint16() },
  [DuckDBTypeId.UINTEGER]: { array: Uint32Array, type: () => new Uint32() },
  [DuckDBTypeId.BIGINT]: { array: BigInt64Array, type: () => new Int64() },
  [DuckDBTypeId.UBIGINT]: { array: BigUint64Array, type: () => new Uint64() },
  // DATE is days since the epoch (int32) and TIMESTAMP microseconds (int64) in both DuckDB and Arrow.
  [DuckDBTypeId.DATE]: { array: Int32Array, type: () => new DateDay() },
  [DuckDBTypeId.TIMESTAMP]: { array: BigInt64Array, type: () => new TimestampMicrosecond() },
  [DuckDBTypeId.TIMESTAMP_TZ]: { array: BigInt64Array, type: () => new TimestampMicrosecond('UTC') },
  [DuckDBTypeId.TIME]: { array: BigInt64Array, type: () => new TimeMicrosecond() },
};

/**
 * The Arrow type a DuckDB column becomes, the same as duckdb-wasm's Arrow export where the app
 * relies on it (numbers, strings, dates, timestamps, lists). DECIMAL and HUGEINT become Float64:
 * every consumer reads them with Number(), and Arrow's Decimal has no plain number accessor.
 */
export function arrowTypeOf(type: DuckDBType): DataType {
  const fixed = fixedWidth[type.typeId];
  if (fixed) return fixed.type();
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return new Bool();
    case DuckDBTypeId.DECIMAL:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT: return new Float64();
    case DuckDBTypeId.LIST: return new List(new Field('l', arrowTypeOf((type as DuckDBListType).valueType), true));
    default: return new Utf8();
  }
}

/** One result column gathered chunk by chunk: typed-array copies for fixed-width types, JS values otherwise. */
class ColumnGatherer {
  private readonly parts: ArrayLike<unknown>[] = [];
  private readonly validity: boolean[] = [];
  private values: unknown[] = [];
  private nullCount = 0;
  private readonly fixed;
  constructor(private readonly type: DuckDBType, private readonly arrowType: DataType) {
    this.fixed = fixedWidth[type.typeId];
  }

  add(chunk: DuckDBDataChunk, column: number): void {
    const rows = chunk.rowCount;
    const vector = chunk.getColumnVector(column);
    if (this.fixed) {
      // The vector's `items` typed array is its data as DuckDB laid it out (no per-value conversion).
      const items = (vector as unknown as { items: ArrayLike<number | bigint> & { slice(): ArrayLike<number | bigint> } }).items;
      this.parts.push(items.slice());
      for (let row = 0; row < rows; row++) {
        const valid = vector.getItem(row) !== null;
        this.validity.push(valid);
        if (!valid) this.nullCount++;
      }
      return;
    }
    const converted = chunk.convertColumnValues(column, JSDuckDBValueConverter);
    for (const value of converted) this.values.push(this.plain(value));
  }

  private plain(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    switch (this.type.typeId) {
      case DuckDBTypeId.DECIMAL:
      case DuckDBTypeId.HUGEINT:
      case DuckDBTypeId.UHUGEINT: return Number(value);
      case DuckDBTypeId.BOOLEAN:
      case DuckDBTypeId.LIST:
      case DuckDBTypeId.VARCHAR: return value;
      default: return value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)) : String(value);
    }
  }

  vector(): Vector {
    if (!this.fixed) return vectorFromArray(this.values, this.arrowType);
    const total = this.validity.length;
    const data = new this.fixed.array(total);
    let offset = 0;
    for (const part of this.parts) {
      (data as unknown as { set(source: ArrayLike<unknown>, at: number): void }).set(part, offset);
      offset += part.length;
    }
    let nullBitmap: Uint8Array | undefined;
    if (this.nullCount > 0) {
      nullBitmap = new Uint8Array(Math.ceil(total / 8));
      for (let row = 0; row < total; row++) if (this.validity[row]) nullBitmap[row >> 3]! |= 1 << (row & 7);
    }
    return makeVector(makeData({ type: this.arrowType, length: total, nullCount: this.nullCount, data, nullBitmap } as never));
  }

  /** Release gathered values (after vector()). */
  clear(): void {
    this.parts.length = 0;
    this.values = [];
  }
}

/** Read every chunk of a DuckDB result into an Arrow table with the result's column names and types. */
export async function arrowTableOf(result: DuckDBResult): Promise<Table> {
  const names = result.deduplicatedColumnNames();
  const types = result.columnTypes();
  const gatherers = types.map((type) => new ColumnGatherer(type, arrowTypeOf(type)));
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (let column = 0; column < gatherers.length; column++) gatherers[column]!.add(chunk, column);
  }
  const columns: Record<string, Vector> = {};
  names.forEach((name, index) => {
    columns[name] = gatherers[index]!.vector();
    gatherers[index]!.clear();
  });
  return names.length === 0 ? new Table() : new Table(columns);
}
