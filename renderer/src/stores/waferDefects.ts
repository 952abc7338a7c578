import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { waferDefectsSql } from '@shared/sql/defectSql';
import { dieAtCell, dieSlotGrid } from '@shared/wafer/dieBounds';
import { useWorkspaceStore } from './workspace';

/** KLARF defects of the open wafer, per die slot of the wafer map, and whether the map overlays them. */
export const useWaferDefectsStore = defineStore('waferDefects', () => {
  const workspace = useWorkspaceStore();
  /** 1 for each die of the map that carries at least one defect; null when the wafer has none. */
  const marks = shallowRef<Uint8Array | null>(null);
  /** Dies with defects, and defects in all (defects off the tested dies count too). */
  const markedDies = ref(0);
  const defects = ref(0);
  const shown = ref(false);
  let request = 0;

  /** Load the defects of a wafer and place them on the map's dies (xs/ys: the map's die slots). */
  async function load(lot: string, wafer: string, xs: Int32Array, ys: Int32Array): Promise<void> {
    const ticket = ++request;
    const engine = workspace.engine;
    if (!engine) return;
    const statement = waferDefectsSql(lot, wafer);
    const rows = await engine.query(statement.sql, statement.params).catch(() => null);
    if (ticket !== request) return;
    if (!rows || rows.numRows === 0) {
      [marks.value, markedDies.value, defects.value] = [null, 0, 0];
      return;
    }
    const grid = dieSlotGrid(xs, ys);
    const mask = new Uint8Array(xs.length);
    let total = 0;
    for (const row of rows) {
      total += Number(row.defects);
      const index = dieAtCell(grid, Number(row.x), Number(row.y));
      if (index >= 0) mask[index] = 1;
    }
    marks.value = mask;
    markedDies.value = mask.reduce((sum, value) => sum + value, 0);
    defects.value = total;
  }

  return { marks, markedDies, defects, shown, load };
});
