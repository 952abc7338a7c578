/** Newly imported products get the default chart set (issue #14 §3); a product's deleted charts stay deleted. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmNodeSqlEngine } from '../../../../node/engine/wasmNodeEngine.ts';
import { defaultedProductsPath, ensureDefinitions, loadDefinitions, saveDefinitions } from '../../../../shared/spc/monitor/index.ts';
import { craftedEngine, MemoryStore } from './craftedWorkspace.ts';

let engine: WasmNodeSqlEngine;

beforeAll(async () => {
  ({ engine } = await craftedEngine());
});
afterAll(() => engine.close());

describe('default charts per product', () => {
  it('a new workspace gets the set, a deleted chart is not brought back, a new product gets its own set', async () => {
    const store = new MemoryStore();
    const first = await ensureDefinitions(engine, store);
    expect(first.map((definition) => definition.id)).toEqual(['yield-P', 'yield-floor-P', 'test-P-1', 'bin-P-hard-5']);
    expect(new TextDecoder().decode((await store.readFile(defaultedProductsPath)) ?? new Uint8Array())).toBe('["P"]\n');

    // The user deletes the X-bar chart: the next evaluation leaves it deleted.
    await saveDefinitions(store, first.filter((definition) => definition.id !== 'test-P-1'));
    expect((await ensureDefinitions(engine, store)).map((definition) => definition.id)).toEqual(['yield-P', 'yield-floor-P', 'bin-P-hard-5']);

    // A lot of a new product Q is imported: Q gets its yield charts, P's set stays as the user left it.
    await engine.exec(`INSERT INTO dies (product, lot, wafer, x, y, hard_bin, soft_bin, pass, first_pass, insertions, tested_at)
      SELECT 'Q', 'Q1', '1', i, 0, 1, 1, true, true, 1, TIMESTAMP '2026-11-01 00:00:00' FROM range(10) t(i)`);
    const later = await ensureDefinitions(engine, store);
    expect(later.map((definition) => definition.id)).toEqual(['yield-P', 'yield-floor-P', 'bin-P-hard-5', 'yield-Q', 'yield-floor-Q']);
    expect(later.find((definition) => definition.id === 'yield-Q')).toMatchObject({ enabled: true, filter: { product: 'Q' } });
    expect((await loadDefinitions(store)).map((definition) => definition.id)).toEqual(later.map((definition) => definition.id));
    expect(new TextDecoder().decode((await store.readFile(defaultedProductsPath)) ?? new Uint8Array())).toBe('["P","Q"]\n');
  });

  it('a workspace saved before the record: the products its definitions name count as done', async () => {
    const store = new MemoryStore();
    const [yieldChart] = await ensureDefinitions(engine, new MemoryStore());
    await saveDefinitions(store, [yieldChart!]);
    expect((await ensureDefinitions(engine, store)).map((definition) => definition.filter.product)).toEqual(['P', 'Q', 'Q']);
  });
});
