/**
 * Whether a tester has finished writing an STDF file: the MRR is the last record it writes, so a
 * file is complete once its record headers walk to an MRR. Watch folders ask this before importing
 * a file that has stopped changing (a tester may pause longer than the stable time mid-lot).
 */
import { concatenate, Decompressor, detectCompression, type Bzip2Decoder } from '../stdf/decompress.ts';
import { classifyHeadBytes, classifyImportFile } from './importableFile.ts';

/** `complete`: an MRR was reached; `incomplete`: the records stop at `endsAt` (STDF bytes) without one; `not-stdf`: no STDF inside. */
export type StdfCompleteness = { state: 'complete' } | { state: 'incomplete'; endsAt: number } | { state: 'not-stdf' };

/** MRR: REC_TYP 1, REC_SUB 20. */
const mrrType = 1;
const mrrSubtype = 20;

/** The STDF bytes inside a (possibly compressed, possibly cut) file: what decodes before the input ends or breaks. */
function decodedStdf(bytes: Uint8Array, bzip2?: Bzip2Decoder): Uint8Array {
  const decompressor = new Decompressor(detectCompression(bytes), bzip2);
  const chunks: Uint8Array[] = [];
  try {
    chunks.push(...decompressor.push(bytes));
    chunks.push(...decompressor.finish());
  } catch {
    // A cut gzip stream (or a zip/bzip2 without its end) still being written: keep what decoded.
  }
  return concatenate(chunks);
}

/** Walk the record headers of `bytes` (a file's whole content) and say whether the MRR has arrived. */
export function stdfCompleteness(bytes: Uint8Array, bzip2?: Bzip2Decoder): StdfCompleteness {
  if (classifyImportFile(bytes.subarray(0, classifyHeadBytes)).content !== 'stdf') return { state: 'not-stdf' };
  // Without a bzip2 decoder the records cannot be seen: the stable time alone decides.
  if (detectCompression(bytes) === 'bzip2' && bzip2 === undefined) return { state: 'complete' };
  const stdf = decodedStdf(bytes, bzip2);
  // The FAR's REC_LEN (2) gives the byte order of every header.
  const littleEndian = stdf[0] === 2;
  let offset = 0;
  while (offset + 4 <= stdf.length) {
    const length = littleEndian ? stdf[offset]! | (stdf[offset + 1]! << 8) : (stdf[offset]! << 8) | stdf[offset + 1]!;
    const next = offset + 4 + length;
    if (next > stdf.length) break;
    if (stdf[offset + 2] === mrrType && stdf[offset + 3] === mrrSubtype) return { state: 'complete' };
    offset = next;
  }
  return { state: 'incomplete', endsAt: offset };
}
