/**
 * A writable EngineHost (the desktop's engine process, `serve --allow-import`) shows the first view
 * before the per-result tables are in (issue #12 §8: first view <= 3 s on a 10M-die workspace): it
 * opens with the small tables and loads `results` and `die_insertions` afterwards. A page's query on
 * them, or on a view over them, waits for that load and then sees every row, as a read-only host
 * that loads everything before answering does; a query that needs neither is not held up behind it.
 */
import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { copySampleWorkspace } from '../support/sampleWorkspace.ts';
import { openInProcessHost } from '../support/inProcessEngine.ts';

const root = copySampleWorkspace();
afterAll(() => rmSync(root, { recursive: true, force: true }));

const countsSql = `SELECT (SELECT count(*) FROM results)::BIGINT AS results, (SELECT count(*) FROM final_results)::BIGINT AS final_results,
  (SELECT count(*) FROM die_insertions)::BIGINT AS insertions, (SELECT sum(value) FROM results WHERE isfinite(value))::DOUBLE AS value_sum`;

it('answers from the small tables at once and from results once they are loaded, with every row', async () => {
  const readOnly = await openInProcessHost(root, false);
  let expected: Record<string, unknown>;
  try {
    expected = (await readOnly.engine.query(countsSql)).get(0)!.toJSON();
  } finally {
    readOnly.connection.close();
    readOnly.host.close();
  }

  const started = performance.now();
  const writable = await openInProcessHost(root, true);
  try {
    const firstViewMs = performance.now() - started;
    let loaded = false;
    const loading = writable.host.loaded().then(() => (loaded = true));
    const stillLoading = !loaded;
    const order: string[] = [];
    const results = writable.engine.query(countsSql).then((table) => (order.push('results'), table.get(0)!.toJSON()));
    const dies = writable.engine.query('SELECT count(*)::BIGINT AS dies FROM dies').then((table) => (order.push('dies'), table.get(0)!.toJSON()));
    const [counts, dieCount] = await Promise.all([results, dies]);
    await loading;
    const loadedMs = performance.now() - started;
    expect(counts).toEqual(expected);
    expect(Number(counts.results)).toBeGreaterThan(1_000_000);
    expect(Number(dieCount.dies)).toBeGreaterThan(0);
    // The query on dies, sent after the one on results, was answered first while the load ran.
    if (stillLoading) expect(order).toEqual(['dies', 'results']);
    console.log(`sample workspace on a writable host: first view after ${firstViewMs.toFixed(0)} ms, results and insertions in after ${loadedMs.toFixed(0)} ms`
      + ` (${Number(counts.results).toLocaleString('en-US')} results); answered in order ${order.join(', ')}${stillLoading ? '' : ' (the load had finished before the queries)'}`);
  } finally {
    writable.connection.close();
    writable.host.close();
  }
}, 300_000);
