/**
 * Reads the wafer maps out of a parsed JSON document in the layout of the WM-811K sample
 * ({wafers: [{waferMap: number[][], ...}]}), or a bare array of maps or of {waferMap} objects.
 */

/** What a wafer-map document must look like, for error messages. */
export const WAFER_MAP_DOCUMENT_EXPECTED =
  '{"wafers": [{"waferMap": number[][]}, ...]}, an array of maps (number[][]) or an array of {"waferMap": number[][]}';

function isGrid(value: unknown): value is number[][] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((row) => Array.isArray(row) && row.every((cell) => typeof cell === 'number'))
  );
}

function mapOf(entry: unknown, index: number): number[][] {
  const candidate = isGrid(entry) ? entry : (entry as { waferMap?: unknown } | null)?.waferMap;
  if (typeof entry === 'object' && entry !== null && isGrid(candidate)) return candidate;
  throw new Error(`wafer ${index} is not a wafer map (number[][] or {"waferMap": number[][]})`);
}

/** Wafer maps of a document, in input order; throws an Error saying what was expected. */
export function wafersFromDocument(document: unknown): number[][][] {
  const list = Array.isArray(document) ? document : (document as { wafers?: unknown } | null)?.wafers;
  if (!Array.isArray(list)) throw new Error('no list of wafer maps found');
  return list.map((entry, index) => mapOf(entry, index));
}
