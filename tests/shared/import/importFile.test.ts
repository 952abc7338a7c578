/**
 * The import orchestrator (issue #12 §7) on both Node engines: one rule by content whoever calls,
 * and the manifest records what happened (ok, partial, rejected; a grown file replaces its partial import).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { engineKinds } from '../../support/engines.ts';
import { openNodeEngine, workspaceOn, type NodeSqlEngine } from '../../../node/workspace/openWorkspace.ts';
import { nodeImportTarget } from '../../../node/import/fileImportSource.ts';
import { importFile, type ImportFileSource } from '../../../shared/import/importFile.ts';

const corpus = path.resolve('../shared/corpus/stdf');

function bytesSource(name: string, bytes: Uint8Array): ImportFileSource {
  return { name, size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

/** PRR count and the start of every record, by an independent walk of little-endian STDF headers. */
function walk(bytes: Uint8Array): { prr: number; starts: number[] } {
  const starts: number[] = [];
  let prr = 0;
  for (let offset = 0; offset + 4 <= bytes.length; offset += 4 + (bytes[offset]! | (bytes[offset + 1]! << 8))) {
    starts.push(offset);
    if (bytes[offset + 2] === 5 && bytes[offset + 3] === 20) prr++;
  }
  return { prr, starts };
}

let scratch = '';
let engine: NodeSqlEngine | null = null;
afterEach(async () => {
  engine?.close();
  engine = null;
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe.each(engineKinds)('importFile (%s DuckDB)', (kind) => {
  it('decides by content: a gzip STDF named .gz is STDF, a gzip CSV named .gz is CSV, a text datalog named .stdf is recorded as rejected', async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'ym-import-file-'));
    engine = await openNodeEngine(kind);
    const workspace = workspaceOn(engine, scratch);
    await workspace.open();
    const target = nodeImportTarget(engine, workspace);
    const lot3 = new Uint8Array(await readFile(path.join(corpus, 'noonchen__lot3.stdf.gz')));
    const lot3Truth = JSON.parse(await readFile(path.join(corpus, 'noonchen__lot3.stdf.gz.truth.json'), 'utf8')) as { pystdf: { parts: { PRR_count: number } } };
    const csv = new TextEncoder().encode('lot,wafer,x,y,hard_bin\nC1,1,0,0,1\nC1,1,1,0,2\nC1,1,2,0,1\n');
    const datalog = new TextEncoder().encode('Site 1  Test 1001 cont_vdd  -0.52 V  PASS\n');
    const stdf = await importFile(target, bytesSource('lot3.gz', lot3));
    const text = await importFile(target, bytesSource('dies.gz', gzipSync(csv)));
    const refused = await importFile(target, bytesSource('datalog.stdf', datalog));
    const again = await importFile(target, bytesSource('copy.gz', lot3));
    expect([stdf.kind, text.kind, refused.kind, again.kind]).toEqual(['imported', 'imported', 'rejected', 'duplicate']);
    expect(refused.message).toBe('datalog.stdf: not an STDF file (looks like text), nothing imported');
    expect(workspace.manifest.imports.map((record) => [record.sourceFile, record.format, record.status, record.rows])).toEqual([
      ['lot3.gz', 'stdf', 'ok', lot3Truth.pystdf.parts.PRR_count],
      ['dies.gz', 'csv', 'ok', 3],
      ['datalog.stdf', 'csv', 'rejected', 0],
    ]);
  });

  it('imports a cut STDF file as partial with the offset where it ends, and the whole file then replaces it', async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'ym-import-file-'));
    engine = await openNodeEngine(kind);
    const workspace = workspaceOn(engine, scratch);
    await workspace.open();
    const target = nodeImportTarget(engine, workspace);
    const whole = gunzipSync(new Uint8Array(await readFile('sample-data/fab/stdf/OR26008.stdf.gz')));
    const { prr, starts } = walk(whole);
    const cutAt = Math.floor(whole.length / 2) + 1;
    const cutRecord = starts.filter((start) => start < cutAt).at(-1)!;
    const cut = await importFile(target, bytesSource('OR26008.stdf', whole.subarray(0, cutAt)), { incompleteStdf: 'wait' });
    expect(cut.kind).toBe('incomplete');
    const partial = await importFile(target, bytesSource('OR26008.stdf', whole.subarray(0, cutAt)), { incompleteStdf: 'partial' });
    if (partial.kind !== 'imported') throw new Error(partial.message);
    expect(partial.record.partial).toEqual({ offset: cutRecord, unreadBytes: cutAt - cutRecord });
    expect(partial.record.warnings[0]).toContain(`OR26008.stdf: incomplete, no MRR: the file ends at byte offset ${cutRecord}`);
    const complete = await importFile(target, bytesSource('OR26008.stdf', whole), { replaces: partial.record.importId });
    expect(complete.kind).toBe('imported');
    expect(workspace.manifest.imports.map((record) => [record.sourceFile, record.rows, record.partial])).toEqual([['OR26008.stdf', prr, undefined]]);
    const counted = await engine.query('SELECT (SELECT count(*) FROM die_insertions)::INTEGER AS insertions, (SELECT sum(insertions) FROM dies)::INTEGER AS die_insertions');
    expect(counted.toArray().map((row: { insertions: number; die_insertions: number }) => [row.insertions, row.die_insertions])).toEqual([[prr, prr]]);
  });

  it('a second writer that had the partial import loaded drops it when it next commits (the other writer replaced it)', async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'ym-import-file-'));
    engine = await openNodeEngine(kind);
    const other = await openNodeEngine(kind);
    try {
      const watcher = workspaceOn(engine, scratch);
      await watcher.open();
      const whole = gunzipSync(new Uint8Array(await readFile('sample-data/fab/stdf/OR26008.stdf.gz')));
      const { prr } = walk(whole);
      const partial = await importFile(nodeImportTarget(engine, watcher), bytesSource('OR26008.stdf', whole.subarray(0, whole.length >> 1)), { incompleteStdf: 'partial' });
      if (partial.kind !== 'imported') throw new Error(partial.message);
      const app = workspaceOn(other, scratch);
      await app.open();
      await importFile(nodeImportTarget(engine, watcher), bytesSource('OR26008.stdf', whole), { replaces: partial.record.importId });
      const csv = new TextEncoder().encode('lot,wafer,x,y,hard_bin\nC1,1,0,0,1\nC1,1,1,0,2\n');
      await importFile(nodeImportTarget(other, app), bytesSource('other.csv', csv));
      expect(app.manifest.imports.map((record) => record.sourceFile)).toEqual(['OR26008.stdf', 'other.csv']);
      const counted = await other.query('SELECT (SELECT count(*) FROM die_insertions)::INTEGER AS insertions, (SELECT sum(insertions) FROM dies)::INTEGER AS die_insertions');
      expect(counted.toArray().map((row: { insertions: number; die_insertions: number }) => [row.insertions, row.die_insertions])).toEqual([[prr + 2, prr + 2]]);
    } finally {
      other.close();
    }
  });
});
