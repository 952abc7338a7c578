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
