import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import { HoldRefusal, listHolds, placeHold, releaseHold, type Hold } from '@shared/spc/monitor/index';
import { host } from '../services/host';
import { useAlertsStore } from './alerts';

/**
 * Lot holds of the workspace: the list (on hold first), re-read after every evaluation (the hold
 * rules run there), and holds and releases by the board's user, appended to the workspace's log.
 */
export const useHoldsStore = defineStore('holds', () => {
  const alerts = useAlertsStore();
  const holds = shallowRef<Hold[]>([]);
  const errorMessage = ref('');
  /** The last refusal as a code and params, shown in the UI's language (errorMessage keeps any other error's text). */
  const refusal = shallowRef<HoldRefusal | null>(null);

  /** Re-read the holds from the workspace. */
  async function reload(): Promise<void> {
    holds.value = await listHolds(host.workspace);
  }

  /** Run a change; a refused one (not on hold, no comment) shows its message instead. */
  async function change(action: () => Promise<Hold>): Promise<void> {
    try {
      await action();
      errorMessage.value = '';
      refusal.value = null;
    } catch (error) {
      errorMessage.value = (error as Error).message;
      refusal.value = error instanceof HoldRefusal ? error : null;
    }
    await reload();
  }

  watch(() => alerts.evaluationVersion, () => void reload(), { immediate: true });

  return {
    holds, errorMessage, refusal, reload,
    release: (hold: Hold, comment: string) => change(() => releaseHold(host.workspace, { product: hold.product, lot: hold.lot, comment, who: alerts.who() })),
    place: (product: string, lot: string, reason: string) => change(() => placeHold(host.workspace, { product, lot, reason, who: alerts.who() })),
  };
});
