import { sourceFromUrl, type ImportSource } from './importSource';

// The committed sample fab, bundled as assets of our own origin (no network).
const dieFileUrls = import.meta.glob('../../../sample-data/fab/dies/*.csv.gz', { query: '?url', import: 'default', eager: true }) as Record<string, string>;
// Lots the sample ships as STDF V4 wafer-sort files; their die CSV stays in the repository as the reference copy only.
const stdfFileUrls = import.meta.glob('../../../sample-data/fab/stdf/*.stdf.gz', { query: '?url', import: 'default', eager: true }) as Record<string, string>;
const tableFileUrls = import.meta.glob('../../../sample-data/fab/{wafers,tests,bins,equipment}.csv', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

function tableUrl(name: string): string {
  const entry = Object.entries(tableFileUrls).find(([path]) => path.endsWith(`/${name}.csv`));
  if (!entry) throw new Error(`sample fab file ${name}.csv is not bundled`);
  return entry[1];
}

/** Whether this build bundles the sample fab. */
export function hasSampleFab(): boolean {
  return Object.keys(dieFileUrls).length > 0;
}

function fileName(path: string): string {
  return path.split('/').pop() ?? path;
}

function lotOf(path: string): string {
  return fileName(path).replace(/\.(csv|stdf)\.gz$/, '');
}

/** The sample's die-level CSV files, one per lot, except the lots it ships as STDF (sampleStdfSources). */
export async function sampleDieSources(): Promise<ImportSource[]> {
  const stdfLots = new Set(Object.keys(stdfFileUrls).map(lotOf));
  const entries = Object.entries(dieFileUrls).filter(([path]) => !stdfLots.has(lotOf(path))).sort(([a], [b]) => a.localeCompare(b));
  return Promise.all(entries.map(([path, url]) => sourceFromUrl(url, fileName(path))));
}

/** The sample's STDF V4 wafer-sort files (gzip), one per lot, for WorkspaceService.importStdf. */
export async function sampleStdfSources(): Promise<ImportSource[]> {
  const entries = Object.entries(stdfFileUrls).sort(([a], [b]) => a.localeCompare(b));
  return Promise.all(entries.map(([path, url]) => sourceFromUrl(url, fileName(path))));
}

/** The sample's descriptive tables. */
export async function sampleTableSources(): Promise<{ wafers: ImportSource; tests: ImportSource; bins: ImportSource; equipment: ImportSource }> {
  const [wafers, tests, bins, equipment] = await Promise.all(
    ['wafers', 'tests', 'bins', 'equipment'].map((name) => sourceFromUrl(tableUrl(name), `${name}.csv`)),
  );
  return { wafers: wafers!, tests: tests!, bins: bins!, equipment: equipment! };
}
