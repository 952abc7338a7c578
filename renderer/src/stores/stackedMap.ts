import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef, watch } from 'vue';
import type { Table, Vector } from 'apache-arrow';
import { selectableLotsSql, stackedMapSql, stackedSummarySql, stackedTestsSql, type StackedMeasure, type WaferSelection } from '@shared/sql/stackedMapSql';
import type { WaferView } from '@shared/wafer/index';
import { boundsCenter, dieBounds } from '@shared/wafer/dieBounds';
import { orientationOfRow, viewOfOrientation } from '@shared/wafer/lotWafers';
import { useWorkspaceStore } from './workspace';

/** One stacked map: its cells as typed arrays (NaN where no die has a value) and what it covers. */
export interface StackedMapResult {
  count: number;
  x: Int32Array;
  y: Int32Array;
  value: Float64Array;
  dies: Int32Array;
  wafers: Int32Array;
  summary: { wafers: number; lots: number; dies: number; products: string[] };
  view: WaferView;
  queryMs: number;
}

/** A lot the selection controls offer. */
export interface SelectableLot {
  lot: string;
  product: string;
  wafers: number;
  firstTestTime: Date | null;
}

/** A test a parametric stacked map can show. */
export interface SelectableTest {
  /** The test key (tests.test_key, issue #13 §1): what the map asks for. */
  testNumber: number;
  /** The number the tester wrote, for display. */
  shownNumber: number;
  name: string;
  units: string;
}

/** The lot view's selection controls: which wafers, and an optional test-date range (ISO days). */
export interface StackedControls {
  scope: 'lot' | 'lots' | 'product' | 'all';
  lots: string[];
  product: string;
  from: string;
  to: string;
}

/** The selection the controls describe, for the lot being viewed. */
export function selectionOfControls(controls: StackedControls, currentLot: string): WaferSelection {
  const selection: WaferSelection = {};
  if (controls.scope === 'lot') selection.lots = [currentLot];
  if (controls.scope === 'lots') selection.lots = controls.lots.length > 0 ? [...controls.lots] : [currentLot];
  if (controls.scope === 'product' && controls.product) selection.products = [controls.product];
  if (controls.from) selection.from = controls.from;
  if (controls.to) selection.to = controls.to;
  return selection;
}

/** Cache key of a selection and measure (stable for equal values). */
export function stackedKey(selection: WaferSelection, measure: StackedMeasure): string {
  return JSON.stringify([selection.lots ?? [], selection.products ?? [], selection.wafers ?? [], selection.from ?? '', selection.to ?? '', measure]);
}

function floats(vector: Vector | null, length: number): Float64Array {
  const values = new Float64Array(length);
  if (!vector) return values.fill(Number.NaN);
  for (let index = 0; index < length; index++) {
    const value: unknown = vector.get(index);
    values[index] = value === null || value === undefined ? Number.NaN : Number(value);
  }
  return values;
}

function ints(table: Table, name: string): Int32Array {
  const copy = new Int32Array(table.numRows);
  const values = table.getChild(name)?.toArray() as Int32Array | undefined;
  if (values) copy.set(values);
  return copy;
}

function resultOf(cells: Table, summaryRow: Record<string, unknown>, queryMs: number): StackedMapResult {
  const x = ints(cells, 'x');
  const y = ints(cells, 'y');
  const view = viewOfOrientation(orientationOfRow(summaryRow), boundsCenter(dieBounds(x, y)), 'D');
  const products = String(summaryRow.products ?? '');
  return {
    count: cells.numRows, x, y, value: floats(cells.getChild('value'), cells.numRows), dies: ints(cells, 'dies'), wafers: ints(cells, 'wafers'),
    summary: { wafers: Number(summaryRow.wafers ?? 0), lots: Number(summaryRow.lots ?? 0), dies: Number(summaryRow.dies ?? 0), products: products ? products.split(',') : [] },
    view, queryMs,
  };
}

/**
 * Stacked maps keyed by selection and measure, so several StackedWaferMap components (e.g. one per
 * factor level) share results; plus the lot view's own selection and the options its controls offer.
 */
export const useStackedMapStore = defineStore('stackedMap', () => {
  const workspace = useWorkspaceStore();
  const results = shallowRef(new Map<string, StackedMapResult>());
  const errors = ref<Record<string, string>>({});
  const pending = new Map<string, Promise<void>>();
  const controls = ref<StackedControls>({ scope: 'lot', lots: [], product: '', from: '', to: '' });
  const measure = ref<StackedMeasure>({ kind: 'failPercent' });
  const lotOptions = shallowRef<SelectableLot[]>([]);
  const testOptions = shallowRef<SelectableTest[]>([]);

  async function fetch(key: string, chosen: WaferSelection, shown: StackedMeasure): Promise<void> {
    const engine = workspace.engine;
    if (!engine) return;
    try {
      const started = performance.now();
      const cellsSql = stackedMapSql(chosen, shown);
      const summarySql = stackedSummarySql(chosen);
      const cells = await engine.query(cellsSql.sql, cellsSql.params);
      const summary = await engine.query(summarySql.sql, summarySql.params);
      const next = new Map(results.value);
      next.set(key, markRaw(resultOf(cells, summary.get(0)?.toJSON() ?? {}, performance.now() - started)));
      results.value = next;
    } catch (error) {
      errors.value = { ...errors.value, [key]: (error as Error).message };
    }
  }

  /** Make sure the map of a selection and measure is loaded (or loading); returns when it is. */
  function request(chosen: WaferSelection, shown: StackedMeasure): Promise<void> {
    const key = stackedKey(chosen, shown);
    if (results.value.has(key)) return Promise.resolve();
    const running = pending.get(key) ?? fetch(key, chosen, shown).finally(() => pending.delete(key));
    pending.set(key, running);
    return running;
  }

  async function loadOptions(): Promise<void> {
    const engine = workspace.engine;
    if (!engine || workspace.phase !== 'ready') return;
    const table = await engine.query(selectableLotsSql);
    lotOptions.value = table.toArray().map((row: Record<string, unknown>) => ({
      lot: String(row.lot), product: String(row.product ?? ''), wafers: Number(row.wafers ?? 0),
      firstTestTime: row.first_test_time === null || row.first_test_time === undefined ? null : new Date(Number(row.first_test_time)),
    }));
  }

  /** Tests of the products in view (all products when none is known). */
  async function loadTests(products: readonly string[]): Promise<void> {
    const engine = workspace.engine;
    if (!engine) return;
    const { sql, params } = stackedTestsSql(products);
    testOptions.value = (await engine.query(sql, params)).toArray().map((row: Record<string, unknown>) => ({
      testNumber: Number(row.test_key), shownNumber: Number(row.test_num), name: String(row.name ?? ''), units: String(row.units ?? ''),
    }));
  }

  watch(() => workspace.dataVersion, () => {
    results.value = new Map();
    errors.value = {};
    void loadOptions();
  });

  return { results, errors, controls, measure, lotOptions, testOptions, request, loadOptions, loadTests };
});
