/**
 * Plain ASCII wafer maps as prober software renders them: `WAFER_MAP = {`, `KEY = value` lines
 * (Wafer_ID, Lot_ID, ROWS, COLUMNS, X_SIZE/Y_SIZE in µm, Flat_Notch, PDPW(TOTAL DIES)), a bin table
 * `BIN<n> = "<char>" <count> "Pass|Fail"` (`BIN = "*" <count> "Untested"`), then `MAP = {` with ROWS
 * lines of COLUMNS characters (a space: no die) and `}`. x/y are the character's column and row from
 * the top left. Every bin's declared count and the total die count are checked against the map.
 */
import type { BinDefinition, BinMap, BinMapDie } from './binMap.ts';
import { MapReadError, mapLines } from './mapReadError.ts';

/** True when the text starts like a plain ASCII `WAFER_MAP = {` rendering. */
export function isAsciiMap(head: string): boolean {
  return /^WAFER_MAP\s*=\s*\{/.test(head.replace(/^\uFEFF/, ''));
}

/** Read a plain ASCII map; `fileName` names it in errors. */
export function readAsciiMap(text: string, fileName: string): BinMap {
  const lines = mapLines(text);
  const header = new Map<string, { value: string; line: number }>();
  const binOf = new Map<string, { bin: number; declared: number; pass: boolean; line: number }>();
  const untested = new Set<string>([' ']);
  let index = 1;
  for (; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (/^MAP\s*=\s*\{/.test(line)) break;
    const match = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new MapReadError(fileName, `${index + 1}`, `expected KEY = value or MAP = {, got "${line.slice(0, 40)}"`);
    const key = (match[1] ?? '').trim();
    const value = (match[2] ?? '').trim();
    const bin = /^BIN(\d*)$/i.exec(key);
    if (!bin) {
      header.set(key.toUpperCase(), { value: value.replace(/^"([^"]*)".*$/, '$1'), line: index + 1 });
      continue;
    }
    const entry = /^"(.)"\s+(\d+)\s+"([^"]*)"$/.exec(value);
    if (!entry) throw new MapReadError(fileName, `${index + 1}`, `${key}: expected "<character>" <count> "Pass|Fail|Untested", got ${value}`);
    if (bin[1] === '' || /untested/i.test(entry[3] ?? '')) untested.add(entry[1] ?? '*');
    else binOf.set(entry[1] ?? '', { bin: Number(bin[1]), declared: Number(entry[2]), pass: /^pass$/i.test(entry[3] ?? ''), line: index + 1 });
  }
  const integer = (key: string): number => {
    const entry = header.get(key);
    const value = Number.parseInt(entry?.value ?? '', 10);
    if (!entry || !Number.isInteger(value)) throw new MapReadError(fileName, `${entry?.line ?? 1}`, `expected an integer ${key}, got "${entry?.value ?? ''}"`);
    return value;
  };
  const rowCount = integer('ROWS');
  const colCount = integer('COLUMNS');
  const dies: BinMapDie[] = [];
  for (let row = 0; row < rowCount; row++) {
    const lineNumber = index + row + 2;
    const line = lines[index + row + 1];
    if (line === undefined || line.length !== colCount) throw new MapReadError(fileName, `${lineNumber}`, `map row ${row + 1} of ${rowCount}: expected ${colCount} characters, got ${line === undefined ? 'the end of the file' : line.length}`);
    for (let col = 0; col < colCount; col++) {
      const character = line[col] ?? ' ';
      if (untested.has(character)) continue;
      const definition = binOf.get(character);
      if (!definition) throw new MapReadError(fileName, `${lineNumber}`, `column ${col + 1}: "${character}" is not in the bin table`);
      dies.push({ x: col, y: row, bin: definition.bin });
    }
  }
  if ((lines[index + rowCount + 1] ?? '').trim() !== '}') throw new MapReadError(fileName, `${index + rowCount + 2}`, `expected "}" after ${rowCount} map rows`);
  for (const definition of binOf.values()) {
    const counted = dies.filter((die) => die.bin === definition.bin).length;
    if (counted !== definition.declared) throw new MapReadError(fileName, `${definition.line}`, `BIN${definition.bin} declares ${definition.declared} dies, the map holds ${counted}`);
  }
  const total = header.get('PDPW(TOTAL DIES)');
  if (total && Number.parseInt(total.value, 10) !== dies.length) throw new MapReadError(fileName, `${total.line}`, `PDPW(TOTAL DIES) says ${total.value}, the map holds ${dies.length}`);
  const used = new Set(dies.map((die) => die.bin));
  const bins: BinDefinition[] = [...binOf.values()].filter((definition) => used.has(definition.bin)).sort((a, b) => a.bin - b.bin)
    .map((definition) => ({ bin: definition.bin, name: `BIN${definition.bin}`, pass: definition.pass }));
  const micrometres = (key: string): number | null => {
    const value = Number.parseFloat(header.get(key)?.value ?? '');
    return Number.isFinite(value) && value > 0 ? value / 1000 : null;
  };
  const flat = Number.parseFloat(header.get('FLAT_NOTCH')?.value ?? '');
  return {
    device: header.get('DEVICE')?.value ?? '',
    lot: header.get('LOT_ID')?.value ?? '',
    wafer: header.get('WAFER_ID')?.value ?? '',
    dieWidthMm: micrometres('X_SIZE'),
    dieHeightMm: micrometres('Y_SIZE'),
    flatDegrees: Number.isFinite(flat) ? flat : null,
    dies,
    bins,
  };
}
