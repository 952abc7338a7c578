/**
 * SPC at fab scale: create the default chart definitions and evaluate all of them (DuckDB
 * aggregates per wafer, charts in TS), printed as medians. On a workspace folder
 * (`--workspace DIR`, e.g. a 10M-die one; nothing is written to it) or, without one, on generated
 * data (`--spc-dies N`, default 2,000,000 die with 3 parametric tests each).
 * Standalone: `npx tsx bench/spcBench.ts [--workspace DIR | --spc-dies N]`.
 */
import { pathToFileURL } from 'node:url';
import { FolderWorkspaceStore } from '../node/workspace/folderWorkspaceStore.ts';
import { WasmNodeSqlEngine } from '../node/engine/wasmNodeEngine.ts';
import { nodeParquetCodec } from '../node/engine/parquetCodec.ts';
import type { WorkspaceStore } from '../shared/host/hostApi.ts';
import { refreshWaferSummarySql } from '../shared/schema/canonical.ts';
import { refreshWaferTestSummarySql } from '../shared/schema/waferTestSummary.ts';
import { createDefaultDefinitions, evaluateAll, saveDefinitions } from '../shared/spc/monitor/index.ts';
import { createCanonicalTablesSql } from '../shared/workspace/manifest.ts';
import { Workspace } from '../shared/workspace/workspace.ts';

/** Reads from a base store (or nothing), keeps every write in memory: the benchmark never changes a workspace. */
class OverlayStore implements WorkspaceStore {
  private readonly written = new Map<string, Uint8Array>();
  constructor(private readonly base: WorkspaceStore | null) {}
  async describe(): Promise<string> {
    return 'benchmark overlay';
  }
  async readFile(path: string): Promise<Uint8Array | null> {
    return this.written.get(path) ?? (path.startsWith('spc/') || path.startsWith('alerts/') ? null : ((await this.base?.readFile(path)) ?? null));
  }
  async writeFile(path: string, bytes: Uint8Array): Promise<void> {
    this.written.set(path, bytes);
  }
  async removeFile(path: string): Promise<void> {
    this.written.delete(path);
  }
  async listFiles(folder: string): Promise<string[]> {
    return [...this.written.keys()].filter((path) => path.startsWith(`${folder}/`)).sort();
  }
}

/** Value of `--name VALUE` on the command line. */
function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

/** Median time of `runs` calls, printed with a label; returns the last result. */
async function median<T>(label: string, runs: number, action: () => Promise<T>): Promise<T> {
  const times: number[] = [];
  let result: T | undefined;
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    result = await action();
    times.push(performance.now() - start);
  }
  times.sort((left, right) => left - right);
  console.log(`${label.padEnd(52)} median ${(times[Math.floor(times.length / 2)] ?? 0).toFixed(0).padStart(7)} ms  (${runs} runs)`);
  return result as T;
}

/** Generated data: 5,000 die per wafer, 25 wafers per lot, 3 tests with limits, ~10 % fails. */
async function generate(engine: WasmNodeSqlEngine, dieCount: number): Promise<void> {
  for (const statement of createCanonicalTablesSql()) await engine.exec(statement);
  const start = performance.now();
  await engine.exec(`INSERT INTO dies (product, lot, wafer, x, y, site, hard_bin, soft_bin, pass, first_pass, insertions, tested_at)
    SELECT 'VEGA', 'L' || lpad((i // 125000)::VARCHAR, 4, '0'), ((i // 5000) % 25 + 1)::VARCHAR, (i % 5000) % 80, (i % 5000) // 80,
      (i % 4 + 1)::INTEGER, CASE WHEN hash(i) % 10 = 0 THEN 5 ELSE 1 END, 1, hash(i) % 10 <> 0, hash(i) % 10 <> 0, 1,
      TIMESTAMP '2026-09-01' + to_seconds((i // 1000)::BIGINT) FROM range(${dieCount}) t(i)`);
  // The per-wafer counts an open workspace keeps beside `dies` (Workspace.consolidateDies).
  await engine.exec(refreshWaferSummarySql);
  await engine.exec(`INSERT INTO results (product, lot, wafer, x, y, insertion, test_num, value)
    SELECT product, lot, wafer, x, y, 1, t.test_num, 1 + t.test_num * 0.01 + (hash(x, y, lot, wafer, t.test_num) % 1000) / 20000.0
    FROM dies, (VALUES (1001), (2001), (3001)) t(test_num)`);
  // The per-wafer test statistics an open workspace keeps beside `results` (Workspace.refreshTestSummary).
  await engine.exec(refreshWaferTestSummarySql);
  await engine.exec(`INSERT INTO tests (product, test_num, name, lo_limit, hi_limit) VALUES ('VEGA', 1001, 'a', 0, 2), ('VEGA', 2001, 'b', 0, 2), ('VEGA', 3001, 'c', 0, 2)`);
  await engine.exec(`INSERT INTO bins (product, bin_type, bin, name, pass) VALUES ('VEGA', 'hard', 1, 'PASS', true), ('VEGA', 'hard', 5, 'FAIL', false)`);
  console.log(`generated ${dieCount.toLocaleString('en')} die rows (+3 results each) in ${(performance.now() - start).toFixed(0)} ms`);
}

/** Evaluate all default charts on a large workspace and print medians. */
export async function runSpcBench(workspaceDir: string | undefined = argument('workspace')): Promise<void> {
  const engine = await WasmNodeSqlEngine.open();
  try {
    let base: WorkspaceStore | null = null;
    if (workspaceDir) {
      base = new FolderWorkspaceStore(workspaceDir);
      const start = performance.now();
      await new Workspace(engine, base, nodeParquetCodec).open();
      console.log(`opened workspace ${workspaceDir} in ${(performance.now() - start).toFixed(0)} ms`);
    } else await generate(engine, Number(argument('spc-dies') ?? 2_000_000));
    const dies = Number((await engine.query('SELECT count(*) AS n FROM dies')).get(0)?.toJSON().n);
    const definitions = await median('create default chart definitions', 1, () => createDefaultDefinitions(engine));
    console.log(`${dies.toLocaleString('en')} dies, ${definitions.length} default chart definitions`);
    const store = new OverlayStore(base);
    await saveDefinitions(store, definitions);
    const first = await median('evaluate all, first run (phase I, alerts raised)', 1, () => evaluateAll(engine, store));
    console.log(`  ${first.evaluations.length} charts, ${first.newAlerts.length} alerts, ${first.failures.length} failures`);
    await median('evaluate all, frozen limits (no new alerts)', 3, () => evaluateAll(engine, store));
  } finally {
    engine.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runSpcBench();
