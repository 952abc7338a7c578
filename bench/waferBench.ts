/**
 * Wafer maps at fab scale, in the real duckdb-wasm (Node bindings): query + draw-equivalent time
 * (layout and pixel painting, what the canvas components do minus the browser's blit) of one
 * 20k-die wafer map, a 25-wafer lot gallery (with classification) and a stacked map over 500 wafers
 * at 10 million die rows, and the pan/zoom redraw of that wafer at 4x zoom. Prints medians.
 * `npx tsx bench/waferBench.ts [--workspace DIR]`.
 */
import { pathToFileURL } from 'node:url';
import { WasmNodeSqlEngine } from '../node/engine/wasmNodeEngine.ts';
import { FolderWorkspaceStore } from '../node/workspace/folderWorkspaceStore.ts';
import { nodeParquetCodec } from '../node/engine/parquetCodec.ts';
import { binColour, colourByKey, dieRectangles, packedPixel, paintDies, paintDiesScaled } from '../shared/charts/waferMapLayout.ts';
import { panBy, sharpRegion, zoomAround, type WaferViewport } from '../shared/charts/waferViewport.ts';
import { stackedColouring, stackedScale } from '../shared/charts/stackedMapLayout.ts';
import { stackedMapSql, stackedSummarySql, type StackedMeasure, type WaferSelection } from '../shared/sql/stackedMapSql.ts';
import { waferDiesSql } from '../shared/sql/waferMapSql.ts';
import { createWaferView, type WaferView } from '../shared/wafer/index.ts';
import { readLot } from '../shared/wafer/lotData.ts';
import { boundingCenter, classifyLotWafers, viewOfOrientation } from '../shared/wafer/lotWafers.ts';
import { createCanonicalTablesSql } from '../shared/workspace/manifest.ts';
import { Workspace } from '../shared/workspace/workspace.ts';

/** Radius in dies of the generated wafers: a circle of radius 80 holds about 20,100 dies. */
const gridRadius = 80;

async function median(label: string, runs: number, action: () => Promise<string>, decimals = 0): Promise<void> {
  const times: number[] = [];
  let detail = '';
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    detail = await action();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} median ${times[Math.floor(times.length / 2)]!.toFixed(decimals).padStart(6)} ms  (${runs} runs) ${detail}`);
}

/** 20 lots x 25 wafers x ~20,100 dies (10 M rows), 8 % random fails plus a failing outer ring on every fifth wafer. */
async function generate(engine: WasmNodeSqlEngine): Promise<void> {
  for (const statement of createCanonicalTablesSql()) await engine.exec(statement);
  const started = performance.now();
  await engine.exec(`CREATE TEMP TABLE cells AS SELECT x, y, (x - ${gridRadius}) * (x - ${gridRadius}) + (y - ${gridRadius}) * (y - ${gridRadius}) AS r2
    FROM range(${2 * gridRadius + 1}) a(x), range(${2 * gridRadius + 1}) b(y)
    WHERE (x - ${gridRadius}) * (x - ${gridRadius}) + (y - ${gridRadius}) * (y - ${gridRadius}) <= ${gridRadius * gridRadius}`);
  await engine.exec(`CREATE TEMP TABLE bench_wafers AS SELECT 'BL' || lpad((w // 25)::VARCHAR, 3, '0') AS lot, (w % 25 + 1)::VARCHAR AS wafer, w FROM range(500) t(w)`);
  await engine.exec(`INSERT INTO dies BY NAME SELECT 'BENCH' AS product, w.lot, w.wafer, c.x::INTEGER AS x, c.y::INTEGER AS y, 1 AS site,
      CASE WHEN fails THEN 7 ELSE 1 END AS hard_bin, CASE WHEN fails THEN 7 ELSE 1 END AS soft_bin,
      NOT fails AS pass, NOT fails AS first_pass, 1 AS insertions, TIMESTAMP '2026-09-01' + to_seconds(w.w * 3600) AS tested_at, 'bench' AS import_id
    FROM bench_wafers w, cells c,
      LATERAL (SELECT hash(w.w, c.x, c.y) % 100 < 8 OR (w.w % 5 = 0 AND c.r2 > ${(gridRadius - 3) ** 2} AND hash(c.x, c.y, w.w) % 10 < 7) AS fails)`);
  await engine.exec(`INSERT INTO wafers BY NAME SELECT 'BENCH' AS product, lot, wafer, 300.0 AS wafer_size_mm, 1.8 AS die_width_mm, 1.8 AS die_height_mm,
      'D' AS flat, 'R' AS pos_x, 'D' AS pos_y, ${gridRadius} AS center_x, ${gridRadius} AS center_y, 'bench' AS import_id FROM bench_wafers`);
  const lot = 'BL000';
  await engine.query(`INSERT INTO results BY NAME SELECT product, lot, wafer, x, y, 1 AS insertion, 4001 AS test_num,
      0.42 + (hash(x, y, wafer) % 1000) / 50000.0 AS value, 'bench' AS import_id FROM dies WHERE lot = $1`, [lot]);
  const count = (await engine.query('SELECT count(*)::BIGINT AS n FROM dies')).get(0)?.n;
  console.log(`generated ${Number(count).toLocaleString('en')} die rows (500 wafers) in ${(performance.now() - started).toFixed(0)} ms`);
}

/** Lay out and paint dies the way the canvas components do, into a pixel buffer of size x size. */
function paint(view: WaferView, xs: Int32Array, ys: Int32Array, palette: string[], colourIndex: Uint16Array, size: number): void {
  const layout = dieRectangles(view, xs, ys, size, 14);
  const pixels = new Uint32Array(size * size);
  paintDies(pixels, size, size, 1, layout.rectangles, colourIndex, Uint32Array.from(palette, packedPixel), new Uint8Array(xs.length).fill(1));
}

async function waferMap(engine: WasmNodeSqlEngine, lot: string, wafer: string): Promise<string> {
  const table = await engine.query(waferDiesSql, [lot, wafer]);
  const xs = Int32Array.from(table.getChild('x')!.toArray() as Int32Array);
  const ys = Int32Array.from(table.getChild('y')!.toArray() as Int32Array);
  const bins = Int32Array.from(table.getChild('hard_bin')!.toArray() as Int32Array);
  const view = createWaferView({ flat: 'D', posX: 'R', posY: 'D', centerX: Number.NaN, centerY: Number.NaN, dieWidth: 1, dieHeight: 1, waferDiameter: Number.NaN },
    { fallbackCenter: boundingCenter(xs, ys, { start: 0, end: xs.length }) });
  const colouring = colourByKey(bins, (bin) => binColour(bin, bin === 1));
  paint(view, xs, ys, colouring.palette, colouring.colourIndex, 620);
  return `${xs.length.toLocaleString('en')} dies`;
}

/** A disc of radius 80 dies (20,081 dies, every 13th failing) laid out for the 620 px map and coloured by bin. */
function laidOutDisc(): { rectangles: Float32Array; colourIndex: Uint16Array; packed: Uint32Array; visible: Uint8Array } {
  const cells: [number, number][] = [];
  for (let y = -gridRadius; y <= gridRadius; y++) for (let x = -gridRadius; x <= gridRadius; x++) if (x * x + y * y <= gridRadius * gridRadius) cells.push([x, y]);
  const xs = Int32Array.from(cells, ([x]) => x);
  const ys = Int32Array.from(cells, ([, y]) => y);
  const bins = Int32Array.from(cells, (_, index) => (index % 13 === 0 ? 7 : 1));
  const view = createWaferView({ flat: 'D', posX: 'R', posY: 'D', centerX: Number.NaN, centerY: Number.NaN, dieWidth: 1, dieHeight: 1, waferDiameter: Number.NaN },
    { fallbackCenter: { x: 0, y: 0 } });
  const colouring = colourByKey(bins, (bin) => binColour(bin, bin === 1));
  const { rectangles } = dieRectangles(view, xs, ys, 620, 14);
  return { rectangles, colourIndex: colouring.colourIndex, packed: Uint32Array.from(colouring.palette, packedPixel), visible: new Uint8Array(xs.length).fill(1) };
}

/**
 * Pan/zoom redraw cost of a 20k-die wafer at 4x, measurable in Node (the same generated disc whatever
 * the workspace): (a) repainting the 620 px viewport straight from the 20k die rectangles each frame
 * (the cost if nothing were cached), (b) the re-render of the sharp cached region once a gesture settles. The per-frame blit of cached layers is canvas drawImage,
 * which needs a browser: the e2e spec prints it (data-frame-ms).
 */
export async function panZoomRedraw(): Promise<void> {
  const wafer20k = laidOutDisc();
  const size = 620;
  let viewport: WaferViewport = zoomAround({ scale: 1, offsetX: 0, offsetY: 0 }, 4, { x: 200, y: 260 }, size);
  const frame = new Uint32Array(size * size);
  await median('pan/zoom frame at 4x: repaint 620 px viewport', 60, async () => {
    viewport = panBy(viewport, viewport.offsetX < -1200 ? 37 : -37, 11, size);
    frame.fill(0);
    paintDiesScaled(frame, size, size, viewport, wafer20k.rectangles, wafer20k.colourIndex, wafer20k.packed, wafer20k.visible);
    return `${wafer20k.colourIndex.length.toLocaleString('en')} dies, scale ${viewport.scale}`;
  }, 2);
  await median('pan/zoom settle at 4x: sharp region re-render', 20, async () => {
    const region = sharpRegion(viewport, size);
    const [width, height] = [Math.ceil(region.width * 4), Math.ceil(region.height * 4)];
    const pixels = new Uint32Array(width * height);
    paintDiesScaled(pixels, width, height, { scale: 4, offsetX: -region.left * 4, offsetY: -region.top * 4 }, wafer20k.rectangles, wafer20k.colourIndex, wafer20k.packed, wafer20k.visible);
    return `${width} x ${height} px region`;
  });
}

async function gallery(engine: WasmNodeSqlEngine, lot: string): Promise<string> {
  const started = performance.now();
  const data = await readLot(engine, lot);
  const queried = performance.now();
  const classes = classifyLotWafers(data.columns, data.ranges);
  const classified = performance.now();
  const palette = [binColour(0, false), binColour(1, true)];
  data.ranges.forEach((range, index) => {
    const view = viewOfOrientation(data.wafers[index]!.orientation, boundingCenter(data.columns.x, data.columns.y, range), 'D');
    const pass = Uint16Array.from(data.columns.pass.subarray(range.start, range.end));
    paint(view, data.columns.x.subarray(range.start, range.end), data.columns.y.subarray(range.start, range.end), palette, pass, 148);
  });
  const edgeRings = classes.filter((entry) => entry?.class === 'Edge-Ring').length;
  return `${data.wafers.length} wafers, ${data.columns.count.toLocaleString('en')} dies: query ${(queried - started).toFixed(0)} ms, classify ${(classified - queried).toFixed(0)} ms, paint ${(performance.now() - classified).toFixed(0)} ms; ${edgeRings} Edge-Ring`;
}

async function stacked(engine: WasmNodeSqlEngine, selection: WaferSelection, measure: StackedMeasure): Promise<string> {
  const cells = stackedMapSql(selection, measure);
  const summary = stackedSummarySql(selection);
  const table = await engine.query(cells.sql, cells.params);
  const row = (await engine.query(summary.sql, summary.params)).get(0);
  const xs = Int32Array.from(table.getChild('x')!.toArray() as Int32Array);
  const ys = Int32Array.from(table.getChild('y')!.toArray() as Int32Array);
  const values = Float64Array.from({ length: table.numRows }, (_, index) => Number(table.getChild('value')!.get(index) ?? Number.NaN));
  const kind = measure.kind === 'failPercent' ? 'failPercent' : 'parametric';
  const colouring = stackedColouring(kind, values, stackedScale(kind, values));
  const view = createWaferView({ flat: 'D', posX: 'R', posY: 'D', centerX: Number.NaN, centerY: Number.NaN, dieWidth: 1, dieHeight: 1, waferDiameter: Number.NaN },
    { fallbackCenter: boundingCenter(xs, ys, { start: 0, end: xs.length }) });
  paint(view, xs, ys, colouring.palette, colouring.colourIndex, 520);
  return `${table.numRows.toLocaleString('en')} cells over ${Number(row?.wafers ?? 0)} wafers, ${Number(row?.dies ?? 0).toLocaleString('en')} dies`;
}

/** Run the wafer benchmarks on generated data, or on an imported workspace (its largest wafer and lot, all wafers stacked). */
export async function runWaferBench(workspaceDir?: string): Promise<void> {
  const engine = await WasmNodeSqlEngine.open();
  try {
    if (workspaceDir) await new Workspace(engine, new FolderWorkspaceStore(workspaceDir), nodeParquetCodec).open();
    else await generate(engine);
    const largestWafer = (await engine.query('SELECT lot, wafer, count(*) AS n FROM dies GROUP BY ALL ORDER BY n DESC, lot, wafer LIMIT 1')).get(0);
    const largestLot = (await engine.query('SELECT lot, count(*) AS n FROM dies GROUP BY lot ORDER BY n DESC, lot LIMIT 1')).get(0);
    const lot = String(largestLot?.lot ?? '');
    const test = Number((await engine.query('SELECT min(test_num) AS t FROM results WHERE lot = ?', [lot])).get(0)?.t ?? 0);
    await median('wafer map: query + layout + paint (620 px)', 5, () => waferMap(engine, String(largestWafer?.lot), String(largestWafer?.wafer)));
    await panZoomRedraw();
    await median('lot gallery: dies query + classify + 25 thumbnails', 5, () => gallery(engine, lot));
    await median('stacked map, fail %, every wafer', 3, () => stacked(engine, {}, { kind: 'failPercent' }));
    await median('stacked map, fail %, one lot', 5, () => stacked(engine, { lots: [lot] }, { kind: 'failPercent' }));
    await median(`stacked map, mean of test ${test}, one lot`, 5, () => stacked(engine, { lots: [lot] }, { kind: 'parametric', testNumber: test, statistic: 'mean' }));
    console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    engine.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--workspace');
  await runWaferBench(at > 0 ? process.argv[at + 1] : undefined);
}
