/** Lot/wafer ids that do not meet between equipment data and test data, as rows and as import warnings. */
import type { SqlEngine } from '../engine/sqlEngine.ts';
import { importWarning, type ImportWarning, type ImportWarningCode } from './importWarning.ts';
import { equipmentIdCheckSql, workspaceIdCheckScope, type EquipmentIdCheckScope, type EquipmentIdIssue } from '../sql/equipmentSql.ts';

/** One id that does not meet, with how many rows of its issue there are in all. */
export interface EquipmentIdMismatch {
  issue: EquipmentIdIssue;
  lot: string;
  wafer: string | null;
  equipmentRows: number;
  issueTotal: number;
}

/** Run the id check (at most `perIssue` ids per issue). */
export async function equipmentIdMismatches(engine: SqlEngine, perIssue: number, scope: EquipmentIdCheckScope = workspaceIdCheckScope): Promise<EquipmentIdMismatch[]> {
  const table = await engine.query(equipmentIdCheckSql(scope), [perIssue]);
  return table.toArray().map((row) => ({
    issue: String(row.issue) as EquipmentIdIssue,
    lot: String(row.lot),
    wafer: row.wafer === null || row.wafer === undefined ? null : String(row.wafer),
    equipmentRows: Number(row.equipment_rows),
    issueTotal: Number(row.issue_total),
  }));
}

const issueWarning: Record<EquipmentIdIssue, ImportWarningCode> = {
  'lot-not-tested': 'equipmentLotNotTested',
  'wafer-not-tested': 'equipmentWaferNotTested',
  'wafer-no-history': 'equipmentWaferNoHistory',
};

/** One warning per issue, naming the first ids, for the equipment just staged in `stagedRelation`. */
export async function equipmentIdWarnings(engine: SqlEngine, stagedRelation: string, stagedIsHistory: boolean): Promise<ImportWarning[]> {
  const scope: EquipmentIdCheckScope = {
    equipmentRelations: [stagedRelation],
    historyRelations: stagedIsHistory ? ['equipment_history', stagedRelation] : ['equipment_history'],
    onlyEquipmentLots: true,
  };
  const mismatches = await equipmentIdMismatches(engine, 8, scope);
  const issues = [...new Set(mismatches.map((mismatch) => mismatch.issue))];
  return issues.map((issue) => {
    const ids = mismatches.filter((mismatch) => mismatch.issue === issue);
    const total = ids[0]?.issueTotal ?? ids.length;
    const names = ids.map((mismatch) => (mismatch.wafer === null ? mismatch.lot : `${mismatch.lot}/${mismatch.wafer}`));
    return importWarning(issueWarning[issue], { count: total, ids: `${names.join(', ')}${total > names.length ? ', ...' : ''}` });
  });
}
