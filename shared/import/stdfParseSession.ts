/**
 * The STDF import worker's work, free of worker globals (the app runs it in a worker, tests directly): hash the file
 * bytes as they arrive, decompress (gzip streams; zip at the end), feed the streaming STDF reader (whose
 * record count the progress reports), and finally build the staging input (Arrow IPC relations, header, warnings, details).
 */
import { concatenate } from '../stdf/decompress.ts';
import { ContainerIntegrityError } from '../stdf/decompress.ts';
import { Decompressor, detectCompression, readStdf, type Compression, type ResultColumnStorage, type StdfFinding, type StdfResult } from '../stdf/index.ts';
import { Sha256 } from '../util/sha256.ts';
import { prepareStdfStaging, stdfRejection, type StdfIpcStagingInput } from './stdfImport.ts';

/** What a parse session reports: progress after each parsed piece (the last piece of an input chunk acknowledges it), then the hash and counts. */
export type StdfParseReport =
  | { type: 'progress'; bytes: number; records: number; acknowledged: number | null }
  | { type: 'parsed'; contentHash: string; records: number; parts: number };

/** Largest piece handed to the STDF reader at a time, so progress moves within a 4 MB chunk. */
export const parsePieceBytes = 512 * 1024;

/** A piece for the reader and what to report once the reader has taken it. */
interface QueuedPiece {
  bytes: Uint8Array;
  /** Input (file) bytes accounted for once this piece is parsed. */
  inputBytes: number;
  /** Input chunk acknowledged with this piece (its last piece), else null. */
  acknowledges: number | null;
}

/** One file's parse: `push` chunks in order, `end`, then `build` unless the main thread found a duplicate. */
export class StdfParseSession {
  private readonly hash = new Sha256();
  /** Records the reader has read so far. */
  private records = 0;
  private readonly queue: QueuedPiece[] = [];
  private wake: (() => void) | null = null;
  private closed = false;
  private head: Uint8Array[] = [];
  private compression: Compression | null = null;
  private decompressor: Decompressor | null = null;
  private decompressFailure: StdfFinding | null = null;
  /** The gzip trailer check failed: the decoded bytes are altered and the file is rejected. */
  private altered: string | null = null;
  private inputBytes = 0;
  private parsing: Promise<StdfResult> | null = null;
  private result: StdfResult | null = null;

  constructor(
    private readonly fileName: string,
    private readonly size: number,
    private readonly report: (message: StdfParseReport) => void,
    /** Result columns to read into (reused from the previous file: its built input holds copies, not views). */
    private readonly resultStorage?: ResultColumnStorage,
  ) {}

  /** The next chunk of the file, as read by the main thread. */
  push(index: number, bytes: Uint8Array): void {
    this.hash.update(bytes);
    const chunkStart = this.inputBytes;
    this.inputBytes += bytes.length;
    if (this.compression === null) {
      this.head.push(bytes);
      if (this.head.reduce((sum, piece) => sum + piece.length, 0) < 4) return;
      bytes = concatenate(this.head.splice(0));
      this.begin(bytes);
    }
    this.enqueue(this.decompress(() => this.decompressor?.push(bytes) ?? []), chunkStart, this.inputBytes, index);
  }

  /** End of the file: parse what is left, then report the content hash and counts. */
  async end(): Promise<void> {
    if (this.compression === null) {
      // A file shorter than 4 bytes: start the reader on what there is.
      const first = concatenate(this.head.splice(0));
      this.begin(first);
      this.enqueue(this.decompress(() => this.decompressor?.push(first) ?? []), 0, this.inputBytes, null);
    }
    this.enqueue(this.decompress(() => this.decompressor?.finish() ?? []), this.inputBytes, this.inputBytes, null);
    this.closed = true;
    this.wake?.();
    const result = await (this.parsing ?? readStdf(new Uint8Array(0)));
    this.result = result;
    this.report({ type: 'parsed', contentHash: this.hash.digestHex(), records: result.recordTotal, parts: result.recordCounts.PRR ?? 0 });
  }

  /** Build the staging input of the parsed file; an error message when it cannot be imported. */
  build(): StdfIpcStagingInput | string {
    if (this.result === null) return `${this.fileName}: not parsed yet`;
    if (this.altered !== null) return `${this.fileName}: damaged compressed file, nothing imported: ${this.altered}`;
    const rejection = stdfRejection(this.result, this.fileName);
    if (rejection !== null) return rejection;
    const failure = this.decompressFailure;
    const input = prepareStdfStaging(this.result, this.fileName, failure ? [failure] : []);
    // The reader saw decompressed bytes: say what the file itself was.
    input.details.compression = this.compression ?? 'none';
    // Decompression stopped early: the rest of the compressed file was not read.
    if (failure && !input.details.partial) input.details.partial = { offset: failure.offset, unreadBytes: Math.max(0, this.size - failure.offset) };
    return input;
  }

  private begin(first: Uint8Array): void {
    this.compression = detectCompression(first);
    this.decompressor = new Decompressor(this.compression);
    const expectedBytes = this.compression === 'none' ? this.size : undefined;
    this.parsing = readStdf(this.pieces(), { expectedBytes, resultStorage: this.resultStorage, onProgress: (records) => { this.records = records; } });
  }

  /** Decompressed bytes, or none after a failure (recorded as a damage finding, like the reader does). */
  private decompress(produce: () => Uint8Array[]): Uint8Array[] {
    if (this.decompressFailure !== null) return [];
    try {
      return produce();
    } catch (error) {
      if (error instanceof ContainerIntegrityError) this.altered = error.message;
      const message = `cannot decompress ${this.compression ?? ''} data: ${error instanceof Error ? error.message : String(error)}. Everything before this point was kept.`;
      this.decompressFailure = { offset: this.inputBytes, code: 'damage', message };
      return [];
    }
  }

  /** Queue decompressed output in reader-sized pieces, spreading the chunk's input bytes over them. */
  private enqueue(outputs: Uint8Array[], chunkStart: number, chunkEnd: number, index: number | null): void {
    const pieces = outputs.flatMap((output) => splitPieces(output));
    pieces.forEach((bytes, ordinal) => {
      const inputBytes = chunkStart + Math.round(((chunkEnd - chunkStart) * (ordinal + 1)) / pieces.length);
      this.queue.push({ bytes, inputBytes, acknowledges: ordinal === pieces.length - 1 ? index : null });
    });
    if (pieces.length === 0 && index !== null) this.queue.push({ bytes: new Uint8Array(0), inputBytes: chunkEnd, acknowledges: index });
    this.wake?.();
  }

  /** The reader's input: yields queued pieces; a piece counts as parsed when the reader asks for the next. */
  private async *pieces(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const piece = this.queue.shift();
      if (piece === undefined) {
        if (this.closed) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      if (piece.bytes.length > 0) yield piece.bytes;
      this.report({ type: 'progress', bytes: piece.inputBytes, records: this.records, acknowledged: piece.acknowledges });
    }
  }
}

function splitPieces(bytes: Uint8Array): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += parsePieceBytes) pieces.push(bytes.subarray(offset, offset + parsePieceBytes));
  return pieces;
}
