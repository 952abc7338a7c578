import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { applyRules, defaultAppliedRules, screenLot } from '../../../shared/screening/lotScreening.ts';
import { exportWaferMap } from '../../../shared/screening/mapExport.ts';
import { readSinf } from '../../../shared/wafermap/sinfFormat.ts';
import { generatedDies, generatedEngine } from './generatedLots.ts';
import { gdbnCounts, type OracleDie } from './screeningOracle.ts';

/** Passing dies of a drawn-free oracle: inside or at the rim of an 8-connected failing cluster of >= minCluster dies. */
function clusterOracle(dies: readonly OracleDie[], minCluster: number): Set<string> {
  const at = new Map(dies.map((die) => [`${die.wafer}/${die.x}/${die.y}`, die]));
  const seen = new Set<string>();
  const rejected = new Set<string>();
  for (const start of dies) {
    const startKey = `${start.wafer}/${start.x}/${start.y}`;
    if (start.pass || seen.has(startKey)) continue;
    const members: OracleDie[] = [];
    const queue = [start];
    seen.add(startKey);
    while (queue.length > 0) {
      const die = queue.pop()!;
      members.push(die);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const key = `${die.wafer}/${die.x + dx}/${die.y + dy}`;
          const next = at.get(key);
          if (next && !next.pass && !seen.has(key)) {
            seen.add(key);
            queue.push(next);
          }
        }
      }
    }
    if (members.length < minCluster) continue;
    // The rim: passing dies with a member among their 8 neighbours (the generated clusters enclose nothing deeper).
    for (const member of members) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const key = `${member.wafer}/${member.x + dx}/${member.y + dy}`;
          if (at.get(key)?.pass) rejected.add(key);
        }
      }
    }
  }
  return rejected;
}

describe('the screening panel: which rules count (issue #16 §3)', () => {
  const lot = 'L5';
  const dies = generatedDies();
  const lotDies = dies.filter((die) => die.lot === lot);
  const good = lotDies.filter((die) => die.pass).length;
  const gdbn = new Set([...gdbnCounts(lotDies)].filter(([, bad]) => bad >= 6).map(([key]) => key));
  const cluster = clusterOracle(lotDies, 5);
  let engine: WasmNodeSqlEngine;
  beforeAll(async () => {
    engine = await generatedEngine(dies);
  }, 60_000);
  afterAll(() => engine?.close());

  it('counts a die two applied rules reject once, and only the applied rules make the yield after', async () => {
    const union = new Set([...gdbn, ...cluster]);
    expect(gdbn.size).toBeGreaterThan(0);
    expect(cluster.size).toBeGreaterThan(gdbn.size);
    const both = await screenLot(engine, lot, ['gdbn', 'cluster']);
    expect(both.rules.map((rule) => [rule.method, rule.applied, rule.rejectedDies])).toEqual([['gdbn', true, gdbn.size], ['cluster', true, cluster.size]]);
    expect(both.screenedDies).toBe(union.size);
    expect(both.yieldAfter).toBeCloseTo((good - union.size) / lotDies.length, 12);

    const gdbnOnly = applyRules(both, ['gdbn']);
    expect(gdbnOnly.rules.map((rule) => rule.applied)).toEqual([true, false]);
    expect(gdbnOnly.rules[1]!.rejectedDies).toBe(cluster.size);
    expect(gdbnOnly.screenedDies).toBe(gdbn.size);
    expect(gdbnOnly.yieldAfter).toBeCloseTo((good - gdbn.size) / lotDies.length, 12);
    expect(applyRules(gdbnOnly, []).yieldAfter).toBeCloseTo(good / lotDies.length, 12);
    console.log(`lot ${lot}: ${good} of ${lotDies.length} passing; GDBN ${gdbn.size}, cluster ${cluster.size}, both ${union.size}`);
  });

  it('leaves the cluster rule out by default and takes its smallest cluster from the settings', async () => {
    expect(defaultAppliedRules).not.toContain('cluster');
    const screening = await screenLot(engine, lot, ['gdbn', 'cluster'], { minCluster: 100 }, defaultAppliedRules);
    expect(screening.rules.find((rule) => rule.method === 'cluster')).toMatchObject({ applied: false, rejectedDies: 0 });
    expect(screening.screenedDies).toBe(gdbn.size);
  });

  it('inks in the exported map what the chosen rules with the chosen settings reject', async () => {
    const wafer = 'W1';
    const waferDies = lotDies.filter((die) => die.wafer === wafer);
    const chosen = clusterOracle(waferDies, 1);
    const byDefault = clusterOracle(waferDies, 5);
    const file = await exportWaferMap(engine, lot, wafer, 'sinf', { screened: true, methods: ['cluster'], settings: { minCluster: 1 } });
    const inked = readSinf(new TextDecoder().decode(file.bytes)).dies.filter((die) => die.bin === 63).map((die) => `${wafer}/${die.x}/${die.y}`);
    expect(chosen.size).toBeGreaterThan(byDefault.size);
    console.log(`wafer ${wafer}: the cluster rule inks ${chosen.size} dies at the smallest cluster 1, ${byDefault.size} at 5`);
    expect(inked.sort()).toEqual([...chosen].sort());
  });
});
