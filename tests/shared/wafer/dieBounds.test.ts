import { describe, expect, it } from 'vitest';
import { boundsCenter, dieAtCell, dieBounds, dieSlotGrid } from '../../../shared/wafer/dieBounds.ts';
import { orientationOfRow } from '../../../shared/wafer/lotWafers.ts';

describe('dieBounds', () => {
  it('spans the dies of a range, negative coordinates included', () => {
    const xs = Int32Array.of(9, -3, 4, 7, 100);
    const ys = Int32Array.of(9, 2, -5, 6, 100);
    expect(dieBounds(xs, ys, 1, 4)).toEqual({ minX: -3, maxX: 7, minY: -5, maxY: 6 });
    expect(boundsCenter(dieBounds(xs, ys, 1, 4))).toEqual({ x: 2, y: 0.5 });
  });

  it('has no box and a (0, 0) centre for no dies', () => {
    expect(dieBounds([], [])).toBeNull();
    expect(dieBounds([1, 2], [1, 2], 1, 1)).toBeNull();
    expect(boundsCenter(null)).toEqual({ x: 0, y: 0 });
  });
});

describe('dieSlotGrid', () => {
  it('finds each die by its cell and nothing elsewhere', () => {
    const xs = [10, 11, 10, 12];
    const ys = [-1, -1, 0, 1];
    const grid = dieSlotGrid(xs, ys);
    expect([grid.minX, grid.minY, grid.columns, grid.rows]).toEqual([10, -1, 3, 3]);
    xs.forEach((x, index) => expect(dieAtCell(grid, x, ys[index] ?? 0)).toBe(index));
    for (const [x, y] of [[11, 0], [9, -1], [13, 1], [10, 2], [10, -2]] as const) expect(dieAtCell(grid, x, y)).toBe(-1);
  });

  it('is empty for no dies', () => {
    const grid = dieSlotGrid([], []);
    expect(grid.slots.length).toBe(0);
    expect(dieAtCell(grid, 0, 0)).toBe(-1);
  });
});

describe('orientationOfRow', () => {
  it('reads the wafers table columns and keeps absent ones null', () => {
    expect(orientationOfRow({ wafer_size_mm: 300, die_width_mm: 5.5, die_height_mm: null, flat: 'D', pos_x: 'R', center_x: 12 })).toEqual({
      waferSizeMm: 300, dieWidthMm: 5.5, dieHeightMm: null, flat: 'D', posX: 'R', posY: null, centerX: 12, centerY: null,
    });
    expect(orientationOfRow(null).flat).toBeNull();
  });
});
