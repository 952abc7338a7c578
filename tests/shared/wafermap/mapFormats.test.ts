import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withScreenedBin, type BinMap } from '../../../shared/wafermap/binMap.ts';
import { readE142, writeE142 } from '../../../shared/wafermap/e142Format.ts';
import { readSinf, writeSinf } from '../../../shared/wafermap/sinfFormat.ts';
import { readTsk, writeTsk } from '../../../shared/wafermap/tskFormat.ts';

const corpus = resolve(import.meta.dirname, '../../..', '../shared/corpus/wafermap');

/** A round wafer of radius 6 dies around (2, -3), so coordinates go negative, with bins 1, 3, 7. */
function sampleMap(): BinMap {
  const dies = [];
  for (let y = -9; y <= 3; y++) {
    for (let x = -4; x <= 8; x++) {
      if ((x - 2) ** 2 + (y + 3) ** 2 > 36) continue;
      dies.push({ x, y, bin: (x * 7 + y * 3 + 100) % 11 === 0 ? 7 : (x + y) % 9 === 0 ? 3 : 1 });
    }
  }
  return {
    device: 'DEV<1>&', lot: 'LOT "A"', wafer: '07', dieWidthMm: 2.5, dieHeightMm: 3.25, flatDegrees: 180, dies,
    bins: [{ bin: 1, name: 'PASS', pass: true }, { bin: 3, name: 'OPEN', pass: false }, { bin: 7, name: 'LEAK', pass: false }],
  };
}

const sorted = (map: BinMap) => [...map.dies].sort((a, b) => a.y - b.y || a.x - b.x);

describe('map formats round-trip (write, read back)', () => {
  const screened = withScreenedBin(sampleMap(), new Set(['2/-3', '0/0']), 63, 'PAT fail');
  it.each([
    ['SINF', (map: BinMap) => readSinf(writeSinf(map))],
    ['E142', (map: BinMap) => { const maps = readE142(writeE142(map)); expect(maps).toHaveLength(1); return maps[0] as BinMap; }],
    ['TSK', (map: BinMap) => readTsk(writeTsk(map))],
  ])('%s keeps every die, its coordinates and bin, the screened bin and pass/fail', (_name, roundTrip) => {
    const back = roundTrip(screened);
    expect(sorted(back)).toEqual(sorted(screened));
    expect(back.dies.filter((die) => die.bin === 63)).toHaveLength(2);
    for (const bin of [1, 3, 7, 63]) expect(back.bins.find((definition) => definition.bin === bin)?.pass).toBe(bin === 1);
    expect([back.wafer, back.flatDegrees]).toEqual(['07', 180]);
    if (_name !== 'TSK') expect(back.lot).toBe('LOT "A"');
    expect(back.dieWidthMm).toBeCloseTo(2.5, 9);
  });

  it('refuses a screened bin the product already uses, and bins a format cannot hold', () => {
    expect(() => withScreenedBin(sampleMap(), new Set(), 3, 'PAT fail')).toThrow(/already used/);
    expect(() => writeTsk(withScreenedBin(sampleMap(), new Set(['0/0']), 90, 'PAT fail'))).toThrow(/TSK/);
  });
});

describe('map readers on the corpus files', () => {
  const countBins = (maps: BinMap[]) => {
    const counts: Record<string, number> = {};
    for (const map of maps) for (const die of map.dies) counts[die.bin.toString(16).toUpperCase().padStart(2, '0')] = (counts[die.bin.toString(16).toUpperCase().padStart(2, '0')] ?? 0) + 1;
    return counts;
  };

  it('SINF: the code counts of its truth file', () => {
    const truth = JSON.parse(readFileSync(join(corpus, 'kclung99__S67608-01-A7.inf.truth.json'), 'utf8')) as { code_counts: Record<string, number>; header: Record<string, string> };
    const map = readSinf(readFileSync(join(corpus, 'kclung99__S67608-01-A7.inf'), 'latin1'));
    const { __: empty, ...codes } = truth.code_counts;
    expect(empty).toBeGreaterThan(0);
    expect(countBins([map])).toEqual(codes);
    expect([map.lot, map.wafer, map.device]).toEqual([truth.header.LOT, truth.header.WAFER, truth.header.DEVICE]);
    expect(map.bins.filter((bin) => bin.pass).map((bin) => bin.bin)).toEqual([1, 2]);
  });

  it('E142: two wafers, bin code pairs as counted by its truth file (null bin left out)', () => {
    const truth = JSON.parse(readFileSync(join(corpus, 'kclung99__G6P139.14-E142.xml.truth.json'), 'utf8')) as Record<string, unknown>;
    const pairs = { ...(truth['BinCode_pair_counts(hex)'] as Record<string, number>) };
    delete pairs[(truth.BinCodeMap_attrib as { NullBin: string }).NullBin];
    const maps = readE142(readFileSync(join(corpus, 'kclung99__G6P139.14-E142.xml'), 'utf8'));
    expect(maps.map((map) => [map.lot, map.wafer])).toEqual([['G6P139.14', 'G6P139-07B7'], ['G6P139.14', 'G6P139-08B2']]);
    expect(countBins(maps)).toEqual(pairs);
  });

  it('TSK: the die counts its text rendering declares (2,134 dies, 1,544 good, 590 reject)', () => {
    const text = readFileSync(join(corpus, 'kclung99__FMYK0-01-map.txt'), 'latin1');
    const declared = (label: RegExp) => Number(label.exec(text)?.[1]);
    const map = readTsk(new Uint8Array(readFileSync(join(corpus, 'kclung99__FMYK0-0129A-02'))));
    const passBins = new Set(map.bins.filter((bin) => bin.pass).map((bin) => bin.bin));
    expect(map.dies).toHaveLength(declared(/TOTAL DIES\)\s*=\s*(\d+)/));
    expect(map.dies.filter((die) => passBins.has(die.bin))).toHaveLength(declared(/GOOD DIES\s*=\s*(\d+)/));
    expect(map.dies.filter((die) => !passBins.has(die.bin))).toHaveLength(declared(/REJECT DIES\s*=\s*(\d+)/));
    expect(map.wafer).toBe('FMYK0-0129A-02');
    // Per-bin counts of the rendering: BIN5 = 102, BIN9 = 339.
    expect(map.dies.filter((die) => die.bin === 5)).toHaveLength(declared(/BIN5\s*=\s*"5"\s*(\d+)/));
    expect(map.dies.filter((die) => die.bin === 9)).toHaveLength(declared(/BIN9\s*=\s*"9"\s*(\d+)/));
  });
});
