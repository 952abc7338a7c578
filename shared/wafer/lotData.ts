/**
 * Reads one lot for the gallery, the zones and `wafer classify --workspace`: its wafers with die
 * counts and orientation, and every die in one query as typed arrays taken from the Arrow columns.
 */
import type { Table } from 'apache-arrow';
import type { SqlEngine } from '../engine/sqlEngine.ts';
import { lotDiesSql, lotWafersSql } from '../sql/gallerySql.ts';
import { orientationOfRow, waferRanges, type LotDieColumns, type WaferOrientationRow, type WaferRange } from './lotWafers.ts';

/** A wafer of the lot as listed by lotWafersSql. */
export interface LotWaferInfo {
  wafer: string;
  product: string;
  dies: number;
  good: number;
  firstPassGood: number;
  orientation: WaferOrientationRow;
}

/** A lot's wafers (natural order), its dies as columns, and each wafer's range in them. */
export interface LotData {
  lot: string;
  wafers: LotWaferInfo[];
  columns: LotDieColumns;
  ranges: WaferRange[];
}

function typedColumn<T extends Int32Array | Int8Array>(table: Table, name: string, make: (length: number) => T): T {
  const values = table.getChild(name)?.toArray() as T | undefined;
  // toArray() of a single-chunk column is a view of its buffer; copying keeps the result independent of Arrow.
  const copy = make(table.numRows);
  if (values) copy.set(values);
  return copy;
}

/** Die columns of a lotDiesSql result. */
export function lotDieColumns(table: Table): LotDieColumns {
  const int32 = (name: string): Int32Array => typedColumn(table, name, (length) => new Int32Array(length));
  const int8 = (name: string): Int8Array => typedColumn(table, name, (length) => new Int8Array(length));
  return {
    count: table.numRows, waferIndex: int32('wafer_index'), x: int32('x'), y: int32('y'),
    pass: int8('pass'), firstPass: int8('first_pass'), hardBin: int32('hard_bin'),
  };
}

/** Wafer rows of a lotWafersSql result. */
export function lotWaferInfos(table: Table): LotWaferInfo[] {
  return table.toArray().map((row: Record<string, unknown>) => ({
    wafer: String(row.wafer), product: String(row.product ?? ''),
    dies: Number(row.dies ?? 0), good: Number(row.good ?? 0), firstPassGood: Number(row.first_pass_good ?? 0),
    orientation: orientationOfRow(row),
  }));
}

/** Read a lot: two queries (wafers, dies); the dies arrive as one Arrow result. */
export async function readLot(engine: SqlEngine, lot: string): Promise<LotData> {
  const [waferTable, dieTable] = await Promise.all([engine.query(lotWafersSql, [lot]), engine.query(lotDiesSql, [lot])]);
  const wafers = lotWaferInfos(waferTable);
  const columns = lotDieColumns(dieTable);
  return { lot, wafers, columns, ranges: waferRanges(columns.waferIndex, wafers.length) };
}
