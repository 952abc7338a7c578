/**
 * The preload: exposes window.yieldMonitorHost (HostApi plus Electron extras) built from the
 * channel tables. Never exposes ipcRenderer or a generic invoke. Bundled to one CommonJS file so
 * the sandboxed renderer can load it.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { WatchFolderFileEvent, WatchFoldersApi, WorkspaceStore } from '../../shared/host/hostApi.ts';
import { hostChannels, rendererEvents, watchFolderChannels, workspaceChannels, type ChannelName } from '../../shared/ipc/channels.ts';
import { hostGlobalName, type ElectronHostApi } from '../../shared/ipc/electronHost.ts';
import { enginePortChannel, enginePortMessage, enginePortRequest } from '../../shared/ipc/enginePort.ts';
import { bindChannels } from './channelBindings.ts';

const invoke = (channel: ChannelName, ...args: unknown[]): Promise<unknown> => ipcRenderer.invoke(channel, ...args);
const hostCalls = bindChannels(hostChannels, invoke);
const workspace: WorkspaceStore = bindChannels(workspaceChannels, invoke);
const watchFolderCalls = bindChannels(watchFolderChannels, invoke);

const watchFolders: WatchFoldersApi = {
  ...watchFolderCalls,
  onFileEvent: (listener) => {
    // Main validated the event against the contract before sending it; only the payload is passed on.
    const forward = (_event: unknown, payload: WatchFolderFileEvent): void => listener(payload);
    ipcRenderer.on(rendererEvents.watchFolderFile, forward);
    return () => {
      ipcRenderer.removeListener(rendererEvents.watchFolderFile, forward);
    };
  },
};

const host: ElectronHostApi<File> = {
  kind: 'electron',
  openFiles: hostCalls.openFiles,
  readFileChunk: hostCalls.readFileChunk,
  releaseFile: hostCalls.releaseFile,
  saveExport: hostCalls.saveExport,
  notify: hostCalls.notify,
  printToPdf: hostCalls.printToPdf,
  openWorkspaceFolder: hostCalls.openWorkspaceFolder,
  workspace,
  watchFolders,
  registerDroppedFile: (file) => hostCalls.registerDroppedFile(webUtils.getPathForFile(file)),
  onOpenFilesRequested: (listener) => {
    // The IpcRendererEvent is not passed on: it would hand the page a reference to ipcRenderer.
    const forward = (): void => listener();
    ipcRenderer.on(rendererEvents.openFilesRequested, forward);
    return () => {
      ipcRenderer.removeListener(rendererEvents.openFilesRequested, forward);
    };
  },
};

contextBridge.exposeInMainWorld(hostGlobalName, host);

// The engine's MessagePort (issue #12 §1). contextBridge cannot carry a MessagePort
// (https://github.com/electron/electron/issues/27024), so the port is
// transferred to the page with window.postMessage, as Electron's MessagePorts guide does, once
// the page has asked for it (its listener is in place then). Only this window's own messages count.
let enginePort: MessagePort | null = null;
let enginePortWanted = false;
function handEnginePortToPage(): void {
  if (enginePort === null || !enginePortWanted) return;
  window.postMessage(enginePortMessage, window.location.origin, [enginePort]);
  enginePort = null;
  enginePortWanted = false;
}
ipcRenderer.on(enginePortChannel, (event) => {
  enginePort = event.ports[0] ?? null;
  handEnginePortToPage();
});
window.addEventListener('message', (event) => {
  if (event.source !== window || event.data !== enginePortRequest) return;
  enginePortWanted = true;
  handEnginePortToPage();
});
