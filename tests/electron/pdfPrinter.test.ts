import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** What the fake Electron saw: the window options, the loaded document, the print options. */
const seen = vi.hoisted(() => ({
  windowOptions: [] as unknown[],
  loadedUrls: [] as string[],
  loadedHtml: [] as string[],
  printOptions: [] as unknown[],
  destroyed: 0,
  requestFilter: null as null | ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void),
}));

// The Electron boundary is faked (the binary is not available to unit tests); the module's own logic runs.
vi.mock('electron', () => {
  class BrowserWindow {
    readonly webContents = {
      printToPDF: async (options: unknown) => {
        seen.printOptions.push(options);
        return Buffer.from('%PDF-1.7 fake');
      },
    };
    constructor(options: unknown) {
      seen.windowOptions.push(options);
    }
    async loadURL(url: string): Promise<void> {
      seen.loadedUrls.push(url);
      seen.loadedHtml.push(readFileSync(fileURLToPath(url), 'utf8'));
    }
    destroy(): void {
      seen.destroyed++;
    }
  }
  const fakeSession = {
    setPermissionRequestHandler: () => {},
    setPermissionCheckHandler: () => {},
    webRequest: {
      onBeforeRequest: (listener: typeof seen.requestFilter) => {
        seen.requestFilter = listener;
      },
    },
  };
  return { BrowserWindow, session: { fromPartition: () => fakeSession } };
});

const { printHtmlToPdf } = await import('../../electron/main/pdfPrinter.ts');

function requestAllowed(url: string): boolean {
  let cancelled = true;
  seen.requestFilter?.({ url }, (response) => (cancelled = response.cancel));
  return !cancelled;
}

beforeEach(() => {
  seen.windowOptions = [];
  seen.loadedUrls = [];
  seen.loadedHtml = [];
  seen.printOptions = [];
  seen.destroyed = 0;
});

describe('printHtmlToPdf', () => {
  it('prints the HTML to A4 in a hidden offscreen window with JavaScript off, then cleans up', async () => {
    const html = '<!doctype html><h1>Shift report – ca đêm</h1><img src="data:image/png;base64,AAAA">';
    const pdf = await printHtmlToPdf(html);
    expect(new TextDecoder().decode(pdf)).toBe('%PDF-1.7 fake');
    expect(seen.windowOptions).toEqual([expect.objectContaining({
      show: false,
      webPreferences: expect.objectContaining({ offscreen: true, javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false }),
    })]);
    expect(seen.loadedHtml).toEqual([html]);
    expect(seen.printOptions).toEqual([expect.objectContaining({ pageSize: 'A4', printBackground: true })]);
    expect(seen.destroyed).toBe(1);
    expect(existsSync(fileURLToPath(seen.loadedUrls[0]!))).toBe(false);
  });

  it('lets the print session fetch nothing but the document being printed and data: URLs', async () => {
    await printHtmlToPdf('<p>x</p>');
    expect(requestAllowed('data:image/png;base64,AAAA')).toBe(true);
    expect(requestAllowed('https://tracker.example/pixel.gif')).toBe(false);
    expect(requestAllowed('file:///etc/passwd')).toBe(false);
    expect(requestAllowed(seen.loadedUrls[0]!)).toBe(false);
  });
});
