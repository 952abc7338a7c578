import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTokenError, FileTokenRegistry } from '../../electron/main/fileTokens.ts';
import { fileTokenSchema } from '../../shared/ipc/contract.ts';

let scratchFolder = '';
let samplePath = '';
const sampleText = 'FAR,ATR,MIR,WIR,PIR,PRR,WRR,MRR';

beforeAll(async () => {
  scratchFolder = await mkdtemp(path.join(tmpdir(), 'ym-tokens-'));
  samplePath = path.join(scratchFolder, 'lot1.stdf');
  await writeFile(samplePath, sampleText);
});
afterAll(async () => {
  await rm(scratchFolder, { recursive: true, force: true });
});

describe('FileTokenRegistry', () => {
  it('hands out a contract-valid token with the name and size, never the path', async () => {
    const picked = await new FileTokenRegistry().register(samplePath);
    expect(fileTokenSchema.safeParse(picked.token).success).toBe(true);
    expect(picked).toEqual({ token: picked.token, name: 'lot1.stdf', size: sampleText.length });
    expect(JSON.stringify(picked)).not.toContain(scratchFolder);
  });

  it('reads chunks by offset, short at the end of the file', async () => {
    const registry = new FileTokenRegistry();
    const { token } = await registry.register(samplePath);
    const decoder = new TextDecoder();
    expect(decoder.decode(await registry.readChunk(token, 0, 3))).toBe('FAR');
    expect(decoder.decode(await registry.readChunk(token, 4, 3))).toBe('ATR');
    expect(decoder.decode(await registry.readChunk(token, sampleText.length - 3, 100))).toBe('MRR');
    expect((await registry.readChunk(token, sampleText.length, 100)).length).toBe(0);
  });

  it('refuses unknown or forgotten tokens', async () => {
    const registry = new FileTokenRegistry();
    const { token } = await registry.register(samplePath);
    registry.forget(token);
    await expect(registry.readChunk(token, 0, 1)).rejects.toThrow(FileTokenError);
    await expect(registry.readChunk('never-issued-token', 0, 1)).rejects.toThrow(FileTokenError);
  });

  it.each([
    ['a relative path', 'lot1.stdf'],
    ['a folder', tmpdir()],
    ['a missing file', path.join(tmpdir(), 'ym-definitely-missing.stdf')],
  ])('refuses to register %s', async (_label, candidate) => {
    await expect(new FileTokenRegistry().register(candidate)).rejects.toThrow(FileTokenError);
  });
});
