/**
 * Electroglas "WAFER TEST DATA FILE" maps: tab-separated `KEY<TAB>value` header lines, then one line
 * per die `X<x>Y<y><TAB><bin>[<TAB>...]`, closed by EDATE/ETIME. A die whose bin field is a letter
 * (`Z` in the corpus: the prober's edge dies, written with bin 0) was not tested and is left out.
 * Bin 1 is the pass bin (the file names no bins).
 */
import type { BinDefinition, BinMap, BinMapDie } from './binMap.ts';
import { MapReadError, mapLines } from './mapReadError.ts';

/** True when the text starts like an Electroglas wafer test data file. */
export function isElectroglas(head: string): boolean {
  return /^ELECTROGLAS\b[^\n]*WAFER TEST DATA FILE/.test(head.replace(/^\uFEFF/, ''));
}

/** Read an Electroglas wafer test data file; `fileName` names it in errors. */
export function readElectroglas(text: string, fileName: string): BinMap {
  const header = new Map<string, string>();
  const dies: BinMapDie[] = [];
  const seen = new Set<string>();
  mapLines(text).forEach((line, index) => {
    const fields = line.split('\t');
    const key = (fields[0] ?? '').trim();
    if (key === '' || index < 3) return;
    const position = /^X(-?\d+)Y(-?\d+)$/.exec(key);
    if (!position) {
      header.set(key.toUpperCase(), (fields[1] ?? '').trim());
      return;
    }
    const code = (fields[1] ?? '').trim();
    if (/^[A-Za-z]$/.test(code)) return;
    if (!/^\d+$/.test(code)) throw new MapReadError(fileName, `${index + 1}`, `die ${key}: expected a bin number or a letter after the tab, got "${code}"`);
    const die = { x: Number(position[1]), y: Number(position[2]), bin: Number(code) };
    if (seen.has(key)) throw new MapReadError(fileName, `${index + 1}`, `die ${key} is listed twice`);
    seen.add(key);
    dies.push(die);
  });
  if (!header.has('LOT') || !header.has('WAFER')) throw new MapReadError(fileName, '1', 'expected LOT and WAFER header lines');
  const used = [...new Set(dies.map((die) => die.bin))].sort((a, b) => a - b);
  const bins: BinDefinition[] = used.map((bin) => ({ bin, name: `BIN${bin}`, pass: bin === 1 }));
  const step = (key: string): number | null => {
    const value = Number(header.get(key));
    return header.has(key) && Number.isFinite(value) && value > 0 ? value / 1000 : null;
  };
  const flat = Number(header.get('FLAT'));
  return {
    device: header.get('DEVICE') ?? header.get('PRODUCT') ?? '',
    lot: header.get('LOT') ?? '',
    wafer: header.get('WAFER') ?? '',
    dieWidthMm: step('XSTEP'),
    dieHeightMm: step('YSTEP'),
    flatDegrees: Number.isFinite(flat) && header.has('FLAT') ? flat : null,
    dies,
    bins,
  };
}
