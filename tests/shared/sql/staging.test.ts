/**
 * Values from files reach SQL as bound parameters (issue #15 §1): a NUL or a quote inside a header value
 * is stored as written instead of cutting or changing the statement.
 */
import { describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { stageDieCsv } from '../../../shared/import/dieCsvImport.ts';
import { stageStdf } from '../../../shared/import/stdfImport.ts';
import { stagingTable } from '../../../shared/sql/staging.ts';
import { StdfWriter } from '../../../shared/stdf/index.ts';

async function rows(engine: WasmNodeSqlEngine, sql: string): Promise<Record<string, unknown>[]> {
  return (await engine.query(sql)).toArray().map((row: { toJSON(): Record<string, unknown> }) => row.toJSON());
}

describe('file values are bound, never spliced', () => {
  it('STDF header values with a NUL inside, quotes and a semicolon are staged as written', async () => {
    const lot = "LOT'7\u0000B";
    const product = "PART'); DROP TABLE dies; --";
    const tester = 'tester "1"\u0000x';
    const bytes = new StdfWriter()
      .far()
      .mir({ lotId: lot, partType: product, nodeName: tester, jobName: "it's" })
      .sdr({ head: 1, siteGroup: 1, sites: [1], probeCardId: "card'9" })
      .wir(1, 1_700_000_000, 'W1')
      .pir(1, 1)
      .ptr({ testNum: 7, head: 1, site: 1, result: 1, text: "o'clock", limits: { low: 0, high: 2, units: 'V' } })
      .prr({ head: 1, site: 1, partFlag: 0, hardBin: 1, softBin: 1, x: 1, y: 2 })
      .wrr({ head: 1, waferId: 'W1' })
      .mrr(1_700_000_100)
      .take();
    const engine = await WasmNodeSqlEngine.open();
    const staging = await stageStdf(engine, bytes, { importId: 'imp1', fileName: 'odd.stdf' });
    expect(staging.rows).toBe(1);
    expect(await rows(engine, `SELECT product, lot, tester, probe_card, program FROM ${stagingTable('wafers', 'imp1')}`)).toEqual([
      { product, lot, tester, probe_card: "card'9", program: "it's" },
    ]);
    expect(await rows(engine, `SELECT product, lot FROM ${stagingTable('die_insertions', 'imp1')}`)).toEqual([{ product, lot }]);
    expect(await rows(engine, `SELECT lot FROM ${stagingTable('test_equipment', 'imp1')} GROUP BY lot`)).toEqual([{ lot }]);
    engine.close();
  });

  it('CSV test names with quotes are bound', async () => {
    const engine = await WasmNodeSqlEngine.open();
    const csv = 'lot,wafer,x,y,hard_bin,"t12_i\'dd"\nL1,1,0,0,1,2.5\n';
    await engine.registerBuffer('in.csv', new TextEncoder().encode(csv));
    const outcome = await stageDieCsv(engine, { registeredName: 'in.csv', fileName: 'q.csv', importId: 'imp1', defaultProduct: "P'1" });
    expect(outcome.kind).toBe('staged');
    expect(await rows(engine, `SELECT product, test_num, name FROM ${stagingTable('tests', 'imp1')}`)).toEqual([{ product: "P'1", test_num: 12, name: "i'dd" }]);
    engine.close();
  });
});
