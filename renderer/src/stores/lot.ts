import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, watch } from 'vue';
import { EQUAL_AREA_RINGS, type WaferClassification, type WaferView } from '@shared/wafer/index';
import { readLot, type LotData } from '@shared/wafer/lotData';
import { boundingCenter, classifyLotWafers, rangeYield, viewOfOrientation } from '@shared/wafer/lotWafers';
import { lotZonalYield, type LotZonalYield } from '@shared/wafer/lotZones';
import { orderGallery, type GallerySortKey } from '@shared/wafer/galleryOrder';
import { lotTotalsSql } from '@shared/sql/gallerySql';
import { useWorkspaceStore } from './workspace';

/** The lot view's tabs. */
export type LotTab = 'gallery' | 'stacked' | 'compare' | 'zones' | 'drilldown';

/** One wafer of the gallery. */
export interface GalleryWafer {
  /** Index into the lot's wafers, ranges and views. */
  index: number;
  wafer: string;
  dies: number;
  good: number;
  yield: number;
  signature: string;
  classification: WaferClassification | null;
}

/** The lot's totals as the lot table counts them; `packaged`: parts without wafers or coordinates (final test). */
export interface LotTotals {
  wafers: number;
  dies: number;
  good: number;
  yield: number;
  packaged: boolean;
}

/** What the compare tab shows: two wafers of the lot, or one wafer's first pass against its final result. */
export interface CompareChoice {
  mode: 'wafers' | 'retest';
  first: number;
  second: number;
}

/** The lot view: the lot's dies as typed columns (one query), per-wafer class and yield, zones, compare choice. */
export const useLotStore = defineStore('lot', () => {
  const workspace = useWorkspaceStore();
  const lot = ref<string | null>(null);
  const data = shallowRef<LotData | null>(null);
  const totals = shallowRef<LotTotals | null>(null);
  /** Views with the notch down, one per wafer, shared by thumbnails, compare and zones. */
  const views = shallowRef<WaferView[]>([]);
  const classifications = shallowRef<(WaferClassification | null)[]>([]);
  const loading = ref(false);
  const errorMessage = ref('');
  const timings = ref({ queryMs: 0, classifyMs: 0 });
  const tab = ref<LotTab>('gallery');
  const sortKey = ref<GallerySortKey>('wafer');
  const descending = ref(false);
  const classFilter = ref<string[]>([]);
  const ringBoundaries = ref<number[]>([...EQUAL_AREA_RINGS]);
  const sectors = ref<'quadrants' | 'octants'>('quadrants');
  const compare = ref<CompareChoice>({ mode: 'wafers', first: 0, second: 1 });
  /** True once every wafer of the current lot has its class. */
  const classified = ref(false);
  let requested = 0;

  /**
   * Classify a few wafers at a time and let the browser paint in between, so the thumbnails show at
   * once and the classes fill in (a 20k-die wafer takes a few hundred ms to classify).
   */
  async function classifyInSteps(loaded: LotData, request: number): Promise<void> {
    const results: (WaferClassification | null)[] = [];
    const step = 4;
    for (let start = 0; start < loaded.ranges.length; start += step) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (request !== requested) return;
      results.push(...classifyLotWafers(loaded.columns, loaded.ranges.slice(start, start + step)));
      classifications.value = markRaw([...results]);
    }
    classified.value = true;
  }

  async function open(next: string): Promise<void> {
    const engine = workspace.engine;
    if (!engine || workspace.phase !== 'ready') {
      lot.value = next;
      return;
    }
    const request = ++requested;
    if (lot.value !== next) [data.value, classFilter.value, compare.value] = [null, [], { mode: 'wafers', first: 0, second: 1 }];
    lot.value = next;
    loading.value = true;
    errorMessage.value = '';
    try {
      const started = performance.now();
      const [loaded, totalsTable] = await Promise.all([readLot(engine, next), engine.query(lotTotalsSql, [next])]);
      if (request !== requested) return;
      const row = totalsTable.get(0)?.toJSON() ?? {};
      const [dies, good] = [Number(row.dies ?? 0), Number(row.good ?? 0)];
      // A final-test lot: no die with coordinates, so nothing to map; bins, tests and sites still apply.
      const packaged = dies > 0 && Number(row.without_coordinates ?? 0) === dies;
      totals.value = { wafers: Number(row.wafers ?? 0), dies, good, yield: dies > 0 ? good / dies : 0, packaged };
      if (packaged) tab.value = 'drilldown';
      const queried = performance.now();
      const { columns, ranges } = loaded;
      views.value = markRaw(loaded.wafers.map((wafer, index) => viewOfOrientation(wafer.orientation, boundingCenter(columns.x, columns.y, ranges[index] ?? { start: 0, end: 0 }), 'D')));
      classifications.value = [];
      classified.value = false;
      data.value = markRaw(loaded);
      loading.value = false;
      await classifyInSteps(loaded, request);
      if (request === requested) timings.value = { queryMs: queried - started, classifyMs: performance.now() - queried };
    } catch (error) {
      errorMessage.value = (error as Error).message;
    } finally {
      if (request === requested) loading.value = false;
    }
  }

  const wafers = computed<GalleryWafer[]>(() => {
    const loaded = data.value;
    if (!loaded) return [];
    return loaded.wafers.map((wafer, index) => {
      const range = loaded.ranges[index] ?? { start: 0, end: 0 };
      const classification = classifications.value[index] ?? null;
      return {
        index, wafer: wafer.wafer, dies: range.end - range.start, good: Math.round(rangeYield(loaded.columns.pass, range) * (range.end - range.start)),
        yield: rangeYield(loaded.columns.pass, range), signature: classification?.class ?? (classified.value ? 'none' : ''), classification,
      };
    });
  });

  const gallery = computed(() => orderGallery(wafers.value, sortKey.value, descending.value, classFilter.value));

  const classCounts = computed(() => {
    const counts = new Map<string, number>();
    for (const wafer of wafers.value) counts.set(wafer.signature, (counts.get(wafer.signature) ?? 0) + 1);
    return counts;
  });

  const zones = computed<LotZonalYield | null>(() => {
    const loaded = data.value;
    if (!loaded) return null;
    return lotZonalYield(loaded.columns, loaded.ranges, views.value, ringBoundaries.value);
  });

  /** Sort by a key; choosing the current key again flips the direction. */
  function sortBy(key: GallerySortKey): void {
    if (sortKey.value === key) descending.value = !descending.value;
    else [sortKey.value, descending.value] = [key, false];
  }

  function toggleClass(name: string): void {
    classFilter.value = classFilter.value.includes(name) ? classFilter.value.filter((entry) => entry !== name) : [...classFilter.value, name];
  }

  watch(() => [workspace.dataVersion, workspace.phase], () => {
    if (lot.value && workspace.phase === 'ready') void open(lot.value);
  });

  return {
    lot, data, totals, views, classifications, classified, loading, errorMessage, timings, tab, sortKey, descending, classFilter, ringBoundaries, sectors, compare,
    wafers, gallery, classCounts, zones, open, sortBy, toggleClass,
  };
});
