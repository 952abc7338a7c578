/** Charts created from the app (issue #14 §3): yield, test and bin charts; no doubles; deleting keeps the chart's history. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmNodeSqlEngine } from '../../../../node/engine/wasmNodeEngine.ts';
import {
  addChart, deleteChart, evaluateAll, limitsHistory, loadDefinitions, saveDefinitions, type ChartDefinition,
} from '../../../../shared/spc/monitor/index.ts';
import { craftedEngine, MemoryStore, type CraftedDie } from './craftedWorkspace.ts';

let engine: WasmNodeSqlEngine;
let dies: CraftedDie[];

beforeAll(async () => {
  ({ engine, dies } = await craftedEngine());
});
afterAll(() => engine.close());

describe('charts made in the app', () => {
  it('a bin chart plots the bin share of each wafer; the same request twice gives one chart; a disabled one is enabled again', () => {
    let set: ChartDefinition[] = [];
    ({ definitions: set } = addChart(set, { kind: 'bin', product: 'P', binType: 'hard', bin: 5, binName: 'FAIL' }));
    ({ definitions: set } = addChart(set, { kind: 'test', product: 'P', testNum: 1, testName: 'vdd' }));
    ({ definitions: set } = addChart(set, { kind: 'yield', product: 'P' }));
    expect(set.map((definition) => [definition.id, definition.chart, definition.rules.join()])).toEqual([
      ['bin-p-P-hard-5', 'p', 'WE1'], ['test-P-1', 'xbar-s', 'WE1'], ['yield-P', 'p', 'WE1'],
    ]);
    const disabled = set.map((definition) => ({ ...definition, enabled: definition.id !== 'yield-P' }));
    const again = addChart(disabled, { kind: 'yield', product: 'P' });
    expect(again.id).toBe('yield-P');
    expect(again.definitions).toHaveLength(3);
    expect(again.definitions.every((definition) => definition.enabled)).toBe(true);
  });

  it('evaluates the new bin chart over the rows, and deleting it keeps its frozen limits in the workspace', async () => {
    const store = new MemoryStore();
    // Baseline of 10 wafers (the crafted workspace has 10) so limits are frozen at once.
    const { definitions, id } = addChart([], { kind: 'bin', product: 'P', binType: 'hard', bin: 5 });
    const shortBaseline = definitions.map((definition) => ({ ...definition, limits: { mode: 'phase-one' as const, baseline: { firstSubgroups: 10 }, dropOutOfControl: false } }));
    await saveDefinitions(store, shortBaseline);
    await store.writeFile('spc/defaulted-products.json', new TextEncoder().encode('["P"]'));
    const result = await evaluateAll(engine, store);
    const evaluation = result.evaluations.find((entry) => entry.definition.id === id);
    const shares = [...new Set(dies.map((die) => `${die.lot}/${die.wafer}`))].map((key) => {
      const wafer = dies.filter((die) => `${die.lot}/${die.wafer}` === key);
      return wafer.filter((die) => die.hardBin === 5).length / wafer.length;
    });
    expect(evaluation?.points.map((point) => point.value)).toEqual(shares);
    expect(await limitsHistory(store, id)).toHaveLength(1);

    await saveDefinitions(store, deleteChart(await loadDefinitions(store), id));
    expect(await loadDefinitions(store)).toEqual([]);
    expect(await limitsHistory(store, id)).toHaveLength(1);
  });
});
