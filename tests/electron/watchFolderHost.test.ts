import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTokenRegistry } from '../../electron/main/fileTokens.ts';
import { WatchFolderHost, watchFolderId, type WatchFolderHostOptions } from '../../electron/main/watchFolderHost.ts';
import type { WatchFolderFileEvent } from '../../shared/host/hostApi.ts';
import { watchFolderFileEventSchema } from '../../shared/ipc/contract.ts';

const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the watch-folder host');
    await sleep(25);
  }
}

let scratch = '';
let inbox = '';
let events: WatchFolderFileEvent[] = [];
let fileTokens: FileTokenRegistry;
let hosts: WatchFolderHost[] = [];
let dialogAnswer: string | null = null;

function options(): WatchFolderHostOptions {
  return {
    fileTokens,
    chooseFolder: async () => dialogAnswer,
    sendEvent: (event) => events.push(event),
    settingsFile: path.join(scratch, 'settings', 'watch-folders.json'),
    stableMs: 200,
    incompleteLimitMs: 1500,
    pollIntervalMs: 40,
  };
}

async function restoredHost(): Promise<WatchFolderHost> {
  const host = await WatchFolderHost.restore(options());
  hosts.push(host);
  await host.whenRestored();
  return host;
}

const readyEvents = (): WatchFolderFileEvent[] => events.filter((event) => event.file.status === 'ready');

beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'ym-watch-host-'));
  inbox = path.join(scratch, 'tester-out');
  await mkdir(path.join(inbox, 'lot7'), { recursive: true });
  events = [];
  fileTokens = new FileTokenRegistry();
  hosts = [];
  dialogAnswer = null;
});
afterEach(async () => {
  for (const host of hosts) await host.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('WatchFolderHost', () => {
  it('hands a complete file to the renderer as a token with a folder-relative name, and records the outcome', async () => {
    const content = 'lot,wafer,x,y,hard_bin\nL7,1,0,0,1\n';
    await writeFile(path.join(inbox, 'lot7', 'wafer1.csv'), content);
    const host = await restoredHost();
    dialogAnswer = inbox;
    const added = await host.add();
    expect(added).toMatchObject({ id: watchFolderId(inbox), location: inbox });
    await waitFor(() => readyEvents().length === 1);
    const [ready] = readyEvents();
    expect(ready).toMatchObject({ folderId: watchFolderId(inbox), file: { name: 'lot7/wafer1.csv', size: content.length, status: 'ready' } });
    expect(watchFolderFileEventSchema.safeParse(ready).success).toBe(true);
    expect(JSON.stringify(events)).not.toContain(scratch);
    const token = ready!.file.picked!.token;
    expect(new TextDecoder().decode(await fileTokens.readChunk(token, 0, 3))).toBe('lot');
    expect(host.list()[0]?.files[0]?.picked?.token).toBe(token);

    await host.reportOutcome(token, { kind: 'failed', error: 'wafer1.csv: line 2: no hard bin' });
    expect(host.list()[0]?.files).toEqual([{ name: 'lot7/wafer1.csv', size: content.length, status: 'failed', error: 'wafer1.csv: line 2: no hard bin' }]);
    expect(events.at(-1)?.file.status).toBe('failed');
    await expect(fileTokens.readChunk(token, 0, 3)).rejects.toThrow(/unknown file token/);
    await expect(host.reportOutcome(token, { kind: 'imported' })).rejects.toThrow(/unknown watch-folder file token/);
  });

  it('holds back an STDF file until its MRR arrives, and hands out one that never gets it after the limit (issue #12 §6)', async () => {
    const stdf = gunzipSync(new Uint8Array(await readFile('sample-data/fab/stdf/OR26003.stdf.gz')));
    await writeFile(path.join(inbox, 'lot7', 'paused.stdf'), stdf.subarray(0, 100_003));
    await writeFile(path.join(inbox, 'lot7', 'cut.stdf'), stdf.subarray(0, 50_001));
    const host = await restoredHost();
    dialogAnswer = inbox;
    await host.add();
    await sleep(800);
    expect(readyEvents()).toEqual([]);
    await writeFile(path.join(inbox, 'lot7', 'paused.stdf'), stdf);
    await waitFor(() => readyEvents().length === 2);
    const handedOut = readyEvents().map((event) => [event.file.name, event.file.size]).sort();
    expect(handedOut).toEqual([['lot7/cut.stdf', 50_001], ['lot7/paused.stdf', stdf.length]]);
  });

  it('says a file without MRR is final, and that the same file grown later replaces its partial import', async () => {
    const stdf = gunzipSync(new Uint8Array(await readFile('sample-data/fab/stdf/OR26003.stdf.gz')));
    const file = path.join(inbox, 'lot7', 'grows.stdf');
    await writeFile(file, stdf.subarray(0, 60_007));
    const host = await restoredHost();
    dialogAnswer = inbox;
    await host.add();
    await waitFor(() => readyEvents().length === 1);
    const cut = readyEvents()[0]!.file;
    expect(cut).toMatchObject({ name: 'lot7/grows.stdf', size: 60_007, final: true });
    expect(cut.replaces).toBeUndefined();
    expect(watchFolderFileEventSchema.safeParse(readyEvents()[0]).success).toBe(true);
    await host.reportOutcome(cut.picked!.token, { kind: 'imported', importId: '20261205080000000_0123456789ab', partial: true });

    await writeFile(file, stdf);
    await waitFor(() => readyEvents().length === 2);
    const grown = readyEvents()[1]!.file;
    expect(grown).toMatchObject({ name: 'lot7/grows.stdf', size: stdf.length, replaces: '20261205080000000_0123456789ab' });
    expect(grown.final).toBeUndefined();
    expect(watchFolderFileEventSchema.safeParse(readyEvents()[1]).success).toBe(true);
  });

  it('remembers folders and imported versions across restarts', async () => {
    const content = 'not really stdf';
    await writeFile(path.join(inbox, 'a.stdf'), content);
    dialogAnswer = inbox;
    const first = await restoredHost();
    await first.add();
    await waitFor(() => readyEvents().length === 1);
    await first.reportOutcome(readyEvents()[0]!.file.picked!.token, { kind: 'imported' });
    await first.close();
    const settings = JSON.parse(await readFile(options().settingsFile!, 'utf8')) as { folders: string[] };
    expect(settings.folders).toEqual([inbox]);

    events = [];
    const second = await restoredHost();
    await sleep(600);
    expect(readyEvents()).toEqual([]);
    expect(second.list()).toEqual([{ id: watchFolderId(inbox), location: inbox, files: [{ name: 'a.stdf', size: content.length, status: 'imported' }] }]);
  });

  it('forgets a removed folder, also after a restart', async () => {
    dialogAnswer = inbox;
    const host = await restoredHost();
    const added = await host.add();
    await host.remove(added!.id);
    expect(host.list()).toEqual([]);
    await host.close();
    expect((await restoredHost()).list()).toEqual([]);
  });

  it('starts empty when the settings file is damaged, and drops folders that are gone', async () => {
    await mkdir(path.join(scratch, 'settings'));
    await writeFile(options().settingsFile!, '{"folders": 7');
    expect((await restoredHost()).list()).toEqual([]);
    await writeFile(options().settingsFile!, JSON.stringify({ folders: [path.join(scratch, 'gone'), inbox], completedKeys: [] }));
    expect((await restoredHost()).list().map((folder) => folder.location)).toEqual([inbox]);
  });
});
