import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Files whose content decides what an imported sample workspace looks like. */
function inputsHash(): string {
  const hash = createHash('sha256');
  const folders = [
    'sample-data/fab', 'sample-data/fab/dies', 'sample-data/fab/stdf', 'shared/import', 'shared/workspace', 'shared/schema', 'shared/stdf', 'shared/sql',
    'node/engine', 'node/workspace',
  ];
  for (const folder of folders.filter((candidate) => existsSync(candidate))) {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isFile()) hash.update(path).update(readFileSync(path));
    }
  }
  hash.update('cli/commands/import.ts').update(readFileSync('cli/commands/import.ts'));
  return hash.digest('hex').slice(0, 16);
}

/**
 * A workspace folder with the whole sample fab imported by `yield-monitor import --sample` (the
 * lots with a sample-data/fab/stdf/<LOT>.stdf.gz from that STDF file, the others from their die CSV), built
 * once per content of the sample and the import code and cached under the OS temp dir. Read-only:
 * copy it (copySampleWorkspace) before writing. Call it from beforeAll with a long timeout (the
 * first build takes 30-90 s on a 2-core machine).
 */
export function sampleWorkspaceDir(): string {
  const target = join(tmpdir(), `ym-sample-workspace-${inputsHash()}`);
  if (existsSync(join(target, 'manifest.json'))) return target;
  const building = mkdtempSync(join(tmpdir(), 'ym-sample-building-'));
  const result = spawnSync(process.execPath, ['cli/bin.mjs', 'import', '--sample', '--workspace', building], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the sample workspace failed: ${result.stderr}`);
  try {
    renameSync(building, target);
  } catch (error) {
    // Another test process finished first: its copy is identical.
    if (!existsSync(join(target, 'manifest.json'))) throw error;
    rmSync(building, { recursive: true, force: true });
  }
  return target;
}

/** A private, writable copy of the sample workspace. */
export function copySampleWorkspace(): string {
  const copy = mkdtempSync(join(tmpdir(), 'ym-sample-copy-'));
  cpSync(sampleWorkspaceDir(), copy, { recursive: true });
  return copy;
}
