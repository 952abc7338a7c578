import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
let config: Configuration;

// electron.builder.yml read and schema-checked by electron-builder's own loader, so a misspelt
// key fails here instead of being ignored at packaging time.
beforeAll(async () => {
  config = await getConfig(projectRoot, 'electron.builder.yml', null);
  await validateConfiguration(config, new DebugLogger(false));
});

describe('electron.builder.yml', () => {
  it('flips the fuses the security checklist asks for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the app into an asar archive, which the integrity fuse validates', () => {
    expect(config.asar).toBe(true);
  });
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('app icons', () => {
  const fromProject = (relativePath: string | undefined | null): string => path.join(projectRoot, String(relativePath));

  it('gives Linux a PNG set up to 512 px and more', async () => {
    expect(config.linux?.icon).toBe('build/icons');
    for (const size of [16, 32, 48, 128, 256, 512]) {
      expect(pngSize(await readFile(path.join(fromProject(config.linux?.icon), `${size}x${size}.png`)))).toEqual([size, size]);
    }
  });

  it('gives Windows an .ico with a 256 px image (electron-builder refuses smaller)', async () => {
    expect(config.win?.icon).toBe('build/icon.ico');
    const ico = await readFile(fromProject(config.win?.icon));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_unused, index) => {
      const entry = 6 + 16 * index;
      const image = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
      return pngSize(image)[0];
    });
    expect(sizes).toContain(256);
    expect(sizes).toContain(16);
  });

  it('gives macOS an .icns with 512 and 1024 px images', async () => {
    expect(config.mac?.icon).toBe('build/icon.icns');
    const icns = await readFile(fromProject(config.mac?.icon));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const elements = new Map<string, number>();
    for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4)) {
      elements.set(icns.subarray(offset, offset + 4).toString('ascii'), pngSize(icns.subarray(offset + 8))[0]);
    }
    expect(elements.get('ic09')).toBe(512);
    expect(elements.get('ic10')).toBe(1024);
  });

  it('links the same wafer as the web build\'s favicon, so the first page load asks for no missing file', async () => {
    const page = await readFile(path.join(projectRoot, 'renderer', 'index.html'), 'utf8');
    expect(page).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg" />');
    const favicon = await readFile(path.join(projectRoot, 'renderer', 'public', 'favicon.svg'), 'utf8');
    expect(favicon).toBe(await readFile(path.join(projectRoot, 'build', 'icon.svg'), 'utf8'));
  });
});
