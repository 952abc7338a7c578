import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTokenRegistry } from '../../electron/main/fileTokens.ts';
import { createHostServices, type DesktopShell } from '../../electron/main/hostServices.ts';
import { createIpcHandlers, IpcRejection, isTrustedSender, type HostServices, type IpcSender } from '../../electron/main/ipcHandlers.ts';
import { WatchFolderHost } from '../../electron/main/watchFolderHost.ts';
import { allChannelNames, hostChannels, watchFolderChannels, workspaceChannels } from '../../shared/ipc/channels.ts';

const trustedOrigins = ['app://renderer', 'http://localhost:5173'];
const rendererSender: IpcSender = { frameUrl: 'app://renderer/index.html', isMainFrame: true };

let workspaceRoot = '';
let shellCalls: string[] = [];
let services: HostServices;

const fakeShell: DesktopShell = {
  showOpenDialog: async () => [],
  showSaveDialog: async () => null,
  notify: (title, body) => {
    shellCalls.push(`notify ${title}: ${body}`);
  },
  showFolderDialog: async () => null,
  printToPdf: async (html) => {
    shellCalls.push(`print ${html.length} characters`);
    return new TextEncoder().encode('%PDF-1.7');
  },
};
let watchFolders: WatchFolderHost;

beforeEach(async () => {
  workspaceRoot = await mkdtemp(path.join(tmpdir(), 'ym-ipc-'));
  shellCalls = [];
  const fileTokens = new FileTokenRegistry();
  watchFolders = new WatchFolderHost({ fileTokens, chooseFolder: async () => null, sendEvent: () => {} });
  services = { ...createHostServices(path.join(workspaceRoot, 'workspace'), fileTokens, fakeShell), ...watchFolders.services() };
});
afterEach(async () => {
  await watchFolders.close();
  await rm(workspaceRoot, { recursive: true, force: true });
});

describe('isTrustedSender', () => {
  const cases: [string, IpcSender, boolean][] = [
    ['packaged renderer', rendererSender, true],
    ['renderer on another route', { frameUrl: 'app://renderer/assets/x.html#/spc', isMainFrame: true }, true],
    ['dev server', { frameUrl: 'http://localhost:5173/', isMainFrame: true }, true],
    ['dev server on another port', { frameUrl: 'http://localhost:5174/', isMainFrame: true }, false],
    ['remote page', { frameUrl: 'https://evil.example/', isMainFrame: true }, false],
    ['workspace host of the app scheme', { frameUrl: 'app://workspace/x.html', isMainFrame: true }, false],
    ['file URL', { frameUrl: 'file:///tmp/index.html', isMainFrame: true }, false],
    ['sub-frame of the renderer', { frameUrl: 'app://renderer/index.html', isMainFrame: false }, false],
    ['destroyed frame', { frameUrl: null, isMainFrame: false }, false],
    ['not a URL', { frameUrl: 'renderer', isMainFrame: true }, false],
  ];
  it.each(cases)('%s', (_label, sender, trusted) => {
    expect(isTrustedSender(sender, trustedOrigins)).toBe(trusted);
  });
});

describe('createIpcHandlers', () => {
  it('has a handler for every channel', () => {
    const handlers = createIpcHandlers(services, trustedOrigins);
    expect(Object.keys(handlers).sort()).toEqual([...allChannelNames].sort());
  });

  it('refuses an untrusted sender before calling the service', async () => {
    const handlers = createIpcHandlers(services, trustedOrigins);
    const evilSender: IpcSender = { frameUrl: 'https://evil.example/', isMainFrame: true };
    await expect(handlers[hostChannels.notify](evilSender, ['Lot hold', 'yield below 80 %'])).rejects.toThrow(IpcRejection);
    expect(shellCalls).toEqual([]);
  });

  it('passes a valid request through and returns the validated response', async () => {
    const handlers = createIpcHandlers(services, trustedOrigins);
    await handlers[hostChannels.notify](rendererSender, ['Lot hold', 'yield below 80 %']);
    expect(shellCalls).toEqual(['notify Lot hold: yield below 80 %']);
    const bytes = new Uint8Array([80, 65, 82, 49]);
    await handlers[workspaceChannels.writeFile](rendererSender, ['parquet/lot1.parquet', bytes]);
    const readBack = await handlers[workspaceChannels.readFile](rendererSender, ['parquet/lot1.parquet']);
    expect(Array.from(readBack as Uint8Array)).toEqual([80, 65, 82, 49]);
    expect(await handlers[workspaceChannels.listFiles](rendererSender, [''])).toEqual(['parquet/lot1.parquet']);
  });

  const badRequests: [string, string, unknown[]][] = [
    ['a number as path', workspaceChannels.readFile, [42]],
    ['no arguments', workspaceChannels.readFile, []],
    ['an extra argument', workspaceChannels.readFile, ['manifest.json', 'extra']],
    ['a path with NUL', workspaceChannels.removeFile, ['manifest.json\0']],
    ['bytes as a plain array', workspaceChannels.writeFile, ['manifest.json', [1, 2, 3]]],
    ['a negative offset', hostChannels.readFileChunk, ['abcdefghijkl', -1, 1024]],
    ['a fractional offset', hostChannels.readFileChunk, ['abcdefghijkl', 1.5, 1024]],
    ['a zero chunk', hostChannels.readFileChunk, ['abcdefghijkl', 0, 0]],
    ['a chunk over 64 MiB', hostChannels.readFileChunk, ['abcdefghijkl', 0, 64 * 1024 * 1024 + 1]],
    ['a malformed token', hostChannels.readFileChunk, ['../../etc/passwd', 0, 16]],
    ['open options without filters', hostChannels.openFiles, [{ title: 'Open STDF' }]],
    ['an extension with a dot path', hostChannels.openFiles, [{ title: 'x', filters: [{ name: 'x', extensions: ['../x'] }] }]],
    ['an export name with a folder', hostChannels.saveExport, ['../../.bashrc', new Uint8Array(1), 'text/plain']],
    ['an over-long notification title', hostChannels.notify, ['x'.repeat(201), 'body']],
    ['a dropped file without a path', hostChannels.registerDroppedFile, ['']],
    ['HTML as bytes', hostChannels.printToPdf, [new Uint8Array(4)]],
    ['empty HTML', hostChannels.printToPdf, ['']],
    ['an argument to add (main opens the dialog itself)', watchFolderChannels.add, ['/etc']],
    ['a folder path instead of an id', watchFolderChannels.remove, ['/home/user/tester-out']],
    ['an outcome without a token', watchFolderChannels.reportOutcome, [{ kind: 'imported' }]],
    ['an unknown outcome', watchFolderChannels.reportOutcome, ['abcdefghijkl', { kind: 'skipped' }]],
    ['a failure without a reason', watchFolderChannels.reportOutcome, ['abcdefghijkl', { kind: 'failed' }]],
  ];
  it.each(badRequests)('rejects %s', async (_label, channel, args) => {
    const handlers = createIpcHandlers(services, trustedOrigins);
    const handler = handlers[channel as keyof typeof handlers];
    await expect(handler(rendererSender, args)).rejects.toThrow(/invalid request/);
  });

  it('prints HTML through the shell and lists no watch folders at first', async () => {
    const handlers = createIpcHandlers(services, trustedOrigins);
    const pdf = await handlers[hostChannels.printToPdf](rendererSender, ['<h1>Shift report</h1>']);
    expect(new TextDecoder().decode(pdf as Uint8Array)).toBe('%PDF-1.7');
    expect(shellCalls).toEqual(['print 21 characters']);
    expect(await handlers[watchFolderChannels.list](rendererSender, [])).toEqual([]);
    expect(await handlers[watchFolderChannels.add](rendererSender, [])).toBeNull();
  });

  it('refuses an outcome for a token main never handed out', async () => {
    const handlers = createIpcHandlers(services, trustedOrigins);
    await expect(handlers[watchFolderChannels.reportOutcome](rendererSender, ['abcdefghijkl', { kind: 'imported' }])).rejects.toThrow(/unknown watch-folder file token/);
  });

  it('rejects a path that escapes the workspace and writes nothing outside', async () => {
    const handlers = createIpcHandlers(services, trustedOrigins);
    await expect(handlers[workspaceChannels.writeFile](rendererSender, ['../outside.bin', new Uint8Array(1)])).rejects.toThrow(
      /escape|segment/,
    );
    expect(await readdir(workspaceRoot)).not.toContain('outside.bin');
  });

  it('rejects a service answer that breaks the contract', async () => {
    const brokenServices: HostServices = { ...services, [workspaceChannels.describe]: async () => 42 as unknown as string };
    const handlers = createIpcHandlers(brokenServices, trustedOrigins);
    await expect(handlers[workspaceChannels.describe](rendererSender, [])).rejects.toThrow(/invalid response/);
  });
});
