import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { Table } from 'apache-arrow';
import { columnNames, plainRows, type PlainValue } from '@shared/engine/resultText';
import { UserSqlError, type UserSqlRefusal } from '@shared/engine/userSql';
import { exportCsv, exportParquet, readSavedQueries, runConsoleQuery, writeSavedQueries, type SavedQuery } from '../services/sqlConsoleService';
import { useWorkspaceStore } from './workspace';

/** What went wrong: a refusal of the guard (translated by reason) or DuckDB's own message. */
export interface ConsoleError {
  reason: UserSqlRefusal | 'engine';
  message: string;
  detail: string;
}

/** The SQL console: the editor text, the last result, saved queries. */
export const useSqlConsoleStore = defineStore('sqlConsole', () => {
  const workspace = useWorkspaceStore();
  const text = ref('SELECT lot, count(*) AS dies, avg(pass::INTEGER) AS yield\nFROM dies\nGROUP BY lot\nORDER BY lot');
  const timeoutSeconds = ref(30);
  const running = ref(false);
  const result = shallowRef<Table | null>(null);
  const rows = shallowRef<Record<string, PlainValue>[]>([]);
  const columns = computed(() => (result.value ? columnNames(result.value) : []));
  const error = ref<ConsoleError | null>(null);
  const elapsedMs = ref(0);
  const saved = ref<SavedQuery[]>([]);
  let controller: AbortController | null = null;

  async function run(): Promise<void> {
    const engine = workspace.engine;
    if (!engine || running.value) return;
    controller = new AbortController();
    running.value = true;
    error.value = null;
    const started = performance.now();
    try {
      const table = await runConsoleQuery(engine, text.value, timeoutSeconds.value, controller.signal);
      result.value = markRaw(table);
      rows.value = markRaw(plainRows(table));
    } catch (caught) {
      const failure = caught as Error;
      error.value = failure instanceof UserSqlError
        ? { reason: failure.reason, message: failure.message, detail: failure.detail }
        : { reason: 'engine', message: failure.message, detail: '' };
    } finally {
      elapsedMs.value = performance.now() - started;
      running.value = false;
      controller = null;
    }
  }

  function cancel(): void {
    controller?.abort();
  }

  async function loadSaved(): Promise<void> {
    saved.value = await readSavedQueries();
  }

  async function save(name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) return;
    saved.value = [...saved.value.filter((query) => query.name !== trimmed), { name: trimmed, sql: text.value }].sort((a, b) => a.name.localeCompare(b.name));
    await writeSavedQueries(saved.value);
  }

  async function remove(name: string): Promise<void> {
    saved.value = saved.value.filter((query) => query.name !== name);
    await writeSavedQueries(saved.value);
  }

  async function exportResult(format: 'csv' | 'parquet'): Promise<void> {
    if (!result.value) return;
    await (format === 'csv' ? exportCsv(result.value) : exportParquet(result.value));
  }

  return { text, timeoutSeconds, running, result, rows, columns, error, elapsedMs, saved, run, cancel, loadSaved, save, remove, exportResult };
});
