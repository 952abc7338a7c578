import { quoteIdent, type SqlEngine } from '../engine/sqlEngine.ts';
import { stagingTable } from '../sql/staging.ts';
import type { CanonicalTableName } from '../schema/canonical.ts';
import { stageCanonicalCsv } from './dieCsvImport.ts';

/** The descriptive table files of the sample fab, in the order their bytes are hashed. */
export const sampleTableFiles = ['wafers', 'tests', 'bins', 'equipment'] as const;

/** Canonical tables the sample's descriptive files fill. */
export const sampleTables: CanonicalTableName[] = ['wafers', 'tests', 'bins', 'equipment_history'];

/**
 * Stage the sample fab's descriptive CSV files (wafer details, tests, bins, equipment history),
 * already registered with the engine under `registeredNames` (same order as sampleTableFiles).
 * Their columns use canonical names, so this is a typed SELECT per table. Returns the rows staged in
 * all four (the import's row count: the shift summary and the import log show it).
 */
export async function stageSampleTables(engine: SqlEngine, registeredNames: readonly string[], importId: string): Promise<number> {
  const [wafers, tests, bins, equipment] = registeredNames;
  if (!wafers || !tests || !bins || !equipment) throw new Error('the sample fab needs wafers, tests, bins and equipment files');
  await stageCanonicalCsv(engine, 'wafers', wafers, importId,
    `product, lot::VARCHAR AS lot, wafer::VARCHAR AS wafer, tester, probe_card, program, start_time::TIMESTAMP AS start_time,
     end_time::TIMESTAMP AS end_time, wafer_size_mm::DOUBLE AS wafer_size_mm, die_width_mm::DOUBLE AS die_width_mm,
     die_height_mm::DOUBLE AS die_height_mm, flat, pos_x, pos_y, center_x::INTEGER AS center_x, center_y::INTEGER AS center_y`);
  await stageCanonicalCsv(engine, 'tests', tests, importId,
    `product, test_num::INTEGER AS test_key, test_num::INTEGER AS test_num, name, units, lo_limit::DOUBLE AS lo_limit, hi_limit::DOUBLE AS hi_limit`);
  await stageCanonicalCsv(engine, 'bins', bins, importId, `product, bin_type, bin::INTEGER AS bin, name, (pass::INTEGER = 1) AS pass`);
  await stageCanonicalCsv(engine, 'equipment_history', equipment, importId,
    `lot::VARCHAR AS lot, wafer::VARCHAR AS wafer, step, tool, chamber, recipe, start_time::TIMESTAMP AS start_time, end_time::TIMESTAMP AS end_time`);
  const counts = sampleTables.map((table) => `(SELECT count(*) FROM ${quoteIdent(stagingTable(table, importId))})`).join(' + ');
  const staged = await engine.query(`SELECT (${counts})::BIGINT AS rows`);
  return Number(staged.get(0)?.rows ?? 0);
}

/** The one content hash input of the sample's table files: their bytes, concatenated in order. */
export function joinSampleTableBytes(contents: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(contents.reduce((sum, part) => sum + part.length, 0));
  contents.reduce((offset, part) => (joined.set(part, offset), offset + part.length), 0);
  return joined;
}
