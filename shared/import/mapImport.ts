/**
 * Wafer maps (shared/wafermap formats) and KLARF defect files into the import's staging tables
 * `map_dies` and `defects`: the pure readers' rows go to DuckDB as one Arrow relation, typed there.
 */
import { Int32, makeData, makeVector, Table, type Vector } from 'apache-arrow';
import { quoteIdent, type SqlEngine } from '../engine/sqlEngine.ts';
import type { BoundSql } from '../sql/boundSql.ts';
import { stageDefectsSql, stageMapDiesSql } from '../sql/mapImportSql.ts';
import type { BinMap } from '../wafermap/binMap.ts';
import type { KlarfFile } from '../wafermap/klarfFormat.ts';
import type { MapFormat } from '../wafermap/mapFile.ts';
import { textVector } from './equipmentArrow.ts';

function integers(values: readonly number[]): Vector {
  return makeVector(makeData({ type: new Int32(), length: values.length, data: Int32Array.from(values) }));
}

async function stageRaw(engine: SqlEngine, rawTable: string, table: Table, stage: BoundSql): Promise<void> {
  await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(rawTable)}`);
  await engine.insertArrow(rawTable, table);
  try {
    await engine.exec(stage.sql, stage.params);
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(rawTable)}`);
  }
}

/** Stage every die of the maps (one import) as `map_dies`; returns the number of dies. */
export async function stageMapDies(engine: SqlEngine, maps: readonly BinMap[], format: MapFormat, importId: string): Promise<number> {
  const dies = maps.flatMap((map) => {
    const bins = new Map(map.bins.map((definition) => [definition.bin, definition]));
    return map.dies.map((die) => ({ map, die, definition: bins.get(die.bin) }));
  });
  const table = new Table({
    product: textVector(dies.map(({ map }) => map.device)),
    lot: textVector(dies.map(({ map }) => map.lot)),
    wafer: textVector(dies.map(({ map }) => map.wafer)),
    x: integers(dies.map(({ die }) => die.x)),
    y: integers(dies.map(({ die }) => die.y)),
    bin: integers(dies.map(({ die }) => die.bin)),
    bin_name: textVector(dies.map(({ die, definition }) => definition?.name ?? `${die.bin}`)),
    pass: integers(dies.map(({ definition }) => (definition?.pass ? 1 : 0))),
    map_format: textVector(dies.map(() => format)),
  });
  await stageRaw(engine, `raw_map_dies_${importId.replace(/[^A-Za-z0-9]/g, '_')}`, table, stageMapDiesSql(`raw_map_dies_${importId.replace(/[^A-Za-z0-9]/g, '_')}`, importId));
  return dies.length;
}

/** Stage every defect of a KLARF file as `defects`; returns the number of defects. */
export async function stageDefects(engine: SqlEngine, klarf: KlarfFile, importId: string): Promise<number> {
  const rows = klarf.wafers.flatMap((wafer) => wafer.defects.map((defect) => ({ wafer: wafer.waferId, defect })));
  const table = new Table({
    lot: textVector(rows.map(() => klarf.lotId)),
    wafer: textVector(rows.map((row) => row.wafer)),
    x: integers(rows.map((row) => row.defect.x)),
    y: integers(rows.map((row) => row.defect.y)),
    defect_id: integers(rows.map((row) => row.defect.id)),
    class_number: integers(rows.map((row) => row.defect.classNumber)),
    class_name: textVector(rows.map((row) => row.defect.className)),
    step: textVector(rows.map(() => klarf.stepId)),
  });
  const rawTable = `raw_defects_${importId.replace(/[^A-Za-z0-9]/g, '_')}`;
  await stageRaw(engine, rawTable, table, stageDefectsSql(rawTable, importId));
  return rows.length;
}
