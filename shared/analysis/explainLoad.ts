/** Run the explain SQL on an engine and shape the rows into the input of explainExcursion (classifying every wafer). */
import type { Table } from 'apache-arrow';
import type { SqlEngine } from '../engine/sqlEngine.ts';
import { explainBinsSql, explainEquipmentSql, explainGeometrySql, explainLotsSql, explainPositionsSql, explainSitesSql, explainTargetSql, explainTestsSql, explainWaferDiesSql } from '../sql/explainSql.ts';
import { loadCommonalityFactorPoints, runCommonality } from './commonality.ts';
import { classifyWaferMap } from '../wafer/classify.ts';
import type { ExplainInput } from './explainReport.ts';
import type { CohortTestSummary, EquipmentChange } from './explainTypes.ts';

/** A lot of either cohort with its yield figures. */
export interface ExplainLot {
  cohort: 'target' | 'baseline';
  lot: string;
  product: string;
  firstTestTime: number;
  wafers: number;
  dies: number;
  good: number;
}

type Row = Record<string, unknown>;
const rowsOf = (table: Table): Row[] => table.toArray().map((row) => row.toJSON() as Row);
const cohortOf = (value: unknown): 'target' | 'baseline' => (value === 'target' ? 'target' : 'baseline');
const numeric = (value: unknown): number => (value === null || value === undefined ? Number.NaN : Number(value));

function signaturesOf(table: Table): { target: string[]; baseline: string[] } {
  const classes = { target: [] as string[], baseline: [] as string[] };
  const [cohorts, lots, wafers] = ['cohort', 'lot', 'wafer'].map((name) => table.getChild(name)?.toArray() as unknown[] | undefined);
  const [xs, ys, passes] = ['x', 'y', 'pass'].map((name) => table.getChild(name)?.toArray() as ArrayLike<number> | undefined);
  let start = 0;
  for (let row = 1; row <= table.numRows; row++) {
    const sameWafer = row < table.numRows && cohorts?.[row] === cohorts?.[start] && lots?.[row] === lots?.[start] && wafers?.[row] === wafers?.[start];
    if (sameWafer) continue;
    const dies = [];
    for (let index = start; index < row; index++) dies.push({ x: xs?.[index] ?? 0, y: ys?.[index] ?? 0, pass: passes?.[index] === 1 });
    classes[cohortOf(cohorts?.[start])].push(classifyWaferMap(dies).class);
    start = row;
  }
  return classes;
}

/** The target's lowest wafer id (numeric-aware), where test charts of a lot open. */
function firstTargetWafer(table: Table): string {
  const cohorts = table.getChild('cohort');
  const wafers = table.getChild('wafer');
  const ids = new Set<string>();
  for (let row = 0; row < table.numRows; row++) if (cohorts?.get(row) === 'target') ids.add(String(wafers?.get(row)));
  return [...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))[0] ?? '';
}

function testsOf(table: Table): CohortTestSummary[] {
  return rowsOf(table).map((row) => ({
    testNumber: Number(row.test_num), name: String(row.name ?? ''), units: String(row.units ?? ''), targetN: Number(row.target_n), baselineN: Number(row.baseline_n),
    targetMean: numeric(row.target_mean), baselineMean: numeric(row.baseline_mean), targetSigma: numeric(row.target_sigma), baselineSigma: numeric(row.baseline_sigma),
    targetRankSum: numeric(row.target_rank_sum), tieTerm: numeric(row.tie_term),
  }));
}

/** A level change counts as the excursion when its one-sided p is below this (after the split search, so strict). */
const excursionChangeP = 1e-4;

/**
 * The product's equipment history (all of it: later lots tell a tool that went bad from one that
 * only shared this lot): every level's change (commonality, wafer yield, within the product), and
 * the excursion: the most changed level among those the target went through, when that change is
 * clear, with the lots that went through it from its change on.
 */
async function productHistory(engine: SqlEngine, lot: string, routeLevels: ReadonlySet<string>): Promise<{ changes: EquipmentChange[]; start: number | null; exposedLots: string[] }> {
  const target = (await engine.query(explainTargetSql, [lot])).get(0)?.toJSON() as Row | undefined;
  if (!target?.product) return { changes: [], start: null, exposedLots: [] };
  const request = { response: { kind: 'wafer-yield' as const, number: null }, population: { product: String(target.product), from: null, to: null, lots: null } };
  const run = await runCommonality(engine, request);
  const changes = run.findings.filter((finding) => finding.kind === 'which').flatMap((finding) =>
    finding.levelChanges.map((change) => ({ step: finding.step, factor: finding.factor, level: change.level, key: `${finding.step}/${finding.factor}/${change.level}`, z: change.z, since: change.since, p: change.p })));
  const excursion = changes.filter((change) => routeLevels.has(change.key) && change.since !== null && change.p < excursionChangeP).sort((a, b) => b.z - a.z)[0];
  const exposedLots = new Set<string>();
  if (excursion) {
    const points = await loadCommonalityFactorPoints(engine, request, excursion.step, excursion.factor);
    const [levels, times, lots] = ['level', 'step_time', 'lot'].map((name) => points.getChild(name));
    for (let row = 0; row < points.numRows; row++) {
      const time = times?.get(row) as unknown;
      const ms = time instanceof Date ? time.getTime() : Number(time);
      if (levels?.get(row) === excursion.level && ms >= (excursion.since ?? 0)) exposedLots.add(String(lots?.get(row)));
    }
  }
  return { changes: changes.map(({ key, z, since }) => ({ key, z, since })), start: excursion?.since ?? null, exposedLots: [...exposedLots] };
}

/** "STEP/factor/LEVEL" keys of the levels a lot's wafers went through. */
async function routeLevelsOf(engine: SqlEngine, lot: string, wafer: string | undefined): Promise<Set<string>> {
  const table = await engine.query(explainEquipmentSql, [lot, wafer ?? '', 0, null]);
  const keys = new Set<string>();
  for (const row of rowsOf(table)) {
    for (const factor of ['tool', 'chamber', 'recipe'] as const) if (row[factor]) keys.add(`${String(row.step)}/${factor}/${String(row[factor])}`);
  }
  return keys;
}

/**
 * Query everything the comparison needs for a lot (or one of its wafers) and the previous
 * `baselineLots` lots the excursion did not reach (issue #13: a baseline that already holds the
 * excursion hides it; without a clear change in the product's history, the previous lots).
 */
export async function loadExplainInput(engine: SqlEngine, lot: string, wafer: string | undefined, baselineLots: number): Promise<{ input: ExplainInput; lots: ExplainLot[] }> {
  const history = await productHistory(engine, lot, await routeLevelsOf(engine, lot, wafer));
  let excluded = history.exposedLots.length > 0 ? history.exposedLots.join('\u001f') : null;
  // When the excursion reached every earlier lot there is nothing clean to compare with: the previous lots after all.
  if (excluded !== null && (await engine.query(explainLotsSql, [lot, wafer ?? '', baselineLots, excluded])).toArray().every((row) => row.cohort !== 'baseline')) excluded = null;
  const params = [lot, wafer ?? '', baselineLots, excluded];
  const [lotTable, binTable, positionTable, geometryTable, dieTable, testTable, siteTable, routeTable] = await Promise.all(
    [explainLotsSql, explainBinsSql, explainPositionsSql, explainGeometrySql, explainWaferDiesSql, explainTestsSql, explainSitesSql, explainEquipmentSql].map((sql) => engine.query(sql, params)),
  ) as [Table, Table, Table, Table, Table, Table, Table, Table];
  const lots = rowsOf(lotTable).map((row) => ({
    cohort: cohortOf(row.cohort), lot: String(row.lot), product: String(row.product ?? ''), firstTestTime: Number(row.first_test_time), wafers: Number(row.wafers), dies: Number(row.dies), good: Number(row.good),
  }));
  const geometry = rowsOf(geometryTable)[0] ?? {};
  const firstWafer = wafer ?? firstTargetWafer(dieTable);
  return {
    lots,
    input: {
      target: { lot, ...(wafer ? { wafer } : {}), firstWafer },
      bins: rowsOf(binTable).map((row) => ({ cohort: cohortOf(row.cohort), bin: Number(row.bin), name: String(row.name ?? ''), pass: row.pass === true, dies: Number(row.dies) })),
      positions: rowsOf(positionTable).map((row) => ({ cohort: cohortOf(row.cohort), x: Number(row.x), y: Number(row.y), tested: Number(row.tested), good: Number(row.good) })),
      geometry: { centerX: numeric(geometry.center_x), centerY: numeric(geometry.center_y), dieWidth: numeric(geometry.die_width), dieHeight: numeric(geometry.die_height), waferDiameter: numeric(geometry.wafer_size) },
      signatures: signaturesOf(dieTable),
      tests: testsOf(testTable),
      sites: rowsOf(siteTable).map((row) => ({ cohort: cohortOf(row.cohort), site: Number(row.site), tested: Number(row.tested), good: Number(row.good) })),
      route: rowsOf(routeTable).map((row) => ({
        cohort: cohortOf(row.cohort), lot: String(row.lot), wafer: String(row.wafer), step: String(row.step), tool: String(row.tool), chamber: String(row.chamber), recipe: String(row.recipe),
        tested: Number(row.tested), good: Number(row.good),
      })),
      equipmentChanges: history.changes,
      excursionStart: excluded === null ? null : history.start,
    },
  };
}
