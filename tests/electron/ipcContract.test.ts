import { describe, expect, it } from 'vitest';
import { hostChannels, workspaceChannels, type ChannelName } from '../../shared/ipc/channels.ts';
import {
  ipcContract,
  maximumAbsolutePathLength,
  maximumChunkSize,
  maximumFileBytes,
  maximumListLength,
  maximumPrintHtmlLength,
} from '../../shared/ipc/contract.ts';

/** A Uint8Array that reports `byteLength` bytes without allocating them. */
function bytesClaiming(byteLength: number): Uint8Array {
  class ClaimedBytes extends Uint8Array {
    override get byteLength(): number {
      return byteLength;
    }
  }
  return new ClaimedBytes(1);
}

const token = 'abcdefghijkl';
const longString = (length: number): string => 'x'.repeat(length);
const pathList = (count: number): string[] => Array.from({ length: count }, (_unused, index) => `parquet/${index}.parquet`);

// [label, channel, direction, payload at the limit, payload just over it]
const payloadLimits: [string, ChannelName, 'request' | 'response', unknown, unknown][] = [
  ['workspace file written', workspaceChannels.writeFile, 'request', ['a.parquet', bytesClaiming(maximumFileBytes)], ['a.parquet', bytesClaiming(maximumFileBytes + 1)]],
  ['workspace file read', workspaceChannels.readFile, 'response', bytesClaiming(maximumFileBytes), bytesClaiming(maximumFileBytes + 1)],
  ['export saved', hostChannels.saveExport, 'request', ['yield.xlsx', bytesClaiming(maximumFileBytes), 'application/zip'], ['yield.xlsx', bytesClaiming(maximumFileBytes + 1), 'application/zip']],
  ['chunk read', hostChannels.readFileChunk, 'response', bytesClaiming(maximumChunkSize), bytesClaiming(maximumChunkSize + 1)],
  ['chunk asked for', hostChannels.readFileChunk, 'request', [token, 0, maximumChunkSize], [token, 0, maximumChunkSize + 1]],
  ['printed PDF', hostChannels.printToPdf, 'response', bytesClaiming(maximumFileBytes), bytesClaiming(maximumFileBytes + 1)],
  ['HTML to print', hostChannels.printToPdf, 'request', [longString(maximumPrintHtmlLength)], [longString(maximumPrintHtmlLength + 1)]],
  ['workspace listing', workspaceChannels.listFiles, 'response', pathList(maximumListLength), pathList(maximumListLength + 1)],
  ['workspace folder', workspaceChannels.describe, 'response', longString(maximumAbsolutePathLength), longString(maximumAbsolutePathLength + 1)],
  ['dropped file path', hostChannels.registerDroppedFile, 'request', [`/${longString(maximumAbsolutePathLength - 1)}`], [`/${longString(maximumAbsolutePathLength)}`]],
  ['notification body', hostChannels.notify, 'request', ['Alert', longString(2000)], ['Alert', longString(2001)]],
];

describe('IPC payload sizes', () => {
  it.each(payloadLimits)('bounds the %s', (_label, channel, direction, atLimit, overLimit) => {
    const schema = ipcContract[channel][direction];
    expect(schema.safeParse(atLimit).success).toBe(true);
    expect(schema.safeParse(overLimit).success).toBe(false);
  });

  it('bounds the files one Open dialog hands out', () => {
    const picked = (count: number) => Array.from({ length: count }, (_unused, index) => ({ token, name: `${index}.csv`, size: 1 }));
    expect(ipcContract[hostChannels.openFiles].response.safeParse(picked(maximumListLength)).success).toBe(true);
    expect(ipcContract[hostChannels.openFiles].response.safeParse(picked(maximumListLength + 1)).success).toBe(false);
  });
});
