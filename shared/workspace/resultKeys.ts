/**
 * Keys of the stored results (`result_wafers.wafer_key`, `result_values.wafer_key`). An import's Parquet
 * files number its wafers 0, 1, ...; in the open workspace every import's keys are moved into a range of
 * their own, `resultKeySpan` wide, so the `results` view joins each value to its own import's wafer.
 * An import's range is found from its wafers already loaded, else the next free one is taken: the
 * wafers load before the values, and a deferred values load finds its import's range again
 * (ResultKeyRanges).
 */
import { quoteIdent, type SqlEngine } from '../engine/sqlEngine.ts';
import { stagingTable } from '../sql/staging.ts';

/** Wafers one import may hold (its keys are 0 .. span - 1 in its files); 2^24 keeps every key exact as a JavaScript number. */
export const resultKeySpan = 2 ** 24;

/**
 * The key ranges of the imports whose wafers the open tables hold, and the next free range: read from
 * the tables once per load or commit (sync), then handed out without a query per import (a workspace
 * of 1,000 small imports spent 4.1 s of its open asking for each import's range in turn).
 */
export class ResultKeyRanges {
  private readonly offsets = new Map<string, number>();
  private next = 0;

  /**
   * Read every import's range, and the first range above them all, from `result_wafers`. Ranges
   * handed out before are kept: wafers written without their import_id (files from elsewhere)
   * cannot say whose range they hold, and their values loaded later must still land in it.
   */
  async sync(engine: SqlEngine): Promise<void> {
    const found = await engine.query(`SELECT import_id, min(wafer_key)::BIGINT AS own, max(wafer_key)::BIGINT AS highest FROM result_wafers GROUP BY import_id`);
    for (const row of found.toArray() as { import_id: string | null; own: bigint | number; highest: bigint | number }[]) {
      if (row.import_id !== null) this.offsets.set(String(row.import_id), Math.floor(Number(row.own) / resultKeySpan) * resultKeySpan);
      this.next = Math.max(this.next, (Math.floor(Number(row.highest) / resultKeySpan) + 1) * resultKeySpan);
    }
  }

  /** The import's offset: the range its wafers have, else the next free one (`importId` null: rows of no import, a new range each time). */
  offsetOf(importId: string | null): number {
    const known = importId === null ? undefined : this.offsets.get(importId);
    if (known !== undefined) return known;
    const offset = this.next;
    this.next += resultKeySpan;
    if (importId !== null) this.offsets.set(importId, offset);
    return offset;
  }
}

/** The offset added to an import's file keys, by one query (`importId` null: rows of no import, a new range); test fixtures without a workspace. */
export async function resultKeyOffset(engine: SqlEngine, importId: string | null): Promise<number> {
  const ranges = new ResultKeyRanges();
  await ranges.sync(engine);
  return ranges.offsetOf(importId);
}

/** The select list that moves a result table's file keys by `offset` (a whole number we computed). */
export function offsetKeysSelect(offset: number): string {
  return `* REPLACE (wafer_key + ${Math.trunc(offset)} AS wafer_key)`;
}

/** Throws when a staged import numbers more wafers than its key range holds. */
export async function checkStagedResultKeys(engine: SqlEngine, importId: string): Promise<void> {
  const found = await engine.query(`SELECT max(wafer_key)::BIGINT AS highest FROM ${quoteIdent(stagingTable('result_wafers', importId))}`);
  const highest = Number(found.get(0)?.highest ?? 0);
  if (highest >= resultKeySpan) throw new Error(`import ${importId}: ${highest + 1} result wafers, more than the ${resultKeySpan} one import may hold`);
}

/**
 * Statements appending an import's staged result_wafers and result_values (see splitWideResultsSql) to the
 * workspace tables with their keys moved by `offset`, then dropping the staged tables.
 */
export function appendStagedResultsSql(importId: string, offset: number): string[] {
  const wafers = quoteIdent(stagingTable('result_wafers', importId));
  const values = quoteIdent(stagingTable('result_values', importId));
  return [
    `INSERT INTO result_wafers BY NAME SELECT ${offsetKeysSelect(offset)} FROM ${wafers}`,
    `INSERT INTO result_values BY NAME SELECT ${offsetKeysSelect(offset)} FROM ${values}`,
    `DROP TABLE ${wafers}`,
    `DROP TABLE ${values}`,
  ];
}
