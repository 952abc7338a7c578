/** Sequential reader of STDF fields inside one record; reads past the record's end give missing values. */
export class FieldCursor {
  position = 0;
  end = 0;
  /** True once a field was absent because the record ended (legal: trailing fields may be omitted). */
  ranOut = false;
  /** True once a variable-length field was cut in the middle by the record end (a length mismatch). */
  cutShort = false;
  private view: DataView;
  private bytes: Uint8Array;

  constructor(bytes: Uint8Array, readonly littleEndian: boolean) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Point the cursor at a record body in the given buffer. */
  reset(bytes: Uint8Array, start: number, end: number): void {
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    this.position = start;
    this.end = end;
    this.ranOut = false;
    this.cutShort = false;
  }

  /** True when at least `size` bytes remain in the record. */
  has(size: number): boolean {
    if (this.position + size <= this.end) return true;
    this.ranOut = true;
    return false;
  }

  /** Unsigned 1-byte integer, or `missing` past the end. */
  u1(missing = 0): number {
    if (!this.has(1)) return missing;
    return this.bytes[this.position++] ?? missing;
  }

  /** Signed 1-byte integer. */
  i1(missing = 0): number {
    if (!this.has(1)) return missing;
    const value = this.view.getInt8(this.position);
    this.position += 1;
    return value;
  }

  /** Unsigned 2-byte integer. */
  u2(missing = 0): number {
    if (!this.has(2)) return missing;
    const value = this.view.getUint16(this.position, this.littleEndian);
    this.position += 2;
    return value;
  }

  /** Unsigned 4-byte integer. */
  u4(missing = 0): number {
    if (!this.has(4)) return missing;
    const value = this.view.getUint32(this.position, this.littleEndian);
    this.position += 4;
    return value;
  }

  /** Signed 2-byte integer. */
  i2(missing = -32768): number {
    if (!this.has(2)) return missing;
    const value = this.view.getInt16(this.position, this.littleEndian);
    this.position += 2;
    return value;
  }

  /** Signed 4-byte integer. */
  i4(missing = 0): number {
    if (!this.has(4)) return missing;
    const value = this.view.getInt32(this.position, this.littleEndian);
    this.position += 4;
    return value;
  }

  /** 4-byte float. */
  r4(missing = Number.NaN): number {
    if (!this.has(4)) return missing;
    const value = this.view.getFloat32(this.position, this.littleEndian);
    this.position += 4;
    return value;
  }

  /** 8-byte float. */
  r8(missing = Number.NaN): number {
    if (!this.has(8)) return missing;
    const value = this.view.getFloat64(this.position, this.littleEndian);
    this.position += 8;
    return value;
  }

  /** One character (C1); NUL and other bytes kept as their latin1 character. */
  c1(missing = ' '): string {
    if (!this.has(1)) return missing;
    return String.fromCharCode(this.bytes[this.position++] ?? 32);
  }

  /**
   * Length-prefixed string (Cn), decoded as UTF-8 when valid, else latin1; cut to the record end.
   * Trailing NUL bytes are padding (testers fill fixed-width fields with them) and are dropped.
   */
  cn(): string {
    if (!this.has(1)) return '';
    const length = this.bytes[this.position++] ?? 0;
    const available = Math.min(length, this.end - this.position);
    if (available < length) this.cutShort = true;
    let textEnd = this.position + available;
    while (textEnd > this.position && this.bytes[textEnd - 1] === 0) textEnd--;
    const text = decodeText(this.bytes, this.position, textEnd);
    this.position += available;
    return text;
  }

  /** Length-prefixed bytes (Bn), cut to the record end. */
  bn(): Uint8Array {
    if (!this.has(1)) return new Uint8Array(0);
    const length = this.bytes[this.position++] ?? 0;
    return this.take(length);
  }

  /** Bit field with a 2-byte bit count (Dn), cut to the record end. */
  dn(): Uint8Array {
    const bitCount = this.u2(0);
    return this.take(Math.ceil(bitCount / 8));
  }

  /** Raw bytes, cut to the record end. */
  take(length: number): Uint8Array {
    const available = Math.max(0, Math.min(length, this.end - this.position));
    if (available < length) this.cutShort = true;
    const slice = this.bytes.slice(this.position, this.position + available);
    this.position += available;
    return slice;
  }

  /** Skip bytes, cut to the record end. */
  skip(length: number): void {
    const available = Math.max(0, Math.min(length, this.end - this.position));
    if (available < length) this.cutShort = true;
    this.position += available;
  }
}

/** Decode bytes as UTF-8 when they form valid UTF-8, otherwise as latin1 (never fails). */
export function decodeText(bytes: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let index = start; index < end; index++) {
    if ((bytes[index] ?? 0) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return latin1(bytes, start, end);
  return decodeUtf8(bytes, start, end) ?? latin1(bytes, start, end);
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let index = start; index < end; index++) text += String.fromCharCode(bytes[index] ?? 0);
  return text;
}

/** Strict UTF-8 decode (no overlongs, no surrogates); null when the bytes are not valid UTF-8. */
function decodeUtf8(bytes: Uint8Array, start: number, end: number): string | null {
  const codePoints: number[] = [];
  let index = start;
  while (index < end) {
    const lead = bytes[index] ?? 0;
    const extra = lead < 0x80 ? 0 : lead >= 0xc2 && lead < 0xe0 ? 1 : lead >= 0xe0 && lead < 0xf0 ? 2 : lead >= 0xf0 && lead < 0xf5 ? 3 : -1;
    if (extra < 0 || index + extra >= end + (extra === 0 ? 1 : 0)) return null;
    let codePoint = extra === 0 ? lead : lead & (0x3f >> extra);
    for (let offset = 1; offset <= extra; offset++) {
      const continuation = bytes[index + offset] ?? 0;
      if ((continuation & 0xc0) !== 0x80) return null;
      codePoint = (codePoint << 6) | (continuation & 0x3f);
    }
    const minimum = [0, 0x80, 0x800, 0x10000][extra] ?? 0;
    if (codePoint < minimum || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return null;
    codePoints.push(codePoint);
    index += extra + 1;
  }
  return String.fromCodePoint(...codePoints);
}
