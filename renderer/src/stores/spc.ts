import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { processCapability, type CapabilityReport } from '@shared/spc/index';
import {
  addChart, deleteChart, type NewChartRequest,
  definitionFingerprint, evaluateWithStore, limitsHistory, loadDefinitions, parseDefinitions, recordLimitsChange, saveDefinitions, serialiseDefinitions,
  type ChartDefinition, type ChartEvaluation, type LimitsRecord,
} from '@shared/spc/monitor/index';
import { i18n } from '../i18n';
import { host } from '../services/host';
import { capabilityValues } from '../services/spcService';
import { useAlertsStore } from './alerts';
import { useWorkspaceStore } from './workspace';

/** A change of limits the editor asks for; `why` goes into the limits history. */
export type LimitsChangeRequest =
  | { kind: 'freeze'; why: string }
  | { kind: 'manual'; why: string; center: number; lcl: number; ucl: number };

/** Text a definition is found by in the list filter. */
function searchText(definition: ChartDefinition): string {
  const metric = definition.metric.kind === 'parametric' ? `test ${definition.metric.testNum}` : definition.metric.kind;
  return [definition.name, definition.chart, metric, ...Object.values(definition.filter)].join(' ').toLowerCase();
}

/**
 * Control chart view state: the chart definitions (list, edit, import/export), the chart being
 * shown with its evaluation, capability and limits history. Evaluations come from the alerts
 * store's latest run when present, so opening a chart from an alert shows what raised it.
 */
export const useSpcStore = defineStore('spc', () => {
  const workspace = useWorkspaceStore();
  const alerts = useAlertsStore();
  const definitions = ref<ChartDefinition[]>([]);
  const listFilter = ref('');
  const currentId = ref<string | null>(null);
  const evaluation = shallowRef<ChartEvaluation | null>(null);
  const values = shallowRef<Float64Array | null>(null);
  const limitsRecords = ref<LimitsRecord[]>([]);
  const loading = ref(false);
  const errorMessage = ref('');

  const filteredDefinitions = computed(() => {
    const words = listFilter.value.toLowerCase().split(/\s+/).filter(Boolean);
    return definitions.value.filter((definition) => words.every((word) => searchText(definition).includes(word)));
  });
  const current = computed(() => definitions.value.find((definition) => definition.id === currentId.value) ?? null);
  const capability = computed<CapabilityReport | null>(() => {
    const specs = evaluation.value?.specLimits;
    const sigma = evaluation.value?.parameters?.sigma;
    const measured = values.value;
    if (!specs || (specs.lower === null && specs.upper === null) || !sigma || !measured || measured.length < 2) return null;
    return processCapability(Array.from(measured), sigma, { ...(specs.lower === null ? {} : { lsl: specs.lower }), ...(specs.upper === null ? {} : { usl: specs.upper }) });
  });

  /** Read the definitions saved in the workspace (the alerts store creates the defaults). */
  async function loadAll(): Promise<void> {
    definitions.value = await loadDefinitions(host.workspace);
  }

  /** Show a chart: its latest evaluation, capability values and limits history. */
  async function open(chartId: string | null): Promise<void> {
    currentId.value = chartId;
    const definition = current.value;
    const engine = workspace.engine;
    if (!definition || !engine) {
      evaluation.value = null;
      return;
    }
    loading.value = true;
    errorMessage.value = '';
    try {
      const cached = alerts.evaluations.get(definition.id);
      const evaluated = cached ?? (await evaluateWithStore(engine, host.workspace, definition));
      if (currentId.value !== chartId) return;
      evaluation.value = evaluated;
      const metric = definition.metric;
      values.value = metric.kind === 'parametric' && evaluated.specLimits ? await capabilityValues(engine, definition.filter.product ?? null, metric.testNum) : null;
      limitsRecords.value = await limitsHistory(host.workspace, definition.id);
    } catch (error) {
      errorMessage.value = (error as Error).message;
      evaluation.value = null;
    } finally {
      loading.value = false;
    }
  }

  function who(): string {
    return alerts.userName.trim() || i18n.global.t('alerts.defaultUser');
  }

  /**
   * Save an edited definition (and a limits change with its reason), then re-evaluate. Records carry
   * the saved definition's fingerprint, so the monitor uses them instead of appending its own.
   */
  async function saveDefinition(updated: ChartDefinition, limitsChange: LimitsChangeRequest | null): Promise<void> {
    const previous = evaluation.value?.definition.id === updated.id ? evaluation.value.parameters : null;
    let saved = updated;
    if (limitsChange?.kind === 'manual') {
      saved = { ...updated, limits: { mode: 'manual', center: limitsChange.center, lcl: limitsChange.lcl, ucl: limitsChange.ucl } };
      await recordLimitsChange(host.workspace, {
        definitionId: updated.id, who: who(), when: new Date().toISOString(), why: limitsChange.why, old: previous,
        new: { center: limitsChange.center, sigma: (limitsChange.ucl - limitsChange.lcl) / 6, lcl: limitsChange.lcl, ucl: limitsChange.ucl },
        baselineKeys: [], droppedKeys: [], definitionFingerprint: definitionFingerprint(saved),
      });
    } else if (limitsChange?.kind === 'freeze' && evaluation.value?.parameters) {
      const points = evaluation.value.points;
      await recordLimitsChange(host.workspace, {
        definitionId: updated.id, who: who(), when: new Date().toISOString(), why: limitsChange.why, old: evaluation.value.limitsRecord?.new ?? null,
        new: evaluation.value.parameters,
        baselineKeys: points.filter((point) => point.inBaseline).map((point) => point.subgroup.key),
        droppedKeys: [], definitionFingerprint: definitionFingerprint(saved),
      });
    }
    definitions.value = definitions.value.map((definition) => (definition.id === saved.id ? saved : definition));
    await saveDefinitions(host.workspace, definitions.value);
    await alerts.evaluateNow();
  }

  /** Add a chart (or enable the existing one), save, evaluate; returns its id. */
  async function createChart(request: NewChartRequest): Promise<string> {
    const { definitions: updated, id } = addChart(definitions.value, request);
    definitions.value = updated;
    await saveDefinitions(host.workspace, definitions.value);
    await alerts.evaluateNow();
    return id;
  }

  /** Delete a chart's definition (its limits history and episodes stay in the workspace). */
  async function removeChart(id: string): Promise<void> {
    definitions.value = deleteChart(definitions.value, id);
    if (currentId.value === id) currentId.value = null;
    await saveDefinitions(host.workspace, definitions.value);
    await alerts.evaluateNow();
  }

  /** Save every definition as one JSON file where the user chooses. */
  async function exportDefinitions(): Promise<void> {
    await host.saveExport('spc-definitions.json', new TextEncoder().encode(serialiseDefinitions(definitions.value)), 'application/json');
  }

  /** Import definitions from JSON text: same id replaces, new ids are added. Throws with the validation message. */
  async function importDefinitions(text: string): Promise<number> {
    const imported = parseDefinitions(text);
    const byId = new Map(definitions.value.map((definition) => [definition.id, definition]));
    for (const definition of imported) byId.set(definition.id, definition);
    definitions.value = [...byId.values()];
    await saveDefinitions(host.workspace, definitions.value);
    await alerts.evaluateNow();
    return imported.length;
  }

  watch(() => alerts.evaluationVersion, async (version) => {
    if (version === 0) return;
    await loadAll();
    if (currentId.value) await open(currentId.value);
  }, { immediate: true });

  return {
    definitions, listFilter, filteredDefinitions, currentId, current, evaluation, values, capability, limitsRecords, loading, errorMessage,
    loadAll, open, saveDefinition, exportDefinitions, importDefinitions, createChart, removeChart,
  };
});
