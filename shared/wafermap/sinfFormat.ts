/**
 * SINF text maps: `KEY:value` header lines (DEVICE, LOT, WAFER, FNLOC flat angle, ROWCT, COLCT,
 * BCEQU good bin codes, REFPX/REFPY, DUTMS units, XDIES/YDIES die size) and one `RowData:` line
 * per raster row of two-character hex bin codes, `__` where there is no die. REFPX/REFPY hold the
 * raster column/row of die (0, 0), so tester coordinates come back on reading.
 */
import { diesOfRaster, hexBin, rasterOf, type BinDefinition, type BinMap } from './binMap.ts';

/** SINF text of a map. */
export function writeSinf(map: BinMap): string {
  const raster = rasterOf(map);
  const good = map.bins.filter((bin) => bin.pass).map((bin) => hexBin(bin.bin));
  const lines = [
    `DEVICE:${map.device}`,
    `LOT:${map.lot}`,
    `WAFER:${map.wafer}`,
    `FNLOC:${map.flatDegrees ?? 0}`,
    `ROWCT:${raster.rows}`,
    `COLCT:${raster.cols}`,
    `BCEQU:${good.join(' ')}`,
    `REFPX:${-raster.minX}`,
    `REFPY:${-raster.minY}`,
    'DUTMS:MM',
    `XDIES:${map.dieWidthMm ?? 0}`,
    `YDIES:${map.dieHeightMm ?? 0}`,
  ];
  for (let row = 0; row < raster.rows; row++) {
    const codes: string[] = [];
    for (let col = 0; col < raster.cols; col++) {
      const bin = raster.cells[row * raster.cols + col] ?? -1;
      codes.push(bin < 0 ? '__' : hexBin(bin));
    }
    lines.push(`RowData:${codes.join(' ')}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Read a SINF map; bins are named by code, pass when listed in BCEQU. */
export function readSinf(text: string): BinMap {
  const header = new Map<string, string>();
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toUpperCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'ROWDATA') rows.push(value.split(/\s+/).filter((code) => code.length > 0));
    else header.set(key, value);
  }
  const cols = Math.max(0, ...rows.map((row) => row.length));
  const cells = new Int32Array(cols * rows.length).fill(-1);
  rows.forEach((codes, row) => codes.forEach((code, col) => {
    const bin = Number.parseInt(code, 16);
    cells[row * cols + col] = /^[0-9A-Fa-f]+$/.test(code) ? bin : -1;
  }));
  const good = new Set((header.get('BCEQU') ?? '').split(/\s+/).filter((code) => code !== '').map((code) => Number.parseInt(code, 16)));
  const used = [...new Set(Array.from(cells).filter((bin) => bin >= 0))].sort((a, b) => a - b);
  const bins: BinDefinition[] = used.map((bin) => ({ bin, name: hexBin(bin), pass: good.has(bin) }));
  const number = (key: string): number | null => {
    const value = Number.parseFloat(header.get(key) ?? '');
    return Number.isFinite(value) ? value : null;
  };
  return {
    device: header.get('DEVICE') ?? '',
    lot: header.get('LOT') ?? '',
    wafer: header.get('WAFER') ?? '',
    dieWidthMm: number('XDIES'),
    dieHeightMm: number('YDIES'),
    flatDegrees: number('FNLOC'),
    dies: diesOfRaster(cells, cols, Math.round(number('REFPX') ?? 0), Math.round(number('REFPY') ?? 0)),
    bins,
  };
}
