import { describe, expect, it } from 'vitest';
import { bindChannels } from '../../electron/preload/channelBindings.ts';
import { allChannelNames, hostChannels, watchFolderChannels, workspaceChannels, type ChannelName } from '../../shared/ipc/channels.ts';
import { ipcContract } from '../../shared/ipc/contract.ts';

describe('channel tables and contract', () => {
  it('lists each channel once and gives every channel a request and response schema', () => {
    expect(new Set(allChannelNames).size).toBe(allChannelNames.length);
    expect(Object.keys(ipcContract).sort()).toEqual([...allChannelNames].sort());
  });

  it('covers every HostApi method and WorkspaceStore method', () => {
    expect(Object.keys(hostChannels).sort()).toEqual(['notify', 'openFiles', 'openWorkspaceFolder', 'printToPdf', 'readFileChunk', 'registerDroppedFile', 'releaseFile', 'saveExport']);
    expect(Object.keys(workspaceChannels).sort()).toEqual(['describe', 'listFiles', 'readFile', 'removeFile', 'writeFile']);
    expect(Object.keys(watchFolderChannels).sort()).toEqual(['add', 'list', 'remove', 'reportOutcome']);
  });
});

describe('bindChannels', () => {
  it('makes one function per channel that forwards its arguments to that channel', async () => {
    const calls: [ChannelName, unknown[]][] = [];
    const invoke = async (channel: ChannelName, ...args: unknown[]): Promise<unknown> => {
      calls.push([channel, args]);
      return null;
    };
    const workspace = bindChannels(workspaceChannels, invoke);
    const host = bindChannels(hostChannels, invoke);
    const bytes = new Uint8Array([1, 2]);
    await workspace.writeFile('manifest.json', bytes);
    await workspace.describe();
    await host.readFileChunk('abcdefghijkl', 1024, 4096);
    expect(calls).toEqual([
      ['workspace:writeFile', ['manifest.json', bytes]],
      ['workspace:describe', []],
      ['host:readFileChunk', ['abcdefghijkl', 1024, 4096]],
    ]);
  });
});
