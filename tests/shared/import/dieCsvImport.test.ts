import { describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { ImportError, stageDieCsv } from '../../../shared/import/dieCsvImport.ts';
import { stagingTable } from '../../../shared/sql/staging.ts';
import { stagedResults } from '../../support/stagedResults.ts';

const encoder = new TextEncoder();

async function staged(csv: string, fileName = 'lot.csv') {
  const engine = await WasmNodeSqlEngine.open();
  await engine.registerBuffer('in.csv', encoder.encode(csv));
  const outcome = await stageDieCsv(engine, { registeredName: 'in.csv', fileName, importId: 'imp1', defaultProduct: 'P' });
  return { engine, outcome };
}

describe('die-level CSV staging', () => {
  it('keeps every insertion and lets the last one win (retest consolidation)', async () => {
    const csv = ['Lot_ID,Wafer,X,Y,HBin,SBin,Site,t100_vdd', 'L1,1,0,0,5,5,1,1.0', 'L1,1,1,0,1,1,2,2.0', 'L1,1,0,0,1,1,1,3.0', 'L1,2,0,0,3,3,1,'].join('\n');
    const { engine, outcome } = await staged(csv);
    expect(outcome.kind).toBe('staged');
    if (outcome.kind !== 'staged') return;
    expect(outcome.rows).toBe(4);
    expect(outcome.dies).toBe(3);
    expect(outcome.detection.mapping.tests).toEqual([{ column: 't100_vdd', testNum: 100, name: 'vdd' }]);
    const dies = (await engine.query(`SELECT lot, wafer, x, y, pass, first_pass, insertions, hard_bin FROM ${stagingTable('dies', 'imp1')} ORDER BY wafer, x`)).toArray().map((row) => row.toJSON());
    expect(dies).toEqual([
      { lot: 'L1', wafer: '1', x: 0, y: 0, pass: true, first_pass: false, insertions: 2, hard_bin: 1 },
      { lot: 'L1', wafer: '1', x: 1, y: 0, pass: true, first_pass: true, insertions: 1, hard_bin: 1 },
      { lot: 'L1', wafer: '2', x: 0, y: 0, pass: false, first_pass: false, insertions: 1, hard_bin: 3 },
    ]);
    const results = (await engine.query(`SELECT insertion, value FROM ${stagedResults('imp1')} WHERE x = 0 AND wafer = '1' ORDER BY insertion`)).toArray().map((row) => row.toJSON());
    expect(results).toEqual([{ insertion: 1, value: 1 }, { insertion: 2, value: 3 }]);
    engine.close();
  });

  it('asks for a mapping when a required column is missing', async () => {
    const { engine, outcome } = await staged('lot,wafer,col_a,row_b,bin\nL1,1,0,0,1\n');
    expect(outcome.kind).toBe('needs-mapping');
    if (outcome.kind === 'needs-mapping') expect(outcome.detection.missing).toEqual(['x', 'y']);
    engine.close();
  });

  it('rejects a file with an unreadable key and names the file and line', async () => {
    const csv = 'lot,wafer,x,y,hard_bin\nL1,1,0,0,1\nL1,1,zero,0,1\nL1,1,2,0,1\n';
    const engine = await WasmNodeSqlEngine.open();
    await engine.registerBuffer('in.csv', encoder.encode(csv));
    const attempt = stageDieCsv(engine, { registeredName: 'in.csv', fileName: 'bad.csv', importId: 'imp2', defaultProduct: 'P' });
    await expect(attempt).rejects.toBeInstanceOf(ImportError);
    await expect(attempt).rejects.toThrow(/bad\.csv.*line 3/);
    engine.close();
  });
});
