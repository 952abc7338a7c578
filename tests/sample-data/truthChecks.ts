import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmNodeSqlEngine } from '../../node/engine/wasmNodeEngine.ts';
import { openFabDatabase, readGroundTruth, rows, scalar, type GroundTruth } from './fabDatabase.ts';

/** Usable radius of a 300 mm wafer with 3 mm edge exclusion (the brief's numbers). */
const USABLE_RADIUS_MM = 147;

/** Die radius in mm from the wafer center, from wafers.csv geometry (joined as w). */
const RADIUS_SQL = 'sqrt(power((f.x - w.center_x) * w.die_width_mm, 2) + power((f.y - w.center_y) * w.die_height_mm, 2))';

/** Yield of final dies by wafer with an inner/edge split at the given fraction of the usable radius. */
function zoneYieldSql(edgeFraction: number): string {
  return `SELECT f.lot, f.wafer, t.signature, t.degraded,
      avg(f.pass) AS wafer_yield,
      avg(f.pass) FILTER (WHERE ${RADIUS_SQL} > ${edgeFraction * USABLE_RADIUS_MM}) AS edge_yield,
      avg(f.pass) FILTER (WHERE ${RADIUS_SQL} <= ${edgeFraction * USABLE_RADIUS_MM}) AS inner_yield
    FROM final f JOIN wafers w USING (lot, wafer) JOIN truth t USING (lot, wafer) GROUP BY ALL`;
}

/** Declare the checks of a generated folder's data against its own ground-truth.json. */
export function defineTruthChecks(label: string, folderOf: () => string): void {
  describe(`${label}: data agrees with ground-truth.json`, () => {
    let engine: WasmNodeSqlEngine;
    let truth: GroundTruth;

    beforeAll(async () => {
      engine = await openFabDatabase(folderOf());
      truth = readGroundTruth(folderOf());
    });
    afterAll(() => engine?.close());

    it('lists the same wafers in dies, wafers.csv, equipment.csv and the ground truth', async () => {
      const waferSets = ['dies', 'wafers', 'equipment', 'truth'].map((table) => `SELECT DISTINCT lot, wafer FROM ${table}`);
      for (const left of waferSets) {
        for (const right of waferSets) expect(await scalar(engine, `SELECT count(*) FROM (${left} EXCEPT ${right})`)).toBe(0);
      }
      expect(await scalar(engine, 'SELECT count(*) FROM wafers')).toBe(truth.wafers.length);
    });

    it('routes every wafer through every step before its test starts', async () => {
      expect(await scalar(engine, 'SELECT count(*) FROM (SELECT lot, wafer FROM equipment GROUP BY ALL HAVING count(DISTINCT step) <> 5)')).toBe(0);
      const late = 'SELECT count(*) FROM equipment e JOIN wafers w USING (lot, wafer) WHERE e.end_time >= w.start_time';
      expect(await scalar(engine, late)).toBe(0);
      expect(await scalar(engine, 'SELECT count(*) FROM dies d JOIN wafers w USING (lot, wafer) WHERE d.tested_at < w.start_time OR d.tested_at > w.end_time')).toBe(0);
    });

    it('marks exactly the wafers through the degraded tool or chamber after its date as degraded', async () => {
      const { step, level, from, factor } = truth.degraded;
      expect(['tool', 'chamber']).toContain(factor);
      const column = factor === 'tool' ? 'tool' : 'chamber';
      const throughChamber = `SELECT DISTINCT lot, wafer FROM equipment WHERE step = ? AND ${column} = ? AND start_time >= ?::TIMESTAMPTZ`;
      const flagged = 'SELECT lot, wafer FROM truth WHERE degraded';
      expect(await scalar(engine, `SELECT count(*) FROM (${throughChamber} EXCEPT ${flagged})`, [step, level, from])).toBe(0);
      expect(await scalar(engine, `SELECT count(*) FROM (${flagged} EXCEPT ${throughChamber})`, [step, level, from])).toBe(0);
      expect(truth.wafers.filter((wafer) => wafer.degraded).length).toBeGreaterThanOrEqual(8);
    });

    it('gives degraded wafers clearly lower final yield and an edge ring', async () => {
      const [summary] = await rows(engine, `SELECT
          avg(wafer_yield) FILTER (WHERE degraded) AS degraded_yield,
          avg(wafer_yield) FILTER (WHERE NOT degraded AND signature = 'none') AS clean_yield,
          avg(inner_yield - edge_yield) FILTER (WHERE degraded) AS degraded_edge_loss,
          avg(inner_yield - edge_yield) FILTER (WHERE NOT degraded AND signature = 'none') AS clean_edge_loss
        FROM (${zoneYieldSql(0.85)})`);
      expect(Number(summary?.degraded_yield)).toBeLessThan(Number(summary?.clean_yield) - 0.08);
      expect(Number(summary?.degraded_edge_loss)).toBeGreaterThan(0.3);
      expect(Number(summary?.clean_edge_loss)).toBeLessThan(0.1);
    });

    it('shows Center and Edge-Ring signatures where the ground truth puts them', async () => {
      const byClass = await rows(engine, `SELECT signature, avg(inner_yield) AS inner_yield, avg(edge_yield) AS edge_yield
        FROM (${zoneYieldSql(0.3)}) WHERE signature IN ('Center', 'none') GROUP BY ALL`);
      const center = byClass.find((row) => row.signature === 'Center');
      if (center !== undefined) expect(Number(center.inner_yield)).toBeLessThan(Number(center.edge_yield) - 0.2);
      const [ring] = await rows(engine, `SELECT avg(inner_yield - edge_yield) AS loss FROM (${zoneYieldSql(0.85)}) WHERE signature = 'Edge-Ring'`);
      expect(Number(ring?.loss)).toBeGreaterThan(0.3);
    });

    it('shifts the drifted test by the recorded amount from its date', async () => {
      expect(truth.drifts.length).toBeGreaterThan(0);
      for (const drift of truth.drifts) {
        const column = `"${drift.column.replaceAll('"', '')}"`;
        const shift = await scalar(engine, `SELECT avg(${column}) FILTER (WHERE tested_at >= ?::TIMESTAMPTZ) - avg(${column}) FILTER (WHERE tested_at < ?::TIMESTAMPTZ)
          FROM final WHERE product = ?`, [drift.from, drift.from, drift.product]);
        expect(shift / drift.shift).toBeGreaterThan(0.6);
        expect(shift / drift.shift).toBeLessThan(1.4);
      }
    });

    it('retests: a second insertion follows a failed first one, later, and mostly passes', async () => {
      const [retests] = await rows(engine, `SELECT count(*) AS retests, avg(second.pass) AS second_pass_rate,
          count(*) FILTER (WHERE first.pass = 1 OR first.tested_at >= second.tested_at) AS inconsistent
        FROM dies second JOIN dies first ON first.lot = second.lot AND first.wafer = second.wafer
          AND first.x = second.x AND first.y = second.y AND first.insertion = 1
        WHERE second.insertion = 2`);
      expect(Number(retests?.retests)).toBeGreaterThan(0);
      expect(Number(retests?.inconsistent)).toBe(0);
      expect(Number(retests?.second_pass_rate)).toBeGreaterThan(0.5);
      expect(await scalar(engine, 'SELECT count(*) FROM dies WHERE insertion NOT IN (1, 2)')).toBe(0);
      // The brief: about 1-3 % of the dies of some wafers are retested.
      const [shares] = await rows(engine, `SELECT avg(share) AS mean_share, max(share) AS max_share, count(*) AS wafers FROM
        (SELECT count(*) FILTER (WHERE insertion = 2) / count(*) FILTER (WHERE insertion = 1) AS share FROM dies GROUP BY lot, wafer) WHERE share > 0`);
      expect(Number(shares?.mean_share)).toBeGreaterThan(0.01);
      expect(Number(shares?.mean_share)).toBeLessThan(0.03);
      expect(Number(shares?.max_share)).toBeLessThan(0.06);
      expect(Number(shares?.wafers)).toBeLessThan(truth.wafers.length);
    });

    it('sets pass flags that agree with the hard and soft bins of bins.csv', async () => {
      for (const [binType, column] of [['hard', 'hard_bin'], ['soft', 'soft_bin']] as const) {
        const mismatches = `SELECT count(*) FROM dies d LEFT JOIN bins b ON b.product = d.product AND b.bin_type = ? AND b.bin = d.${column}
          WHERE b.pass IS NULL OR b.pass <> d.pass`;
        expect(await scalar(engine, mismatches, [binType])).toBe(0);
      }
    });

    it('keeps passing dies inside every limit and fails dies on their last executed test', async () => {
      // UNPIVOT drops NULLs, so only executed tests remain; test numbers grow in flow order.
      await engine.exec(`CREATE OR REPLACE TABLE measured AS
        SELECT m.lot, m.wafer, m.x, m.y, m.insertion, m.pass, m.value, t.test_num, t.lo_limit, t.hi_limit
        FROM (UNPIVOT (SELECT product, lot, wafer, x, y, insertion, pass, COLUMNS('^t[0-9]+_') FROM dies)
              ON COLUMNS('^t[0-9]+_') INTO NAME column_name VALUE value) m
        JOIN tests t ON t.product = m.product AND t.test_num = regexp_extract(m.column_name, '^t([0-9]+)_', 1)::INTEGER`);
      const outside = 'value < lo_limit OR value > hi_limit';
      expect(await scalar(engine, `SELECT count(*) FROM measured WHERE pass = 1 AND (${outside})`)).toBe(0);
      const failCounts = `SELECT count(*) FILTER (WHERE ${outside}) AS outside_count, max(test_num) FILTER (WHERE ${outside}) AS failing_test, max(test_num) AS last_test
        FROM measured WHERE pass = 0 GROUP BY lot, wafer, x, y, insertion`;
      expect(await scalar(engine, `SELECT count(*) FROM (${failCounts}) WHERE outside_count <> 1 OR failing_test <> last_test`)).toBe(0);
    });
  });
}
