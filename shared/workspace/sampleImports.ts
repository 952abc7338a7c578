/**
 * Imports of the bundled sample fab (the app's first start, `yield-monitor import --sample`) carry
 * `origin: 'sample'` in the manifest, so the app labels them as sample data and removes them together.
 */
import type { ImportRecord } from './manifest.ts';
import type { CommitOptions, ImportDetails } from './workspace.ts';
import type { CanonicalTableName } from '../schema/canonical.ts';

/** Whether an import is sample data. */
export function isSampleImport(record: ImportRecord): boolean {
  return record.origin === 'sample';
}

/** What an importer commits to (shared/import's ImportWorkspace, without importing it here). */
interface CommittingWorkspace {
  findDuplicate(contentHash: string): ImportRecord | undefined;
  commitImport(importId: string, details: ImportDetails, tables: readonly CanonicalTableName[], options?: CommitOptions): Promise<ImportRecord>;
}

/** The workspace as seen by an importer of sample files: every commit through it is marked as sample data. */
export function asSampleImports(workspace: CommittingWorkspace): CommittingWorkspace {
  return {
    findDuplicate: (contentHash) => workspace.findDuplicate(contentHash),
    commitImport: (importId, details, tables, options) => workspace.commitImport(importId, { ...details, origin: 'sample' }, tables, options),
  };
}
