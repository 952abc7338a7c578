/**
 * The sample fab's descriptive tables (wafers, tests, bins, equipment history) are one import; its
 * row count is what the shift summary and the import log show ("0 rows" before this was counted).
 * Checked on both engines against the CSV files' own data lines.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { NativeSqlEngine } from '../../../node/engine/nativeEngine.ts';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { sampleTableFiles, stageSampleTables } from '../../../shared/import/sampleTablesImport.ts';

const fab = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sample-data/fab');

/** Data lines of a CSV file (the sample's files quote no line breaks): non-empty lines after the header. */
function dataLines(bytes: Uint8Array): number {
  return new TextDecoder().decode(bytes).split(/\r?\n/).slice(1).filter((line) => line.trim() !== '').length;
}

for (const kind of ['native', 'wasm'] as const) {
  it(`${kind}: counts every staged row of the four tables`, async () => {
    const engine = kind === 'native' ? await NativeSqlEngine.open({ threads: 1 }) : await WasmNodeSqlEngine.open();
    try {
      const contents = sampleTableFiles.map((name) => new Uint8Array(readFileSync(path.join(fab, `${name}.csv`))));
      const names = sampleTableFiles.map((name) => `sample/t1/${name}.csv`);
      for (const [index, bytes] of contents.entries()) await engine.registerBuffer(names[index]!, bytes);
      const rows = await stageSampleTables(engine, names, 't1');
      const expected = contents.reduce((sum, bytes) => sum + dataLines(bytes), 0);
      expect(expected).toBeGreaterThan(100);
      expect(rows).toBe(expected);
    } finally {
      engine.close();
    }
  }, 120_000);
}
