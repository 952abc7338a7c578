import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { copySampleWorkspace } from './sampleWorkspace.ts';

describe('the sample workspace fixture', () => {
  it('holds one import per sample die file plus the sample tables', () => {
    const dir = copySampleWorkspace();
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { imports: { sourceFile: string; rows: number }[] };
    const dieFiles = readdirSync('sample-data/fab/dies').filter((name) => name.endsWith('.csv.gz'));
    expect(manifest.imports).toHaveLength(dieFiles.length + 1);
    for (const name of dieFiles) {
      const lines = gunzipSync(readFileSync(join('sample-data/fab/dies', name))).toString('utf8').trim().split('\n').length - 1;
      expect(manifest.imports.find((entry) => entry.sourceFile.endsWith(name))?.rows).toBe(lines);
    }
  }, 300_000);
});
