/**
 * The one "is this importable, and as what" rule, by content (magic bytes, then the first bytes of
 * text), used by the CLI, the app (opened and dropped files, folders) and watch folders. Compression
 * is found from magic bytes, never from the name: `lot3.gz` holding STDF imports as STDF.
 */
import { Gunzip } from 'fflate';
import { detectCompression } from '../stdf/decompress.ts';
import type { Compression } from '../stdf/types.ts';

/** Bytes of a file's start that are enough to classify it (`classifyImportFile` reads no more). */
export const classifyHeadBytes = 64 * 1024;

/** What a file's first bytes hold. */
export type FileContent = 'stdf' | 'text' | 'binary' | 'empty';

/** A file's content kind and the container it is wrapped in. */
export interface FileClassification {
  content: FileContent;
  compression: Compression;
}

/** Where an import goes: the STDF reader, the text importers (die CSV, equipment files), or nowhere. */
export type ImportRoute =
  | { route: 'stdf'; compression: Compression }
  | { route: 'text' }
  | { route: 'reject'; code: 'not-stdf' | 'not-importable'; looksLike: 'text' | 'binary' | 'empty'; message: string };

/** FAR: REC_LEN 2 (either byte order), REC_TYP 0, REC_SUB 10. */
function startsWithFar(bytes: Uint8Array): boolean {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  return ((b0 === 2 && b1 === 0) || (b0 === 0 && b1 === 2)) && b2 === 0 && b3 === 10;
}

/** Text: no NUL byte and almost only printable characters, tabs and line ends (UTF-8 bytes count as text). */
function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  let control = 0;
  for (const byte of bytes) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  return control <= bytes.length / 100;
}

/** The first decompressed bytes of a gzip stream (whatever inflates before the head runs out or breaks). */
function gunzipHead(head: Uint8Array): Uint8Array {
  const pieces: Uint8Array[] = [];
  let total = 0;
  try {
    const gunzip = new Gunzip((chunk) => {
      pieces.push(chunk);
      total += chunk.length;
    });
    gunzip.push(head, false);
  } catch {
    // A damaged or cut stream: classify what came out before the damage.
  }
  const joined = new Uint8Array(Math.min(total, classifyHeadBytes));
  let offset = 0;
  for (const piece of pieces) {
    if (offset >= joined.length) break;
    const part = piece.subarray(0, joined.length - offset);
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** Classify a file from its first bytes (up to `classifyHeadBytes`). */
export function classifyImportFile(head: Uint8Array): FileClassification {
  const compression = detectCompression(head);
  if (head.length === 0) return { content: 'empty', compression };
  // bzip2 and zip are decoded whole later; the STDF reader opens them (zip: its STDF member).
  if (compression === 'bzip2' || compression === 'zip') return { content: 'stdf', compression };
  const inner = compression === 'gzip' ? gunzipHead(head) : head;
  if (inner.length >= 4 && startsWithFar(inner)) return { content: 'stdf', compression };
  if (looksLikeText(inner)) return { content: 'text', compression };
  return { content: inner.length === 0 && compression === 'none' ? 'empty' : 'binary', compression };
}

/** Names that promise STDF (.stdf, .std, also compressed). */
const stdfNamePattern = /\.(?:stdf?|std)(?:\.(?:gz|bz2|zip))?$/i;

/**
 * Names of files drops and watchers pick up: STDF, compressed files, CSV, JSON Lines, SML and equipment logs,
 * KLARF (.kla, .klarf) and wafer maps with a telling extension (.sinf, .inf, .map). Not `.txt` or `.xml`: in a
 * tester's folder those are notes, text datalogs and settings (the Open dialog still takes them, content decides).
 */
const importableNamePattern = /\.(?:stdf?|std|gz|bz2|zip|csv|jsonl|ndjson|sml|log|klarf|kla|sinf|inf|map)$/i;

/**
 * True when a file name is one the app and the watcher offer to import (content decides what it is).
 * Hidden names (a leading dot, or `~` as editors and copy tools use for files in flight) are skipped.
 */
export function isImportableName(fileName: string): boolean {
  const baseName = fileName.split(/[\\/]/).pop() ?? '';
  if (baseName.startsWith('.') || baseName.startsWith('~')) return false;
  return importableNamePattern.test(baseName);
}

/** Where a file goes, from its name and first bytes: content decides; a name promising STDF is held to it. */
export function importRoute(fileName: string, head: Uint8Array): ImportRoute {
  const { content, compression } = classifyImportFile(head);
  if (content === 'stdf') return { route: 'stdf', compression };
  const promisesStdf = stdfNamePattern.test(fileName);
  if (content === 'text' && !promisesStdf) return { route: 'text' };
  const looksLike = content;
  if (promisesStdf) return { route: 'reject', code: 'not-stdf', looksLike, message: `${fileName}: not an STDF file (looks like ${looksLike === 'empty' ? 'an empty file' : looksLike}), nothing imported` };
  return {
    route: 'reject', code: 'not-importable', looksLike,
    message: `${fileName}: not an importable file (${looksLike === 'empty' ? 'empty' : 'binary data that is not STDF, gzip, bzip2 or zip'}), nothing imported`,
  };
}

/** A file the importers refuse by content: the code and what it looked like, for a translated message. */
export class NotImportableError extends Error {
  override readonly name = 'NotImportableError';

  constructor(readonly fileName: string, readonly rejection: Extract<ImportRoute, { route: 'reject' }>) {
    super(rejection.message);
  }
}
