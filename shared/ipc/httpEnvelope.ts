/**
 * The served mode's HostApi calls travel as HTTP bodies: a channel's argument tuple (or its
 * answer) as JSON, with every Uint8Array moved out of the JSON into a binary tail, so file bodies
 * cross as bytes, not as arrays of numbers. Layout: 4-byte little-endian JSON length, the JSON
 * (byte arrays replaced by `{"$bytes": n}`, the n-th part of the tail), then the parts.
 */

/** Media type of an envelope. */
export const envelopeMediaType = 'application/x-yield-monitor-envelope';

/** Encode a value (an argument tuple, an answer; undefined allowed) with its byte arrays apart. */
export function encodeEnvelope(value: unknown): Uint8Array {
  const parts: Uint8Array[] = [];
  const json = JSON.stringify({ value }, (_key, item: unknown) => {
    if (item instanceof Uint8Array) {
      parts.push(item);
      return { $bytes: parts.length - 1 };
    }
    return item;
  });
  const header = new TextEncoder().encode(json);
  const tailLength = parts.reduce((sum, part) => sum + 4 + part.byteLength, 0);
  const envelope = new Uint8Array(4 + header.byteLength + tailLength);
  const view = new DataView(envelope.buffer);
  view.setUint32(0, header.byteLength, true);
  envelope.set(header, 4);
  let at = 4 + header.byteLength;
  for (const part of parts) {
    view.setUint32(at, part.byteLength, true);
    envelope.set(part, at + 4);
    at += 4 + part.byteLength;
  }
  return envelope;
}

/** Decode an envelope; throws on a malformed one. Byte arrays are views into `envelope`. */
export function decodeEnvelope(envelope: Uint8Array): unknown {
  const view = new DataView(envelope.buffer, envelope.byteOffset, envelope.byteLength);
  if (envelope.byteLength < 4) throw new Error('envelope too short');
  const headerLength = view.getUint32(0, true);
  if (headerLength > envelope.byteLength - 4) throw new Error('envelope header length out of range');
  const parts: Uint8Array[] = [];
  let at = 4 + headerLength;
  while (at < envelope.byteLength) {
    if (at + 4 > envelope.byteLength) throw new Error('envelope part truncated');
    const length = view.getUint32(at, true);
    if (at + 4 + length > envelope.byteLength) throw new Error('envelope part truncated');
    parts.push(envelope.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  const parsed = JSON.parse(new TextDecoder().decode(envelope.subarray(4, 4 + headerLength)), (_key, item: unknown) => {
    if (item !== null && typeof item === 'object' && '$bytes' in item) {
      const index = (item as { $bytes: unknown }).$bytes;
      const part = typeof index === 'number' ? parts[index] : undefined;
      if (!part) throw new Error('envelope names a missing byte part');
      return part;
    }
    return item;
  }) as { value?: unknown };
  return parsed.value;
}
