/**
 * "VERSID 3.2" row/column maps: `KEY value` header lines (DESIGN, LOTMEA, MAPID1, ROWCNT, COLCNT,
 * COMPRE = characters per die, PASBIN, SKIPDI = codes of cells without a tested die, REFPX1/REFPY1 =
 * the raster position of the first reference die, XDIES1/YDIES1 in mm), then `MAP<nnn>` rows top to
 * bottom. Die x/y are raster column/row minus the reference die's, so die (0, 0) is that reference.
 * Each row must hold COLCNT codes and there must be ROWCNT rows; a SUMPAS that disagrees with the
 * passing dies counted is refused.
 */
import type { BinDefinition, BinMap, BinMapDie } from './binMap.ts';
import { MapReadError, mapLines } from './mapReadError.ts';

/** True when the text starts like a VERSID row/column map. */
export function isWmap(head: string): boolean {
  return /^VERSID\s+\d/.test(head.replace(/^\uFEFF/, ''));
}

/** Read a VERSID map; `fileName` names it in errors. */
export function readWmap(text: string, fileName: string): BinMap {
  const header = new Map<string, { value: string; line: number }>();
  const rows: { codes: string; line: number }[] = [];
  mapLines(text).forEach((line, index) => {
    if (line.trim() === '') return;
    const match = /^(\S+)\s*(.*)$/.exec(line.trimEnd());
    const key = (match?.[1] ?? '').toUpperCase();
    if (/^MAP\d+$/.test(key)) rows.push({ codes: match?.[2] ?? '', line: index + 1 });
    else if (!header.has(key)) header.set(key, { value: (match?.[2] ?? '').trim(), line: index + 1 });
  });
  const integer = (key: string): number => {
    const entry = header.get(key);
    const value = Number(entry?.value);
    if (!entry || !Number.isInteger(value)) throw new MapReadError(fileName, `${entry?.line ?? 1}`, `expected an integer ${key}, got "${entry?.value ?? ''}"`);
    return value;
  };
  const rowCount = integer('ROWCNT');
  const colCount = integer('COLCNT');
  const width = header.has('COMPRE') ? integer('COMPRE') : 1;
  if (rows.length !== rowCount) throw new MapReadError(fileName, `${rows.at(-1)?.line ?? 1}`, `ROWCNT says ${rowCount} MAP rows, the file has ${rows.length}`);
  const skipped = new Set((header.get('SKIPDI')?.value ?? '').split(',').map((code) => code.trim().toUpperCase()).filter((code) => code !== ''));
  const passCode = (header.get('PASBIN')?.value ?? '').toUpperCase();
  const originX = header.has('REFPX1') ? integer('REFPX1') : 0;
  const originY = header.has('REFPY1') ? integer('REFPY1') : 0;
  const codes = new Map<string, number>();
  const dies: BinMapDie[] = [];
  rows.forEach(({ codes: row, line }, rowIndex) => {
    if (row.length !== colCount * width) throw new MapReadError(fileName, `${line}`, `expected ${colCount} codes of ${width} characters (${colCount * width}), got ${row.length} characters`);
    for (let col = 0; col < colCount; col++) {
      const code = row.slice(col * width, col * width + width).toUpperCase();
      if (skipped.has(code)) continue;
      const bin = /^[0-9A-F]+$/.test(code) ? Number.parseInt(code, 16) : Number.NaN;
      if (!Number.isFinite(bin)) throw new MapReadError(fileName, `${line}`, `column ${col + 1}: expected a hexadecimal bin code or one of SKIPDI ${[...skipped].join(',')}, got "${code}"`);
      codes.set(code, bin);
      dies.push({ x: col - originX, y: rowIndex - originY, bin });
    }
  });
  const passBin = /^[0-9A-F]+$/.test(passCode) ? Number.parseInt(passCode, 16) : null;
  const declared = header.get('SUMPAS');
  const passing = dies.filter((die) => die.bin === passBin).length;
  if (declared && Number(declared.value) !== passing) throw new MapReadError(fileName, `${declared.line}`, `SUMPAS says ${declared.value} passing dies, the map holds ${passing}`);
  const bins: BinDefinition[] = [...codes].sort((a, b) => a[1] - b[1]).map(([code, bin]) => ({ bin, name: code, pass: bin === passBin }));
  const size = (key: string): number | null => {
    const value = Number.parseFloat(header.get(key)?.value ?? '');
    return Number.isFinite(value) && value > 0 ? value : null;
  };
  const flat = Number(header.get('FNLOC1')?.value);
  return {
    device: header.get('DESIGN')?.value ?? '',
    lot: header.get('LOTMEA')?.value ?? '',
    wafer: header.get('MAPID1')?.value ?? '',
    dieWidthMm: size('XDIES1'),
    dieHeightMm: size('YDIES1'),
    flatDegrees: Number.isFinite(flat) && header.has('FNLOC1') ? flat : null,
    dies,
    bins,
  };
}
