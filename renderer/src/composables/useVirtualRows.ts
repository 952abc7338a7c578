import { computed, ref, type Ref } from 'vue';

/** Window a long list for a fixed-height scroll container: only visible rows are rendered. */
export function useVirtualRows<T>(rows: Ref<readonly T[]>, rowHeight: number, viewportHeight: number, overscan = 8) {
  const scrollTop = ref(0);
  const first = computed(() => Math.max(0, Math.floor(scrollTop.value / rowHeight) - overscan));
  const count = Math.ceil(viewportHeight / rowHeight) + 2 * overscan;
  const visible = computed(() => rows.value.slice(first.value, first.value + count).map((row, offset) => ({ row, index: first.value + offset })));
  const totalHeight = computed(() => rows.value.length * rowHeight);
  const offsetTop = computed(() => first.value * rowHeight);
  function onScroll(event: Event): void {
    scrollTop.value = (event.target as HTMLElement).scrollTop;
  }
  return { visible, totalHeight, offsetTop, onScroll };
}
