import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import { headerSignature } from '@shared/import/csvColumns';
import { equipmentHeaderSignature } from '@shared/import/equipmentDetect';
import type { EquipmentIdMismatch } from '@shared/import/equipmentIdCheck';
import { classifyHeadBytes, importRoute, NotImportableError } from '@shared/import/importableFile';
import { planFolderImport } from '@shared/import/folderPlan';
import type { ImportRecord } from '@shared/workspace/manifest';
import { GatedSqlEngine, TableGate } from '@shared/engine/deferredTables';
import type { StartupStep } from '@shared/engine/engineProtocol';
import { startEngine } from '../services/engineStartup';
import type { ImportMessage, LogLine, LogParam } from '../composables/importLogText';
import { host } from '../services/host';
import { releaseSources, sourceFromFile, sourceFromPicked, type ImportSource } from '../services/importSource';
import { hasSampleFab, sampleDieSources, sampleStdfSources, sampleTableSources } from '../services/sampleFab';
import { ImportRefusedError, WorkspaceService, type ColumnMappingNeeds, type ImportChoice, type ImportOutcome, type ImportProgress, type WatchedImport } from '../services/workspaceService';

export type { ImportMessage } from '../composables/importLogText';

/** A file waiting for the user to map its columns. */
export interface MappingRequest {
  source: ImportSource;
  outcome: Extract<ImportOutcome, { kind: 'needs-mapping' }>;
}

const mappingStorageKey = 'yield-monitor.column-mappings';

/** A remembered answer: `{content, columns}`, or (saved before equipment files) a die CSV's roles. */
type RememberedMapping = ImportChoice | Record<string, string>;

function rememberedMappings(): Record<string, RememberedMapping> {
  try {
    return JSON.parse(localStorage.getItem(mappingStorageKey) ?? '{}') as Record<string, RememberedMapping>;
  } catch {
    return {};
  }
}

/** The key an answer is remembered under: what the file was taken to hold, and its header. */
function mappingSignature(needs: ColumnMappingNeeds): string {
  return needs.content === 'die' ? headerSignature(needs.headers.map((name) => ({ name, type: '' }))) : equipmentHeaderSignature(needs.content, needs.headers);
}

function rememberedChoice(needs: ColumnMappingNeeds): ImportChoice | undefined {
  const saved = rememberedMappings()[mappingSignature(needs)];
  if (!saved) return undefined;
  return typeof saved.content === 'string' && typeof saved.columns === 'object' ? (saved as ImportChoice) : { content: 'die', columns: saved as Record<string, string> };
}

/** Equipment ids that do not meet test data, for the id-check panel. */
export interface EquipmentIdCheck {
  mismatches: EquipmentIdMismatch[];
  equipmentRows: number;
}

/** Engine, workspace and the import queue. */
export const useWorkspaceStore = defineStore('workspace', () => {
  /** The engine views and analyses use: statements on tables still loading wait for them. */
  const engine = shallowRef<GatedSqlEngine | null>(null);
  /** Stops the statement running now, in whichever engine answers. */
  let cancelRunning: (() => void) | null = null;
  /** What startup is doing now (connecting, loading a table...), for the splash screen. */
  const startupStep = ref<StartupStep | null>(null);
  /** Files of the deferred tables (test results, retest insertions) loaded so far, while loading. */
  const detailLoading = ref<{ done: number; total: number } | null>(null);
  const service = shallowRef<WorkspaceService | null>(null);
  const phase = ref<'starting' | 'sample' | 'ready' | 'error'>('starting');
  const location = ref('');
  const errorMessage = ref('');
  const progress = ref<ImportProgress | null>(null);
  const queueLength = ref(0);
  const messages = ref<ImportMessage[]>([]);
  const mappingRequest = shallowRef<MappingRequest | null>(null);
  const imports = shallowRef<ImportRecord[]>([]);
  const idCheck = shallowRef<EquipmentIdCheck | null>(null);
  /** A removal of imports is running (its buttons wait). */
  const removing = ref(false);
  /** The workspace takes imports and removals (false: served read-only; the controls are off and say why). */
  const writable = ref(true);
  /** The workspace is a published Parquet lake opened read-only: a fab workspace (issue #17 §1); never writable. */
  const lake = ref(false);
  /** Why imports and removals are off: a served read-only workspace, or a lake. */
  const readOnlyReason = computed(() => (lake.value ? 'importList.readOnlyLake' : 'importList.readOnly'));
  /** Bumped after every change of data, so views re-query. */
  const dataVersion = ref(0);
  let controller: AbortController | null = null;

  async function start(): Promise<void> {
    try {
      const started = await startEngine((step) => (startupStep.value = step));
      cancelRunning = started.cancel;
      const gate = new TableGate();
      engine.value = markRaw(new GatedSqlEngine(markRaw(started.engine), gate));
      const workspace = markRaw(new WorkspaceService(markRaw(started.engine), markRaw(started.workspace)));
      service.value = workspace;
      startupStep.value = null;
      await startDeferredLoad(workspace, gate);
      // Two round trips to the host, asked together.
      const [described, hostWritable] = await Promise.all([host.workspace.describe(), host.workspaceWritable?.() ?? true]);
      location.value = described;
      lake.value = workspace.manifest.lake !== undefined;
      writable.value = !lake.value && hostWritable;
      // A workspace whose sample data the user removed, or a new folder the user chose, stays empty and offers the sample.
      if (workspace.manifest.imports.length === 0 && !workspace.manifest.sampleRemoved && hasSampleFab() && writable.value && !host.namedWorkspace) {
        phase.value = 'sample';
        await loadSample(workspace);
      }
      imports.value = workspace.manifest.imports;
      phase.value = 'ready';
      dataVersion.value++;
    } catch (error) {
      errorMessage.value = (error as Error).message;
      phase.value = 'error';
    }
  }

  /** Load the deferred tables in the background; statements reading them wait at the gate meanwhile. */
  async function startDeferredLoad(workspace: WorkspaceService, gate: TableGate): Promise<void> {
    const deferred = await workspace.startDeferredLoad((_table, done, total) => (detailLoading.value = { done, total }));
    if (!deferred) return;
    detailLoading.value = { done: 0, total: 0 };
    gate.hold(deferred.names, deferred.loaded);
    deferred.loaded.then(
      () => (detailLoading.value = null),
      (error: Error) => {
        detailLoading.value = null;
        errorMessage.value = error.message;
        log('error', error.message);
      },
    );
  }

  async function loadSample(workspace: WorkspaceService): Promise<void> {
    const signal = new AbortController().signal;
    for (const source of await sampleDieSources()) {
      await workspace.importSampleDieCsv(source, (next) => (progress.value = next), signal);
    }
    // Lots the sample ships as STDF wafer-sort files go through the same path as a user's STDF.
    for (const source of await sampleStdfSources()) {
      await workspace.importStdf(source, (next) => (progress.value = next), signal, 'sample');
    }
    // Last: the newest import wins for a wafer or test two files describe, and these tables carry
    // exact die sizes and limits where STDF has float32 ones.
    await workspace.importSampleTables(await sampleTableSources(), signal, 'sample');
    progress.value = null;
  }

  /** Log a fixed text (an error's own message). */
  function log(kind: ImportMessage['kind'], text: string): void {
    messages.value = [{ kind, text }, ...messages.value].slice(0, 50);
  }

  /** Log one line as an i18n key and params, shown in whatever language is chosen later. */
  function logLine(kind: ImportMessage['kind'], key: string, params?: Record<string, LogParam>): void {
    messages.value = [{ kind, lines: [{ key, params }] }, ...messages.value].slice(0, 50);
  }

  /** Import files one after another, with progress and a cancel button. */
  async function importSources(sources: ImportSource[], describe: (outcome: ImportOutcome, source: ImportSource) => ImportMessage, watched: WatchedImport = {}): Promise<void> {
    const workspace = service.value;
    if (!workspace) {
      releaseSources(sources, null);
      return;
    }
    queueLength.value = sources.length;
    controller = new AbortController();
    const show = (message: ImportMessage): void => {
      messages.value = [message, ...messages.value].slice(0, 50);
    };
    for (const source of sources) {
      try {
        const route = importRoute(source.name, await source.read(0, Math.min(classifyHeadBytes, source.size)));
        if (route.route === 'reject') throw new NotImportableError(source.name, route);
        const outcome = route.route === 'stdf'
          ? await workspace.importStdf(source, (next) => (progress.value = next), controller.signal, undefined, watched)
          : await workspace.importTextFile(source, (next) => (progress.value = next), controller.signal);
        if (outcome.kind === 'needs-mapping') {
          const saved = rememberedChoice(outcome.needs);
          if (saved) {
            const retried = await workspace.importTextFile(source, (next) => (progress.value = next), controller.signal, saved);
            if (retried.kind !== 'needs-mapping') {
              show(describe(retried, source));
              continue;
            }
          }
          mappingRequest.value = { source, outcome };
        } else {
          show(describe(outcome, source));
        }
      } catch (error) {
        if ((error as Error).name === 'AbortError') {
          show({ kind: 'info', lines: [{ key: 'importLog.cancelled', params: { file: source.name } }] });
          break;
        }
        if (error instanceof NotImportableError) show({ kind: 'error', lines: [notImportableLine(error)] });
        else if (error instanceof ImportRefusedError && error.problem) show({ kind: 'error', lines: [{ key: `importLog.${error.problem.code}`, params: error.problem.params }] });
        else log('error', (error as Error).message);
      } finally {
        queueLength.value--;
      }
    }
    progress.value = null;
    queueLength.value = 0;
    controller = null;
    // The batch has ended (imported, failed or cancelled): picked files' tokens are given back.
    releaseSources(sources, mappingRequest.value?.source ?? null);
    imports.value = workspace.manifest.imports;
    dataVersion.value++;
  }

  /**
   * Import dropped files (a folder's, flattened) in the shared folder order: a generated sample folder gives
   * one die file per lot, then its wafer, test, bin and equipment tables as one import.
   */
  async function importFolderFiles(files: File[], describe: (outcome: ImportOutcome, source: ImportSource) => ImportMessage): Promise<void> {
    const plan = planFolderImport(files, (file) => file.name);
    if (plan.files.length > 0) await importSources(plan.files.map((file) => sourceFromFile(file)), describe);
    const workspace = service.value;
    if (!plan.tables || !workspace) return;
    const { wafers, tests, bins, equipment } = plan.tables;
    try {
      await workspace.importSampleTables({ wafers: sourceFromFile(wafers), tests: sourceFromFile(tests), bins: sourceFromFile(bins), equipment: sourceFromFile(equipment) }, new AbortController().signal);
      logLine('ok', 'importLog.sampleTables');
    } catch (error) {
      log('error', (error as Error).message);
    }
    imports.value = workspace.manifest.imports;
    dataVersion.value++;
  }

  /** Finish a file whose columns the user mapped; the mapping is remembered for its header. */
  async function applyMapping(choice: ImportChoice, describe: (outcome: ImportOutcome, source: ImportSource) => ImportMessage): Promise<void> {
    const request = mappingRequest.value;
    if (!request) return;
    const all = rememberedMappings();
    all[mappingSignature(request.outcome.needs)] = choice;
    localStorage.setItem(mappingStorageKey, JSON.stringify(all));
    mappingRequest.value = null;
    await importSources([request.source], describe);
  }

  /**
   * Remove imports (a wrong file, or the sample data): records, files and rows, in whichever engine
   * holds the workspace; views re-query after. A refusal (read-only served workspace) goes to the log.
   */
  async function removeImports(importIds: readonly string[]): Promise<boolean> {
    const workspace = service.value;
    if (!workspace || importIds.length === 0) return false;
    removing.value = true;
    try {
      await workspace.removeImports(importIds);
      return true;
    } catch (error) {
      log('error', (error as Error).message);
      return false;
    } finally {
      removing.value = false;
      imports.value = workspace.manifest.imports;
      dataVersion.value++;
    }
  }

  /** Load the bundled sample fab into this (empty) workspace, when the user asks for it. */
  async function loadSampleData(): Promise<void> {
    const workspace = service.value;
    if (!workspace || phase.value !== 'ready' || !writable.value) return;
    phase.value = 'sample';
    try {
      await loadSample(workspace);
      logLine('ok', 'importList.sampleLoaded');
    } catch (error) {
      progress.value = null;
      log('error', (error as Error).message);
    } finally {
      imports.value = workspace.manifest.imports;
      phase.value = 'ready';
      dataVersion.value++;
    }
  }

  /** Re-run the equipment id check (after imports; the panel asks when dataVersion changes). */
  async function refreshIdCheck(): Promise<void> {
    const workspace = service.value;
    if (!workspace || phase.value !== 'ready') return;
    // A panel beside the figures: the view's own statements (issued in the same tick, through the
    // table gate) reach the engine's queue first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    idCheck.value = markRaw(await workspace.equipmentIdCheck(50));
  }

  function cancelImport(): void {
    controller?.abort();
    cancelRunning?.();
  }

  return {
    engine, service, phase, startupStep, detailLoading, location, errorMessage, progress, queueLength, messages, mappingRequest, imports, dataVersion, idCheck, removing,
    writable, lake, readOnlyReason, hasSampleFab: hasSampleFab(),
    start, importSources, applyMapping, cancelImport, log, logLine, refreshIdCheck, removeImports, loadSampleData,
    importFiles: (files: File[], describe: (outcome: ImportOutcome, source: ImportSource) => ImportMessage) => importSources(files.map((file) => sourceFromFile(file)), describe),
    importFolderFiles,
    async openDialog(describe: (outcome: ImportOutcome, source: ImportSource) => ImportMessage): Promise<void> {
      const picked = await host.openFiles({ title: 'Open test data', filters: [{ name: 'Test and equipment data', extensions: ['csv', 'gz', 'stdf', 'std', 'bz2', 'zip', 'jsonl', 'ndjson', 'sml', 'log', 'txt'] }] });
      if (picked.length > 0) await importSources(picked.map(sourceFromPicked), describe);
    },
    /** Whether this host can open another workspace folder (the desktop app only). */
    canOpenWorkspaceFolder: host.openWorkspaceFolder !== undefined,
    /** Ask for another workspace folder; the desktop app then reopens on it. */
    async openWorkspaceFolder(): Promise<void> {
      await host.openWorkspaceFolder?.();
    },
    dismissMapping: () => {
      if (mappingRequest.value) releaseSources([mappingRequest.value.source], null);
      mappingRequest.value = null;
    },
  };
});

/** The log line for a file refused by content (not STDF although named so, or nothing importable). */
function notImportableLine(error: NotImportableError): LogLine {
  return {
    key: error.rejection.code === 'not-stdf' ? 'importLog.notStdf' : 'importLog.notImportable',
    params: { file: error.fileName, looksLike: { key: `importLog.looksLike.${error.rejection.looksLike}` } },
  };
}
