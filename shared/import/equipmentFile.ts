/**
 * One entry point for text files that may hold equipment data: decides by content whether a file
 * is a die CSV (left to the die importer), equipment CSV / JSON Lines, or an SML log, and stages it.
 */
import type { SqlEngine } from '../engine/sqlEngine.ts';
import type { EquipmentRecordKind } from '../equipment/columns.ts';
import type { ImportRecord } from '../workspace/manifest.ts';
import { ImportError } from './dieCsvImport.ts';
import { classifyHeaders, headText, sniffTextLayout, type TextLayout } from './equipmentDetect.ts';
import { stageEquipmentCsv, stageEquipmentJsonl, type EquipmentStaging } from './equipmentImport.ts';
import { stageSmlLog } from './equipmentSml.ts';
import { describeEquipmentCsvSql } from '../sql/equipmentSql.ts';

/** An equipment staging plus the manifest format of its file. */
export type EquipmentFileStaging = EquipmentStaging & { format: ImportRecord['format'] };

/** Options for {@link stageEquipmentFile}. */
export interface EquipmentFileOptions {
  importId: string;
  fileName: string;
  /** Name under which the caller registered the bytes with the engine (for DuckDB's CSV reader; the caller drops it). */
  registeredName: string;
  /** Record kind chosen by the user (skips detection; 'die' hands the file to the die importer). */
  recordKind?: EquipmentRecordKind | 'die';
  /** Field -> column choices for equipment files. */
  overrides?: Readonly<Record<string, string>>;
  /** The layout, when the caller already sniffed it (in the browser, registering CSV bytes detaches them). */
  layout?: TextLayout;
}

const isGzip = (bytes: Uint8Array): boolean => bytes[0] === 0x1f && bytes[1] === 0x8b;

/** The text layout of a file's bytes (gzip is taken as CSV: DuckDB's reader decompresses it). */
export function sniffFileLayout(bytes: Uint8Array): TextLayout {
  return isGzip(bytes) ? 'csv' : sniffTextLayout(headText(bytes));
}

/**
 * Stage a text file if it holds equipment data; null when it is die-level test data (the caller
 * then uses the die CSV importer with the same registered bytes).
 */
export async function stageEquipmentFile(engine: SqlEngine, bytes: Uint8Array, options: EquipmentFileOptions): Promise<EquipmentFileStaging | null> {
  if (options.recordKind === 'die') return null;
  const recordKind = options.recordKind;
  const stageOptions = { importId: options.importId, fileName: options.fileName, recordKind, overrides: options.overrides };
  const layout = options.layout ?? sniffFileLayout(bytes);
  if (layout === 'jsonl') return { ...(await stageEquipmentJsonl(engine, new TextDecoder().decode(bytes), stageOptions)), format: 'equipment-jsonl' };
  if (layout === 'sml') return { ...(await stageSmlLog(engine, new TextDecoder().decode(bytes), stageOptions)), format: 'sml' };
  if (!recordKind && classifyHeaders(await csvHeaders(engine, options)) === 'die') return null;
  return { ...(await stageEquipmentCsv(engine, options.registeredName, stageOptions)), format: 'equipment-csv' };
}

async function csvHeaders(engine: SqlEngine, options: EquipmentFileOptions): Promise<string[]> {
  try {
    return (await engine.query(describeEquipmentCsvSql(options.registeredName))).toArray().map((row) => String(row.column_name));
  } catch (error) {
    throw new ImportError(options.fileName, `not a readable CSV file: ${(error as Error).message}`);
  }
}
