import { describe, expect, it } from 'vitest';
import { DefinitionError, parseDefinitions, serialiseDefinitions, type ChartDefinition } from '../../../../shared/spc/monitor/index.ts';

const valid: ChartDefinition = {
  id: 'yield-P', name: 'P wafer yield', enabled: true, metric: { kind: 'wafer-yield' }, filter: { product: 'P' }, chart: 'p',
  rules: ['WE1', 'N3'], limits: { mode: 'phase-one', baseline: { firstSubgroups: 20 }, dropOutOfControl: true }, severity: { WE1: 'critical' },
};

/** A copy of the valid definition with some fields replaced or removed (undefined). */
function variant(changes: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...valid };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
  }
  return copy;
}

describe('chart definition validation', () => {
  it('accepts a valid set as an array, as {definitions}, and round-trips through serialiseDefinitions', () => {
    expect(parseDefinitions([valid])).toEqual([valid]);
    expect(parseDefinitions({ definitions: [valid] })).toEqual([valid]);
    expect(parseDefinitions(serialiseDefinitions([valid]))).toEqual([valid]);
  });

  const bad: { name: string; input: unknown; message: RegExp }[] = [
    { name: 'not JSON', input: '{"definitions": [', message: /not valid JSON/ },
    { name: 'not a list', input: '{"charts": 3}', message: /expected an array of chart definitions/ },
    { name: 'missing name', input: [variant({ name: undefined })], message: /definition "yield-P" \(#1\): field name:/ },
    { name: 'unknown chart type', input: [variant({ chart: 'pie' })], message: /definition "yield-P" \(#1\): field chart:/ },
    { name: 'unknown rule', input: [variant({ rules: ['WE9'] })], message: /field rules\.0:/ },
    { name: 'unknown metric kind', input: [variant({ metric: { kind: 'cpk' } })], message: /field metric\.kind:/ },
    { name: 'parametric without test number', input: [variant({ metric: { kind: 'parametric' }, chart: 'xbar-s' })], message: /field metric\.testNum:/ },
    { name: 'proportion on an X-bar chart', input: [variant({ chart: 'xbar-s' })], message: /field chart: wafer-yield is a proportion/ },
    { name: 'threshold without limit', input: [variant({ chart: 'threshold' })], message: /field threshold: a threshold chart needs/ },
    { name: 'baseline too short', input: [variant({ limits: { mode: 'phase-one', baseline: { firstSubgroups: 1 }, dropOutOfControl: false } })], message: /field limits\.baseline/ },
    { name: 'baseline date not ISO', input: [variant({ limits: { mode: 'phase-one', baseline: { from: 'monday', to: '2026-10-01' }, dropOutOfControl: false } })], message: /field limits\.baseline\.from: expected an ISO-8601 date/ },
    { name: 'manual limits upside down', input: [variant({ limits: { mode: 'manual', center: 1, lcl: 2, ucl: 0 } })], message: /field limits: manual limits need/ },
    { name: 'unknown severity', input: [variant({ severity: { WE1: 'panic' } })], message: /field severity\.WE1:/ },
    { name: 'unknown field', input: [variant({ colour: 'red' })], message: /definition "yield-P" \(#1\): field \(definition\):.*colour/ },
    { name: 'id with a slash', input: [variant({ id: '../x' })], message: /definition "\.\.\/x" \(#1\): field id:/ },
    { name: 'duplicate ids', input: [valid, valid], message: /definition "yield-P": field id: used twice/ },
    { name: 'second definition without id', input: [valid, variant({ id: undefined })], message: /definition #2: field id:/ },
  ];

  for (const testCase of bad) {
    it(`rejects ${testCase.name} with a message naming the definition and field`, () => {
      let caught: unknown;
      try {
        parseDefinitions(testCase.input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DefinitionError);
      expect((caught as DefinitionError).message).toMatch(testCase.message);
    });
  }

  it('reports every bad definition, not only the first', () => {
    const error = (() => {
      try {
        parseDefinitions([variant({ id: 'one', chart: 'pie' }), variant({ id: 'two', enabled: 'yes' })]);
      } catch (caught) {
        return caught as DefinitionError;
      }
      return null;
    })();
    expect(error?.issues.some((issue) => issue.startsWith('definition "one"'))).toBe(true);
    expect(error?.issues.some((issue) => issue.startsWith('definition "two" (#2): field enabled'))).toBe(true);
  });
});
