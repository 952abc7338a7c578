import { type Bzip2Decoder, concatenate, ContainerIntegrityError, Decompressor, detectCompression } from './decompress.ts';
import { StdfReader } from './reader.ts';
import type { StdfResult } from './result.ts';
import type { ResultColumnStorage } from './resultTables.ts';

/** Options of `readStdf`. */
export interface ReadStdfOptions {
  /** Needed for bzip2 input (supplied by the host, e.g. the CLI's seek-bzip wrapper). */
  bzip2?: Bzip2Decoder;
  /** Stop after this many damage errors (default 50). */
  maxErrors?: number;
  /** Expected (decompressed) size in bytes, if known; sizes the result columns once. */
  expectedBytes?: number;
  /** Called after each input chunk with the number of records read so far (for progress displays). */
  onProgress?: (records: number) => void;
  /** Result columns to reuse (see ResultColumnStorage): the previous result read into them becomes invalid. */
  resultStorage?: ResultColumnStorage;
}

/** Source of STDF bytes: one array, or chunks (sync or async). */
export type StdfSource = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** Read STDF bytes (plain, gzip, bzip2 or zip, found from magic bytes) into a columnar result; never throws on bad data. */
export async function readStdf(source: StdfSource, options: ReadStdfOptions = {}): Promise<StdfResult> {
  const session = new ReadSession(options);
  if (source instanceof Uint8Array) session.push(source);
  else if (Symbol.asyncIterator in source) for await (const chunk of source) session.push(chunk);
  else for (const chunk of source) session.push(chunk);
  return session.finish();
}

/** Synchronous read of bytes already in memory (same behaviour as `readStdf`). */
export function readStdfBytes(bytes: Uint8Array, options: ReadStdfOptions = {}): StdfResult {
  const session = new ReadSession({ expectedBytes: bytes.length, ...options });
  session.push(bytes);
  return session.finish();
}

/** Detects the container on the first bytes, then routes chunks through decompression to the reader. */
class ReadSession {
  private head: Uint8Array[] = [];
  private headLength = 0;
  private decompressor: Decompressor | null = null;
  private reader: StdfReader | null = null;
  private failed = false;

  constructor(private readonly options: ReadStdfOptions) {}

  push(chunk: Uint8Array): void {
    if (this.failed) return;
    if (this.decompressor === null) {
      this.head.push(chunk);
      this.headLength += chunk.length;
      if (this.headLength < 4) return;
      this.start(concatenate(this.head.splice(0)));
      this.options.onProgress?.(this.reader?.records ?? 0);
      return;
    }
    this.feed(() => this.decompressor?.push(chunk) ?? []);
    this.options.onProgress?.(this.reader?.records ?? 0);
  }

  finish(): StdfResult {
    if (this.decompressor === null) this.start(concatenate(this.head.splice(0)));
    if (!this.failed) this.feed(() => this.decompressor?.finish() ?? []);
    return (this.reader ?? new StdfReader()).finish();
  }

  private start(first: Uint8Array): void {
    const kind = detectCompression(first);
    this.decompressor = new Decompressor(kind, this.options.bzip2);
    const expectedBytes = kind === 'none' ? this.options.expectedBytes : undefined;
    this.reader = new StdfReader({ compression: kind, maxErrors: this.options.maxErrors, expectedBytes, resultStorage: this.options.resultStorage });
    this.feed(() => this.decompressor?.push(first) ?? []);
  }

  private feed(produce: () => Uint8Array[]): void {
    const reader = this.reader;
    if (reader === null) return;
    try {
      for (const piece of produce()) reader.push(piece);
    } catch (error) {
      this.failed = true;
      reader.fail(`cannot decompress ${this.decompressor?.kind ?? ''} data: ${error instanceof Error ? error.message : String(error)}`, error instanceof ContainerIntegrityError);
    }
  }
}
