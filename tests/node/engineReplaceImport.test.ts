/**
 * A watched STDF file imported as partial and later grown replaces its partial import (issue #12 §6)
 * when the import goes through the engine protocol, as the desktop window's watch folders do: the
 * real EngineHost over native DuckDB, the real import orchestrator on the page's side. The dies after
 * the replacement equal the lot's reference CSV, not the cut file's dies counted again as retests.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'fflate';
import { afterAll, expect, it } from 'vitest';
import { importFile, type ImportFileSource } from '../../shared/import/importFile.ts';
import { sha256Hex } from '../../node/import/fileImportSource.ts';
import { openInProcessHost } from '../support/inProcessEngine.ts';
import { sampleCsvRows, sampleFinalDies } from '../support/sampleTruth.ts';

const root = mkdtempSync(path.join(tmpdir(), 'ym-replace-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function bytesSource(name: string, bytes: Uint8Array): ImportFileSource {
  return { name, size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

it('a grown file replaces its partial import over the engine protocol', async () => {
  const stdf = gunzipSync(new Uint8Array(readFileSync('sample-data/fab/stdf/OR26003.stdf.gz')));
  const session = await openInProcessHost(root, true);
  try {
    const target = { engine: session.engine, workspace: session.workspace, sha256: sha256Hex };
    const cut = await importFile(target, bytesSource('OR26003.stdf', stdf.subarray(0, Math.floor(stdf.length / 2))), { incompleteStdf: 'partial' });
    if (cut.kind !== 'imported') throw new Error(`expected the cut file imported as partial: ${cut.kind}`);
    expect(cut.record.partial).toBeDefined();
    const cutDies = Number((await session.engine.query('SELECT count(*)::INTEGER AS n FROM dies')).get(0)!.n);

    const grown = await importFile(target, bytesSource('OR26003.stdf', stdf), { replaces: cut.record.importId });
    if (grown.kind !== 'imported') throw new Error(`expected the grown file imported: ${grown.kind}`);
    const truth = sampleFinalDies().filter((die) => die.lot === 'OR26003');
    // Dies the tester itself tested more than once (rows per die in the lot's reference CSV).
    const rowsPerDie = new Map<string, number>();
    for (const row of sampleCsvRows('dies/OR26003.csv.gz')) rowsPerDie.set(`${row['wafer']}|${row['x']}|${row['y']}`, (rowsPerDie.get(`${row['wafer']}|${row['x']}|${row['y']}`) ?? 0) + 1);
    const testedTwice = [...rowsPerDie.values()].filter((rows) => rows > 1).length;
    const counts = (await session.engine.query(`SELECT count(*)::INTEGER AS dies, count(*) FILTER (WHERE pass)::INTEGER AS good,
        count(*) FILTER (WHERE insertions > 1)::INTEGER AS retested FROM dies`)).get(0)!.toJSON();
    expect(cutDies).toBeLessThan(truth.length);
    expect(counts).toEqual({ dies: truth.length, good: truth.filter((die) => die.pass).length, retested: testedTwice });
    expect(session.workspace.manifest.imports.map((record) => record.importId)).toEqual([grown.record.importId]);
  } finally {
    session.connection.close();
    session.host.close();
  }
}, 180_000);
