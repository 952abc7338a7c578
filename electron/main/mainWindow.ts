/**
 * The main BrowserWindow: sandboxed, context-isolated, loading app:// or the dev server.
 * Navigation and window.open are refused for every webContents in index.ts.
 */
import { BrowserWindow } from 'electron';
import { fileURLToPath } from 'node:url';
import { rendererEntryUrl } from './appProtocol.ts';

/** The window title; page <title> changes are ignored so it stays stable. */
export const windowTitle = 'Yield Monitor';

/** Create and load the main window; `devServerUrl` is set under `electron-vite dev`. */
export function createMainWindow(devServerUrl: string | null): BrowserWindow {
  const window = new BrowserWindow({
    title: windowTitle,
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    webPreferences: {
      // The preload is bundled to one CommonJS file because sandboxed preloads cannot load ESM
      // (https://www.electronjs.org/docs/latest/tutorial/esm).
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      // Node in workers breaks duckdb-wasm's worker: https://github.com/duckdb/duckdb-wasm/issues/1432
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  window.on('page-title-updated', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  void window.loadURL(devServerUrl ?? rendererEntryUrl);
  return window;
}
