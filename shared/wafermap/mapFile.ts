/**
 * Which wafer-map format a file holds, by content (never by name), and its maps read in that format.
 * The import orchestrator asks `mapFormatOf` before its other rules; a file that is no map gets null.
 */
import { isAsciiMap, readAsciiMap } from './asciiMapFormat.ts';
import type { BinMap } from './binMap.ts';
import { readE142 } from './e142Format.ts';
import { isElectroglas, readElectroglas } from './electroglasFormat.ts';
import { MapReadError } from './mapReadError.ts';
import { isProbeMapZip, isProbeTextMap, probeMapLotOf, readProbeMapZip, readProbeTextMap } from './probeTextFormat.ts';
import { isRangeMap, readRangeMap } from './rangeMapFormat.ts';
import { readSinf } from './sinfFormat.ts';
import { readTsk } from './tskFormat.ts';
import { isWmap, readWmap } from './wmapFormat.ts';

/** The wafer-map formats read on import. */
export type MapFormat = 'sinf' | 'e142' | 'tsk' | 'electroglas' | 'range-map' | 'wmap' | 'ascii-map' | 'probe-map' | 'probe-map-zip';

/** TSK: a 236-byte header whose map size (columns x rows at byte 52/54) and die record address (byte 216) fit the file exactly. */
function looksLikeTsk(bytes: Uint8Array): boolean {
  if (bytes.length < 236) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cols = view.getUint16(52);
  const rows = view.getUint16(54);
  const address = view.getUint32(216);
  return cols > 0 && rows > 0 && address >= 236 && address + cols * rows * 6 <= bytes.length && address + cols * rows * 6 + 4096 * 4 >= bytes.length;
}

/** The map format of a file from its bytes, or null when it holds no wafer map. */
export function mapFormatOf(bytes: Uint8Array): MapFormat | null {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return isProbeMapZip(bytes) ? 'probe-map-zip' : null;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  if (/^\s*DEVICE\s*:/.test(head) && /\nROWDATA\s*:/i.test(new TextDecoder('latin1').decode(bytes.subarray(0, 65536)))) return 'sinf';
  if (/^(\uFEFF)?\s*(<\?xml[^>]*>\s*)?<(\w+:)?MapData\b/.test(head) && head.includes('E142')) return 'e142';
  if (isElectroglas(head)) return 'electroglas';
  if (isRangeMap(head)) return 'range-map';
  if (isWmap(head)) return 'wmap';
  if (isAsciiMap(head)) return 'ascii-map';
  if (isProbeTextMap(head)) return 'probe-map';
  if (bytes.includes(0) && looksLikeTsk(bytes)) return 'tsk';
  return null;
}

/** Read every wafer map of a file in the given format; errors name `fileName` and the line or byte offset. */
export function readMapFile(bytes: Uint8Array, format: MapFormat, fileName: string): BinMap[] {
  const text = (): string => new TextDecoder('latin1').decode(bytes);
  const wrap = <T>(read: () => T): T => {
    try {
      return read();
    } catch (error) {
      if (error instanceof MapReadError) throw error;
      throw new MapReadError(fileName, 'offset 0', (error as Error).message);
    }
  };
  switch (format) {
    case 'sinf': return [wrap(() => readSinf(text()))];
    case 'e142': return wrap(() => readE142(new TextDecoder().decode(bytes)));
    case 'tsk': return [wrap(() => readTsk(bytes))];
    case 'electroglas': return [readElectroglas(text(), fileName)];
    case 'range-map': return readRangeMap(text(), fileName);
    case 'wmap': return [readWmap(text(), fileName)];
    case 'ascii-map': return [readAsciiMap(text(), fileName)];
    case 'probe-map': return [readProbeTextMap(text(), fileName, probeMapLotOf(fileName).replace(/\.[^.]*$/, ''))];
    case 'probe-map-zip': return readProbeMapZip(bytes, fileName);
  }
}
