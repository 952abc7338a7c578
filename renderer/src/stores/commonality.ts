import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { Table } from 'apache-arrow';
import {
  formatCommonalityResponse,
  loadCommonalityFactorPoints,
  parseCommonalityResponse,
  populationBound,
  runCommonality,
  type CommonalityFinding,
  type CommonalityRequest,
} from '@shared/analysis/commonality';
import { commonalityPopulationChoicesSql, commonalityResponseChoicesSql } from '@shared/sql/commonalitySql';
import type { CommonalityPoints } from '@shared/charts/commonalityOption';
import { useWorkspaceStore } from './workspace';

/** A lot the population picker offers. */
export interface CommonalityLotChoice {
  lot: string;
  product: string;
  wafers: number;
}

/** A bin or test the response picker offers. */
export interface CommonalityResponseChoice {
  kind: 'bin' | 'test';
  number: number;
  name: string;
}

/** The chosen factor's units: columns for the charts plus the lot/wafer of each for drill-down. */
export interface CommonalityFactorPoints extends CommonalityPoints {
  lots: string[];
  wafers: (string | null)[];
}

function pointsFromTable(table: Table): CommonalityFactorPoints {
  const levelColumn = table.getChild('level');
  const levels: string[] = [];
  const levelOf = new Map<string, number>();
  const count = table.numRows;
  const points: CommonalityFactorPoints = { levels, levelIndex: new Int32Array(count), time: new Float64Array(count), response: new Float64Array(count), lots: [], wafers: [] };
  for (let index = 0; index < count; index += 1) {
    const level = String(levelColumn?.get(index));
    if (!levelOf.has(level)) levelOf.set(level, levelOf.size);
    points.levelIndex[index] = levelOf.get(level) ?? 0;
    const time = table.getChild('step_time')?.get(index) as unknown;
    points.time[index] = time === null || time === undefined ? Number.NaN : Number(time instanceof Date ? time.getTime() : time);
    points.response[index] = Number(table.getChild('response')?.get(index));
    points.lots.push(String(table.getChild('lot')?.get(index)));
    const wafer = table.getChild('wafer')?.get(index) as unknown;
    points.wafers.push(wafer === null || wafer === undefined ? null : String(wafer));
  }
  levels.push(...levelOf.keys());
  // Levels sorted by name, as the ranked table lists them.
  const order = levels.map((level, index) => ({ level, index })).sort((left, right) => (left.level < right.level ? -1 : 1));
  const remap = new Int32Array(levels.length);
  order.forEach((entry, position) => (remap[entry.index] = position));
  points.levelIndex.forEach((level, index) => (points.levelIndex[index] = remap[level] ?? 0));
  points.levels = order.map((entry) => entry.level);
  return points;
}

/** Commonality analysis: response and population pickers, the ranked factors, the chosen factor's points. */
export const useCommonalityStore = defineStore('commonality', () => {
  const workspace = useWorkspaceStore();
  const response = ref('wafer-yield');
  const product = ref('');
  const from = ref('');
  const to = ref('');
  const selectedLots = ref<string[]>([]);
  const lotChoices = shallowRef<CommonalityLotChoice[]>([]);
  const responseChoices = shallowRef<CommonalityResponseChoice[]>([]);
  const findings = shallowRef<CommonalityFinding[]>([]);
  const units = ref(0);
  /** Products of the last run's units (with several, responses were compared within product). */
  const ranProducts = shallowRef<string[]>([]);
  const running = ref(false);
  const errorMessage = ref('');
  const ranRequest = shallowRef<CommonalityRequest | null>(null);
  const selectedKey = ref('');
  const points = shallowRef<CommonalityFactorPoints | null>(null);
  const pointsLoading = ref(false);
  let generation = 0;

  const products = computed(() => [...new Set(lotChoices.value.map((choice) => choice.product))].sort());
  const lotsOfProduct = computed(() => lotChoices.value.filter((choice) => !product.value || choice.product === product.value));
  const selectedFinding = computed(() => findings.value.find((finding) => `${finding.step}/${finding.factor}` === selectedKey.value) ?? null);

  /** Products, lots, bins and tests of the workspace, for the pickers. */
  async function loadChoices(): Promise<void> {
    const engine = workspace.engine;
    if (!engine) return;
    const [populationTable, responseTable] = await Promise.all([engine.query(commonalityPopulationChoicesSql), engine.query(commonalityResponseChoicesSql)]);
    lotChoices.value = markRaw(populationTable.toArray().map((row) => ({ lot: String(row.lot), product: String(row.product), wafers: Number(row.wafers) })));
    responseChoices.value = markRaw(responseTable.toArray().map((row) => ({ kind: row.kind === 'bin' ? 'bin' : 'test', number: Number(row.number), name: String(row.name ?? '') })));
    const known = new Set(lotChoices.value.map((choice) => choice.lot));
    selectedLots.value = selectedLots.value.filter((lot) => known.has(lot));
  }

  function currentRequest(): CommonalityRequest {
    const lotsInProduct = new Set(lotsOfProduct.value.map((choice) => choice.lot));
    const lots = selectedLots.value.filter((lot) => lotsInProduct.has(lot));
    return {
      response: parseCommonalityResponse(response.value),
      population: { product: product.value || null, from: populationBound(from.value, 'from'), to: populationBound(to.value, 'to'), lots: lots.length > 0 ? lots : null },
    };
  }

  /** Rank every factor for the chosen response and population; selects the top factor. */
  async function run(): Promise<void> {
    const engine = workspace.engine;
    if (!engine) return;
    const mine = ++generation;
    running.value = true;
    errorMessage.value = '';
    try {
      const request = currentRequest();
      const result = await runCommonality(engine, request);
      if (mine !== generation) return;
      ranRequest.value = request;
      findings.value = markRaw(result.findings);
      units.value = result.units;
      ranProducts.value = markRaw(result.products);
      // The ranking is done: the top factor's plot has its own loading state (pointsLoading).
      running.value = false;
      const top = result.findings[0];
      await selectFactor(top ? `${top.step}/${top.factor}` : '');
    } catch (error) {
      if (mine === generation) errorMessage.value = (error as Error).message;
    } finally {
      if (mine === generation) running.value = false;
    }
  }

  /** Choose a factor ("STEP/factor") and load its units for the charts. */
  async function selectFactor(key: string): Promise<void> {
    selectedKey.value = key;
    points.value = null;
    const finding = selectedFinding.value;
    const engine = workspace.engine;
    const request = ranRequest.value;
    if (!finding || !engine || !request) return;
    pointsLoading.value = true;
    try {
      const table = await loadCommonalityFactorPoints(engine, request, finding.step, finding.factor);
      if (selectedKey.value === key) points.value = markRaw(pointsFromTable(table));
    } catch (error) {
      errorMessage.value = (error as Error).message;
    } finally {
      pointsLoading.value = false;
    }
  }

  /** The response of the last run, as the CLI spells it. */
  const ranResponse = computed(() => (ranRequest.value ? formatCommonalityResponse(ranRequest.value.response) : ''));

  return {
    response, product, from, to, selectedLots, lotChoices, responseChoices, products, lotsOfProduct,
    findings, units, ranProducts, running, errorMessage, selectedKey, selectedFinding, points, pointsLoading, ranRequest, ranResponse,
    loadChoices, run, selectFactor,
  };
});
