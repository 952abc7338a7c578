import { computed, ref, type Ref } from 'vue';

/** Options of useVirtualRows: rows drawn beyond the viewport, and a length up to which every row is drawn. */
export interface VirtualRowsOptions {
  overscan?: number;
  /** Lists this short render whole (cheap, and every row stays in the DOM for find-in-page and tests). */
  renderAllUpTo?: number;
}

/** Window a long list for a fixed-height scroll container: only visible rows are rendered. */
export function useVirtualRows<T>(rows: Ref<readonly T[]>, rowHeight: number, viewportHeight: number, overscanOrOptions: number | VirtualRowsOptions = 8) {
  const options = typeof overscanOrOptions === 'number' ? { overscan: overscanOrOptions } : overscanOrOptions;
  const overscan = options.overscan ?? 8;
  const renderAllUpTo = options.renderAllUpTo ?? 0;
  const scrollTop = ref(0);
  const windowed = computed(() => rows.value.length > renderAllUpTo);
  const first = computed(() => (windowed.value ? Math.max(0, Math.floor(scrollTop.value / rowHeight) - overscan) : 0));
  const count = computed(() => (windowed.value ? Math.ceil(viewportHeight / rowHeight) + 2 * overscan : rows.value.length));
  const visible = computed(() => rows.value.slice(first.value, first.value + count.value).map((row, offset) => ({ row, index: first.value + offset })));
  const totalHeight = computed(() => rows.value.length * rowHeight);
  const offsetTop = computed(() => first.value * rowHeight);
  /** Height below the rendered rows (for table layouts that pad with a spacer row rather than translate). */
  const offsetBottom = computed(() => Math.max(0, totalHeight.value - offsetTop.value - visible.value.length * rowHeight));
  function onScroll(event: Event): void {
    scrollTop.value = (event.target as HTMLElement).scrollTop;
  }
  /**
   * Scroll `container` so row `index` is in view (centred when it was out of view); no-op when already
   * visible. `leading`: height above the first row inside the container (a sticky table header covers it).
   */
  function scrollToIndex(container: HTMLElement | null, index: number, leading = 0): void {
    if (!container || index < 0) return;
    const top = leading + index * rowHeight;
    const shown = container.clientHeight || viewportHeight;
    if (top >= container.scrollTop + leading && top + rowHeight <= container.scrollTop + shown) return;
    container.scrollTop = Math.max(0, top - leading - (shown - leading) / 2 + rowHeight / 2);
    scrollTop.value = container.scrollTop;
  }
  return { visible, totalHeight, offsetTop, offsetBottom, onScroll, scrollToIndex };
}
