import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { copySampleWorkspace } from './sampleWorkspace.ts';

describe('the sample workspace fixture', () => {
  it('holds one import per sample lot (its STDF file if it has one, else its die CSV) plus the sample tables', () => {
    const dir = copySampleWorkspace();
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { imports: { sourceFile: string; rows: number; format: string }[] };
    const dieFiles = readdirSync('sample-data/fab/dies').filter((name) => name.endsWith('.csv.gz'));
    const stdfFiles = existsSync('sample-data/fab/stdf') ? readdirSync('sample-data/fab/stdf').filter((name) => name.endsWith('.stdf.gz')) : [];
    expect(stdfFiles.length).toBeGreaterThan(0);
    expect(manifest.imports).toHaveLength(dieFiles.length + 1);
    for (const name of dieFiles) {
      const lines = gunzipSync(readFileSync(join('sample-data/fab/dies', name))).toString('utf8').trim().split('\n').length - 1;
      const stdfName = name.replace(/\.csv\.gz$/, '.stdf.gz');
      const imported = stdfFiles.includes(stdfName) ? stdfName : name;
      const entry = manifest.imports.find((candidate) => candidate.sourceFile.endsWith(imported));
      expect(entry?.format, imported).toBe(imported === name ? 'csv' : 'stdf');
      // Every line of the reference CSV is one insertion, whichever file the lot was imported from.
      expect(entry?.rows, imported).toBe(lines);
    }
    expect(manifest.imports.at(-1)?.format).toBe('sample');
  }, 300_000);
});
