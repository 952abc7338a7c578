/** CRC-32 (IEEE 802.3, the polynomial gzip and zip use), computed incrementally. */

const table = (() => {
  const entries = new Int32Array(256 * 4);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    entries[byte] = crc;
  }
  // Slicing by 4: entries[k * 256 + b] is the CRC of byte b followed by k zero bytes.
  for (let byte = 0; byte < 256; byte++) {
    for (let slice = 1; slice < 4; slice++) {
      const previous = entries[(slice - 1) * 256 + byte] ?? 0;
      entries[slice * 256 + byte] = (entries[previous & 0xff] ?? 0) ^ (previous >>> 8);
    }
  }
  return entries;
})();

/** A running CRC-32: `update` with bytes in order, `value` is the unsigned CRC of everything so far. */
export class Crc32 {
  private crc = -1;

  /** Add bytes. */
  update(bytes: Uint8Array): void {
    let crc = this.crc;
    let index = 0;
    const end = bytes.length;
    const t = table;
    for (; index + 4 <= end; index += 4) {
      crc ^= (bytes[index] ?? 0) | ((bytes[index + 1] ?? 0) << 8) | ((bytes[index + 2] ?? 0) << 16) | ((bytes[index + 3] ?? 0) << 24);
      crc = (t[768 + (crc & 0xff)] ?? 0) ^ (t[512 + ((crc >>> 8) & 0xff)] ?? 0) ^ (t[256 + ((crc >>> 16) & 0xff)] ?? 0) ^ (t[crc >>> 24] ?? 0);
    }
    for (; index < end; index++) crc = (t[(crc ^ (bytes[index] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
    this.crc = crc;
  }

  /** The CRC of the bytes so far, as an unsigned 32-bit number. */
  get value(): number {
    return (this.crc ^ -1) >>> 0;
  }
}
