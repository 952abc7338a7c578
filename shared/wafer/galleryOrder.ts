/**
 * Order and filter of the lot gallery: wafers sorted by id (natural: 2 before 10), yield or spatial
 * signature, and filtered by signature class.
 */

/** What the gallery sorts by. */
export type GallerySortKey = 'wafer' | 'yield' | 'signature';

/** The fields of a gallery entry the order depends on. */
export interface GalleryEntry {
  wafer: string;
  yield: number;
  signature: string;
}

const naturalCollator = new Intl.Collator('en', { numeric: true });

function compareBy(key: GallerySortKey, first: GalleryEntry, second: GalleryEntry): number {
  if (key === 'yield') return (Number.isNaN(first.yield) ? -1 : first.yield) - (Number.isNaN(second.yield) ? -1 : second.yield);
  if (key === 'signature') return naturalCollator.compare(first.signature, second.signature);
  return naturalCollator.compare(first.wafer, second.wafer);
}

/** Entries sorted by a key (ties by wafer id), descending when asked; entries whose class is not in `classes` are dropped (empty = keep all). */
export function orderGallery<T extends GalleryEntry>(entries: readonly T[], key: GallerySortKey, descending: boolean, classes: readonly string[] = []): T[] {
  const kept = classes.length > 0 ? entries.filter((entry) => classes.includes(entry.signature)) : [...entries];
  return kept.sort((first, second) => {
    const primary = compareBy(key, first, second) * (descending ? -1 : 1);
    return primary !== 0 ? primary : naturalCollator.compare(first.wafer, second.wafer);
  });
}
