/**
 * A wafer's final bin map from the workspace, ready for the map writers (shared/wafermap), with
 * the dies a set of screening rules rejects moved to a screened bin when asked.
 */
import type { SqlEngine } from '../engine/sqlEngine.ts';
import { binNamesSql, waferDiesSql, waferHeaderSql } from '../sql/waferMapSql.ts';
import { orientationOfRow, type WaferOrientationRow } from '../wafer/lotWafers.ts';
import { flatDegreesOf, withScreenedBin, type BinMap } from '../wafermap/binMap.ts';
import { ruleRequest, type LotScreeningOptions } from './lotScreening.ts';
import { runScreen, screeningRows } from './screen.ts';
import type { ScreenMethod } from './types.ts';

/** A wafer's bin map with its `wafers` orientation row: what the app needs to draw it as the wafer map does. */
export interface WorkspaceBinMap extends BinMap {
  orientation: WaferOrientationRow;
}

/** The final hard-bin map of one wafer. */
export async function waferBinMap(engine: SqlEngine, lot: string, wafer: string): Promise<WorkspaceBinMap> {
  const header = (await screeningRows(engine, { sql: waferHeaderSql, params: [lot, wafer, lot, wafer] }))[0];
  if (!header || header.product === null) throw new Error(`wafer ${wafer} of lot ${lot} has no dies in this workspace`);
  const product = String(header.product);
  const dies = (await screeningRows(engine, { sql: waferDiesSql, params: [lot, wafer] })).map((row) => ({ x: Number(row.x), y: Number(row.y), bin: Number(row.hard_bin), pass: Number(row.pass) === 1 }));
  const named = (await screeningRows(engine, { sql: binNamesSql, params: [product] })).filter((row) => row.bin_type === 'hard');
  const bins = [...new Set(dies.map((die) => die.bin))].sort((a, b) => a - b).map((bin) => {
    const definition = named.find((row) => Number(row.bin) === bin);
    return { bin, name: definition?.name ? String(definition.name) : `BIN${bin}`, pass: definition ? Boolean(definition.pass) : dies.some((die) => die.bin === bin && die.pass) };
  });
  const number = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
  return {
    device: product, lot, wafer,
    dieWidthMm: number(header.die_width_mm), dieHeightMm: number(header.die_height_mm), flatDegrees: flatDegreesOf(header.flat as string | null),
    dies: dies.map(({ x, y, bin }) => ({ x, y, bin })),
    bins,
    orientation: orientationOfRow(header),
  };
}

/** The screened bin of exported maps unless the caller chooses another. */
export const defaultScreenedBin = 63;

/**
 * The wafer's map with the dies the given rules reject (on this wafer) in the screened bin.
 * Rules run over the whole lot, as a screen does, each with its own k (the panel's options); returns the
 * map and how many dies moved.
 */
export async function screenedWaferBinMap(
  engine: SqlEngine,
  lot: string,
  wafer: string,
  methods: readonly ScreenMethod[],
  options: LotScreeningOptions & { bin?: number } = {},
): Promise<{ map: BinMap; screened: number }> {
  const map = await waferBinMap(engine, lot, wafer);
  const screened = new Set<string>();
  for (const method of methods) {
    const result = await runScreen(engine, ruleRequest(method, lot, options));
    for (const outlier of result.outliers) if (outlier.wafer === wafer && outlier.x !== null && outlier.y !== null) screened.add(`${outlier.x}/${outlier.y}`);
  }
  return { map: withScreenedBin(map, screened, options.bin ?? defaultScreenedBin, 'PAT fail'), screened: screened.size };
}
