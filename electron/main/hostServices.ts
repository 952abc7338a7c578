/**
 * The services behind the IPC channels, written against a small DesktopShell interface
 * (dialogs, notifications) so everything except the Electron calls themselves runs in Node tests.
 */
import { writeFile } from 'node:fs/promises';
import type { OpenFilesOptions } from '../../shared/host/hostApi.ts';
import { hostChannels, workspaceChannels, type watchFolderChannels } from '../../shared/ipc/channels.ts';
import type { FileTokenRegistry } from './fileTokens.ts';
import type { HostServices } from './ipcHandlers.ts';
import { listWorkspaceFiles, readWorkspaceFile, removeWorkspaceFile, writeFileAtomic } from '../../node/workspace/workspaceFiles.ts';

/** The desktop features main needs from Electron (dialog, Notification). */
export interface DesktopShell {
  /** Show the Open dialog; absolute paths chosen, empty when cancelled. */
  showOpenDialog(options: OpenFilesOptions): Promise<string[]>;
  /** Show the Save dialog; the chosen absolute path, or null when cancelled. */
  showSaveDialog(suggestedName: string): Promise<string | null>;
  /** Show a desktop notification. */
  notify(title: string, body: string): void;
  /** Show the folder chooser; the chosen absolute path, or null when cancelled. */
  showFolderDialog(title: string): Promise<string | null>;
  /** Render self-contained HTML to an A4 PDF with scripts disabled. */
  printToPdf(html: string): Promise<Uint8Array>;
}

/** The host and workspace channel services (watch folders come from WatchFolderHost.services()). */
export type CoreHostServices = Omit<HostServices, (typeof watchFolderChannels)[keyof typeof watchFolderChannels]>;

/**
 * Wire the channel services to the workspace folder, the token registry and the shell.
 * `onWorkspaceChosen` runs with a folder the user chose in "Open workspace folder" (main reopens on it).
 */
export function createHostServices(workspaceRoot: string, fileTokens: FileTokenRegistry, shell: DesktopShell, onWorkspaceChosen?: (folder: string) => void): CoreHostServices {
  return {
    [hostChannels.openFiles]: async (options) => {
      const chosenPaths = await shell.showOpenDialog(options);
      return Promise.all(chosenPaths.map((chosenPath) => fileTokens.register(chosenPath)));
    },
    [hostChannels.readFileChunk]: (token, offset, chunkSize) => fileTokens.readChunk(token, offset, chunkSize),
    [hostChannels.releaseFile]: async (token) => fileTokens.forget(token),
    [hostChannels.registerDroppedFile]: (absolutePath) => fileTokens.register(absolutePath),
    [hostChannels.saveExport]: async (suggestedName, bytes) => {
      const chosenPath = await shell.showSaveDialog(suggestedName);
      if (chosenPath === null) return { saved: false };
      // The path came from the Save dialog, i.e. from the user, never from the renderer.
      await writeFile(chosenPath, bytes);
      return { saved: true, location: chosenPath };
    },
    [hostChannels.notify]: async (title, body) => {
      shell.notify(title, body);
    },
    [hostChannels.printToPdf]: (html) => shell.printToPdf(html),
    [hostChannels.openWorkspaceFolder]: async () => {
      // The folder comes from the dialog, i.e. from the user, never from the renderer.
      const chosen = await shell.showFolderDialog('Open a workspace folder');
      if (chosen !== null) onWorkspaceChosen?.(chosen);
      return chosen;
    },
    [workspaceChannels.describe]: async () => workspaceRoot,
    [workspaceChannels.readFile]: (relativePath) => readWorkspaceFile(workspaceRoot, relativePath),
    [workspaceChannels.writeFile]: (relativePath, bytes) => writeFileAtomic(workspaceRoot, relativePath, bytes),
    [workspaceChannels.removeFile]: (relativePath) => removeWorkspaceFile(workspaceRoot, relativePath),
    [workspaceChannels.listFiles]: (folder) => listWorkspaceFiles(workspaceRoot, folder),
  };
}
