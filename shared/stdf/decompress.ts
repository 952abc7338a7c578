import { Gunzip, unzipSync } from 'fflate';
import type { Compression } from './types.ts';

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
  private readonly output: Uint8Array[] = [];
  private readonly pending: Uint8Array[] = [];

  constructor(readonly kind: Compression, private readonly bzip2?: Bzip2Decoder) {
    if (kind === 'gzip') this.gunzip = new Gunzip((chunk) => this.output.push(chunk));
  }

  /** Feed compressed bytes; returns the decompressed bytes available so far. Throws on corrupt input. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.kind === 'none') return [chunk];
    if (this.gunzip !== null) {
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
