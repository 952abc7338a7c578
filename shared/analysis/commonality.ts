/**
 * Commonality analysis over a workspace: which step, tool, chamber, recipe or tester-side equipment
 * the bad wafers have in common. DuckDB aggregates dies to one row per wafer (or lot) per factor;
 * the ranking runs on those rows (shared/stats). Used by the CLI, the app's store and the bench.
 */
import type { Table } from 'apache-arrow';
import type { SqlEngine } from '../engine/sqlEngine.ts';
import {
  commonalityFactorPointsSql,
  commonalityParams,
  commonalityRowsSql,
  waferFactorsViewExistsSql,
  type CommonalityPopulation,
  type CommonalityResponseSpec,
} from '../sql/commonalitySql.ts';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.ts';
import { rankCommonalityRows, type CommonalityFinding, type CommonalityUnitRow } from './commonalityFindings.ts';

export type { CommonalityPopulation, CommonalityResponseSpec } from '../sql/commonalitySql.ts';
export type { CommonalityFactorKind, CommonalityFinding, CommonalityFlag, CommonalityLevelGroup, CommonalityUnitRow } from './commonalityFindings.ts';
export type { LevelChange } from './commonalityChange.ts';

/** A commonality question: response and population. */
export interface CommonalityRequest {
  /** What is compared. */
  response: CommonalityResponseSpec;
  /** Which wafers. */
  population: CommonalityPopulation;
}

/** Result of a run: the ranked findings and how many units (wafers or lots) took part. */
export interface CommonalityRun {
  /** Findings in rank order. */
  findings: CommonalityFinding[];
  /** Units analysed (wafers, or lots for lot yield). */
  units: number;
  /** Products among the units: with more than one, responses were compared within product (minus the product's median). */
  products: string[];
}

/** Parse "wafer-yield", "lot-yield", "bin:N" or "test:NUM"; throws a readable error otherwise. */
export function parseCommonalityResponse(text: string): CommonalityResponseSpec {
  if (text === 'wafer-yield' || text === 'lot-yield') return { kind: text, number: null };
  const match = /^(bin|test):(-?\d+)$/.exec(text.trim());
  if (!match) throw new Error(`response "${text}" is not one of wafer-yield, lot-yield, bin:N, test:NUM`);
  return { kind: match[1] === 'bin' ? 'bin' : 'test', number: Number(match[2]) };
}

/** The response as the CLI spells it ("bin:5"). */
export function formatCommonalityResponse(response: CommonalityResponseSpec): string {
  return response.number === null ? response.kind : `${response.kind}:${response.number}`;
}

/**
 * Normalise a --from/--to value to the timestamp text DuckDB binds. A bare date as the upper bound
 * means "through that day", so it becomes the next midnight (the bound is exclusive).
 */
export function populationBound(text: string | null | undefined, bound: 'from' | 'to'): string | null {
  if (!text) return null;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const parsed = new Date(dateOnly ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(parsed.getTime())) throw new Error(`"${text}" is not a date (use YYYY-MM-DD or an ISO time)`);
  if (dateOnly && bound === 'to') parsed.setUTCDate(parsed.getUTCDate() + 1);
  return parsed.toISOString().replace('T', ' ').replace('Z', '');
}

/** Whether the workspace has the derived `wafer_factors` view (all equipment sources). */
export async function hasWaferFactorsView(engine: SqlEngine): Promise<boolean> {
  const table = await engine.query(waferFactorsViewExistsSql);
  return Number(table.get(0)?.views ?? 0) > 0;
}

function timeValue(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** Arrow rows to plain unit rows (one per unit per factor: a few thousand, never die rows). */
export function unitRowsFromTable(table: Table): CommonalityUnitRow[] {
  const columns = ['unit', 'response', 'step', 'factor', 'level', 'step_time', 'product'].map((name) => table.getChild(name));
  const [units, responses, steps, factors, levels, times, products] = columns;
  const rows: CommonalityUnitRow[] = [];
  for (let index = 0; index < table.numRows; index += 1) {
    rows.push({
      unit: String(units?.get(index)),
      response: Number(responses?.get(index)),
      step: String(steps?.get(index)),
      factor: String(factors?.get(index)),
      level: String(levels?.get(index)),
      stepTime: timeValue(times?.get(index)),
      product: products === null || products === undefined ? null : ((products.get(index) as string | null) ?? null),
    });
  }
  return rows;
}

/**
 * Run the analysis: one query, then the ranking. On ClickHouse (a lake of the base tables, no
 * derived views) the factors come from equipment_history and wafers.
 */
export async function runCommonality(engine: SqlEngine, request: CommonalityRequest, dialect: SqlDialect = duckdbDialect): Promise<CommonalityRun> {
  const useView = dialect.name === 'duckdb' && (await hasWaferFactorsView(engine));
  const table = await engine.query(commonalityRowsSql(request.response, useView, dialect), commonalityParams(request.response, request.population));
  const rows = unitRowsFromTable(table);
  const products = [...new Set(rows.map((row) => row.product ?? ''))].filter((product) => product !== '').sort();
  return { findings: rankCommonalityRows(rows, request.response), units: new Set(rows.map((row) => row.unit)).size, products };
}

/**
 * One factor's units in step-time order (unit, lot, wafer, response, level, step_time), for the
 * box and time-sequence plots. Stays Arrow.
 */
export async function loadCommonalityFactorPoints(engine: SqlEngine, request: CommonalityRequest, step: string, factor: string): Promise<Table> {
  const useView = await hasWaferFactorsView(engine);
  return engine.query(commonalityFactorPointsSql(request.response, useView), [...commonalityParams(request.response, request.population), step, factor]);
}
