/** `yield-monitor remove --workspace DIR --import ID`: take one import (its rows and files) out of a workspace. */
import { existsSync } from 'node:fs';
import { FolderWorkspaceStore } from '../../node/workspace/folderWorkspaceStore.ts';
import { removeImport } from '../../shared/workspace/removeImport.ts';

const usage = `usage: yield-monitor remove --workspace DIR --import ID

  Removes the import ID (as the manifest and the import log name it): its record and its table files.
  Exit status: 0, 1 when the workspace has no such import, 2 on bad usage.
`;

/** Run the remove command; returns the exit status. */
export async function run(args: string[]): Promise<number> {
  const values = new Map<string, string>();
  for (let index = 0; index < args.length; index += 2) {
    const flag = args[index] ?? '';
    const value = args[index + 1];
    if ((flag !== '--workspace' && flag !== '--import') || value === undefined) {
      process.stderr.write(`unknown or incomplete option ${flag}\n${usage}`);
      return 2;
    }
    values.set(flag, value);
  }
  const folder = values.get('--workspace');
  const importId = values.get('--import');
  if (folder === undefined || importId === undefined || !existsSync(folder)) {
    process.stderr.write(`${folder === undefined ? 'missing --workspace' : importId === undefined ? 'missing --import' : `no workspace folder ${folder}`}\n${usage}`);
    return 2;
  }
  try {
    const record = await removeImport(new FolderWorkspaceStore(folder), importId);
    process.stdout.write(`removed import ${record.importId} (${record.sourceFile}, ${record.rows} rows)\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
