/**
 * Per-wafer ASCII probe maps (one character per die) as probers write them, alone or zipped per lot
 * (`<lot>_CP<n>_<date>.map.zip` holding `<wafer>.txt` maps and a SUMMARY.CSV). Header lines
 * DEVICE_NAME, WAFER_ID, FLAT, ROW, COL, TOTAL_TEST, TOTAL_PASS, TOTAL_FAIL, TEST_YIELD; then ROW
 * lines of COL characters; then `BINnn(n) = count` lines. Characters: `.` no die, `#` and `~` dies
 * not tested (edge, marks), `0`-`9` bins 0-9 and `A`-`Z` bins 10-35; bin 1 is the pass bin (TOTAL_PASS
 * counts it). x/y are the character's column and row from the top left. A map whose dies do not add
 * up to TOTAL_TEST and TOTAL_PASS is refused.
 */
import { unzipSync } from 'fflate';
import type { BinDefinition, BinMap, BinMapDie } from './binMap.ts';
import { MapReadError, mapLines } from './mapReadError.ts';

const untested = new Set(['.', '#', '~']);

/** True when the text starts like a per-wafer probe map. */
export function isProbeTextMap(head: string): boolean {
  return /^DEVICE_NAME=.*\r?\nWAFER_ID=/.test(head.replace(/^\uFEFF/, ''));
}

/** Read one wafer's probe map; `lot` comes from outside (the map names only the wafer). */
export function readProbeTextMap(text: string, fileName: string, lot: string): BinMap {
  const lines = mapLines(text);
  const header = new Map<string, { value: string; line: number }>();
  let index = 0;
  for (; index < lines.length; index++) {
    const match = /^([A-Z_]+)=(.*)$/.exec(lines[index] ?? '');
    if (!match) break;
    header.set(match[1] ?? '', { value: (match[2] ?? '').trim(), line: index + 1 });
  }
  const integer = (key: string): number => {
    const entry = header.get(key);
    const value = Number(entry?.value);
    if (!entry || !Number.isInteger(value) || value < 0) throw new MapReadError(fileName, `${entry?.line ?? index + 1}`, `expected a header line ${key}=<count>, got "${entry?.value ?? ''}"`);
    return value;
  };
  const rowCount = integer('ROW');
  const colCount = integer('COL');
  const dies: BinMapDie[] = [];
  for (let row = 0; row < rowCount; row++) {
    const lineNumber = index + row + 1;
    const line = lines[index + row];
    if (line === undefined || line.length !== colCount) throw new MapReadError(fileName, `${lineNumber}`, `map row ${row + 1} of ${rowCount}: expected ${colCount} characters, got ${line === undefined ? 'the end of the file' : line.length}`);
    for (let col = 0; col < colCount; col++) {
      const character = line[col] ?? '.';
      if (untested.has(character)) continue;
      const bin = Number.parseInt(character, 36);
      if (!/^[0-9A-Z]$/.test(character)) throw new MapReadError(fileName, `${lineNumber}`, `column ${col + 1}: expected a bin character 0-9/A-Z or one of . # ~, got "${character}"`);
      dies.push({ x: col, y: row, bin });
    }
  }
  const passing = dies.filter((die) => die.bin === 1).length;
  if (header.has('TOTAL_TEST') && integer('TOTAL_TEST') !== dies.length) throw new MapReadError(fileName, `${header.get('TOTAL_TEST')?.line}`, `TOTAL_TEST says ${integer('TOTAL_TEST')} dies, the map holds ${dies.length}`);
  if (header.has('TOTAL_PASS') && integer('TOTAL_PASS') !== passing) throw new MapReadError(fileName, `${header.get('TOTAL_PASS')?.line}`, `TOTAL_PASS says ${integer('TOTAL_PASS')} dies, the map holds ${passing} in bin 1`);
  const bins: BinDefinition[] = [...new Set(dies.map((die) => die.bin))].sort((a, b) => a - b).map((bin) => ({ bin, name: `BIN${bin}`, pass: bin === 1 }));
  const flat = /^(\d+)/.exec(header.get('FLAT')?.value ?? '');
  return {
    device: header.get('DEVICE_NAME')?.value ?? '',
    lot,
    wafer: header.get('WAFER_ID')?.value ?? '',
    dieWidthMm: null,
    dieHeightMm: null,
    flatDegrees: flat ? Number(flat[1]) : null,
    dies,
    bins,
  };
}

/** The lot of a probe map archive: its name up to `_CP<n>` (else without `.map.zip`/`.zip`). */
export function probeMapLotOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const step = /^(.+?)_CP\d+_/i.exec(base);
  return step?.[1] ?? base.replace(/(\.map)?\.zip$/i, '');
}

/** True when a zip archive holds at least one probe map (and every member is a map, a summary or a folder). */
export function isProbeMapZip(bytes: Uint8Array): boolean {
  try {
    const members = unzipSync(bytes);
    const texts = Object.entries(members).filter(([name]) => !name.endsWith('/'));
    const maps = texts.filter(([, data]) => isProbeTextMap(new TextDecoder().decode(data.subarray(0, 200))));
    return maps.length > 0 && texts.every(([name, data]) => /summary\.csv$/i.test(name) || maps.some(([, map]) => map === data));
  } catch {
    return false;
  }
}

/** Read every wafer map of a probe map archive, in member order; `fileName` (the archive) names errors and gives the lot. */
export function readProbeMapZip(bytes: Uint8Array, fileName: string): BinMap[] {
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes);
  } catch (error) {
    throw new MapReadError(fileName, 'offset 0', `expected a readable zip archive: ${(error as Error).message}`);
  }
  const lot = probeMapLotOf(fileName);
  return Object.entries(members)
    .filter(([name, data]) => !name.endsWith('/') && isProbeTextMap(new TextDecoder().decode(data.subarray(0, 200))))
    .map(([name, data]) => readProbeTextMap(new TextDecoder().decode(data), `${fileName}!${name}`, lot));
}
