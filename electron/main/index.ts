/**
 * Electron main entry: registers the app:// scheme, the IPC handlers and the menu, then opens
 * the window. Logic lives in the small modules next to this file; this one only wires them.
 */
import { app, BrowserWindow, ipcMain, MessageChannelMain, protocol, session, utilityProcess, type MessagePortMain } from 'electron';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allChannelNames, rendererEvents, workspaceChannels } from '../../shared/ipc/channels.ts';
import { installAppMenu } from './appMenu.ts';
import { appScheme, createAppProtocolHandler, rendererOrigin } from './appProtocol.ts';
import { createElectronShell } from './electronShell.ts';
import { FileTokenRegistry } from './fileTokens.ts';
import { createHostServices } from './hostServices.ts';
import { createIpcHandlers, originOf } from './ipcHandlers.ts';
import { EngineSupervisor } from './engineSupervisor.ts';
import { enginePortChannel } from '../../shared/ipc/enginePort.ts';
import { createMainWindow } from './mainWindow.ts';
import { WatchFolderHost } from './watchFolderHost.ts';
import { appStateFolder, prepareChosenWorkspace, savedWorkspaceFolder, saveWorkspaceFolder } from './workspaceFolder.ts';
import { applyDevServerPolicy, lockDownSession, lockDownWebContents } from './windowSecurity.ts';

protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
]);
app.enableSandbox();

const devServerUrl = !app.isPackaged ? (process.env['ELECTRON_RENDERER_URL'] ?? null) : null;
let mainWindow: BrowserWindow | null = null;
let watchFolders: WatchFolderHost | null = null;
let engine: EngineSupervisor<MessagePortMain> | null = null;

/** Native DuckDB in a utilityProcess, so a long query never blocks main (issue #12 §1). */
function startEngine(root: string): EngineSupervisor<MessagePortMain> {
  const supervisor = new EngineSupervisor<MessagePortMain>({
    fork: () => utilityProcess.fork(fileURLToPath(new URL('./engineProcess.js', import.meta.url)), [root], { serviceName: 'Yield Monitor engine' }),
    createChannel: () => new MessageChannelMain(),
    onRestart: (message) => {
      console.error(message);
      // The page's engine connection died with the process: reload, so it connects to the new
      // one and shows the startup steps again.
      for (const window of BrowserWindow.getAllWindows()) window.webContents.reload();
    },
  });
  supervisor.start();
  return supervisor;
}

function workspaceSettingFile(): string {
  return path.join(app.getPath('userData'), 'workspace-folder.json');
}

function workspaceRoot(): string {
  // YIELD_MONITOR_WORKSPACE lets tests and power users point the app at another folder; else the
  // folder last opened from the app, else the default.
  return process.env['YIELD_MONITOR_WORKSPACE'] ?? savedWorkspaceFolder(workspaceSettingFile()) ?? path.join(app.getPath('userData'), 'workspace');
}

/**
 * Reopen the app on a folder the user chose (issue #13 §4): remembered for later starts, then a
 * relaunch, because the engine process, the workspace file services and the watch folders all take
 * the root at start; the environment variable carries it into the relaunched process.
 */
function switchWorkspace(folder: string): void {
  prepareChosenWorkspace(folder);
  saveWorkspaceFolder(workspaceSettingFile(), folder);
  process.env['YIELD_MONITOR_WORKSPACE'] = folder;
  // After the IPC answer has gone back to the page.
  setTimeout(() => {
    app.relaunch();
    app.exit(0);
  }, 100);
}

function openMainWindow(): void {
  const window = createMainWindow(devServerUrl);
  mainWindow = window;
  // Each (re)load gets its own port pair; the preload hands its end to the page (window.postMessage).
  window.webContents.on('dom-ready', () => {
    if (engine !== null) window.webContents.postMessage(enginePortChannel, null, [engine.connectWindow()]);
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

async function start(): Promise<void> {
  const root = workspaceRoot();
  await mkdir(root, { recursive: true });
  engine = startEngine(root);
  const devOrigin = devServerUrl === null ? null : originOf(devServerUrl);
  const trustedOrigins = devOrigin === null ? [rendererOrigin] : [rendererOrigin, devOrigin];

  lockDownSession(session.defaultSession);
  if (devServerUrl !== null) applyDevServerPolicy(session.defaultSession, devServerUrl);
  const rendererRoot = fileURLToPath(new URL('../renderer', import.meta.url));
  protocol.handle(appScheme, createAppProtocolHandler({ rendererRoot }));

  const fileTokens = new FileTokenRegistry();
  const shell = createElectronShell(() => mainWindow);
  watchFolders = await WatchFolderHost.restore({
    fileTokens,
    chooseFolder: () => shell.showFolderDialog('Watch a folder for test data'),
    // Events for a closed window are dropped; the renderer asks for the list when it (re)opens.
    sendEvent: (event) => mainWindow?.webContents.send(rendererEvents.watchFolderFile, event),
    settingsFile: path.join(app.getPath('userData'), 'watch-folders.json'),
    onError: (message) => console.warn(message),
  });
  // The app's own files (charts, alerts, saved queries) go beside the data, or to userData for a lake.
  const stateRoot = appStateFolder(root, app.getPath('userData'));
  await mkdir(stateRoot, { recursive: true });
  const hostServices = createHostServices(stateRoot, fileTokens, shell, switchWorkspace);
  const services = { ...hostServices, [workspaceChannels.describe]: async () => root, ...watchFolders.services() };
  const handlers = createIpcHandlers(services, trustedOrigins);
  for (const channel of allChannelNames) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      const frame = event.senderFrame;
      return handlers[channel]({ frameUrl: frame?.url ?? null, isMainFrame: frame !== null && frame === event.sender.mainFrame }, args);
    });
  }
  installAppMenu(() => mainWindow?.webContents.send(rendererEvents.openFilesRequested));
  openMainWindow();
}

// Every webContents, including any we did not create ourselves, gets the same lock-down.
app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents));
app.on('will-quit', () => {
  engine?.stop();
  void watchFolders?.close();
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0 && app.isReady()) openMainWindow();
});
app.whenReady().then(start).catch((error: unknown) => {
  console.error('Yield Monitor failed to start', error);
  app.exit(1);
});
