import { describe, expect, it } from 'vitest';
import { planFolderImport } from '../../../shared/import/folderPlan.ts';

const name = (path: string): string => path;

describe('planFolderImport', () => {
  it('a sample-layout folder: one die file per lot (STDF where there is one), then the four tables; ground truth skipped', () => {
    const files = ['wafers.csv', 'dies/OR26002.csv.gz', 'stdf/OR26002.stdf.gz', 'dies/OR26001.csv.gz', 'tests.csv', 'bins.csv', 'equipment.csv', 'ground-truth.json'];
    const plan = planFolderImport(files, name);
    expect(plan.files).toEqual(['dies/OR26001.csv.gz', 'stdf/OR26002.stdf.gz']);
    expect(plan.tables).toEqual({ wafers: 'wafers.csv', tests: 'tests.csv', bins: 'bins.csv', equipment: 'equipment.csv' });
    expect(plan.skipped).toEqual(['ground-truth.json']);
  });

  it('any other folder: every importable file in name order, CSV and STDF copies of a lot both kept', () => {
    const plan = planFolderImport(['b.stdf', 'a.csv', 'b.csv', 'notes.xlsx', '.hidden.csv', 'lot3.gz'], name);
    expect(plan.files).toEqual(['a.csv', 'b.stdf', 'b.csv', 'lot3.gz']);
    expect(plan.tables).toBeNull();
    expect(plan.skipped).toEqual(['notes.xlsx', '.hidden.csv']);
  });
});
