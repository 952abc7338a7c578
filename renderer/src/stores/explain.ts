import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { loadExplainInput, type ExplainLot } from '@shared/analysis/explainLoad';
import { explainExcursion, type ExplainReport } from '@shared/analysis/explainReport';
import { useWorkspaceStore } from './workspace';

const baselineKey = 'yield-monitor.explain.baselineLots';

/** "Explain this excursion": a lot or wafer compared with the previous N lots of its product. */
export const useExplainStore = defineStore('explain', () => {
  const workspace = useWorkspaceStore();
  const target = ref<{ lot: string; wafer?: string } | null>(null);
  const baselineLots = ref(Math.max(1, Math.round(Number(localStorage.getItem(baselineKey) ?? '5') || 5)));
  const report = shallowRef<ExplainReport | null>(null);
  const lots = shallowRef<ExplainLot[]>([]);
  const loading = ref(false);
  const errorMessage = ref('');
  let generation = 0;

  /** Compare the lot (or one wafer of it) with its baseline. */
  async function explain(lot: string, wafer?: string): Promise<void> {
    const engine = workspace.engine;
    if (!engine) return;
    const mine = ++generation;
    target.value = wafer ? { lot, wafer } : { lot };
    loading.value = true;
    errorMessage.value = '';
    report.value = null;
    try {
      const loaded = await loadExplainInput(engine, lot, wafer, baselineLots.value);
      if (mine !== generation) return;
      lots.value = loaded.lots;
      report.value = explainExcursion(loaded.input);
    } catch (error) {
      if (mine === generation) errorMessage.value = (error as Error).message;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** How many earlier lots form the baseline (remembered); re-runs the comparison. */
  async function setBaselineLots(count: number): Promise<void> {
    if (!(count >= 1)) return;
    baselineLots.value = Math.round(count);
    localStorage.setItem(baselineKey, String(baselineLots.value));
    if (target.value) await explain(target.value.lot, target.value.wafer);
  }

  return { target, baselineLots, report, lots, loading, errorMessage, explain, setBaselineLots };
});
