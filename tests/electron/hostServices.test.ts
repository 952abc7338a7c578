import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTokenRegistry } from '../../electron/main/fileTokens.ts';
import { createHostServices, type DesktopShell } from '../../electron/main/hostServices.ts';
import { hostChannels, workspaceChannels } from '../../shared/ipc/channels.ts';

let scratchFolder = '';
let dialogAnswers: { open: string[]; save: string | null };
const shell: DesktopShell = {
  showOpenDialog: async () => dialogAnswers.open,
  showSaveDialog: async () => dialogAnswers.save,
  notify: () => {},
  showFolderDialog: async () => null,
  printToPdf: async (html) => new TextEncoder().encode(`%PDF-1.7 ${html.length}`),
};

beforeEach(async () => {
  scratchFolder = await mkdtemp(path.join(tmpdir(), 'ym-services-'));
  dialogAnswers = { open: [], save: null };
});
afterEach(async () => {
  await rm(scratchFolder, { recursive: true, force: true });
});

function services() {
  return createHostServices(path.join(scratchFolder, 'workspace'), new FileTokenRegistry(), shell);
}

describe('createHostServices', () => {
  it('turns files chosen in the Open dialog into tokens whose bytes can be read', async () => {
    const chosen = path.join(scratchFolder, 'lot7.csv');
    await writeFile(chosen, 'lot,wafer\nL7,1\n');
    dialogAnswers.open = [chosen];
    const host = services();
    const picked = await host[hostChannels.openFiles]({ title: 'Import', filters: [{ name: 'CSV', extensions: ['csv'] }] });
    expect(picked.map(({ name, size }) => ({ name, size }))).toEqual([{ name: 'lot7.csv', size: 15 }]);
    const firstChunk = await host[hostChannels.readFileChunk](picked[0]?.token ?? '', 0, 9);
    expect(new TextDecoder().decode(firstChunk)).toBe('lot,wafer');
  });

  it('forgets a file once the renderer releases it after its import', async () => {
    const chosen = path.join(scratchFolder, 'lot8.csv');
    await writeFile(chosen, 'lot,wafer\nL8,1\n');
    dialogAnswers.open = [chosen];
    const host = services();
    const [picked] = await host[hostChannels.openFiles]({ title: 'Import', filters: [] });
    const token = picked?.token ?? '';
    await host[hostChannels.releaseFile](token);
    await expect(host[hostChannels.readFileChunk](token, 0, 4)).rejects.toThrow('unknown file token');
    // Releasing twice (or a token main already forgot) is harmless.
    await expect(host[hostChannels.releaseFile](token)).resolves.toBeUndefined();
  });

  it('returns no files when the Open dialog is cancelled', async () => {
    expect(await services()[hostChannels.openFiles]({ title: 'Import', filters: [] })).toEqual([]);
  });

  it('writes an export where the Save dialog says, and reports a cancelled save', async () => {
    const host = services();
    expect(await host[hostChannels.saveExport]('yield.csv', new Uint8Array([65]), 'text/csv')).toEqual({ saved: false });
    const destination = path.join(scratchFolder, 'chosen-by-user.csv');
    dialogAnswers.save = destination;
    expect(await host[hostChannels.saveExport]('yield.csv', new TextEncoder().encode('lot,yield\n'), 'text/csv')).toEqual({
      saved: true,
      location: destination,
    });
    expect(await readFile(destination, 'utf8')).toBe('lot,yield\n');
  });

  it('describes the workspace as its folder', async () => {
    expect(await services()[workspaceChannels.describe]()).toBe(path.join(scratchFolder, 'workspace'));
  });
});
