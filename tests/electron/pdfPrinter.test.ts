import { beforeEach, describe, expect, it, vi } from 'vitest';

type ProtocolHandler = (request: { url: string; method: string }) => Promise<Response>;

/** What the fake Electron saw: the window options, the loaded document, the print options. */
const seen = vi.hoisted(() => ({
  windowOptions: [] as unknown[],
  loadedUrls: [] as string[],
  loadedHtml: [] as string[],
  loadedPolicies: [] as (string | null)[],
  printOptions: [] as unknown[],
  destroyed: 0,
  handledSchemes: [] as string[],
  protocolHandler: null as null | ProtocolHandler,
  requestFilter: null as null | ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void),
}));

// The Electron boundary is faked (the binary is not available to unit tests); the module's own
// logic runs. loadURL fetches the page through the protocol handler the print session registered,
// as Chromium would.
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
      const response = await seen.protocolHandler!({ url, method: 'GET' });
      if (response.status !== 200) throw new Error(`ERR_FILE_NOT_FOUND ${url}`);
      seen.loadedPolicies.push(response.headers.get('Content-Security-Policy'));
      seen.loadedHtml.push(await response.text());
    }
    destroy(): void {
      seen.destroyed++;
    }
  }
  const fakeSession = {
    setPermissionRequestHandler: () => {},
    setPermissionCheckHandler: () => {},
    protocol: {
      handle: (scheme: string, handler: ProtocolHandler) => {
        seen.handledSchemes.push(scheme);
        seen.protocolHandler = handler;
      },
    },
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
  seen.loadedPolicies = [];
  seen.printOptions = [];
  seen.destroyed = 0;
});

describe('printHtmlToPdf', () => {
  it('prints the HTML to A4 in a hidden offscreen window with JavaScript off, then closes it', async () => {
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
  });

  it('serves the document from the app scheme of the print session, never file://, under a fetch-nothing CSP', async () => {
    await printHtmlToPdf('<p>x</p>');
    expect(seen.handledSchemes).toEqual(['app']);
    expect(seen.loadedUrls[0]).toMatch(/^app:\/\/print\/[0-9a-f]{32}\.html$/);
    expect(seen.loadedPolicies[0]).toMatch(/^default-src 'none'; /);
    expect(seen.loadedPolicies[0]).not.toMatch(/script-src|connect-src/);
  });

  it('serves a large report in full (a data: URL would stop at 2 MB)', async () => {
    const html = `<!doctype html><img src="data:image/png;base64,${'A'.repeat(5 * 1024 * 1024)}">`;
    await printHtmlToPdf(html);
    expect(seen.loadedHtml[0]?.length).toBe(html.length);
  });

  it('lets the print session fetch nothing but the document being printed and data: URLs', async () => {
    await printHtmlToPdf('<p>x</p>');
    expect(requestAllowed('data:image/png;base64,AAAA')).toBe(true);
    expect(requestAllowed('https://tracker.example/pixel.gif')).toBe(false);
    expect(requestAllowed('file:///etc/passwd')).toBe(false);
    expect(requestAllowed('app://renderer/index.html')).toBe(false);
    // Once printed, the document is gone: neither allowed nor served.
    expect(requestAllowed(seen.loadedUrls[0]!)).toBe(false);
    expect((await seen.protocolHandler!({ url: seen.loadedUrls[0]!, method: 'GET' })).status).toBe(404);
  });

  it('forgets the document when printing fails', async () => {
    const { BrowserWindow } = await import('electron');
    let failedUrl = '';
    const loadURL = vi.spyOn(BrowserWindow.prototype as unknown as { loadURL: (url: string) => Promise<void> }, 'loadURL');
    loadURL.mockImplementationOnce(async (url) => {
      failedUrl = url;
      throw new Error('render process gone');
    });
    await expect(printHtmlToPdf('<p>y</p>')).rejects.toThrow('render process gone');
    loadURL.mockRestore();
    expect(seen.destroyed).toBe(1);
    expect(failedUrl).toMatch(/^app:\/\/print\//);
    expect(requestAllowed(failedUrl)).toBe(false);
    expect((await seen.protocolHandler!({ url: failedUrl, method: 'GET' })).status).toBe(404);
  });
});
