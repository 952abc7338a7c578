import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Table } from 'apache-arrow';
import { binNamesSql, dieInsertionsSql, dieResultsSql, parametricValuesSql, waferDiesSql, waferHeaderSql, waferTestsSql } from '@shared/sql/waferMapSql';
import { classifyWaferMap, type WaferClassification, type WaferSide, type WaferView } from '@shared/wafer/index';
import { orientationOfRow, waferGeometry } from '@shared/wafer/lotWafers';
import type { FittedGeometry, GeometryMode } from '@shared/wafer/geometryFit';
import { useWorkspaceStore } from './workspace';

/** What the map colours dies by. */
export type WaferMapMode = 'hardBin' | 'softBin' | 'passFail' | 'firstPass' | 'parametric';

/** The wafer's identity and yield figures. */
export interface WaferHeader {
  lot: string;
  wafer: string;
  product: string;
  dies: number;
  good: number;
  firstPassGood: number;
}

/** Final results of the wafer's dies as typed arrays, one slot per die (straight from Arrow columns). */
export interface WaferDieColumns {
  count: number;
  x: Int32Array;
  y: Int32Array;
  hardBin: Int32Array;
  softBin: Int32Array;
  site: Int32Array;
  pass: Int8Array;
  firstPass: Int8Array;
  insertions: Int32Array;
}

/** A bin's name and pass flag from the bins table. */
export interface BinInfo {
  name: string;
  pass: boolean;
}

/** One test's values at the final insertion of each die (NaN: not measured) and its limits. */
export interface ParametricValues {
  testNumber: number;
  values: Float64Array;
  lowLimit: number | null;
  highLimit: number | null;
}

/** A test that has results on the wafer. */
export interface WaferTest {
  /** The test key (tests.test_key, issue #13 §1): what the map and the URL ask for. */
  testNumber: number;
  /** The number the tester wrote, for display (testers reuse numbers). */
  shownNumber: number;
  name: string;
  units: string;
}

function numberColumn<T extends Int32Array | Int8Array>(table: Table, name: string, empty: T): T {
  const values = table.getChild(name)?.toArray() as T | undefined;
  return values ?? empty;
}

function dieColumns(table: Table): WaferDieColumns {
  const count = table.numRows;
  const int32 = (name: string): Int32Array => Int32Array.from(numberColumn(table, name, new Int32Array(count)));
  const int8 = (name: string): Int8Array => Int8Array.from(numberColumn(table, name, new Int8Array(count)));
  return {
    count, x: int32('x'), y: int32('y'), hardBin: int32('hard_bin'), softBin: int32('soft_bin'), site: int32('site'),
    pass: int8('pass'), firstPass: int8('first_pass'), insertions: int32('insertions'),
  };
}

function binsOf(table: Table): { hard: Map<number, BinInfo>; soft: Map<number, BinInfo> } {
  const hard = new Map<number, BinInfo>();
  const soft = new Map<number, BinInfo>();
  for (const row of table) {
    const target = row.bin_type === 'soft' ? soft : hard;
    target.set(Number(row.bin), { name: String(row.name ?? ''), pass: row.pass === true });
  }
  return { hard, soft };
}

/** The wafer's geometry: the file's (WCR) when it fits the dies, else fitted to them, unless `mode` forces one (issue #13 §1). */
function geometryOf(row: Record<string, unknown> | null, columns: WaferDieColumns, notchAt: WaferSide | null, mode: GeometryMode): FittedGeometry {
  return waferGeometry(orientationOfRow(row), columns.x, columns.y, { notchAt: notchAt ?? undefined, mode, end: columns.count });
}

/** Dies picked out on the map (a Pareto bar, a brushed chart): one flag per die slot and their count. */
export interface DieHighlight {
  mask: Uint8Array;
  count: number;
  label: string;
}

const notchStorageKey = 'yield-monitor.waferMap.notchAt';
const colourStorageKey = 'yield-monitor.waferMap.binColours';

function savedNotch(): WaferSide | null {
  const saved = localStorage.getItem(notchStorageKey);
  return saved === 'U' || saved === 'D' || saved === 'L' || saved === 'R' ? saved : null;
}

function savedColours(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(colourStorageKey) ?? '{}');
    return parsed && typeof parsed === 'object' ? Object.fromEntries(Object.entries(parsed).filter(([, value]) => typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value))) : {};
  } catch {
    return {};
  }
}

function classify(columns: WaferDieColumns): WaferClassification | null {
  if (columns.count === 0) return null;
  const dies = Array.from({ length: columns.count }, (_, index) => ({ x: columns.x[index] ?? 0, y: columns.y[index] ?? 0, pass: columns.pass[index] === 1 }));
  return classifyWaferMap(dies);
}

/** The wafer map view: one wafer's dies (typed arrays), its orientation, bins, and the selected die's detail. */
export const useWaferMapStore = defineStore('waferMap', () => {
  const workspace = useWorkspaceStore();
  const current = ref<{ lot: string; wafer: string } | null>(null);
  const header = ref<WaferHeader | null>(null);
  const dies = shallowRef<WaferDieColumns | null>(null);
  const view = shallowRef<WaferView | null>(null);
  /** Where the drawn outline comes from and what was wrong with the file's (see waferGeometry). */
  const geometry = shallowRef<Pick<FittedGeometry, 'source' | 'misfit'> | null>(null);
  /** Auto (the file's when it fits), or forced by the user's "fit to dies" / "file geometry". */
  const geometryMode = ref<GeometryMode>('auto');
  const bins = shallowRef<{ hard: Map<number, BinInfo>; soft: Map<number, BinInfo> }>({ hard: new Map(), soft: new Map() });
  const classification = shallowRef<WaferClassification | null>(null);
  const mode = ref<WaferMapMode>('hardBin');
  const hiddenKeys = ref<number[]>([]);
  const tests = shallowRef<WaferTest[]>([]);
  const parametric = shallowRef<ParametricValues | null>(null);
  const selectedDie = ref<{ x: number; y: number } | null>(null);
  const dieResults = shallowRef<Table | null>(null);
  const dieInsertions = shallowRef<Table | null>(null);
  const loading = ref(false);
  const errorMessage = ref('');
  const notchAt = ref<WaferSide | null>(savedNotch());
  const headerRow = shallowRef<Record<string, unknown> | null>(null);
  const highlight = shallowRef<DieHighlight | null>(null);
  /** User colours of bins, "<product>:<hard|soft>:<bin>" → #rrggbb, remembered across sessions. */
  const binColours = ref<Record<string, string>>(savedColours());

  /** The test last asked for on this wafer (a link's ?test=N, the picker), null before any. */
  let askedTest: number | null = null;

  async function open(lot: string, wafer: string): Promise<void> {
    const engine = workspace.engine;
    if (!engine) return;
    current.value = { lot, wafer };
    loading.value = true;
    errorMessage.value = '';
    closeDie();
    parametric.value = null;
    askedTest = null;
    hiddenKeys.value = [];
    tests.value = [];
    // The test list reads the results, which a large workspace loads behind the first view: the map
    // (dies only) shows without waiting for it, and the parametric picker fills in when it comes.
    const testList = engine.query(waferTestsSql, [lot, wafer]);
    testList.catch(() => undefined);
    const stillOpen = (): boolean => current.value?.lot === lot && current.value?.wafer === wafer;
    try {
      const [headerTable, dieTable] = await Promise.all([
        engine.query(waferHeaderSql, [lot, wafer, lot, wafer]),
        engine.query(waferDiesSql, [lot, wafer]),
      ]);
      const row = headerTable.get(0)?.toJSON() ?? null;
      const product = String(row?.product ?? '');
      const columns = dieColumns(dieTable);
      bins.value = binsOf(await engine.query(binNamesSql, [product]));
      header.value = { lot, wafer, product, dies: Number(row?.dies ?? 0), good: Number(row?.good ?? 0), firstPassGood: Number(row?.first_pass_good ?? 0) };
      headerRow.value = row;
      highlight.value = null;
      applyGeometry(row, columns);
      dies.value = columns;
      classification.value = classify(columns);
    } catch (error) {
      errorMessage.value = (error as Error).message;
      return;
    } finally {
      loading.value = false;
    }
    try {
      const testTable = await testList;
      if (!stillOpen()) return;
      tests.value = testTable.toArray().map((test) => ({ testNumber: Number(test.test_key), shownNumber: Number(test.test_num), name: String(test.name ?? ''), units: String(test.units ?? '') }));
      // In parametric mode with no test asked for yet, the map shows the first test once the list is in.
      if (mode.value === 'parametric' && askedTest === null) await chooseTest(tests.value[0]?.testNumber ?? null);
    } catch (error) {
      if (stillOpen()) errorMessage.value = (error as Error).message;
    }
  }

  async function chooseTest(testNumber: number | null): Promise<void> {
    if (testNumber !== null) askedTest = testNumber;
    const engine = workspace.engine;
    const wafer = current.value;
    const columns = dies.value;
    if (!engine || !wafer || !columns || testNumber === null) {
      parametric.value = null;
      return;
    }
    const table = await engine.query(parametricValuesSql, [wafer.lot, wafer.wafer, testNumber]);
    const slotOf = new Map<number, number>();
    for (let index = 0; index < columns.count; index++) slotOf.set((columns.x[index] ?? 0) * 65536 + (columns.y[index] ?? 0), index);
    const values = new Float64Array(columns.count).fill(Number.NaN);
    const xs = table.getChild('x')?.toArray() as Int32Array;
    const ys = table.getChild('y')?.toArray() as Int32Array;
    const measured = table.getChild('value')?.toArray() as Float64Array;
    for (let row = 0; row < table.numRows; row++) {
      const slot = slotOf.get((xs[row] ?? 0) * 65536 + (ys[row] ?? 0));
      if (slot !== undefined) values[slot] = measured[row] ?? Number.NaN;
    }
    const first = table.get(0);
    parametric.value = { testNumber, values, lowLimit: first?.lo_limit ?? null, highLimit: first?.hi_limit ?? null };
  }

  async function setMode(next: WaferMapMode): Promise<void> {
    mode.value = next;
    hiddenKeys.value = [];
    if (next === 'parametric' && !parametric.value) await chooseTest(tests.value[0]?.testNumber ?? null);
  }

  function toggleKey(key: number): void {
    hiddenKeys.value = hiddenKeys.value.includes(key) ? hiddenKeys.value.filter((hidden) => hidden !== key) : [...hiddenKeys.value, key];
  }

  /** Show only `key` among `allKeys`; isolating the already isolated key shows everything again. */
  function isolateKey(key: number, allKeys: number[]): void {
    const others = allKeys.filter((other) => other !== key);
    const isolated = !hiddenKeys.value.includes(key) && others.every((other) => hiddenKeys.value.includes(other));
    hiddenKeys.value = isolated ? [] : others;
  }

  /** Turn the drawing so the notch is on `side` (die coordinates and the tooltip are unchanged). */
  function setNotch(side: WaferSide | null): void {
    notchAt.value = side;
    if (side) localStorage.setItem(notchStorageKey, side);
    else localStorage.removeItem(notchStorageKey);
    if (dies.value) applyGeometry(headerRow.value, dies.value);
  }

  function applyGeometry(row: Record<string, unknown> | null, columns: WaferDieColumns): void {
    const fitted = geometryOf(row, columns, notchAt.value, geometryMode.value);
    view.value = fitted.view;
    geometry.value = { source: fitted.source, misfit: fitted.misfit };
  }

  /** Draw the outline fitted to the dies, from the file's WCR, or choose automatically (the file's when it fits). */
  function setGeometryMode(next: GeometryMode): void {
    geometryMode.value = next;
    if (dies.value) applyGeometry(headerRow.value, dies.value);
  }

  /** Pick out the wafer's dies at the given coordinates (others are ignored), or clear with null. */
  function highlightDies(coordinates: { x: number; y: number }[] | null, label = ''): void {
    const columns = dies.value;
    if (!columns || !coordinates) {
      highlight.value = null;
      return;
    }
    const wanted = new Set(coordinates.map((die) => die.x * 65536 + die.y));
    const mask = new Uint8Array(columns.count);
    let count = 0;
    for (let index = 0; index < columns.count; index++) {
      if (wanted.has((columns.x[index] ?? 0) * 65536 + (columns.y[index] ?? 0))) {
        mask[index] = 1;
        count++;
      }
    }
    highlight.value = { mask, count, label };
  }

  /** Recolour a bin (null restores the default colour); remembered in localStorage. */
  function setBinColour(kind: 'hard' | 'soft', bin: number, colour: string | null): void {
    const key = `${header.value?.product ?? ''}:${kind}:${bin}`;
    const next = { ...binColours.value };
    if (colour) next[key] = colour;
    else delete next[key];
    binColours.value = next;
    localStorage.setItem(colourStorageKey, JSON.stringify(next));
  }

  /** The user's colour of a bin of this wafer's product, if any. */
  function binColourOverride(kind: 'hard' | 'soft', bin: number): string | undefined {
    return binColours.value[`${header.value?.product ?? ''}:${kind}:${bin}`];
  }

  async function selectDie(x: number, y: number): Promise<void> {
    const engine = workspace.engine;
    const wafer = current.value;
    if (!engine || !wafer) return;
    selectedDie.value = { x, y };
    const [results, insertions] = await Promise.all([
      engine.query(dieResultsSql, [wafer.lot, wafer.wafer, x, y]),
      engine.query(dieInsertionsSql, [wafer.lot, wafer.wafer, x, y]),
    ]);
    dieResults.value = results;
    dieInsertions.value = insertions;
  }

  function closeDie(): void {
    selectedDie.value = null;
    dieResults.value = null;
    dieInsertions.value = null;
  }

  function close(): void {
    closeDie();
    current.value = null;
    dies.value = null;
    header.value = null;
    highlight.value = null;
  }

  return {
    current, header, dies, view, bins, classification, mode, hiddenKeys, tests, parametric, selectedDie, dieResults, dieInsertions, loading, errorMessage,
    notchAt, highlight, binColours, geometry, geometryMode,
    open, close, setGeometryMode, setMode, chooseTest, toggleKey, isolateKey, setNotch, highlightDies, setBinColour, binColourOverride, selectDie, closeDie,
  };
});
