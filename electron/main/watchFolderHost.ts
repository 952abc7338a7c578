/**
 * Watch folders for the desktop renderer: wraps WatchFolderService so the renderer sees folder
 * ids, folder-relative names and file tokens (never absolute paths it could send back), and
 * remembers the folders and the imported file versions in a settings file across restarts.
 * No Electron import: index.ts supplies the folder dialog and the event sender.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { PickedFile, WatchFolderFileEvent, WatchFolderFileState, WatchFolderState } from '../../shared/host/hostApi.ts';
import { watchFolderChannels } from '../../shared/ipc/channels.ts';
import { watchFolderFileEventSchema } from '../../shared/ipc/contract.ts';
import type { WatchImportResult } from '../../shared/watch/watchPolicy.ts';
import type { FileTokenRegistry } from './fileTokens.ts';
import type { HostServices } from './ipcHandlers.ts';
import { WatchFolderService, type WatchedFolderFile } from '../../node/watch/watchFolders.ts';
import { writeFileAtomic } from '../../node/workspace/workspaceFiles.ts';

/** The services behind the watch-folder channels. */
export type WatchFolderServices = Pick<HostServices, (typeof watchFolderChannels)[keyof typeof watchFolderChannels]>;

/** What the host needs from its surroundings. */
export interface WatchFolderHostOptions {
  fileTokens: FileTokenRegistry;
  /** Ask the user for a folder (absolute path), null when cancelled. */
  chooseFolder(): Promise<string | null>;
  /** Push a (validated) file event to the renderer. */
  sendEvent(event: WatchFolderFileEvent): void;
  /** JSON file remembering the folders and imported versions; none means nothing is remembered. */
  settingsFile?: string;
  stableMs?: number;
  /** How long an STDF file without its MRR is waited for after its last change (see WatchPolicy). */
  incompleteLimitMs?: number;
  pollIntervalMs?: number;
  /** Told when a folder cannot be watched. */
  onError?(message: string): void;
}

const settingsSchema = z.object({ folders: z.array(z.string()).max(100), completedKeys: z.array(z.string()).max(100_000) });

/** How many imported file versions the settings file remembers (the workspace dedupe covers older ones). */
const rememberedVersionLimit = 20_000;

/** Longest failure reason sent to the renderer. */
const maximumErrorLength = 4000;

/** A stable id for a folder path (the same across restarts). */
export function watchFolderId(folder: string): string {
  return createHash('sha256').update(path.resolve(folder)).digest('base64url').slice(0, 16);
}

/** The desktop side of HostApi.watchFolders; see the module comment. */
export class WatchFolderHost {
  private readonly service: WatchFolderService;
  private readonly foldersById = new Map<string, string>();
  private readonly readyByToken = new Map<string, { key: string; path: string }>();
  private readonly readyByPath = new Map<string, PickedFile>();
  private restoring: Promise<void> = Promise.resolve();

  constructor(private readonly options: WatchFolderHostOptions, completedKeys: Iterable<string> = []) {
    this.service = this.createService(completedKeys);
  }

  /**
   * Load the remembered folders and imported versions, and start watching the folders in the
   * background (a large folder's first scan must not hold up the window); folders that are gone
   * are reported and dropped. whenRestored() tells when every folder is watched.
   */
  static async restore(options: WatchFolderHostOptions): Promise<WatchFolderHost> {
    const settings = options.settingsFile ? await readSettings(options.settingsFile) : { folders: [], completedKeys: [] };
    const host = new WatchFolderHost(options, settings.completedKeys);
    host.restoring = (async () => {
      for (const folder of settings.folders) {
        await host.watch(folder).catch((error: unknown) => options.onError?.(`watch folder ${folder}: ${(error as Error).message}`));
      }
    })();
    return host;
  }

  /** Resolves once the remembered folders are being watched. */
  whenRestored(): Promise<void> {
    return this.restoring;
  }

  /** The channel services for ipcHandlers. */
  services(): WatchFolderServices {
    return {
      [watchFolderChannels.add]: () => this.add(),
      [watchFolderChannels.remove]: (folderId) => this.remove(folderId),
      [watchFolderChannels.list]: async () => this.list(),
      [watchFolderChannels.reportOutcome]: async (token, outcome) => this.reportOutcome(token, outcome),
    };
  }

  /** Ask for a folder and watch it; null when the dialog was cancelled. */
  async add(): Promise<WatchFolderState | null> {
    const folder = await this.options.chooseFolder();
    if (folder === null) return null;
    const id = await this.watch(folder);
    await this.saveSettings();
    return this.list().find((state) => state.id === id) ?? null;
  }

  /** Stop watching a folder. */
  async remove(folderId: string): Promise<void> {
    const folder = this.foldersById.get(folderId);
    if (folder === undefined) return;
    this.foldersById.delete(folderId);
    await this.service.removeFolder(folder);
    for (const [token, ready] of this.readyByToken) {
      if (!isInside(folder, ready.path)) continue;
      this.readyByToken.delete(token);
      this.readyByPath.delete(ready.path);
      this.options.fileTokens.forget(token);
    }
    await this.saveSettings();
  }

  /** Every watched folder with its files. */
  list(): WatchFolderState[] {
    return [...this.foldersById].map(([id, folder]) => ({
      id,
      location: folder,
      files: this.service.snapshot(folder).map((file) => this.fileState(file)),
    }));
  }

  /** Record the renderer's import outcome for the file behind `token`. */
  async reportOutcome(token: string, outcome: WatchImportResult): Promise<void> {
    const ready = this.readyByToken.get(token);
    if (ready === undefined) throw new Error('unknown watch-folder file token');
    this.readyByToken.delete(token);
    this.readyByPath.delete(ready.path);
    this.options.fileTokens.forget(token);
    this.service.settle(ready.key, outcome);
    await this.saveSettings();
  }

  /** Stop watching (the folders stay remembered). */
  close(): Promise<void> {
    return this.service.close();
  }

  private createService(completedKeys: Iterable<string>): WatchFolderService {
    return new WatchFolderService({
      stableMs: this.options.stableMs,
      incompleteLimitMs: this.options.incompleteLimitMs,
      pollIntervalMs: this.options.pollIntervalMs,
      completedKeys,
      onReady: (file) => void this.handOut(file),
      onEvent: (event) => {
        if (event.kind === 'removed') this.send(event.folder, { name: this.relativeName(event.folder, event.path), size: 0, status: 'removed' });
        else if (event.file.status !== 'ready') this.send(event.file.folder, this.fileState(event.file));
      },
      onError: (folder, error) => this.options.onError?.(`watch folder ${folder}: ${error.message}`),
    });
  }

  private async watch(folder: string): Promise<string> {
    const absolute = path.resolve(folder);
    const id = watchFolderId(absolute);
    // Listed from the start, so files found during the first scan belong to a known folder.
    this.foldersById.set(id, absolute);
    try {
      await this.service.addFolder(absolute);
    } catch (error) {
      this.foldersById.delete(id);
      throw error;
    }
    return id;
  }

  /** A file is complete: give it a token and tell the renderer to import it. */
  private async handOut(file: WatchedFolderFile): Promise<void> {
    try {
      const picked = await this.options.fileTokens.register(file.path);
      this.readyByToken.set(picked.token, { key: file.key, path: file.path });
      this.readyByPath.set(file.path, picked);
      this.send(file.folder, this.fileState(file));
    } catch (error) {
      this.service.settle(file.key, { kind: 'failed', error: `${path.basename(file.path)}: ${(error as Error).message}` });
    }
  }

  private fileState(file: WatchedFolderFile): WatchFolderFileState {
    const state: WatchFolderFileState = { name: this.relativeName(file.folder, file.path), size: file.size, status: file.status };
    if (file.error !== undefined) state.error = file.error.slice(0, maximumErrorLength);
    const picked = file.status === 'ready' ? this.readyByPath.get(file.path) : undefined;
    if (picked) {
      state.picked = picked;
      if (file.final) state.final = true;
      if (file.replaces !== undefined) state.replaces = file.replaces;
    }
    return state;
  }

  private relativeName(folder: string, filePath: string): string {
    return path.relative(folder, filePath).split(path.sep).join('/');
  }

  private send(folder: string, file: WatchFolderFileState): void {
    const checked = watchFolderFileEventSchema.safeParse({ folderId: watchFolderId(folder), file });
    if (checked.success) this.options.sendEvent(checked.data);
    else this.options.onError?.(`watch folder event not sent: ${checked.error.message}`);
  }

  private async saveSettings(): Promise<void> {
    const settingsFile = this.options.settingsFile;
    if (!settingsFile) return;
    const settings = { folders: [...this.foldersById.values()], completedKeys: this.service.completedKeys().slice(-rememberedVersionLimit) };
    const bytes = new TextEncoder().encode(JSON.stringify(settings));
    await writeFileAtomic(path.dirname(settingsFile), path.basename(settingsFile), bytes);
  }
}

async function readSettings(settingsFile: string): Promise<z.infer<typeof settingsSchema>> {
  try {
    return settingsSchema.parse(JSON.parse(await readFile(settingsFile, 'utf8')));
  } catch {
    // Missing or unreadable settings: start with no folders rather than not at all.
    return { folders: [], completedKeys: [] };
  }
}

function isInside(folder: string, filePath: string): boolean {
  const relative = path.relative(folder, filePath);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
