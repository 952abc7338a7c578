import { Gunzip, unzipSync } from 'fflate';
import { Crc32 } from '../util/crc32.ts';
import type { Compression } from './types.ts';

/** The container's own check failed: the decompressed bytes differ from what was compressed (never import them). */
export class ContainerIntegrityError extends Error {
  override readonly name = 'ContainerIntegrityError';
}

/** Input bytes kept to find a gzip member's trailer (8 bytes before the next member's header). */
const trailerWindow = 64 * 1024;

/**
 * Checks every gzip member's trailer (CRC-32 and ISIZE, RFC 1952) against the bytes it decoded to;
 * fflate inflates without checking them, so a corrupted stream could decode to altered bytes silently.
 */
class GzipTrailerCheck {
  private crc = new Crc32();
  private size = 0;
  private member = 1;
  /** The last input bytes and the input offset of their first byte. */
  private window = new Uint8Array(0);
  private windowStart = 0;

  /** Note input bytes before they are handed to the inflater. */
  input(chunk: Uint8Array): void {
    const joined = concatenate([this.window, chunk]);
    const keep = Math.min(joined.length, trailerWindow + chunk.length);
    this.windowStart += joined.length - keep;
    this.window = joined.slice(joined.length - keep);
  }

  /** Note decoded bytes of the current member. */
  output(chunk: Uint8Array): void {
    this.crc.update(chunk);
    this.size = (this.size + chunk.length) >>> 0;
  }

  /** The current member ended just before input offset `end`: compare its trailer, start the next member. */
  memberEnd(end: number): void {
    const at = end - 8 - this.windowStart;
    if (at < 0 || end - this.windowStart > this.window.length) throw new ContainerIntegrityError(`gzip member ${this.member}: trailer at offset ${end - 8} could not be checked`);
    const view = new DataView(this.window.buffer, this.window.byteOffset + at, 8);
    const crc = view.getUint32(0, true);
    const size = view.getUint32(4, true);
    if (crc !== this.crc.value) {
      throw new ContainerIntegrityError(`gzip member ${this.member}: CRC-32 in the trailer at offset ${end - 8} is ${hex(crc)}, the decoded bytes give ${hex(this.crc.value)}: the data is altered`);
    }
    if (size !== this.size) {
      throw new ContainerIntegrityError(`gzip member ${this.member}: ISIZE in the trailer at offset ${end - 4} is ${size}, but ${this.size} bytes were decoded (mod 2^32): the data is altered`);
    }
    this.member++;
    this.crc = new Crc32();
    this.size = 0;
  }

  /** Input offset just past the last byte seen. */
  get inputEnd(): number {
    return this.windowStart + this.window.length;
  }
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** Decoder for whole bzip2 streams, supplied by the host (the bzip2 library needs Node's Buffer). */
export type Bzip2Decoder = (compressed: Uint8Array) => Uint8Array;

/** Container kind from the first bytes: gzip 1f 8b, bzip2 "BZh", zip "PK\x03\x04", else none. */
export function detectCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  return 'none';
}

/** Turns compressed chunks into STDF chunks; gzip streams, zip and bzip2 decode the whole input at the end. */
export class Decompressor {
  private readonly gunzip: Gunzip | null = null;
  private readonly trailers = new GzipTrailerCheck();
  private readonly output: Uint8Array[] = [];
  private readonly pending: Uint8Array[] = [];

  constructor(readonly kind: Compression, private readonly bzip2?: Bzip2Decoder) {
    if (kind === 'gzip') {
      const gunzip = new Gunzip((chunk) => {
        this.trailers.output(chunk);
        this.output.push(chunk);
      });
      // A further member starts at `offset`: the previous one's trailer ends there.
      gunzip.onmember = (offset) => this.trailers.memberEnd(offset);
      this.gunzip = gunzip;
    }
  }

  /**
   * Feed compressed bytes; returns the decompressed bytes available so far. Throws on corrupt input
   * (ContainerIntegrityError when a gzip trailer does not match the decoded bytes).
   */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.kind === 'none') return [chunk];
    if (this.gunzip !== null) {
      this.trailers.input(chunk);
      this.gunzip.push(chunk, false);
      return this.output.splice(0);
    }
    this.pending.push(chunk);
    return [];
  }

  /** End of input; returns the remaining decompressed bytes. Throws on corrupt input. */
  finish(): Uint8Array[] {
    if (this.gunzip !== null) {
      this.gunzip.push(new Uint8Array(0), true);
      this.trailers.memberEnd(this.trailers.inputEnd);
      return this.output.splice(0);
    }
    if (this.kind === 'none') return [];
    const whole = concatenate(this.pending.splice(0));
    if (this.kind === 'bzip2') {
      if (this.bzip2 === undefined) throw new Error('bzip2 input but no bzip2 decoder was supplied');
      return [this.bzip2(whole)];
    }
    const members = unzipSync(whole);
    const names = Object.keys(members).filter((name) => !name.endsWith('/'));
    const chosen = names.find((name) => /\.(stdf?|std)$/i.test(name)) ?? names[0];
    if (chosen === undefined) throw new Error('zip archive holds no file');
    const member = members[chosen];
    return member === undefined ? [] : [member];
  }
}

/** Join byte chunks into one array. */
export function concatenate(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
