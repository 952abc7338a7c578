/**
 * Issue #13 §2: in the drill-down's box plots by wafer, a wafer whose dies fail the test must stand
 * out. Sample lot OR26011 has wafer 5 at 8.8 % yield; its ileak_io values are a normal box plus a
 * long tail of failing dies, which the whiskers alone hid. The lot's die CSV goes through the real
 * import, the box plot SQL and the option builder; the oracle is a plain loop over the same CSV
 * (final insertion per die, type-7 quartiles, Tukey fences).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeParquetCodec } from '../../../node/engine/parquetCodec.ts';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { FolderWorkspaceStore } from '../../../node/workspace/folderWorkspaceStore.ts';
import { buildBoxPlotOption, type BoxPlotGroup } from '../../../shared/charts/boxPlotOption.ts';
import { drilldownParams, testBoxPlotSql } from '../../../shared/sql/drilldownSql.ts';
import { Workspace } from '../../../shared/workspace/workspace.ts';
import { commitDieCsv } from '../../support/memoryWorkspace.ts';
import { sampleCsvRows, sampleFabDir } from '../../support/sampleTruth.ts';

const lot = 'OR26011';
const testNumber = 2002;
const column = 't2002_ileak_io';

/** Final value of the test per wafer, straight from the committed CSV. */
function finalValuesByWafer(csv: string): Map<string, number[]> {
  const [headerLine, ...lines] = csv.trim().split('\n');
  const header = headerLine!.split(',');
  const at = (name: string): number => header.indexOf(name);
  const finals = new Map<string, { insertion: number; wafer: string; value: string }>();
  for (const line of lines) {
    const cells = line.split(',');
    const key = `${cells[at('wafer')]}|${cells[at('x')]}|${cells[at('y')]}`;
    const insertion = Number(cells[at('insertion')]);
    if ((finals.get(key)?.insertion ?? 0) >= insertion) continue;
    finals.set(key, { insertion, wafer: cells[at('wafer')]!, value: cells[at(column)] ?? '' });
  }
  const byWafer = new Map<string, number[]>();
  for (const die of finals.values()) if (die.value !== '') byWafer.set(die.wafer, [...(byWafer.get(die.wafer) ?? []), Number(die.value)]);
  return byWafer;
}

/** Type-7 quantile of sorted values. */
function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const low = Math.floor(h);
  return sorted[low]! + (h - low) * (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!);
}

/** Values outside Tukey's fences. */
function tukeyOutliers(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const [q1, q3] = [quantile(sorted, 0.25), quantile(sorted, 0.75)];
  return sorted.filter((value) => value < q1 - 1.5 * (q3 - q1) || value > q3 + 1.5 * (q3 - q1));
}

let engine: WasmNodeSqlEngine;
let folder: string;
let csv: string;

beforeAll(async () => {
  csv = gunzipSync(readFileSync(join(sampleFabDir, 'dies', `${lot}.csv.gz`))).toString('utf8');
  folder = mkdtempSync(join(tmpdir(), 'ym-boxplot-'));
  engine = await WasmNodeSqlEngine.open();
  const workspace = new Workspace(engine, new FolderWorkspaceStore(folder), nodeParquetCodec);
  await workspace.open();
  await commitDieCsv(workspace, engine, csv, 'or26011');
}, 120_000);

afterAll(async () => {
  await engine?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('drill-down box plot of a lot with an 8.8 % wafer (issue #13 §2)', () => {
  it('draws every outlier of the failing wafer as a point, more than any other wafer has, and keeps limits and outliers on the axis', async () => {
    const table = await engine.query(testBoxPlotSql('wafer'), drilldownParams({ lots: [lot] }, testNumber));
    const groups: BoxPlotGroup[] = table.toArray().map((row) => ({
      label: String(row.label), n: Number(row.n), lowerWhisker: Number(row.lower_whisker), q1: Number(row.q1), median: Number(row.median), q3: Number(row.q3),
      upperWhisker: Number(row.upper_whisker), outliers: Number(row.outliers), outlierValues: Array.from(row.outlier_values.toArray() as ArrayLike<number>, Number),
    }));
    const limitRow = sampleCsvRows('tests.csv').find((row) => row.product === 'ORION' && Number(row.test_num) === testNumber)!;
    const limits = { low: Number(limitRow.lo_limit), high: Number(limitRow.hi_limit) };
    const option = buildBoxPlotOption(groups, limits, { valueAxis: 'nA', groupAxis: 'Wafer', lowLimit: 'LSL', highLimit: 'USL', outliers: 'Outliers' }) as {
      yAxis: { min: number; max: number };
      xAxis: { data: string[]; name: string };
      series: [unknown, { type: string; data: [number, number][] }];
    };

    const expected = finalValuesByWafer(csv);
    // One lot: the axis names it once and labels the wafers by number.
    expect(option.xAxis.name).toBe(`Wafer (${lot})`);
    expect(option.xAxis.data).toEqual([...expected.keys()].sort((a, b) => Number(a) - Number(b)));
    const points = option.series[1].data;
    const pointsOf = (wafer: string): number[] => points.filter(([index]) => option.xAxis.data[index] === wafer).map(([, value]) => value).sort((a, b) => a - b);
    for (const [wafer, values] of expected) expect(pointsOf(wafer), `wafer ${wafer}`).toEqual(tukeyOutliers(values));

    const counts = [...expected].map(([wafer, values]) => [wafer, tukeyOutliers(values).length] as const).sort((a, b) => b[1] - a[1]);
    console.log(`${lot} ${column}: outlier points per wafer, most first: ${counts.slice(0, 4).map(([wafer, count]) => `wafer ${wafer} ${count}`).join(', ')}; value axis ${option.yAxis.min.toFixed(2)}..${option.yAxis.max.toFixed(2)}, limits ${limits.low}..${limits.high}`);
    expect(counts[0]?.[0]).toBe('5');
    expect(pointsOf('5').filter((value) => value > limits.high).length).toBeGreaterThan(0);

    const everyValue = [...points.map(([, value]) => value), limits.low, limits.high];
    expect(option.yAxis.min).toBeLessThanOrEqual(Math.min(...everyValue));
    expect(option.yAxis.max).toBeGreaterThanOrEqual(Math.max(...everyValue));
  }, 120_000);
});
