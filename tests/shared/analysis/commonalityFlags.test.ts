import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WasmNodeSqlEngine } from '../../../node/engine/wasmNodeEngine.ts';
import { parseCommonalityResponse, populationBound, runCommonality, type CommonalityFinding } from '../../../shared/analysis/commonality.ts';
import { detectDropTime } from '../../../shared/analysis/commonalityChangePoint.ts';
import { craftedWafers, loadCraftedFab } from './commonalityCraftedFab.ts';

const everything = { product: null, from: null, to: null, lots: null };
const wafers = craftedWafers();

function keyOf(finding: CommonalityFinding): string {
  return `${finding.step}/${finding.factor}`;
}

/** Partition of the wafers by level, as a canonical string (first-seen numbering in key order). */
function partition(levelOf: (index: number) => string): string {
  const seen = new Map<string, number>();
  return wafers.map((_, index) => {
    const level = levelOf(index);
    if (!seen.has(level)) seen.set(level, seen.size);
    return seen.get(level);
  }).join(',');
}

let engine: WasmNodeSqlEngine;

beforeAll(async () => {
  engine = await WasmNodeSqlEngine.open();
  await loadCraftedFab(engine, wafers);
});

afterAll(() => engine.close());

describe('commonality flags on crafted data', () => {
  it('flags CMP tool and chamber (one chamber per tool) as confounded, each naming the other', async () => {
    // Independent check that the crafted route really has identical partitions.
    expect(partition((index) => wafers[index]?.cmp.tool ?? '')).toBe(partition((index) => wafers[index]?.cmp.chamber ?? ''));
    const { findings } = await runCommonality(engine, { response: parseCommonalityResponse('wafer-yield'), population: everything });
    const tool = findings.find((finding) => keyOf(finding) === 'CMP/tool');
    const chamber = findings.find((finding) => keyOf(finding) === 'CMP/chamber');
    expect(tool?.flags).toContain('confounded');
    expect(tool?.confoundedWith).toContain('CMP/chamber');
    expect(chamber?.confoundedWith).toContain('CMP/tool');
    expect(findings.find((finding) => keyOf(finding) === 'ETCH/chamber')?.flags).not.toContain('confounded');
  });

  it('flags a level with fewer than 5 wafers as small-group, and one-level factors as single-level', async () => {
    const { findings } = await runCommonality(engine, { response: parseCommonalityResponse('wafer-yield'), population: everything });
    const litho = findings.find((finding) => keyOf(finding) === 'LITHO/tool');
    expect(litho?.groups.find((group) => group.level === 'S3')?.n).toBe(2);
    expect(litho?.flags).toContain('small-group');
    const recipe = findings.find((finding) => keyOf(finding) === 'ETCH/recipe');
    expect(recipe?.flags).toEqual(['single-level']);
    expect(recipe?.p).toBeNull();
    // Single-level equipment factors (no change to rank) close the equipment section; the weeks follow it.
    expect(findings.filter((finding) => finding.kind === 'which').slice(-3).every((finding) => finding.flags.includes('single-level'))).toBe(true);
  });

  it('reads factors from the wafer_factors view when it exists (e.g. an STDF handler)', async () => {
    await engine.exec(`CREATE OR REPLACE VIEW wafer_factors AS
      SELECT lot, wafer, 'TEST' AS step, 'handler' AS factor, CASE WHEN wafer IN ('1', '2') THEN 'H-1' ELSE 'H-2' END AS level, start_time AS step_time FROM wafers
      UNION ALL SELECT lot, wafer, step, 'tool', tool, start_time FROM equipment_history`);
    try {
      const { findings } = await runCommonality(engine, { response: parseCommonalityResponse('wafer-yield'), population: everything });
      const handler = findings.find((finding) => keyOf(finding) === 'TEST/handler');
      expect(handler?.groups).toEqual([
        expect.objectContaining({ level: 'H-1', n: 10 }),
        expect.objectContaining({ level: 'H-2', n: wafers.length - 10 }),
      ]);
      expect(findings.some((finding) => finding.factor === 'chamber')).toBe(false);
    } finally {
      await engine.exec('DROP VIEW wafer_factors');
    }
  });
});

describe('drop date of the worst level', () => {
  const hour = 3_600_000;
  const noise = [0.01, -0.02, 0.015, 0, -0.01, 0.02, -0.015, 0.005];

  it('finds the first point after a step down', () => {
    const points = Array.from({ length: 24 }, (_, index) => ({ time: index * hour, response: (index < 14 ? 0.9 : 0.7) + (noise[index % 8] ?? 0) }));
    expect(detectDropTime(points.reverse(), 'down')).toBe(14 * hour);
  });

  it('reports nothing for a flat series or for a step in the other direction', () => {
    const flat = Array.from({ length: 24 }, (_, index) => ({ time: index * hour, response: 0.9 + (noise[index % 8] ?? 0) }));
    expect(detectDropTime(flat, 'down')).toBeNull();
    const rising = flat.map((point, index) => ({ ...point, response: point.response + (index >= 12 ? 0.2 : 0) }));
    expect(detectDropTime(rising, 'down')).toBeNull();
    expect(detectDropTime(rising, 'up')).toBe(12 * hour);
  });
});

describe('response and date parsing', () => {
  it.each([
    ['wafer-yield', { kind: 'wafer-yield', number: null }],
    ['lot-yield', { kind: 'lot-yield', number: null }],
    ['bin:7', { kind: 'bin', number: 7 }],
    ['test:4001', { kind: 'test', number: 4001 }],
  ])('parses %s', (text, expected) => {
    expect(parseCommonalityResponse(text)).toEqual(expected);
  });

  it.each(['yield', 'bin:', 'bin:x', 'test:1.5'])('rejects %s', (text) => {
    expect(() => parseCommonalityResponse(text)).toThrow(/not one of/);
  });

  it('makes a bare --to date include that whole day', () => {
    expect(populationBound('2026-10-05', 'from')).toBe('2026-10-05 00:00:00.000');
    expect(populationBound('2026-10-05', 'to')).toBe('2026-10-06 00:00:00.000');
    expect(() => populationBound('yesterday', 'from')).toThrow(/not a date/);
  });
});
