import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStdfFileDetails, maxKeptFindings, stdfFileDetails, summariseFindings } from '../../../shared/import/stdfFileDetails.ts';
import { checkStdf, readStdfBytes } from '../../../shared/stdf/index.ts';

const corpus = resolve(import.meta.dirname, '../../..', '../shared/corpus/stdf');

interface Truth {
  raw_walk: { records_total: number };
  pystdf: { MIR?: Record<string, string | number | null>; MRR?: Record<string, string | number | null>; parts: { PRR_count: number } };
}

function corpusFile(name: string): { bytes: Uint8Array; truth: Truth } {
  const bytes = new Uint8Array(readFileSync(resolve(corpus, name)));
  return { bytes, truth: JSON.parse(readFileSync(resolve(corpus, `${name}.truth.json`), 'utf8')) as Truth };
}

/** The truth's MIR text fields as the panel should show them: trimmed, empty ones left out. */
function truthText(fields: Record<string, string | number | null>, names: string[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of names) {
    const value = fields[name];
    const text = value === null || value === undefined ? '' : String(value).replace(/\u0000/g, '').trim();
    if (text !== '') kept[name] = text;
  }
  return kept;
}

const mirTextNames = ['LOT_ID', 'PART_TYP', 'NODE_NAM', 'TSTR_TYP', 'JOB_NAM', 'JOB_REV', 'SBLOT_ID', 'OPER_NAM', 'EXEC_TYP', 'EXEC_VER', 'TEST_COD', 'TST_TEMP', 'FACIL_ID', 'FLOOR_ID', 'FAMLY_ID', 'PKG_TYP', 'MODE_COD', 'STAT_NUM'];

describe('STDF file details against the corpus truth', () => {
  it.each([
    'noonchen__lot3.stdf.gz', 'itestinc__bad__ayad_ws.stdf', 'itestinc__M25P64_RevC_194479_115c.std', 'itestinc__special__TEST_FT_GX36_A2_FT_E_02032013_0230.stdf',
    'itestinc__GENERIC_7721.stdf',
  ])('%s: MIR fields, start/finish times, record and part counts match pystdf', (name) => {
    const { bytes, truth } = corpusFile(name);
    const result = readStdfBytes(bytes);
    const details = stdfFileDetails(result, checkStdf(result));
    const mir = truth.pystdf.MIR ?? {};
    const picked = Object.fromEntries(mirTextNames.filter((field) => details.mir?.[field] !== undefined).map((field) => [field, details.mir?.[field]]));
    expect(picked).toEqual(truthText(mir, mirTextNames));
    expect(details.mir?.START_T).toBe(mir.START_T_utc ?? undefined);
    expect(details.mir?.SETUP_T).toBe(mir.SETUP_T_utc ?? undefined);
    const finish = truth.pystdf.MRR?.FINISH_T;
    expect(details.mrr?.FINISH_T).toBe(typeof finish === 'number' && finish > 0 ? new Date(finish * 1000).toISOString().replace('.000Z', 'Z') : undefined);
    expect(details.records).toBe(truth.raw_walk.records_total);
    expect(details.parts).toBe(truth.pystdf.parts.PRR_count);
    expect(isStdfFileDetails(JSON.parse(JSON.stringify(details)))).toBe(true);
  });

  it('lot3 (Galaxy wafer sort): the WCR geometry and SDR equipment are kept with STDF names', () => {
    const { bytes } = corpusFile('noonchen__lot3.stdf.gz');
    const result = readStdfBytes(bytes);
    const details = stdfFileDetails(result, []);
    // Independent read of the WCR via the reader's record (units code 0-4 named as in the spec).
    const wcr = result.wcr;
    expect(wcr).not.toBeNull();
    expect(details.wcr?.WF_UNITS).toBe(['unknown', 'inches', 'cm', 'mm', 'mils'][wcr?.waferUnits ?? -1]);
    if (wcr && wcr.flat.trim() !== '') expect(details.wcr?.WF_FLAT).toBe(wcr.flat.trim());
    expect(details.sdrs).toHaveLength(result.sdrs.length);
    expect(details.compression).toBe('gzip');
  });

  it('keeps the first findings with offsets and counts every finding by code', () => {
    const findings = Array.from({ length: maxKeptFindings + 5 }, (_, index) => ({ offset: index * 10, code: index % 3 === 0 ? 'damage' : 'cross-check', message: `m${index}` }));
    const summary = summariseFindings(findings);
    expect(summary.total).toBe(205);
    expect(summary.byCode).toEqual({ damage: 69, 'cross-check': 136 });
    expect(summary.findings).toHaveLength(200);
    expect(summary.findings[199]).toEqual({ offset: 1990, code: 'cross-check', message: 'm199' });
  });

  it('old manifest records without details are not STDF details', () => {
    expect(isStdfFileDetails(undefined)).toBe(false);
    expect(isStdfFileDetails({ kind: 'csv' })).toBe(false);
  });
});
