/** The DesktopShell implemented with Electron's dialog and Notification. */
import { app, dialog, Notification, type BrowserWindow } from 'electron';
import path from 'node:path';
import type { DesktopShell } from './hostServices.ts';
import { printHtmlToPdf } from './pdfPrinter.ts';

/** A DesktopShell whose dialogs are modal to the window `getWindow` returns. */
export function createElectronShell(getWindow: () => BrowserWindow | null): DesktopShell {
  return {
    async showOpenDialog(options) {
      const properties: ('openFile' | 'multiSelections')[] = ['openFile', 'multiSelections'];
      const dialogOptions = { title: options.title, filters: options.filters, properties };
      const window = getWindow();
      const result = window ? await dialog.showOpenDialog(window, dialogOptions) : await dialog.showOpenDialog(dialogOptions);
      return result.canceled ? [] : result.filePaths;
    },
    async showSaveDialog(suggestedName) {
      const dialogOptions = { defaultPath: path.join(app.getPath('downloads'), suggestedName) };
      const window = getWindow();
      const result = window ? await dialog.showSaveDialog(window, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    notify(title, body) {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
    async showFolderDialog(title) {
      const dialogOptions = { title, properties: ['openDirectory' as const] };
      const window = getWindow();
      const result = window ? await dialog.showOpenDialog(window, dialogOptions) : await dialog.showOpenDialog(dialogOptions);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    printToPdf: (html) => printHtmlToPdf(html),
  };
}
