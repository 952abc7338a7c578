import type { Table } from 'apache-arrow';

/** A value bound to a `?` placeholder of a prepared statement. */
export type SqlParam = string | number | boolean | null | bigint;

/**
 * The one interface every layer uses to talk to DuckDB. The renderer implements it over the
 * duckdb-wasm worker, Node (tests, CLI) over the blocking bindings; both run the same SQL.
 */
export interface SqlEngine {
  /** Run a statement with optional bound parameters and return the result as Arrow. */
  query(sql: string, params?: readonly SqlParam[]): Promise<Table>;
  /** Run a query and return its result as Arrow IPC stream bytes (no JS objects in between). */
  queryIpc(sql: string): Promise<Uint8Array>;
  /**
   * Run statements that return nothing (DDL, COPY, INSERT ... SELECT). With parameters, `sql` is
   * one statement whose `?` placeholders take them; without, it may hold several statements.
   */
  exec(sql: string, params?: readonly SqlParam[]): Promise<void>;
  /** Append an Arrow table to `tableName` (created when missing). */
  insertArrow(tableName: string, table: Table): Promise<void>;
  /** Append Arrow IPC stream bytes to `tableName` (created when missing). */
  insertArrowIpc(tableName: string, ipcStream: Uint8Array): Promise<void>;
  /** Make bytes readable by SQL under `fileName` (e.g. `read_csv('fileName')`). */
  registerBuffer(fileName: string, bytes: Uint8Array): Promise<void>;
  /** Forget a registered or written file. */
  dropFile(fileName: string): Promise<void>;
  /** Stop the statement running now, where the engine can (it then fails with an interrupt error). */
  interrupt?(): void;
  /**
   * Run one query that interrupt() can stop, for user-written SQL (shared/engine/userSql.ts).
   * Only engines whose query() cannot be interrupted have it: duckdb-wasm runs query() to the end
   * in one call (https://github.com/duckdb/duckdb-wasm/issues/384), but a pending query can be
   * cancelled between polls (https://github.com/duckdb/duckdb-wasm/issues/871).
   */
  queryStoppable?(sql: string): Promise<Table>;
}

/**
 * Parquet encoding outside DuckDB: duckdb-wasm 1.32 does not link the parquet extension
 * (https://github.com/duckdb/duckdb-wasm/pull/1860) and would fetch it from the network at first use
 * (it hangs in Node, https://github.com/duckdb/duckdb-wasm/issues/2252, and fails offline in the browser).
 */
export interface ParquetCodec {
  /** Arrow IPC stream → Parquet file bytes. */
  encode(ipcStream: Uint8Array): Uint8Array;
  /** Parquet file bytes → Arrow IPC stream. */
  decode(parquet: Uint8Array): Uint8Array;
}

/** Quote an identifier for SQL; the only way user-influenced names reach a statement. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quote a string literal (for places DuckDB cannot bind a parameter, such as file names in COPY). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Arrow IPC file bytes (what duckdb-wasm's runQuery returns: magic, stream messages, footer) to
 * stream bytes, without decoding: drop the 8-byte leading magic and the footer, and make sure the
 * stream ends with the end-of-stream marker.
 */
export function arrowFileToStream(file: Uint8Array): Uint8Array {
  const magic = 'ARROW1';
  const startsWithMagic = magic.split('').every((character, index) => file[index] === character.charCodeAt(0));
  if (!startsWithMagic) return file;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const footerLength = view.getInt32(file.byteLength - 10, true);
  const streamEnd = file.byteLength - 10 - footerLength;
  const body = file.subarray(8, streamEnd);
  const hasEndMarker = body.length >= 8 && view.getUint32(streamEnd - 8, true) === 0xffffffff && view.getUint32(streamEnd - 4, true) === 0;
  if (hasEndMarker) return body;
  const stream = new Uint8Array(body.length + 8);
  stream.set(body);
  stream.set([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0], body.length);
  return stream;
}
