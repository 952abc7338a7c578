import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { killRatioByClass, readKlarf } from '../../../shared/wafermap/klarfFormat.ts';

const corpus = join(process.cwd(), '..', 'shared', 'corpus', 'klarf');
const files = readdirSync(corpus).filter((name) => !name.endsWith('.truth.json')).sort();
interface Truth { FileVersion: string; LotID: string; DefectRecordSpec_cols?: string[]; per_wafer?: { WaferID: string; defect_rows: number }[] }
const truthOf = (name: string): Truth => JSON.parse(readFileSync(join(corpus, `${name}.truth.json`), 'utf8')) as Truth;
const text = (name: string): string => readFileSync(join(corpus, name), 'utf8');

describe('KLARF defects from the corpus (issue #16 §4)', () => {
  const readable = files.filter((name) => truthOf(name).FileVersion < '1.8' && name !== 'btrapp__bad12DefectList.klarf');

  it.each(readable)('%s: lot, wafers and defect rows per wafer as its truth lists them', (name) => {
    const truth = truthOf(name);
    const klarf = readKlarf(text(name), name);
    expect(klarf.lotId).toBe(truth.LotID);
    expect(klarf.columns).toEqual(truth.DefectRecordSpec_cols);
    expect(klarf.wafers.map((wafer) => [wafer.waferId, wafer.defects.length])).toEqual((truth.per_wafer ?? []).map((wafer) => [wafer.WaferID.replace(/;$/, ''), wafer.defect_rows]));
    for (const wafer of klarf.wafers) for (const defect of wafer.defects) expect(Number.isInteger(defect.x) && Number.isInteger(defect.y)).toBe(true);
  });

  it('places a defect on the die its absolute X/Y lie in, with the file pitch and origin (the Rudolph file gives both)', () => {
    const name = 'TofuSnacks__ASE_091SEW_06_04182019_081322.kla';
    const withIndex = readKlarf(text(name), name);
    // The same file with XINDEX/YINDEX renamed away: the die must come from X, Y, DiePitch and DieOrigin.
    const withoutIndex = readKlarf(text(name).replace(/ XINDEX YINDEX /, ' XIDX YIDX '), name);
    expect(withoutIndex.wafers[0]!.defects.map((defect) => [defect.x, defect.y])).toEqual(withIndex.wafers[0]!.defects.map((defect) => [defect.x, defect.y]));
  });

  it.each([
    ['btrapp__bad12DefectList.klarf', /btrapp__bad12DefectList\.klarf:29: DefectList XINDEX: expected an integer die index/],
    ['btrapp__simple18.klarf', /btrapp__simple18\.klarf:1: KLARF 1\.8/],
  ])('%s is refused with the file, line and what was expected', (name, message) => {
    expect(() => readKlarf(text(name), name)).toThrow(message);
  });

  it('refuses a DefectList left open at the end of the file', () => {
    expect(() => readKlarf('WaferID "w";\nDefectRecordSpec 3 DEFECTID XINDEX YINDEX;\nDefectList\n1 0 0\n', 'cut.klarf')).toThrow(/cut\.klarf:\d+: DefectList not closed/);
  });
});

describe('kill ratio per defect class', () => {
  it('is the fail rate of dies with the class minus that of dies without any defect', () => {
    const dies = Array.from({ length: 10 }, (_, x) => ({ wafer: 'W', x, y: 0, pass: x >= 3 }));
    // Particles on dies 0, 1 (failing) and 5 (passing); a scratch on die 9 (passing), twice.
    const defects = [
      { wafer: 'W', x: 0, y: 0, className: 'particle' }, { wafer: 'W', x: 1, y: 0, className: 'particle' }, { wafer: 'W', x: 5, y: 0, className: 'particle' },
      { wafer: 'W', x: 9, y: 0, className: 'scratch' }, { wafer: 'W', x: 9, y: 0, className: 'scratch' }, { wafer: 'W', x: 50, y: 0, className: 'off-map' },
    ];
    // Without any defect: dies 2, 3, 4, 6, 7, 8 of which die 2 fails: 1/6.
    expect(killRatioByClass(dies, defects)).toEqual([
      { className: 'particle', diesWithDefect: 3, failRateWith: 2 / 3, failRateWithout: 1 / 6, killRatio: 2 / 3 - 1 / 6 },
      { className: 'scratch', diesWithDefect: 1, failRateWith: 0, failRateWithout: 1 / 6, killRatio: -1 / 6 },
    ]);
  });
});
