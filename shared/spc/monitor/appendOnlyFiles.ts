/** Helpers for append-only JSON files in the workspace: time-ordered, never rewritten names. */
import type { WorkspaceStore } from '../../host/hostApi.ts';

let sequence = 0;

/** ISO-8601 without ':' and '-' (file-name safe on every OS), e.g. 20261126T103000.123Z. */
export function compactIso(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '');
}

/** Short FNV-1a hash (8 hex digits) of a text. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** A file-name-safe label for an id: safe characters kept (at most 80), plus its hash. */
export function fileLabel(id: string): string {
  return `${id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80)}-${shortHash(id)}`;
}

/**
 * Write JSON to `<folder>/<compact time>-<seq>-<label>.json`, choosing a sequence number that
 * sorts after this process's earlier writes and never overwrites an existing file.
 */
export async function appendJsonFile(store: WorkspaceStore, folder: string, at: Date, label: string, value: unknown): Promise<string> {
  for (;;) {
    sequence += 1;
    const path = `${folder}/${compactIso(at)}-${String(sequence).padStart(6, '0')}-${label}.json`;
    if ((await store.readFile(path)) !== null) continue;
    await store.writeFile(path, new TextEncoder().encode(`${JSON.stringify(value, null, 1)}\n`));
    return path;
  }
}

/** Parsed JSON files of a folder in name (= time) order; unreadable files are returned by name in `damaged`. */
export async function readJsonFiles(store: WorkspaceStore, folder: string): Promise<{ values: { path: string; value: unknown }[]; damaged: string[] }> {
  const paths = (await store.listFiles(folder)).filter((path) => path.endsWith('.json')).sort();
  const damaged: string[] = [];
  const loaded = await Promise.all(
    paths.map(async (path) => {
      try {
        const bytes = await store.readFile(path);
        return bytes ? { path, value: JSON.parse(new TextDecoder().decode(bytes)) as unknown } : null;
      } catch {
        damaged.push(path);
        return null;
      }
    }),
  );
  return { values: loaded.filter((entry): entry is { path: string; value: unknown } => entry !== null), damaged };
}
