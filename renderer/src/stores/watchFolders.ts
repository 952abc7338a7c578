import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { PickedFile, WatchFolderFileEvent, WatchFolderFileState, WatchFolderState } from '@shared/host/hostApi';
import type { WatchImportResult } from '@shared/watch/watchPolicy';
import { i18n } from '../i18n';
import { importMessageText } from '../composables/importLogText';
import { host } from '../services/host';
import { sourceFromPicked, type ImportSource } from '../services/importSource';
import type { ImportOutcome, WatchedImport } from '../services/workspaceService';
import { useWorkspaceStore, type ImportMessage } from './workspace';

/** How often a waiting watch-folder import checks whether the workspace is free. */
const workspaceBusyRecheckMs = 250;

/** The contract's limit on a failure reason (shared/ipc/contract.ts). */
const maximumReasonLength = 4000;

const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Watch folders (desktop): the folders and their files' states, and the importer that takes each
 * file the host says is complete, imports it through the workspace store like an opened file, and
 * reports the outcome back so the host retries a failed file only after it changes.
 */
export const useWatchFoldersStore = defineStore('watchFolders', () => {
  const api = host.watchFolders;
  /** False in the browser: the panel then points to the desktop app or `yield-monitor watch`. */
  const available = api !== undefined;
  const folders = ref<WatchFolderState[]>([]);
  const errorMessage = ref('');
  const workspace = useWorkspaceStore();
  const tokensTaken = new Set<string>();
  let importQueue = Promise.resolve();
  let unsubscribe: (() => void) | null = null;
  let refreshing: Promise<void> | null = null;

  /** Subscribe to the host's file events and import files already complete (idempotent). */
  async function start(): Promise<void> {
    if (!api || unsubscribe) return;
    unsubscribe = api.onFileEvent(applyEvent);
    await refresh();
    for (const folder of folders.value) for (const file of folder.files) enqueue(file);
  }

  function applyEvent(event: WatchFolderFileEvent): void {
    const folder = folders.value.find((candidate) => candidate.id === event.folderId);
    // A folder the host was still restoring when the list was fetched: fetch it again.
    if (!folder) void refresh();
    else {
      const others = folder.files.filter((file) => file.name !== event.file.name);
      folder.files = event.file.status === 'removed' ? others : [...others, event.file].sort((left, right) => left.name.localeCompare(right.name));
    }
    if (event.file.status === 'ready') enqueue(event.file);
  }

  /** Fetch the folders again; calls while one is under way share it. */
  function refresh(): Promise<void> {
    if (!api) return Promise.resolve();
    refreshing ??= api.list().then(
      (listed) => {
        folders.value = listed;
      },
      (error: unknown) => {
        errorMessage.value = (error as Error).message;
      },
    ).finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  /** Queue a ready file for import (with what the host says about it: partial, replacing an earlier import). */
  function enqueue(file: WatchFolderFileState): void {
    const picked = file.picked;
    if (!picked || tokensTaken.has(picked.token)) return;
    tokensTaken.add(picked.token);
    const watched: WatchedImport = { final: file.final, replaces: file.replaces };
    importQueue = importQueue.then(() => importReady(picked, watched)).catch((error: unknown) => {
      errorMessage.value = (error as Error).message;
    });
  }

  // A function, so TypeScript does not carry the busy-wait's narrowing of mappingRequest past the import.
  function mappingDialogOpenFor(fileName: string): boolean {
    return workspace.mappingRequest?.source.name === fileName;
  }

  /** Import one complete file through the workspace store and report what happened. */
  async function importReady(picked: PickedFile, watched: WatchedImport): Promise<void> {
    // One import at a time: wait for the sample load, a user's import or an open mapping dialog.
    while (workspace.phase !== 'ready' || workspace.queueLength > 0 || workspace.mappingRequest) await sleep(workspaceBusyRecheckMs);
    // Set by the describe callback, which importSources calls for imported and duplicate files.
    const reported: { result: WatchImportResult | null } = { result: null };
    const newestMessageBefore = workspace.messages[0];
    await workspace.importSources([sourceFromPicked(picked)], (outcome, source) => {
      reported.result = resultOf(outcome, source);
      return describeOutcome(outcome, source);
    }, watched);
    if (mappingDialogOpenFor(picked.name)) {
      // The token is released with the outcome, so the mapping dialog could not read the file later.
      workspace.dismissMapping();
      const reason = i18n.global.t('watch.needsMapping', { file: picked.name });
      workspace.logLine('error', 'watch.needsMapping', { file: picked.name });
      reported.result = { kind: 'failed', error: reason };
    }
    const newestMessage = workspace.messages[0];
    const error = newestMessage !== newestMessageBefore && newestMessage?.kind === 'error' ? importMessageText(i18n.global, newestMessage) : i18n.global.t('watch.failedUnknown', { file: picked.name });
    await api?.reportOutcome(picked.token, reported.result ?? { kind: 'failed', error: error.slice(0, maximumReasonLength) });
  }

  /** Ask for a folder and watch it. */
  async function addFolder(): Promise<void> {
    if (!api) return;
    errorMessage.value = '';
    try {
      const added = await api.add();
      if (added && !folders.value.some((folder) => folder.id === added.id)) folders.value = [...folders.value, added];
      for (const file of added?.files ?? []) enqueue(file);
    } catch (error) {
      errorMessage.value = (error as Error).message;
    }
  }

  /** Stop watching a folder. */
  async function removeFolder(folderId: string): Promise<void> {
    if (!api) return;
    await api.remove(folderId);
    folders.value = folders.value.filter((folder) => folder.id !== folderId);
  }

  /** Unsubscribe from the host (the host keeps watching). */
  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  return { available, folders, errorMessage, start, stop, addFolder, removeFolder };
});

/** The policy's view of an import outcome; a CSV whose columns need mapping counts as failed until the user maps it once. */
function resultOf(outcome: ImportOutcome, source: ImportSource): WatchImportResult {
  // The host remembers a partial import's id, so a file that grows afterwards replaces it.
  if (outcome.kind === 'imported') return { kind: 'imported', importId: outcome.record.importId, partial: outcome.record.partial !== undefined };
  if (outcome.kind === 'duplicate') return { kind: 'duplicate' };
  return { kind: 'failed', error: i18n.global.t('watch.needsMapping', { file: source.name }) };
}

/** The import-log line for a watch-folder import. */
function describeOutcome(outcome: ImportOutcome, source: ImportSource): ImportMessage {
  const file = source.name;
  const partial = outcome.kind === 'imported' ? outcome.record.partial : undefined;
  if (outcome.kind === 'imported' && partial) {
    return { kind: 'partial', lines: [{ key: 'importLog.partial', params: { file, rows: outcome.record.rows, unread: partial.unreadBytes, offset: partial.offset } }], record: outcome.record };
  }
  if (outcome.kind === 'imported') return { kind: 'ok', lines: [{ key: 'watch.logImported', params: { file, rows: outcome.record.rows } }] };
  if (outcome.kind === 'duplicate') return { kind: 'info', lines: [{ key: 'import.duplicate', params: { file } }] };
  return { kind: 'error', lines: [{ key: 'watch.needsMapping', params: { file } }] };
}
