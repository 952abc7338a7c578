import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { appliedDieKeys, applyRules, defaultAppliedRules, passingTestValues, screenLot, type LotScreening, type LotScreeningOptions } from '@shared/screening/lotScreening';
import { waferBinMap, type WorkspaceBinMap } from '@shared/screening/waferBinMap';
import { guardbandLimits, runWhatIf, saveScenario, type WhatIfResult, type WhatIfTest } from '@shared/screening/whatIf';
import type { ScreenMethod } from '@shared/screening/types';
import { exportWaferMap, type MapFormat } from '@shared/screening/mapExport';
import { host } from '../services/host';
import { useWorkspaceStore } from './workspace';

/** Die rules the panel runs on a lot (SYL/SBL judge lots, not dies). */
export const panelMethods: readonly ScreenMethod[] = ['dpat', 'gdbn', 'nnr', 'cluster'];

/** Outlier screening of one lot and the limit what-if; nothing here changes the data. */
export const useScreeningStore = defineStore('screening', () => {
  const workspace = useWorkspaceStore();
  const lot = ref<string | null>(null);
  const patK = ref(6);
  const scope = ref<'lot' | 'wafer'>('lot');
  const minBad = ref(6);
  const minCluster = ref(5);
  /** Rules whose rejects count (yield after, marked map, exported ink); every panel rule runs and shows its count. */
  const appliedRules = ref<ScreenMethod[]>([...defaultAppliedRules]);
  const screening = shallowRef<LotScreening | null>(null);
  const whatIf = shallowRef<WhatIfResult | null>(null);
  const savedScenario = ref('');
  /** The histogram's test: its key within the lot's product (testers reuse numbers, issue #13 §1). */
  const selectedTestKey = ref<number | null>(null);
  const testValues = shallowRef<{ values: Float64Array; specLow: number | null; specHigh: number | null } | null>(null);
  const selectedWafer = ref<string | null>(null);
  const binMap = shallowRef<WorkspaceBinMap | null>(null);
  /** Dies (wafer|x|y) any applied rule rejects, for marking the map. */
  const screenedKeys = shallowRef<Set<string>>(new Set());
  const loading = ref(false);
  const errorMessage = ref('');
  let generation = 0;

  /** Screen the lot with the panel's rules and settings. */
  async function open(target: string): Promise<void> {
    const engine = workspace.engine;
    if (!engine) return;
    const mine = ++generation;
    lot.value = target;
    loading.value = true;
    errorMessage.value = '';
    screening.value = null;
    try {
      const result = await screenLot(engine, target, panelMethods, settings(), appliedRules.value);
      if (mine !== generation) return;
      screening.value = result;
      screenedKeys.value = appliedDieKeys(result);
      const dpatKeys = (result.rules.find((rule) => rule.method === 'dpat')?.result.limits ?? []).map((limit) => limit.testKey);
      const keptTest = selectedTestKey.value !== null && dpatKeys.includes(selectedTestKey.value) ? selectedTestKey.value : null;
      const firstScreenedWafer = result.rules.flatMap((rule) => rule.result.outliers).find((outlier) => outlier.wafer !== null)?.wafer ?? result.wafers[0] ?? null;
      await Promise.all([showTest(keptTest ?? dpatKeys[0] ?? null), showWafer(selectedWafer.value !== null && result.wafers.includes(selectedWafer.value) ? selectedWafer.value : firstScreenedWafer)]);
    } catch (error) {
      if (mine === generation) errorMessage.value = (error as Error).message;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** Show one test's histogram (passing values, spec and PAT limits), the test named by its key. */
  async function showTest(testKey: number | null): Promise<void> {
    const engine = workspace.engine;
    selectedTestKey.value = testKey;
    testValues.value = null;
    if (!engine || !lot.value || testKey === null) return;
    testValues.value = await passingTestValues(engine, lot.value, testKey);
  }

  /** Show one wafer's final map with the screened dies marked. */
  async function showWafer(wafer: string | null): Promise<void> {
    const engine = workspace.engine;
    selectedWafer.value = wafer;
    binMap.value = null;
    if (!engine || !lot.value || wafer === null) return;
    binMap.value = await waferBinMap(engine, lot.value, wafer);
  }

  /** The rules' settings as the panel shows them. */
  function settings(): LotScreeningOptions {
    return { patK: patK.value, scope: scope.value, minBad: minBad.value, minCluster: minCluster.value };
  }

  /** Change the settings and screen again. */
  async function configure(changed: { patK?: number; scope?: 'lot' | 'wafer'; minBad?: number; minCluster?: number }): Promise<void> {
    if (changed.patK !== undefined && changed.patK > 0) patK.value = changed.patK;
    if (changed.scope) scope.value = changed.scope;
    if (changed.minBad !== undefined && changed.minBad > 0) minBad.value = changed.minBad;
    if (changed.minCluster !== undefined && changed.minCluster >= 1) minCluster.value = Math.trunc(changed.minCluster);
    if (lot.value) await open(lot.value);
  }

  /** Count a rule's rejects or not: the yield after and the marked dies follow at once, nothing is re-run. */
  function applyRule(method: ScreenMethod, applied: boolean): void {
    appliedRules.value = applied ? [...new Set([...appliedRules.value, method])] : appliedRules.value.filter((entry) => entry !== method);
    if (!screening.value) return;
    screening.value = applyRules(screening.value, appliedRules.value);
    screenedKeys.value = appliedDieKeys(screening.value);
  }

  /** Evaluate new limits of one test (product and key) on this lot (or a guardband inside given spec limits). */
  async function evaluate(test: WhatIfTest, lo: number | null, hi: number | null, guardband = 0): Promise<void> {
    const engine = workspace.engine;
    if (!engine || !lot.value) return;
    errorMessage.value = '';
    savedScenario.value = '';
    const limits = guardband > 0 ? guardbandLimits(lo, hi, guardband) : { lo, hi };
    try {
      whatIf.value = await runWhatIf(engine, { product: test.product, testKey: test.testKey, test: test.test, testName: test.testName, lo: limits.lo, hi: limits.hi, lot: lot.value });
    } catch (error) {
      errorMessage.value = (error as Error).message;
    }
  }

  /** Save the evaluated change as a named scenario (not applied). */
  async function save(name: string): Promise<void> {
    if (!whatIf.value) return;
    try {
      savedScenario.value = await saveScenario(host.workspace, name, 'app', whatIf.value);
    } catch (error) {
      errorMessage.value = (error as Error).message;
    }
  }

  /** Export a wafer's final map for assembly (the dies the applied rules reject as their own bin, when asked); returns where it went. */
  async function exportMap(target: { lot: string; wafer: string }, format: MapFormat, screened: boolean): Promise<{ location: string; dies: number; screened: number } | null> {
    const engine = workspace.engine;
    if (!engine) return null;
    const file = await exportWaferMap(engine, target.lot, target.wafer, format, { screened, methods: panelMethods.filter((method) => appliedRules.value.includes(method)), settings: settings() });
    const saved = await host.saveExport(file.fileName, file.bytes, file.mimeType);
    return saved.saved ? { location: saved.location ?? file.fileName, dies: file.dies, screened: file.screened } : null;
  }

  return { exportMap, showTest, showWafer, selectedTestKey, testValues, selectedWafer, binMap, screenedKeys, lot, patK, scope, minBad, minCluster, appliedRules, applyRule, screening, whatIf, savedScenario, loading, errorMessage, open, configure, evaluate, save };
});
