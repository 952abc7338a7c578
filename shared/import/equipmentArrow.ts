/** Arrow relations of text columns built from plain rows (JSON Lines, SML), for loading into DuckDB in one go. */
import { Int32, makeData, makeVector, Table, Utf8, type Vector } from 'apache-arrow';

/**
 * A nullable UTF-8 vector from offsets, bytes and a validity bitmap (apache-arrow's vectorFromArray
 * compiles code with `new Function`, which the app's CSP forbids).
 */
export function textVector(values: readonly (string | null)[]): Vector {
  const encoder = new TextEncoder();
  const encoded = values.map((value) => (value === null ? new Uint8Array(0) : encoder.encode(value)));
  const valueOffsets = new Int32Array(values.length + 1);
  encoded.forEach((bytes, index) => (valueOffsets[index + 1] = (valueOffsets[index] ?? 0) + bytes.length));
  const data = new Uint8Array(valueOffsets[values.length] ?? 0);
  encoded.forEach((bytes, index) => data.set(bytes, valueOffsets[index] ?? 0));
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((value, index) => {
    if (value === null) nullCount++;
    else nullBitmap[index >> 3] = (nullBitmap[index >> 3] ?? 0) | (1 << (index & 7));
  });
  return makeVector(makeData({ type: new Utf8(), length: values.length, nullCount, nullBitmap, valueOffsets, data }));
}

/** A table of text columns plus `__line` (the source line of each row). */
export function textRowsTable(columns: Readonly<Record<string, readonly (string | null)[]>>, lines: readonly number[]): Table {
  const vectors: Record<string, Vector> = {};
  for (const [name, values] of Object.entries(columns)) vectors[name] = textVector(values);
  vectors.__line = makeVector(makeData({ type: new Int32(), length: lines.length, data: Int32Array.from(lines) }));
  return new Table(vectors);
}
