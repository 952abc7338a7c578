import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef, watch } from 'vue';
import {
  acknowledgeAlert, actOnEpisodes, assignAlert, closeAlert, compareAlerts, compareEpisodes, episodeExtent, evaluateAll, listAlerts, listEpisodes, reopenAlert, severityRank, shiftSummary, shiftSummaryCsv, timeline,
  type Alert, type AlertState, type AuditEvent, type Episode, type EpisodeAction, type ChartEvaluation, type Severity, type ShiftSummary,
} from '@shared/spc/monitor/index';
import { i18n } from '../i18n';
import { host } from '../services/host';
import { useWorkspaceStore } from './workspace';

/** Omit over each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The lowest severity that raises a desktop notification, or 'off'. */
export type NotifyLevel = Severity | 'off';

/** Which alerts the board lists: every state, the ones not closed yet, or one state. */
export type StateFilter = 'active' | 'all' | AlertState;

const notifyLevelKey = 'yield-monitor.alert-notify-level';
const userNameKey = 'yield-monitor.user-name';

function storedNotifyLevel(): NotifyLevel {
  const saved = localStorage.getItem(notifyLevelKey);
  return saved === 'off' || saved === 'info' || saved === 'warning' || saved === 'critical' ? saved : 'critical';
}

/**
 * Alerts of the SPC monitor: evaluates every chart definition after startup and after each import,
 * notifies new alerts at or above the chosen severity, and carries the board's filters, actions,
 * per-alert timeline and shift summary. Everything is read from and appended to the workspace.
 */
export const useAlertsStore = defineStore('alerts', () => {
  const workspace = useWorkspaceStore();
  const alerts = ref<Alert[]>([]);
  /** Episodes (violations grouped per chart and rule family), most severe, open and newest first. */
  const episodes = shallowRef<Episode[]>([]);
  const evaluations = shallowRef<ReadonlyMap<string, ChartEvaluation>>(new Map());
  const failures = ref<{ definitionId: string; message: string }[]>([]);
  const evaluating = ref(false);
  /** Bumped after every completed evaluation, so the chart view re-reads. */
  const evaluationVersion = ref(0);
  const errorMessage = ref('');
  const filters = reactive({ product: '', tool: '', rule: '', chart: '', state: 'active' as StateFilter });
  const notifyLevel = ref<NotifyLevel>(storedNotifyLevel());
  const userName = ref(localStorage.getItem(userNameKey) ?? '');
  const selectedId = ref<string | null>(null);
  const timelineEvents = ref<AuditEvent[]>([]);
  const summaryHours = ref(12);
  const summary = shallowRef<ShiftSummary | null>(null);
  let running: Promise<void> | null = null;
  let again = false;
  let timelineRequest = 0;

  /** What the tab shows: episodes not closed (a bad wafer is one episode, not one alert per chart and rule). */
  const activeCount = computed(() => episodes.value.filter((episode) => episode.state !== 'closed').length);
  const visibleAlerts = computed(() => alerts.value.filter((alert) =>
    (filters.state === 'all' || (filters.state === 'active' ? alert.state !== 'closed' : alert.state === filters.state))
    && (!filters.product || alert.product === filters.product)
    && (!filters.tool || alert.tool === filters.tool)
    && (!filters.rule || alert.rule === filters.rule)
    && (!filters.chart || alert.definitionId === filters.chart)).sort(compareAlerts));
  const choices = computed(() => ({
    products: [...new Set(alerts.value.map((alert) => alert.product))].sort(),
    tools: [...new Set(alerts.value.map((alert) => alert.tool).filter((tool): tool is string => !!tool))].sort(),
    rules: [...new Set(alerts.value.map((alert) => alert.rule))].sort(),
    /** Charts with an episode or an alert: id and the name the board shows, by name. */
    charts: [...new Map([...episodes.value, ...alerts.value].map((item) => [item.definitionId, item.chartName]))]
      .map(([id, name]) => ({ id, name })).sort((left, right) => left.name.localeCompare(right.name)),
  }));
  /** Episodes passing the board's product, tool, chart and state filters, most severe, open and newest first. */
  const visibleEpisodes = computed(() => episodes.value.filter((episode) =>
    (filters.state === 'all' || (filters.state === 'active' ? episode.state !== 'closed' : episode.state === filters.state))
    && (!filters.product || episode.product === filters.product)
    && (!filters.tool || episode.points.some((point) => point.tool === filters.tool))
    && (!filters.chart || episode.definitionId === filters.chart)).sort(compareEpisodes));
  const selected = computed(() => alerts.value.find((alert) => alert.id === selectedId.value) ?? null);

  /** Evaluate every definition now (queued behind a running evaluation). */
  async function evaluateNow(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = runEvaluations().finally(() => (running = null));
    return running;
  }

  async function runEvaluations(): Promise<void> {
    do {
      again = false;
      await evaluateOnce();
    } while (again);
  }

  async function evaluateOnce(): Promise<void> {
    const engine = workspace.engine;
    if (!engine || workspace.phase !== 'ready') return;
    evaluating.value = true;
    try {
      const result = await evaluateAll(engine, host.workspace);
      evaluations.value = new Map(result.evaluations.map((evaluation) => [evaluation.definition.id, evaluation]));
      failures.value = result.failures;
      errorMessage.value = '';
      await notifyNew(result.newEpisodes);
      await reload();
      evaluationVersion.value++;
    } catch (error) {
      errorMessage.value = (error as Error).message;
    } finally {
      evaluating.value = false;
    }
  }

  /** Notify the episodes just raised at or above the chosen severity (desktop, or the browser's Notification API when served). */
  async function notifyNew(newEpisodes: readonly Episode[]): Promise<void> {
    const level = notifyLevel.value;
    if (level === 'off') return;
    const worth = newEpisodes.filter((episode) => severityRank(episode.severity) >= severityRank(level));
    const first = worth.sort((left, right) => severityRank(right.severity) - severityRank(left.severity))[0];
    if (!first) return;
    const t = i18n.global.t;
    const extent = episodeExtent(first);
    const rule = [...new Set(first.points.flatMap((point) => point.rules))].join('+');
    const title = t('alerts.notification.title', { count: worth.length }, worth.length);
    const body = t('alerts.notification.body', { rule, chart: first.chartName, lot: extent.lots.join(', '), points: extent.count });
    try {
      await host.notify(title, body);
    } catch {
      // A refused notification permission must not stop the evaluation; the badge still shows.
    }
  }

  /** Re-read the alerts (and the selected alert's timeline) from the audit log. */
  async function reload(): Promise<void> {
    [alerts.value, episodes.value] = await Promise.all([listAlerts(host.workspace), listEpisodes(host.workspace)]);
    await loadTimeline();
  }

  /** Read the selected alert's timeline; a slower earlier read never overwrites a newer one. */
  async function loadTimeline(): Promise<void> {
    const request = ++timelineRequest;
    const alertId = selectedId.value;
    const events = alertId ? await timeline(host.workspace, alertId) : [];
    if (request === timelineRequest) timelineEvents.value = events;
  }

  /** Show one alert's timeline. */
  async function select(alertId: string | null): Promise<void> {
    selectedId.value = alertId;
    await loadTimeline();
  }

  /** The name actions are recorded under: the board's user name, or the default one. */
  function who(): string {
    return userName.value.trim() || i18n.global.t('alerts.defaultUser');
  }

  async function act(change: () => Promise<Alert>): Promise<void> {
    await change();
    await reload();
  }

  watch(notifyLevel, (level) => localStorage.setItem(notifyLevelKey, level));
  watch(userName, (name) => localStorage.setItem(userNameKey, name));
  watch(() => [workspace.phase, workspace.dataVersion] as const, ([phase]) => {
    if (phase === 'ready') void evaluateNow();
  }, { immediate: true });

  /** The shift summary of the last `summaryHours` hours. */
  async function loadSummary(): Promise<void> {
    const to = new Date();
    summary.value = await shiftSummary(host.workspace, new Date(to.getTime() - summaryHours.value * 3_600_000), to);
  }

  /** Save the shift summary as CSV where the user chooses. */
  async function exportSummaryCsv(): Promise<void> {
    if (!summary.value) await loadSummary();
    if (!summary.value) return;
    const stamp = summary.value.to.slice(0, 16).replace(/[:T]/g, '-');
    await host.saveExport(`shift-summary-${stamp}.csv`, new TextEncoder().encode(shiftSummaryCsv(summary.value)), 'text/csv');
  }

  /** 0-based index of the alert's point on its chart's latest evaluation, when known. */
  function pointIndexOf(alert: Alert): number | undefined {
    const index = evaluations.value.get(alert.definitionId)?.points.findIndex((point) => point.subgroup.key === alert.subgroupKey) ?? -1;
    return index >= 0 ? index : undefined;
  }

  /** Apply one action (with its comment, person or cause and action) to many episodes at once, then re-read. */
  async function actOnEpisodeIds(ids: readonly string[], action: DistributiveOmit<EpisodeAction, 'who'>): Promise<void> {
    await actOnEpisodes(host.workspace, ids, { ...action, who: who() } as EpisodeAction);
    await reload();
  }

  return {
    alerts, episodes, visibleEpisodes, actOnEpisodeIds, evaluations, failures, evaluating, evaluationVersion, errorMessage, filters, notifyLevel, userName, selectedId, selected,
    timelineEvents, summaryHours, summary, activeCount, visibleAlerts, choices,
    evaluateNow, reload, select, loadSummary, exportSummaryCsv, pointIndexOf, who,
    acknowledge: (alertId: string, comment: string) => act(() => acknowledgeAlert(host.workspace, alertId, { who: who(), comment })),
    assign: (alertId: string, assignee: string, comment: string) => act(() => assignAlert(host.workspace, alertId, { who: who(), assignee, comment: comment || undefined })),
    close: (alertId: string, cause: string, action: string, comment: string) => act(() => closeAlert(host.workspace, alertId, { who: who(), cause, action, comment: comment || undefined })),
    reopen: (alertId: string, comment: string) => act(() => reopenAlert(host.workspace, alertId, { who: who(), comment })),
  };
});
