import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { stageStdfInput, type StdfIpcStagingInput } from '../../../shared/import/stdfImport.ts';
import { ResultColumnStorage } from '../../../shared/stdf/index.ts';
import { StdfParseSession, type StdfParseReport } from '../../../shared/import/stdfParseSession.ts';

const corpus = resolve(import.meta.dirname, '../../..', '../shared/corpus/stdf');

interface Truth {
  raw_walk: { records_total: number };
  pystdf: { MIR: { LOT_ID: string; PART_TYP: string }; parts: { PRR_count: number } };
}

function corpusFile(name: string): { bytes: Uint8Array; truth: Truth } {
  const bytes = new Uint8Array(readFileSync(resolve(corpus, name)));
  return { bytes, truth: JSON.parse(readFileSync(resolve(corpus, `${name}.truth.json`), 'utf8')) as Truth };
}

/** Run a session the way the worker does: chunks in order, end, build; collect every report. */
async function runSession(name: string, bytes: Uint8Array, chunkBytes: number, storage?: ResultColumnStorage): Promise<{ reports: StdfParseReport[]; built: StdfIpcStagingInput | string; chunks: number }> {
  const reports: StdfParseReport[] = [];
  const session = new StdfParseSession(name, bytes.length, (report) => reports.push(report), storage);
  let chunks = 0;
  for (let offset = 0; offset < bytes.length; offset += chunkBytes, chunks++) session.push(chunks, bytes.slice(offset, offset + chunkBytes));
  await session.end();
  return { reports, built: session.build(), chunks };
}

describe('STDF parse session (what the import worker runs)', () => {
  it.each([
    { file: 'itestinc__bad__ayad_ws.stdf', chunkBytes: 1 << 20 },
    { file: 'noonchen__lot3.stdf.gz', chunkBytes: 256 * 1024 },
    { file: 'noonchen__lot3.zip', chunkBytes: 300_000 },
    { file: 'itestinc__special__TEST_FT_GX36_A2_FT_E_02032013_0230.stdf', chunkBytes: 4093 },
  ])('$file in $chunkBytes-byte chunks: file hash, records, progress, then staging that matches pystdf', async ({ file, chunkBytes }) => {
    const { bytes, truth } = corpusFile(file);
    const { reports, built, chunks } = await runSession(file, bytes, chunkBytes);
    const parsed = reports.find((report) => report.type === 'parsed');
    expect(parsed).toEqual({ type: 'parsed', contentHash: createHash('sha256').update(bytes).digest('hex'), records: truth.raw_walk.records_total, parts: truth.pystdf.parts.PRR_count });
    const progress = reports.filter((report) => report.type === 'progress');
    // Every input chunk is acknowledged once, in order; bytes and records only go up and end at the totals.
    expect(progress.flatMap((report) => (report.acknowledged === null ? [] : [report.acknowledged]))).toEqual(Array.from({ length: chunks }, (_, index) => index));
    expect(progress.every((report, index) => index === 0 || (report.bytes >= progress[index - 1]!.bytes && report.records >= progress[index - 1]!.records))).toBe(true);
    expect(progress.at(-1)).toMatchObject({ bytes: bytes.length, records: truth.raw_walk.records_total });
    if (typeof built === 'string') throw new Error(built);
    expect(built.details.mir?.LOT_ID).toBe(truth.pystdf.MIR.LOT_ID.trim() || undefined);
    expect(built.details.compression).toBe(file.endsWith('.gz') ? 'gzip' : file.endsWith('.zip') ? 'zip' : 'none');
    const engine = await WasmNodeSqlEngine.open();
    const staging = await stageStdfInput(engine, built, 'imp1');
    expect(staging.rows).toBe(truth.pystdf.parts.PRR_count);
    engine.close();
  });

  // The import worker keeps its result columns from file to file (issue #12 §3): what a session built must
  // not change when the next file is read into the same columns.
  it('sessions one after another in one worker\'s result columns: each built input stays as a fresh session builds it', async () => {
    const storage = new ResultColumnStorage();
    const files = ['noonchen__lot3.stdf.gz', 'itestinc__bad__ayad_ws.stdf', 'itestinc__M25P64_RevC_194479_115c.std'];
    const sequential: StdfIpcStagingInput[] = [];
    for (const file of files) {
      const built = (await runSession(file, corpusFile(file).bytes, 1 << 20, storage)).built;
      if (typeof built === 'string') throw new Error(built);
      sequential.push(built);
    }
    expect(storage.flags.length).toBeGreaterThan(0);
    for (const [index, file] of files.entries()) {
      const fresh = (await runSession(file, corpusFile(file).bytes, 1 << 20)).built;
      if (typeof fresh === 'string') throw new Error(fresh);
      for (const key of Object.keys(fresh.tables) as (keyof typeof fresh.tables)[]) {
        expect({ file, key, same: Buffer.from(sequential[index]!.tables[key].ipc).equals(Buffer.from(fresh.tables[key].ipc)) }).toEqual({ file, key, same: true });
      }
    }
  });

  it('progress moves within one large chunk (pieces of at most 512 KB go to the reader)', async () => {
    const { bytes } = corpusFile('itestinc__bad__ayad_ws.stdf');
    const { reports } = await runSession('ayad', bytes, 4 << 20);
    const progress = reports.filter((report) => report.type === 'progress');
    expect(progress.length).toBe(Math.ceil(bytes.length / (512 * 1024)));
    expect(new Set(progress.map((report) => report.records)).size).toBe(progress.length);
  });

  it('a file without parts, an empty file and a cut gzip stream are reported, not thrown', async () => {
    const { bytes } = corpusFile('Semi-ATE__test.stdf');
    expect(await runSession('far-wir.stdf', bytes, 1024).then((run) => run.built)).toMatch(/^far-wir\.stdf: no part results \(PRR\) found/);
    expect(await runSession('empty.stdf', new Uint8Array(0), 1024).then((run) => run.built)).toMatch(/no part results .*empty input/);
    const whole = corpusFile('itestinc__bad__ayad_ws.stdf').bytes;
    const cut = gzipSync(whole).subarray(0, 200_000);
    const built = (await runSession('cut.stdf.gz', cut, 65536)).built;
    if (typeof built === 'string') throw new Error(built);
    expect(built.warnings.some((warning) => warning.startsWith('damage: cannot decompress gzip data'))).toBe(true);
    expect(built.details.check.findings[0]).toMatchObject({ code: 'damage', offset: 200_000 });
  });
});
