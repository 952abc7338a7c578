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

/** The parts of a node-api VARCHAR vector read here: DuckDB's 16-byte string entries and the validity words. */
interface StringVector {
  dataView: DataView;
  validity: { data: BigUint64Array | null };
  getItem(row: number): string | null;
}

/**
 * A VARCHAR column built straight into Arrow's Utf8 layout (offsets + bytes): strings of up to 12
 * bytes are inlined in DuckDB's entry and copied as bytes, never decoded into JS strings; longer
 * ones are read through the vector. 5M short strings: ~0.5 s instead of ~18 s through JS values.
 */
class Utf8Gatherer {
  private bytes = new Uint8Array(1 << 16);
  private length = 0;
  private offsets: number[] = [0];
  private valid: boolean[] = [];
  private nullCount = 0;
  private readonly encoder = new TextEncoder();

  add(vector: StringVector, rows: number): void {
    const words = vector.validity.data;
    const view = vector.dataView;
    for (let row = 0; row < rows; row++) {
      const isValid = !words || (words[row >> 6]! & (1n << BigInt(row & 63))) !== 0n;
      this.valid.push(isValid);
      if (!isValid) {
        this.nullCount++;
        this.offsets.push(this.length);
        continue;
      }
      const size = view.getUint32(row * 16, true);
      if (size <= 12) {
        this.reserve(size);
        this.bytes.set(new Uint8Array(view.buffer, view.byteOffset + row * 16 + 4, size), this.length);
        this.length += size;
      } else {
        const text = vector.getItem(row) ?? '';
        this.reserve(text.length * 3);
        this.length += this.encoder.encodeInto(text, this.bytes.subarray(this.length)).written;
      }
      this.offsets.push(this.length);
    }
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  vector(): Vector {
    const total = this.valid.length;
    let nullBitmap: Uint8Array | undefined;
    if (this.nullCount > 0) {
      nullBitmap = new Uint8Array(Math.ceil(total / 8));
      this.valid.forEach((isValid, row) => { if (isValid) nullBitmap![row >> 3]! |= 1 << (row & 7); });
    }
    return makeVector(makeData({
      type: new Utf8(), length: total, nullCount: this.nullCount, nullBitmap,
      valueOffsets: Int32Array.from(this.offsets), data: this.bytes.slice(0, this.length),
    }));
  }
}

/** One result column gathered chunk by chunk: typed-array copies for fixed-width types, JS values otherwise. */
class ColumnGatherer {
  private readonly parts: ArrayLike<unknown>[] = [];
  /** Per gathered chunk: its validity bits (DuckDB's little-endian words = Arrow's LSB bitmap bytes), or null when all valid. */
  private readonly validity: { bits: Uint8Array | null; rows: number }[] = [];
  private rows = 0;
  private values: unknown[] = [];
  private nullCount = 0;
  private readonly fixed;
  /** DECIMAL: stored as scaled integers (16 to 128 bits), gathered as doubles (value / 10^scale). */
  private readonly decimalScale: number | null;
  constructor(private readonly type: DuckDBType, private readonly arrowType: DataType) {
    const decimal = type.typeId === DuckDBTypeId.DECIMAL ? (type as unknown as { width: number; scale: number }) : null;
    this.decimalScale = decimal ? decimal.scale : null;
    this.fixed = this.decimalScale === null ? fixedWidth[type.typeId] : { array: Float64Array, type: () => new Float64() };
    this.strings = type.typeId === DuckDBTypeId.VARCHAR ? new Utf8Gatherer() : null;
  }
  private readonly strings: Utf8Gatherer | null;

  add(chunk: DuckDBDataChunk, column: number): void {
    const rows = chunk.rowCount;
    const vector = chunk.getColumnVector(column);
    if (this.fixed) {
      // The vector's `items` typed array is its data as DuckDB laid it out (no per-value conversion).
      const inner = vector as unknown as { items: ArrayLike<number | bigint> & { slice(): ArrayLike<number | bigint> }; dataView: DataView; validity: { data: BigUint64Array | null } };
      this.parts.push(this.decimalScale === null ? inner.items.slice() : scaled(inner.dataView, rows, (this.type as unknown as { width: number }).width, this.decimalScale));
      const words = inner.validity.data;
      let bits: Uint8Array | null = null;
      if (words) {
        bits = new Uint8Array(words.buffer.slice(words.byteOffset, words.byteOffset + Math.ceil(rows / 8)));
        for (let row = 0; row < rows; row++) if ((bits[row >> 3]! & (1 << (row & 7))) === 0) this.nullCount++;
      }
      this.validity.push({ bits, rows });
      this.rows += rows;
      return;
    }
    if (this.strings) {
      this.strings.add(vector as unknown as StringVector, rows);
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
    if (this.strings) return this.strings.vector();
    if (!this.fixed) return vectorFromArray(this.values, this.arrowType);
    const total = this.rows;
    const data = new this.fixed.array(total);
    let offset = 0;
    for (const part of this.parts) {
      (data as unknown as { set(source: ArrayLike<unknown>, at: number): void }).set(part, offset);
      offset += part.length;
    }
    const nullBitmap = this.nullCount > 0 ? this.nullBitmap(total) : undefined;
    return makeVector(makeData({ type: this.arrowType, length: total, nullCount: this.nullCount, data, nullBitmap } as never));
  }

  /** The Arrow validity bitmap of the gathered chunks (byte copies where a chunk starts on a byte boundary). */
  private nullBitmap(total: number): Uint8Array {
    const bitmap = new Uint8Array(Math.ceil(total / 8));
    let start = 0;
    for (const { bits, rows } of this.validity) {
      if (bits && start % 8 === 0) {
        bitmap.set(bits.subarray(0, rows >> 3), start >> 3);
        for (let row = rows & ~7; row < rows; row++) if (bits[row >> 3]! & (1 << (row & 7))) bitmap[(start + row) >> 3]! |= 1 << ((start + row) & 7);
      } else {
        for (let row = 0; row < rows; row++) {
          if (bits && (bits[row >> 3]! & (1 << (row & 7))) === 0) continue;
          bitmap[(start + row) >> 3]! |= 1 << ((start + row) & 7);
        }
      }
      start += rows;
    }
    return bitmap;
  }

  /** Release gathered values (after vector()). */
  clear(): void {
    this.parts.length = 0;
    this.values = [];
  }
}

/** DuckDB's scaled decimal integers (16, 32 or 64 bits by width) as doubles. */
function scaled(data: DataView, rows: number, width: number, scale: number): Float64Array {
  const divisor = 10 ** scale;
  const values = new Float64Array(rows);
  if (width <= 4) for (let row = 0; row < rows; row++) values[row] = data.getInt16(row * 2, true) / divisor;
  else if (width <= 9) for (let row = 0; row < rows; row++) values[row] = data.getInt32(row * 4, true) / divisor;
  else if (width <= 18) for (let row = 0; row < rows; row++) values[row] = Number(data.getBigInt64(row * 8, true)) / divisor;
  // 128-bit: low 64 bits unsigned, then the signed high 64 bits.
  else for (let row = 0; row < rows; row++) values[row] = (Number(data.getBigInt64(row * 16 + 8, true)) * 2 ** 64 + Number(data.getBigUint64(row * 16, true))) / divisor;
  return values;
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
