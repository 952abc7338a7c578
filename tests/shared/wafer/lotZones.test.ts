import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { FolderWorkspaceStore } from '../../../node/workspace/folderWorkspaceStore.ts';
import { nodeParquetCodec } from '../../../node/engine/parquetCodec.ts';
import { Workspace } from '../../../shared/workspace/workspace.ts';
import { readLot, type LotData } from '../../../shared/wafer/lotData.ts';
import { boundingCenter, viewOfOrientation } from '../../../shared/wafer/lotWafers.ts';
import { lotZonalYield, type LotZonalYield } from '../../../shared/wafer/lotZones.ts';
import { sampleWorkspaceDir } from '../../support/sampleWorkspace.ts';
import { sampleCsvRows } from '../../support/sampleTruth.ts';

/**
 * The lot view's zone panel (readLot → notch-down views → lotZonalYield) on the imported sample,
 * against zones computed here straight from the sample CSV and wafers.csv with squared radii and
 * sign tests, no shared code: equal-area rings r² ≤ R²/3, ≤ 2R²/3; quadrants counter-clockwise from
 * the notch (down): Q0 down→right, Q1 right→up, Q2 up→left, Q3 left→down.
 */
const lot = 'OR26007';

type Tally = { tested: number; good: number };
type Expected = { wafers: Map<string, { rings: Tally[]; quadrants: Tally[]; dies: number; good: number }>; rings: Tally[]; quadrants: Tally[] };

/** The center die has no direction; SPC_YIELD.md 5.2 (zones.ts) counts it at angle 0, in Q0. */
function quadrantOf(right: number, up: number): number {
  if (right === 0 && up === 0) return 0;
  if (right >= 0 && up < 0) return 0;
  if (right > 0 && up >= 0) return 1;
  if (right <= 0 && up > 0) return 2;
  return 3;
}

function independentZones(): Expected {
  const wafers = sampleCsvRows('wafers.csv').filter((row) => row.lot === lot);
  const finals = new Map<string, { insertion: number; pass: boolean; wafer: string; x: number; y: number }>();
  for (const row of sampleCsvRows(`dies/${lot}.csv.gz`)) {
    const key = `${row.wafer}|${row.x}|${row.y}`;
    const insertion = Number(row.insertion);
    const previous = finals.get(key);
    if (!previous || previous.insertion < insertion) finals.set(key, { insertion, pass: row.pass === '1', wafer: String(row.wafer), x: Number(row.x), y: Number(row.y) });
  }
  const empty = (count: number): Tally[] => Array.from({ length: count }, () => ({ tested: 0, good: 0 }));
  const expected: Expected = { wafers: new Map(), rings: empty(3), quadrants: empty(4) };
  for (const die of finals.values()) {
    const info = wafers.find((row) => row.wafer === die.wafer);
    if (!info || info.flat !== 'D' || info.pos_x !== 'R' || info.pos_y !== 'D') throw new Error('the sample lot is expected to be notch down, X right, Y down');
    const right = (die.x - Number(info.center_x)) * Number(info.die_width_mm);
    const up = -(die.y - Number(info.center_y)) * Number(info.die_height_mm);
    const radiusSquared = (Number(info.wafer_size_mm) / 2) ** 2;
    const distanceSquared = right * right + up * up;
    const ring = distanceSquared <= radiusSquared / 3 ? 0 : distanceSquared <= (2 * radiusSquared) / 3 ? 1 : 2;
    const quadrant = quadrantOf(right, up);
    const perWafer = expected.wafers.get(die.wafer) ?? { rings: empty(3), quadrants: empty(4), dies: 0, good: 0 };
    expected.wafers.set(die.wafer, perWafer);
    for (const tally of [perWafer.rings[ring], perWafer.quadrants[quadrant], expected.rings[ring], expected.quadrants[quadrant]]) {
      tally!.tested++;
      if (die.pass) tally!.good++;
    }
    perWafer.dies++;
    if (die.pass) perWafer.good++;
  }
  return expected;
}

let engine: WasmNodeSqlEngine;
let data: LotData;
let zones: LotZonalYield;
let expected: Expected;

beforeAll(async () => {
  engine = await WasmNodeSqlEngine.open();
  await new Workspace(engine, new FolderWorkspaceStore(sampleWorkspaceDir()), nodeParquetCodec).open();
  data = await readLot(engine, lot);
  const views = data.wafers.map((wafer, index) => viewOfOrientation(wafer.orientation, boundingCenter(data.columns.x, data.columns.y, data.ranges[index]!), 'D'));
  zones = lotZonalYield(data.columns, data.ranges, views);
  expected = independentZones();
}, 600_000);

afterAll(() => engine?.close());

const tallies = (zonesOfReport: { tested: number; good: number }[] | undefined): Tally[] => (zonesOfReport ?? []).map(({ tested, good }) => ({ tested, good }));

describe(`zonal yield of lot ${lot} (sample workspace)`, () => {
  it('lists the 25 wafers in natural order with the die counts of the CSV', () => {
    expect(data.wafers.map((wafer) => wafer.wafer)).toEqual(Array.from({ length: 25 }, (_, index) => String(index + 1)));
    for (const [index, wafer] of data.wafers.entries()) {
      const range = data.ranges[index]!;
      const truth = expected.wafers.get(wafer.wafer)!;
      expect(range.end - range.start).toBe(truth.dies);
      let good = 0;
      for (let at = range.start; at < range.end; at++) good += data.columns.pass[at]!;
      expect(good).toBe(truth.good);
    }
  });

  it('puts every die of the lot in the same ring and quadrant as the independent computation', () => {
    expect(tallies(zones.lot?.rings)).toEqual(expected.rings);
    expect(tallies(zones.lot?.quadrants)).toEqual(expected.quadrants);
  });

  it('does so per wafer, and the edge-to-center delta is edge yield minus center yield', () => {
    for (const [index, wafer] of data.wafers.entries()) {
      const report = zones.wafers[index]!;
      const truth = expected.wafers.get(wafer.wafer)!;
      expect(tallies(report.rings)).toEqual(truth.rings);
      expect(tallies(report.quadrants)).toEqual(truth.quadrants);
      const [center, , edge] = truth.rings;
      expect(report.edgeToCenterDelta).toBeCloseTo(edge!.good / edge!.tested - center!.good / center!.tested, 12);
    }
  });

  it('edge rings of the degraded chamber show up as a lower edge yield for the lot', () => {
    const [center, , edge] = zones.lot!.rings;
    console.log(`lot ${lot}: center ${(center!.yield * 100).toFixed(1)} %, edge ${(edge!.yield * 100).toFixed(1)} %, delta ${(zones.lot!.edgeToCenterDelta * 100).toFixed(1)} pt`);
    expect(zones.lot!.edgeToCenterDelta).toBeLessThan(0);
  });
});
