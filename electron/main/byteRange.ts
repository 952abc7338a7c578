/**
 * HTTP Range header parsing (RFC 9110 section 14) for the app://workspace route, so duckdb-wasm
 * can read Parquet footers and row groups lazily. Only single byte ranges are honoured; a
 * multi-range or malformed header is ignored and the whole file is served, which RFC 9110 allows.
 */

/** What to send for a request: the whole file, one inclusive byte span, or 416. */
export type ByteRangeDecision =
  | { kind: 'whole' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const singleRangePattern = /^bytes=(\d*)-(\d*)$/;

/** Decide how to answer `rangeHeader` (null when absent) for a file of `fileSize` bytes. */
export function parseByteRange(rangeHeader: string | null, fileSize: number): ByteRangeDecision {
  if (rangeHeader === null) return { kind: 'whole' };
  const match = singleRangePattern.exec(rangeHeader.trim().replace(/\s+/g, ''));
  if (!match) return { kind: 'whole' };
  const firstText = match[1] ?? '';
  const lastText = match[2] ?? '';
  if (firstText === '' && lastText === '') return { kind: 'whole' };
  if (firstText === '') {
    const suffixLength = Number(lastText);
    if (suffixLength === 0 || fileSize === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, fileSize - suffixLength), end: fileSize - 1 };
  }
  const start = Number(firstText);
  const requestedEnd = lastText === '' ? Number.POSITIVE_INFINITY : Number(lastText);
  if (requestedEnd < start) return { kind: 'whole' };
  if (start >= fileSize) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(requestedEnd, fileSize - 1) };
}

/** The Content-Range header value for a partial response. */
export function contentRangeHeader(start: number, end: number, fileSize: number): string {
  return `bytes ${start}-${end}/${fileSize}`;
}

/** The Content-Range header value for a 416 response. */
export function unsatisfiableContentRangeHeader(fileSize: number): string {
  return `bytes */${fileSize}`;
}
