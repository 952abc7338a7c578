import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Table, Vector } from 'apache-arrow';
import {
  binDiesSql, binParetoSql, drilldownParams, maximumChartPoints, testBoxPlotSql, testHistogramSql, testScatterSql, testStatisticsSql, testTrendSql,
  type BinKind, type DrilldownSelection,
} from '@shared/sql/drilldownSql';
import { processCapability } from '@shared/spc/capability';
import type { BinParetoBar } from '@shared/charts/binParetoOption';
import type { HistogramData } from '@shared/charts/histogramOption';
import type { BoxPlotGroup } from '@shared/charts/boxPlotOption';
import { useWorkspaceStore } from './workspace';

/** One row of the per-test statistics table. */
export interface TestStatistics {
  /** The test's key (tests.test_key, issue #13 §1): what selection, charts and URLs use; testers reuse numbers. */
  testKey: number;
  /** The number the tester wrote, for display. */
  testNumber: number;
  name: string;
  units: string;
  n: number;
  mean: number;
  sigma: number;
  minimum: number;
  maximum: number;
  lowLimit: number | null;
  highLimit: number | null;
  fails: number;
  /** Results that are not measurements (flagged invalid or not executed, NaN, tester sentinels): in no statistic. */
  invalid: number;
  cp: number | null;
  cpk: number | null;
}

/** A die of the selection, as charts and the map name it. */
export interface SelectedDie {
  lot: string;
  wafer: string;
  x: number;
  y: number;
}

/** Points of a trend or scatter with the die behind each point (for brushing). */
export interface DiePoints {
  dies: SelectedDie[];
  xValues: Float64Array;
  yValues: Float64Array;
}

const histogramBuckets = 40;
const thresholdKey = 'yield-monitor.drilldown.cpkThreshold';

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Cp and Cpk with the overall sigma (individual dies, no subgroups) through the SPC capability function. */
function capabilityOf(mean: number, sigma: number, low: number | null, high: number | null): { cp: number | null; cpk: number | null } {
  if ((low === null && high === null) || !(sigma > 0) || !Number.isFinite(mean)) return { cp: null, cpk: null };
  const report = processCapability([], sigma, { ...(low === null ? {} : { lsl: low }), ...(high === null ? {} : { usl: high }) }, { mean, sigmaOverall: sigma });
  return { cp: report.cp ?? null, cpk: report.cpk ?? null };
}

function statisticsOf(table: Table): TestStatistics[] {
  return table.toArray().map((row) => {
    const mean = Number(row.mean);
    const sigma = Number(row.sigma ?? Number.NaN);
    const [lowLimit, highLimit] = [numberOrNull(row.lo_limit), numberOrNull(row.hi_limit)];
    return {
      testKey: Number(row.test_key), testNumber: Number(row.test_num), name: String(row.name ?? ''), units: String(row.units ?? ''), n: Number(row.n), mean, sigma,
      minimum: Number(row.minimum), maximum: Number(row.maximum), lowLimit, highLimit, fails: Number(row.fails), invalid: Number(row.invalid ?? 0), ...capabilityOf(mean, sigma, lowLimit, highLimit),
    };
  });
}

function diePoints(table: Table, xColumn: string, yColumn: string): DiePoints {
  const dies = table.toArray().map((row) => ({ lot: String(row.lot), wafer: String(row.wafer), x: Number(row.x), y: Number(row.y) }));
  const column = (name: string): Float64Array => Float64Array.from(table.getChild(name)?.toArray() ?? [], Number);
  return { dies, xValues: column(xColumn), yValues: column(yColumn) };
}

function boxGroups(table: Table): BoxPlotGroup[] {
  return table.toArray().map((row) => ({
    label: String(row.label), n: Number(row.n), lowerWhisker: Number(row.lower_whisker), q1: Number(row.q1), median: Number(row.median),
    q3: Number(row.q3), upperWhisker: Number(row.upper_whisker), outliers: Number(row.outliers),
    outlierValues: row.outlier_values ? Array.from((row.outlier_values as Vector).toArray() as ArrayLike<number>, Number) : [],
  }));
}

/** Bin Pareto, per-test statistics and the charts of a chosen test over a selection of lots or wafers. */
export const useDrilldownStore = defineStore('drilldown', () => {
  const workspace = useWorkspaceStore();
  const selection = shallowRef<DrilldownSelection | null>(null);
  const binKind = ref<BinKind>('hard');
  const pareto = shallowRef<BinParetoBar[]>([]);
  const statistics = shallowRef<TestStatistics[]>([]);
  const cpkThreshold = ref(Number(localStorage.getItem(thresholdKey) ?? '1.33') || 1.33);
  const chosenTest = ref<number | null>(null);
  const secondTest = ref<number | null>(null);
  const histogram = shallowRef<HistogramData | null>(null);
  const boxesByWafer = shallowRef<BoxPlotGroup[]>([]);
  const boxesBySite = shallowRef<BoxPlotGroup[]>([]);
  const trend = shallowRef<(DiePoints & { sequence: Int32Array }) | null>(null);
  const scatter = shallowRef<(DiePoints & { pearson: number; total: number }) | null>(null);
  const loading = ref(false);
  const errorMessage = ref('');
  let generation = 0;

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    const mine = ++generation;
    loading.value = true;
    errorMessage.value = '';
    try {
      const result = await work();
      return mine === generation ? result : undefined;
    } catch (error) {
      errorMessage.value = (error as Error).message;
      return undefined;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** Load the Pareto and the statistics of a selection; keeps the chosen test when the selection measures it. */
  async function load(next: DrilldownSelection, preferredTest: number | null = null): Promise<void> {
    const engine = workspace.engine;
    if (!engine) return;
    selection.value = next;
    await run(async () => {
      const [paretoTable, statisticsTable] = await Promise.all([engine.query(binParetoSql(binKind.value), drilldownParams(next)), engine.query(testStatisticsSql, drilldownParams(next))]);
      pareto.value = paretoOf(paretoTable);
      statistics.value = statisticsOf(statisticsTable);
    });
    const tests = statistics.value.map((test) => test.testKey);
    const wanted = [preferredTest, chosenTest.value].find((test) => test !== null && tests.includes(test)) ?? tests[0] ?? null;
    if (secondTest.value === null || !tests.includes(secondTest.value)) secondTest.value = tests.find((test) => test !== wanted) ?? null;
    await chooseTest(wanted);
  }

  function paretoOf(table: Table): BinParetoBar[] {
    return table.toArray().map((row) => ({ bin: Number(row.bin), name: String(row.name ?? ''), pass: row.pass === true, dies: Number(row.dies), cumulativeShare: Number(row.cumulative_share) }));
  }

  async function setBinKind(kind: BinKind): Promise<void> {
    binKind.value = kind;
    const engine = workspace.engine;
    if (!engine || !selection.value) return;
    const current = selection.value;
    const table = await run(() => engine.query(binParetoSql(kind), drilldownParams(current)));
    if (table) pareto.value = paretoOf(table);
  }

  /** Dies of one bin in the selection. */
  async function diesOfBin(bin: number): Promise<SelectedDie[]> {
    const engine = workspace.engine;
    if (!engine || !selection.value) return [];
    const table = await engine.query(binDiesSql(binKind.value), drilldownParams(selection.value, bin));
    return table.toArray().map((row) => ({ lot: String(row.lot), wafer: String(row.wafer), x: Number(row.x), y: Number(row.y) }));
  }

  /** Histogram, box plots, trend and scatter of one test. */
  async function chooseTest(testNumber: number | null): Promise<void> {
    chosenTest.value = testNumber;
    const engine = workspace.engine;
    const current = selection.value;
    if (!engine || !current || testNumber === null) {
      [histogram.value, trend.value, scatter.value, boxesByWafer.value, boxesBySite.value] = [null, null, null, [], []];
      return;
    }
    const stats = statistics.value.find((test) => test.testKey === testNumber);
    const tables = await run(() => Promise.all([
      engine.query(testHistogramSql, drilldownParams(current, testNumber, histogramBuckets)),
      engine.query(testBoxPlotSql('wafer'), drilldownParams(current, testNumber)),
      engine.query(testBoxPlotSql('site'), drilldownParams(current, testNumber)),
      engine.query(testTrendSql, drilldownParams(current, testNumber, maximumChartPoints)),
    ]));
    if (!tables) return;
    const [histogramTable, waferTable, siteTable, trendTable] = tables;
    const counts = new Array<number>(histogramBuckets).fill(0);
    for (const row of histogramTable) counts[Number(row.bucket)] = Number(row.dies);
    const first = histogramTable.get(0);
    histogram.value = {
      lowest: Number(first?.lowest ?? 0), highest: Number(first?.highest ?? 0), counts, mean: stats?.mean ?? Number.NaN, sigma: stats?.sigma ?? Number.NaN,
      lowLimit: stats?.lowLimit ?? null, highLimit: stats?.highLimit ?? null,
    };
    boxesByWafer.value = boxGroups(waferTable);
    boxesBySite.value = boxGroups(siteTable);
    trend.value = { ...diePoints(trendTable, 'sequence', 'value'), sequence: Int32Array.from(trendTable.getChild('sequence')?.toArray() ?? [], Number) };
    await chooseSecondTest(secondTest.value);
  }

  /** The test plotted against the chosen one in the scatter. */
  async function chooseSecondTest(testNumber: number | null): Promise<void> {
    secondTest.value = testNumber;
    const engine = workspace.engine;
    const current = selection.value;
    if (!engine || !current || testNumber === null || chosenTest.value === null) {
      scatter.value = null;
      return;
    }
    const first = chosenTest.value;
    const table = await run(() => engine.query(testScatterSql, drilldownParams(current, first, testNumber, maximumChartPoints)));
    if (!table) return;
    const row = table.get(0);
    scatter.value = { ...diePoints(table, 'x_value', 'y_value'), pearson: Number(row?.pearson ?? Number.NaN), total: Number(row?.total ?? 0) };
  }

  function setCpkThreshold(value: number): void {
    if (!(value > 0)) return;
    cpkThreshold.value = value;
    localStorage.setItem(thresholdKey, String(value));
  }

  return {
    selection, binKind, pareto, statistics, cpkThreshold, chosenTest, secondTest, histogram, boxesByWafer, boxesBySite, trend, scatter, loading, errorMessage,
    load, setBinKind, diesOfBin, chooseTest, chooseSecondTest, setCpkThreshold,
  };
});
