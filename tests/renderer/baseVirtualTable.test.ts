/**
 * The one sortable virtual table (issue #15 §3): header clicks turn the order as a user expects, missing
 * values stay last, and a long list renders only a window of rows with spacers that keep the scroll
 * height true. The component is rendered to HTML (no DOM here) and read back as a user's tools would.
 */
import { describe, expect, it } from 'vitest';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import BaseVirtualTable from '../../renderer/src/components/BaseVirtualTable.vue';
import { nextSort, sortRows, type TableColumn, type TableSort } from '../../renderer/src/composables/tableSort.ts';

interface Lot { lot: string; yield: number | null }
const columns: TableColumn<Lot>[] = [
  { key: 'lot', label: 'Lot', sortValue: (row) => row.lot },
  { key: 'yield', label: 'Yield', sortValue: (row) => row.yield, descendingFirst: true, numeric: true },
  { key: 'note', label: 'Note' },
];
const lots: Lot[] = [
  { lot: 'W10', yield: 0.91 }, { lot: 'W2', yield: null }, { lot: 'w3', yield: 0.75 }, { lot: 'W1', yield: Number.NaN }, { lot: 'W20', yield: 0.91 },
];

describe('table sort', () => {
  const cases: [name: string, sort: TableSort | null, expected: string[]][] = [
    ['no sort keeps the incoming order', null, ['W10', 'W2', 'w3', 'W1', 'W20']],
    ['text ascending in natural order, case aside', { key: 'lot', descending: false }, ['W1', 'W2', 'w3', 'W10', 'W20']],
    ['text descending', { key: 'lot', descending: true }, ['W20', 'W10', 'w3', 'W2', 'W1']],
    ['numbers ascending, missing last, ties in incoming order', { key: 'yield', descending: false }, ['w3', 'W10', 'W20', 'W2', 'W1']],
    ['numbers descending, missing still last', { key: 'yield', descending: true }, ['W10', 'W20', 'w3', 'W2', 'W1']],
    ['an unsortable column keeps the incoming order', { key: 'note', descending: false }, ['W10', 'W2', 'w3', 'W1', 'W20']],
  ];
  it.each(cases)('%s', (_name, sort, expected) => {
    expect(sortRows(lots, columns, sort).map((row) => row.lot)).toEqual(expected);
  });

  it('breaks ties with the table\'s own rule in either direction', () => {
    const byLotDescending = (a: Lot, b: Lot): number => b.lot.localeCompare(a.lot);
    expect(sortRows(lots, columns, { key: 'yield', descending: true }, byLotDescending).map((row) => row.lot).slice(0, 2)).toEqual(['W20', 'W10']);
    expect(sortRows(lots, columns, { key: 'yield', descending: false }, byLotDescending).map((row) => row.lot).slice(0, 3)).toEqual(['w3', 'W20', 'W10']);
  });

  it('a click on the sorted header flips it; another header starts in its own first direction', () => {
    expect(nextSort(null, columns[0]!)).toEqual({ key: 'lot', descending: false });
    expect(nextSort({ key: 'lot', descending: false }, columns[0]!)).toEqual({ key: 'lot', descending: true });
    expect(nextSort({ key: 'lot', descending: true }, columns[0]!)).toEqual({ key: 'lot', descending: false });
    expect(nextSort({ key: 'lot', descending: true }, columns[1]!)).toEqual({ key: 'yield', descending: true });
  });
});

interface Die { id: number; bin: number }

/** Render the table with `count` dies (bin = id mod 7) and return its HTML. */
async function render(count: number, options: { renderAllUpTo?: number; sort?: TableSort } = {}): Promise<string> {
  const dies: Die[] = Array.from({ length: count }, (_, id) => ({ id, bin: id % 7 }));
  const dieColumns: TableColumn<Die>[] = [
    { key: 'id', label: 'Die', sortValue: (die) => die.id, testId: 'sort-id' },
    { key: 'bin', label: 'Bin', sortValue: (die) => die.bin, testId: 'sort-bin' },
  ];
  const app = createSSRApp({
    render: () => h(BaseVirtualTable, {
      rows: dies, columns: dieColumns, rowKey: (die: Die) => die.id, rowHeight: 20, viewportHeight: 200,
      renderAllUpTo: options.renderAllUpTo ?? 0, initialSort: options.sort ?? null, rowAttributes: (die: Die) => ({ 'data-testid': 'die-row', 'data-id': die.id }),
    }, {
      row: ({ row }: { row: Die }) => [h('td', String(row.id)), h('td', String(row.bin))],
      empty: () => h('p', { 'data-testid': 'empty' }, 'No dies'),
    }),
  });
  // Without Vue's scope attributes and fragment comments, the markup reads as a browser's tools show it.
  return (await renderToString(app)).replace(/ data-v-[\w-]+/g, '').replace(/<!--.*?-->/g, '');
}

function renderedIds(html: string): number[] {
  return [...html.matchAll(/data-testid="die-row" data-id="(\d+)"/g)].map((match) => Number(match[1]));
}

function spacerHeights(html: string): number[] {
  return [...html.matchAll(/<tr style="height:(\d+)px;" aria-hidden="true">/g)].map((match) => Number(match[1]));
}

describe('BaseVirtualTable', () => {
  it('renders a window of a long list, with a spacer making up the rest of the scroll height', async () => {
    const html = await render(10_000, { sort: { key: 'bin', descending: true } });
    const ids = renderedIds(html);
    // 200 px of 20 px rows is 10 in view, plus 8 above and below at most.
    expect(ids.length).toBeGreaterThanOrEqual(10);
    expect(ids.length).toBeLessThanOrEqual(26);
    // Highest bin first (6), then by incoming order: dies 6, 13, 20, ...
    expect(ids.slice(0, 3)).toEqual([6, 13, 20]);
    expect(spacerHeights(html)).toEqual([(10_000 - ids.length) * 20]);
  });

  it('marks the sorted header with aria-sort and only that one', async () => {
    const html = await render(30, { sort: { key: 'bin', descending: true } });
    expect(html.match(/aria-sort="\w+"/g)).toEqual(['aria-sort="descending"']);
    expect(html).toMatch(/aria-sort="descending"><button type="button" data-testid="sort-bin">Bin<span aria-hidden="true"> ▼<\/span>/);
    const ascending = await render(30, { sort: { key: 'id', descending: false } });
    expect(ascending.match(/aria-sort="\w+"/g)).toEqual(['aria-sort="ascending"']);
    expect(ascending).toMatch(/aria-sort="ascending"><button type="button" data-testid="sort-id">Die<span aria-hidden="true"> ▲<\/span>/);
  });

  it('draws a short list whole', async () => {
    const html = await render(120, { renderAllUpTo: 200 });
    expect(renderedIds(html)).toEqual(Array.from({ length: 120 }, (_, id) => id));
    expect(spacerHeights(html)).toEqual([]);
  });

  it('shows the empty slot when there are no rows', async () => {
    const html = await render(0);
    expect(html).toContain('<p data-testid="empty">No dies</p>');
    expect(renderedIds(html)).toEqual([]);
  });
});
