/**
 * The order in which the files of a dropped or named folder are imported. A folder in the layout
 * `npm run sample` writes (dies/, stdf/, wafers.csv, tests.csv, bins.csv, equipment.csv) gives its
 * die files one per lot (the STDF file where a lot has one; its CSV is only the reference copy), then
 * its four table files as one import, as `import --sample` does.
 */
import { isImportableName } from './importableFile.ts';

/** The sample layout's table files, by table. */
export type SampleTableFiles<T> = Record<'wafers' | 'tests' | 'bins' | 'equipment', T>;

/** What to import from a folder, in order, and what is left out. */
export interface FolderPlan<T> {
  /** Files imported one by one (die data, equipment files), in name order. */
  files: T[];
  /** The sample layout's table files, imported together after `files`; null for other folders. */
  tables: SampleTableFiles<T> | null;
  /** Files no importer takes (by name: hidden, or e.g. ground-truth.json). */
  skipped: T[];
}

const lotOf = (name: string): string => name.replace(/\.(?:csv|stdf?|std)(?:\.gz)?$/i, '');
const isStdfName = (name: string): boolean => /\.(?:stdf?|std)(?:\.gz)?$/i.test(name);

/** Plan a folder's import from its files' base names (`nameOf`). */
export function planFolderImport<T>(entries: readonly T[], nameOf: (entry: T) => string): FolderPlan<T> {
  const byName = new Map(entries.map((entry) => [nameOf(entry).split(/[\\/]/).pop() ?? '', entry]));
  const table = (name: string): T | undefined => byName.get(`${name}.csv`);
  const [wafers, tests, bins, equipment] = ['wafers', 'tests', 'bins', 'equipment'].map(table);
  const tables = wafers && tests && bins && equipment ? { wafers, tests, bins, equipment } : null;
  const tableEntries = new Set<T>(tables ? [tables.wafers, tables.tests, tables.bins, tables.equipment] : []);
  const baseName = (entry: T): string => nameOf(entry).split(/[\\/]/).pop() ?? '';
  const importable = entries.filter((entry) => !tableEntries.has(entry) && isImportableName(baseName(entry)));
  const skipped = entries.filter((entry) => !tableEntries.has(entry) && !isImportableName(baseName(entry)));
  // Sample layout: a lot written both as STDF and as CSV is imported once, from its STDF file.
  const stdfLots = new Set(tables ? importable.filter((entry) => isStdfName(baseName(entry))).map((entry) => lotOf(baseName(entry))) : []);
  const files = importable
    .filter((entry) => isStdfName(baseName(entry)) || !stdfLots.has(lotOf(baseName(entry))))
    .sort((left, right) => (lotOf(baseName(left)) < lotOf(baseName(right)) ? -1 : lotOf(baseName(left)) > lotOf(baseName(right)) ? 1 : 0));
  return { files, tables, skipped };
}
