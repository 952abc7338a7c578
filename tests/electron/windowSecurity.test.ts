import { describe, expect, it, vi } from 'vitest';

// The real 'electron' package cannot load in Node (and in electron@45 tries to download a binary),
// so the few Electron classes these modules touch are replaced by recorders.
const createdWindows: { options: Record<string, unknown>; loadedUrl: string | null }[] = [];
vi.mock('electron', () => {
  class RecordingBrowserWindow {
    private readonly record: { options: Record<string, unknown>; loadedUrl: string | null };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loadedUrl: null };
      createdWindows.push(this.record);
    }
    on(): void {}
    once(): void {}
    async loadURL(url: string): Promise<void> {
      this.record.loadedUrl = url;
    }
  }
  return { BrowserWindow: RecordingBrowserWindow };
});

const { createMainWindow } = await import('../../electron/main/mainWindow.ts');
const { devServerPolicy, lockDownSession, lockDownWebContents } = await import('../../electron/main/windowSecurity.ts');
type WebContents = Parameters<typeof lockDownWebContents>[0];
type Session = Parameters<typeof lockDownSession>[0];

describe('createMainWindow', () => {
  it('uses the Electron security checklist preferences and loads app://renderer', () => {
    createMainWindow(null);
    const created = createdWindows.at(-1);
    const preferences = created?.options['webPreferences'] as Record<string, unknown>;
    expect(preferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false });
    expect(String(preferences['preload']).replaceAll('\\', '/')).toMatch(/\/preload\/index\.cjs$/);
    expect(created?.loadedUrl).toBe('app://renderer/index.html');
  });

  it('loads the dev server URL under electron-vite dev', () => {
    createMainWindow('http://localhost:5173/');
    expect(createdWindows.at(-1)?.loadedUrl).toBe('http://localhost:5173/');
  });
});

describe('lockDownWebContents', () => {
  it('prevents navigation, redirects and webviews, and denies window.open', () => {
    const listeners = new Map<string, (event: { preventDefault: () => void }) => void>();
    const openHandlers: ((details: { url: string }) => { action: string })[] = [];
    const contents = {
      on: (name: string, listener: (event: { preventDefault: () => void }) => void) => listeners.set(name, listener),
      setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => openHandlers.push(handler),
    };
    lockDownWebContents(contents as unknown as WebContents);
    for (const eventName of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      listeners.get(eventName)?.({ preventDefault });
      expect(preventDefault, eventName).toHaveBeenCalledOnce();
    }
    expect(openHandlers.map((handler) => handler({ url: 'https://evil.example/' }))).toEqual([{ action: 'deny' }]);
  });
});

describe('lockDownSession', () => {
  it.each([
    ['notifications', true],
    ['media', false],
    ['geolocation', false],
    ['openExternal', false],
    ['clipboard-read', false],
  ])('answers a %s permission request with %s', (permission, granted) => {
    type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
    type CheckHandler = (contents: unknown, permission: string) => boolean;
    const requestHandlers: RequestHandler[] = [];
    const checkHandlers: CheckHandler[] = [];
    const session = {
      setPermissionRequestHandler: (handler: RequestHandler) => requestHandlers.push(handler),
      setPermissionCheckHandler: (handler: CheckHandler) => checkHandlers.push(handler),
    };
    lockDownSession(session as unknown as Session);
    const answers: boolean[] = [];
    for (const handler of requestHandlers) handler(null, permission, (answer) => answers.push(answer));
    expect(answers).toEqual([granted]);
    expect(checkHandlers.map((handler) => handler(null, permission))).toEqual([granted]);
  });
});

describe('devServerPolicy', () => {
  it('adds only the dev server websocket to the renderer policy', () => {
    const policy = devServerPolicy('http://localhost:5173/');
    expect(policy).toContain("connect-src 'self' ws://localhost:5173 blob:");
    expect(policy).toContain("base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  });
});
