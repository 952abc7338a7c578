/**
 * TSK prober map files (binary, big-endian): a 236-byte header (operator, device, wafer size,
 * index size in 0.01 um, flat angle, map version, columns, rows, wafer and lot ids, die counts and
 * the address of the die records), then 6 bytes per raster cell: result (not tested, pass, fail)
 * and x with its sign bit, die property (skip, probing) and y with its sign bit, and the category.
 * The category is the bin minus one (category 0 = bin 1), as in prober maps where the map's own
 * text rendering lists BIN1 for category 0; it holds 6 bits, so bins 1..64 only.
 */
import type { BinDefinition, BinMap, BinMapDie } from './binMap.ts';
import { rasterOf } from './binMap.ts';

const headerBytes = 236;

function putText(view: DataView, offset: number, length: number, text: string): void {
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    view.setUint8(offset + index, index < text.length && code < 128 ? code : 0x20);
  }
}

function getText(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length)).replace(/[\s\u0000]+$/, '');
}

/** Coordinate as 9 bits of magnitude and a sign bit. */
function coordinateBits(value: number): { magnitude: number; negative: number } {
  if (Math.abs(value) > 511) throw new Error(`die coordinate ${value} does not fit a TSK map (|x|, |y| <= 511)`);
  return { magnitude: Math.abs(value), negative: value < 0 ? 1 : 0 };
}

/** TSK binary map of one wafer (map version 0, one record per raster cell, no extension). */
export function writeTsk(map: BinMap): Uint8Array {
  const raster = rasterOf(map);
  const cellCount = raster.cols * raster.rows;
  const bytes = new Uint8Array(headerBytes + cellCount * 6);
  const view = new DataView(bytes.buffer);
  const passBins = new Set(map.bins.filter((bin) => bin.pass).map((bin) => bin.bin));
  const good = map.dies.filter((die) => passBins.has(die.bin)).length;
  putText(view, 0, 20, '');
  putText(view, 20, 16, map.device);
  view.setUint16(36, 0);
  view.setUint32(40, Math.round((map.dieWidthMm ?? 0) * 1e5));
  view.setUint32(44, Math.round((map.dieHeightMm ?? 0) * 1e5));
  view.setUint16(48, map.flatDegrees ?? 0);
  view.setUint16(52, raster.cols);
  view.setUint16(54, raster.rows);
  putText(view, 60, 21, map.wafer);
  view.setUint8(81, 1);
  putText(view, 82, 18, map.lot);
  view.setUint8(104, 2);
  view.setUint8(105, 2);
  view.setUint16(210, map.dies.length);
  view.setUint16(212, good);
  view.setUint16(214, map.dies.length - good);
  view.setUint32(216, headerBytes);
  for (let row = 0; row < raster.rows; row++) {
    for (let col = 0; col < raster.cols; col++) {
      const index = row * raster.cols + col;
      const bin = raster.cells[index] ?? -1;
      const x = coordinateBits(raster.minX + col);
      const y = coordinateBits(raster.minY + row);
      if (bin > 64 || bin === 0) throw new Error(`bin ${bin} does not fit a TSK category (bins 1..64)`);
      const result = bin < 0 ? 0 : passBins.has(bin) ? 1 : 2;
      const property = bin < 0 ? 0 : 1;
      const offset = headerBytes + index * 6;
      view.setUint16(offset, (result << 14) | x.magnitude);
      view.setUint16(offset + 2, (property << 14) | (x.negative << 11) | (y.negative << 10) | y.magnitude);
      view.setUint16(offset + 4, bin < 0 ? 0 : bin - 1);
    }
  }
  return bytes;
}

/** Read a TSK map: probed dies (property 1) with their result; bins from the categories. */
export function readTsk(bytes: Uint8Array): BinMap {
  if (bytes.length < headerBytes) throw new Error(`a TSK map has a ${headerBytes}-byte header; this file has ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cols = view.getUint16(52);
  const rows = view.getUint16(54);
  const address = view.getUint32(216);
  if (address + cols * rows * 6 > bytes.length) throw new Error(`TSK die records (${cols} x ${rows} from byte ${address}) run past the end of the file`);
  const dies: BinMapDie[] = [];
  const passes = new Map<number, boolean>();
  for (let index = 0; index < cols * rows; index++) {
    const offset = address + index * 6;
    const first = view.getUint16(offset);
    const second = view.getUint16(offset + 2);
    const third = view.getUint16(offset + 4);
    if (second >> 14 !== 1) continue;
    const result = first >> 14;
    if (result === 0) continue;
    const x = (first & 511) * ((second >> 11) & 1 ? -1 : 1);
    const y = (second & 511) * ((second >> 10) & 1 ? -1 : 1);
    const bin = (third & 63) + 1;
    dies.push({ x, y, bin });
    passes.set(bin, (passes.get(bin) ?? true) && result === 1);
  }
  const bins: BinDefinition[] = [...passes].sort((a, b) => a[0] - b[0]).map(([bin, pass]) => ({ bin, name: `BIN${bin}`, pass }));
  const index = view.getUint32(40);
  const indexY = view.getUint32(44);
  return {
    device: getText(bytes, 20, 16),
    lot: getText(bytes, 82, 18),
    wafer: getText(bytes, 60, 21),
    dieWidthMm: index > 0 ? index / 1e5 : null,
    dieHeightMm: indexY > 0 ? indexY / 1e5 : null,
    flatDegrees: view.getUint16(48),
    dies,
    bins,
  };
}
