/**
 * A workspace of many small imports (a shift's tester files) opens by loading many imports' files per
 * statement, each import's result keys moved into its own range (shared/workspace/resultKeys.ts): every
 * value must still join to its own import's wafer. 70 imports (more than one batch of files) of die CSVs
 * with values of their own, opened whole and with the large tables deferred, on both engines; the
 * results per lot are checked against the CSVs' values summed here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openNodeWorkspace, type NodeEngineKind } from '../../node/workspace/openWorkspace.ts';
import { expectResultsAsWritten, writeCsvImports, type LotTruth } from '../support/csvImports.ts';

const imports = 70;
const root = mkdtempSync(path.join(tmpdir(), 'ym-many-imports-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let truth: LotTruth;
beforeAll(async () => {
  truth = await writeCsvImports(root, imports);
}, 300_000);

describe.each(['native', 'wasm'] as NodeEngineKind[])('%s engine: a workspace of 70 imports', (kind) => {
  for (const deferred of [false, true]) {
    it(`joins every value to its own import's wafer (${deferred ? 'large tables loaded after the first view' : 'every table at open'})`, async () => {
      const { engine, workspace } = await openNodeWorkspace(root, { engine: kind, defer: deferred ? ['result_values', 'die_insertions', 'dies'] : [] });
      try {
        await workspace.loadDeferred();
        await expectResultsAsWritten(engine, truth);
      } finally {
        engine.close();
      }
    }, 300_000);
  }
});
