/**
 * "Open workspace folder" in the desktop app (issue #13 §4): the host service asks the shell's folder
 * dialog (never the renderer) for the folder and hands it to main, and the chosen folder is remembered
 * for the next start unless it is gone or the setting is damaged.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTokenRegistry } from '../../electron/main/fileTokens.ts';
import { createHostServices, type DesktopShell } from '../../electron/main/hostServices.ts';
import { appStateFolder, prepareChosenWorkspace, savedWorkspaceFolder, saveWorkspaceFolder } from '../../electron/main/workspaceFolder.ts';
import { parseManifest } from '../../shared/workspace/manifest.ts';
import { hostChannels } from '../../shared/ipc/channels.ts';
import { ipcContract } from '../../shared/ipc/contract.ts';

let scratch = '';
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'ym-open-folder-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function shellAnswering(folder: string | null, titles: string[]): DesktopShell {
  return {
    showOpenDialog: async () => [],
    showSaveDialog: async () => null,
    notify: () => undefined,
    showFolderDialog: async (title) => {
      titles.push(title);
      return folder;
    },
    printToPdf: async () => new Uint8Array(0),
  };
}

describe('open workspace folder', () => {
  it('hands the folder chosen in the dialog to main, and nothing when the dialog is cancelled', async () => {
    const chosen: string[] = [];
    const titles: string[] = [];
    const picked = createHostServices(path.join(scratch, 'workspace'), new FileTokenRegistry(), shellAnswering(scratch, titles), (folder) => chosen.push(folder));
    expect(await picked[hostChannels.openWorkspaceFolder]()).toBe(scratch);
    expect(chosen).toEqual([scratch]);
    expect(titles).toEqual(['Open a workspace folder']);
    const cancelled = createHostServices(path.join(scratch, 'workspace'), new FileTokenRegistry(), shellAnswering(null, titles), (folder) => chosen.push(folder));
    expect(await cancelled[hostChannels.openWorkspaceFolder]()).toBeNull();
    expect(chosen).toEqual([scratch]);
  });

  it('takes no arguments from the renderer and answers a path or null', () => {
    const schemas = ipcContract[hostChannels.openWorkspaceFolder];
    expect(schemas.request.safeParse([]).success).toBe(true);
    expect(schemas.request.safeParse(['/etc']).success).toBe(false);
    expect(schemas.response.safeParse(null).success).toBe(true);
    expect(schemas.response.safeParse('/data/fab').success).toBe(true);
    expect(schemas.response.safeParse('').success).toBe(false);
  });

  it('remembers the folder across restarts, unless it is gone or the setting is damaged', async () => {
    const settings = path.join(scratch, 'workspace-folder.json');
    expect(savedWorkspaceFolder(settings)).toBeNull();
    saveWorkspaceFolder(settings, scratch);
    expect(savedWorkspaceFolder(settings)).toBe(scratch);
    saveWorkspaceFolder(settings, path.join(scratch, 'deleted-since'));
    expect(savedWorkspaceFolder(settings)).toBeNull();
    await writeFile(settings, '{"folder": ');
    expect(savedWorkspaceFolder(settings)).toBeNull();
    await writeFile(settings, JSON.stringify({ folder: 'relative/path' }));
    expect(savedWorkspaceFolder(settings)).toBeNull();
  });
});

describe('a newly chosen workspace folder (issue #13)', () => {
  it('opens empty: an empty folder gets an empty manifest that keeps the sample from loading by itself', async () => {
    const folder = path.join(scratch, 'new-workspace');
    await mkdir(folder);
    expect(prepareChosenWorkspace(folder)).toBe(true);
    const manifest = parseManifest(new Uint8Array(await readFile(path.join(folder, 'manifest.json'))));
    expect(manifest.imports).toEqual([]);
    expect(manifest.sampleRemoved).toBe(true);
  });

  it('leaves a workspace that is already there as it is', async () => {
    const folder = path.join(scratch, 'old-workspace');
    await mkdir(folder);
    const existing = '{"formatVersion":1,"imports":[]}\n';
    await writeFile(path.join(folder, 'manifest.json'), existing);
    expect(prepareChosenWorkspace(folder)).toBe(false);
    expect(await readFile(path.join(folder, 'manifest.json'), 'utf8')).toBe(existing);
  });

  it('writes nothing into a published lake, which opens read-only as a fab workspace (issue #17 §1)', async () => {
    const folder = path.join(scratch, 'lake');
    await mkdir(folder);
    await writeFile(path.join(folder, 'catalog.json'), '{"schemaVersion":1,"tables":{},"imports":[]}\n');
    expect(prepareChosenWorkspace(folder)).toBe(false);
    expect(await readdir(folder)).toEqual(['catalog.json']);
  });

  it('keeps the app\'s own files for a lake under userData, one folder per lake, and beside the data otherwise', async () => {
    const lake = path.join(scratch, 'lake-for-state');
    const other = path.join(scratch, 'other-lake');
    for (const folder of [lake, other]) {
      await mkdir(folder);
      await writeFile(path.join(folder, 'catalog.json'), '{"schemaVersion":1,"tables":{},"imports":[]}\n');
    }
    const userData = path.join(scratch, 'user-data');
    const state = appStateFolder(lake, userData);
    expect(path.relative(userData, state).startsWith('..')).toBe(false);
    expect(path.relative(lake, state).startsWith('..')).toBe(true);
    expect(appStateFolder(lake, userData)).toBe(state);
    expect(appStateFolder(other, userData)).not.toBe(state);
    const workspace = path.join(scratch, 'old-workspace');
    expect(appStateFolder(workspace, userData)).toBe(workspace);
  });
});
