import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSqlEngine } from '../../../node/workspace/openWorkspace.ts';
import { kpiSql, lotTableSql, productParams } from '../../../shared/sql/overviewSql.ts';
import { createCanonicalTablesSql } from '../../../shared/workspace/manifest.ts';
import { refreshWaferSummarySql } from '../../../shared/schema/canonical.ts';
import { engineKinds, openEngine } from '../../support/engines.ts';

/** A die as the test writes it: pass may be unknown (NULL), which no yield may count. */
interface Die {
  product: string;
  lot: string;
  wafer: string;
  pass: boolean | null;
  firstPass: boolean | null;
  minute: number;
}

/** Two products, three lots; one wafer with a die of unknown result; wafer sizes differ so die weighting matters. */
function fab(): Die[] {
  const dies: Die[] = [];
  const wafer = (product: string, lot: string, waferId: string, good: number, bad: number, unknown: number, minute: number) => {
    for (let i = 0; i < good; i++) dies.push({ product, lot, wafer: waferId, pass: true, firstPass: i % 3 !== 0, minute: minute + i });
    for (let i = 0; i < bad; i++) dies.push({ product, lot, wafer: waferId, pass: false, firstPass: false, minute: minute + good + i });
    for (let i = 0; i < unknown; i++) dies.push({ product, lot, wafer: waferId, pass: null, firstPass: null, minute: minute + good + bad + i });
  };
  wafer('ORION', 'L1', '1', 9, 1, 0, 0);
  wafer('ORION', 'L1', '2', 5, 5, 1, 100);
  wafer('ORION', 'L2', '1', 7, 3, 0, 2000);
  wafer('VEGA', 'V1', '1', 40, 2, 0, 1000);
  wafer('VEGA', 'V1', '10', 30, 12, 0, 1100);
  return dies;
}

/** The same figures by plain loops: what a user would count by hand. */
function expected(dies: readonly Die[], product: string | null) {
  const chosen = dies.filter((die) => product === null || die.product === product);
  const judged = chosen.filter((die) => die.pass !== null);
  const firstJudged = chosen.filter((die) => die.firstPass !== null);
  const lots = new Map<string, Die[]>();
  for (const die of chosen) lots.set(die.lot, [...(lots.get(die.lot) ?? []), die]);
  const yieldOf = (group: readonly Die[]) => group.filter((die) => die.pass === true).length / group.filter((die) => die.pass !== null).length;
  const lotRows = [...lots].map(([lot, lotDies]) => {
    const wafers = new Map<string, Die[]>();
    for (const die of lotDies) wafers.set(die.wafer, [...(wafers.get(die.wafer) ?? []), die]);
    const worst = [...wafers].map(([wafer, waferDies]) => ({ wafer, yield: yieldOf(waferDies) })).sort((a, b) => a.yield - b.yield)[0]!;
    return {
      lot, wafers: wafers.size, dies: lotDies.length, yield: yieldOf(lotDies), worstWafer: worst.wafer, worstYield: worst.yield,
      firstTest: Math.min(...lotDies.map((die) => die.minute)),
    };
  }).sort((a, b) => b.firstTest - a.firstTest || a.lot.localeCompare(b.lot));
  return {
    kpi: {
      lots: lots.size, wafers: new Set(chosen.map((die) => `${die.lot}|${die.wafer}`)).size, dies: chosen.length,
      good: judged.filter((die) => die.pass).length, yield: yieldOf(chosen),
      firstPassYield: firstJudged.filter((die) => die.firstPass).length / firstJudged.length,
    },
    lotRows,
  };
}

describe.each(engineKinds)('overview KPIs and lot table on %s DuckDB', (kind) => {
  let engine: NodeSqlEngine;
  const dies = fab();
  beforeAll(async () => {
    engine = await openEngine(kind);
    for (const statement of createCanonicalTablesSql()) await engine.exec(statement);
    for (const die of dies) {
      await engine.exec(
        `INSERT INTO dies (product, lot, wafer, x, y, pass, first_pass, insertions, tested_at)
         VALUES ($1, $2, $3, 0, 0, $4, $5, 1, TIMESTAMP '2026-11-01' + to_minutes($6::BIGINT))`,
        [die.product, die.lot, die.wafer, die.pass, die.firstPass, die.minute],
      );
    }
    // As an open workspace does after every change of the dies.
    await engine.exec(refreshWaferSummarySql);
  }, 120_000);
  afterAll(() => engine.close());

  for (const product of [null, 'ORION', 'VEGA', 'NONE']) {
    it(`match a hand count for product ${product ?? '(all)'}`, async () => {
      const truth = expected(dies, product);
      const kpi = (await engine.query(kpiSql, productParams(product))).toArray()[0]!.toJSON();
      expect(Number(kpi.lots)).toBe(truth.kpi.lots);
      expect(Number(kpi.wafers)).toBe(truth.kpi.wafers);
      expect(Number(kpi.dies)).toBe(truth.kpi.dies);
      if (truth.kpi.dies === 0) {
        expect(kpi.yield).toBeNull();
      } else {
        expect(Number(kpi.good)).toBe(truth.kpi.good);
        expect(kpi.yield).toBeCloseTo(truth.kpi.yield, 12);
        expect(kpi.first_pass_yield).toBeCloseTo(truth.kpi.firstPassYield, 12);
      }
      const lots = (await engine.query(lotTableSql, productParams(product))).toArray().map((row) => row.toJSON());
      expect(lots.map((row) => row.lot)).toEqual(truth.lotRows.map((row) => row.lot));
      lots.forEach((row, index) => {
        const want = truth.lotRows[index]!;
        expect([Number(row.wafers), Number(row.dies), row.worst_wafer]).toEqual([want.wafers, want.dies, want.worstWafer]);
        expect(row.yield).toBeCloseTo(want.yield, 12);
        expect(row.worst_wafer_yield).toBeCloseTo(want.worstYield, 12);
      });
    });
  }
});
