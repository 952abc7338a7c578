import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Locator, Page } from '@playwright/test';
import { test, expect, screenshotDir, appUrl } from './fixtures';
import { OverviewPage } from './overviewPage';

// The sample fab loads on first start; on a busy shared CI machine that alone can take minutes.
test.setTimeout(600_000);

/** Open the app and wait (longer than the overview page object does) for the sample to load. */
async function openApp(page: Page): Promise<OverviewPage> {
  const overview = new OverviewPage(page);
  await page.goto(appUrl);
  await expect(page.getByTestId('kpi-tiles')).toBeVisible({ timeout: 480_000 });
  await overview.waitReady();
  return overview;
}

/** Final result of every die of one wafer from the committed CSV: hard bin and every test value. */
function finalDies(lot: string, wafer: string): { x: number; y: number; hardBin: number; values: Map<number, string> }[] {
  const lines = gunzipSync(readFileSync(join(process.cwd(), 'sample-data', 'fab', 'dies', `${lot}.csv.gz`))).toString('utf8').split('\n');
  const header = lines[0]!.split(',');
  const at = (column: string): number => header.indexOf(column);
  const tests = header.map((name, index) => [Number(/^t(\d+)_/.exec(name)?.[1] ?? Number.NaN), index] as const).filter(([number]) => Number.isFinite(number));
  const finals = new Map<string, { insertion: number; x: number; y: number; hardBin: number; values: Map<number, string> }>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (cells[at('wafer')] !== wafer) continue;
    const key = `${cells[at('x')]},${cells[at('y')]}`;
    const insertion = Number(cells[at('insertion')]);
    if ((finals.get(key)?.insertion ?? 0) >= insertion) continue;
    const values = new Map(tests.filter(([, index]) => (cells[index] ?? '') !== '').map(([number, index]) => [number, cells[index]!]));
    finals.set(key, { insertion, x: Number(cells[at('x')]), y: Number(cells[at('y')]), hardBin: Number(cells[at('hard_bin')]), values });
  }
  return [...finals.values()];
}

/** The wafer view's map and drill-down: locators in one place, user actions as methods. */
class DrilldownPage {
  readonly canvas: Locator;
  readonly panel: Locator;
  readonly pareto: Locator;
  readonly testRows: Locator;
  readonly histogram: Locator;
  readonly legendRows: Locator;
  readonly tooltip: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('wafer-canvas');
    this.panel = page.getByTestId('drilldown-panel');
    this.pareto = page.getByTestId('pareto-chart');
    this.testRows = page.getByTestId('test-row');
    this.histogram = page.getByTestId('histogram-chart');
    this.legendRows = page.getByTestId('legend-row');
    this.tooltip = page.getByTestId('die-tooltip');
  }

  /** Open a wafer from the overview: filter the lot, pick it, pick the wafer row. */
  async openWafer(lot: string, wafer: string): Promise<void> {
    const overview = await openApp(this.page);
    await overview.filterLots(lot);
    await overview.lotRow(lot).click();
    await overview.lotWafers.getByTestId('wafer-row').filter({ has: this.page.locator('td:first-child', { hasText: new RegExp(`^${wafer}$`) }) }).click();
    await expect(this.canvas).toBeVisible();
  }

  /** Bins in the Pareto's bar order. */
  async paretoBins(): Promise<number[]> {
    await expect(this.pareto).not.toHaveAttribute('data-bins', '');
    return (await this.pareto.getAttribute('data-bins'))!.split(',').map(Number);
  }

  /** Click the n-th bar just above the axis (grid: 56 px left, 52 px right, 64 px bottom). */
  async clickBar(index: number, count: number): Promise<void> {
    const box = (await this.pareto.boundingBox())!;
    const plotWidth = box.width - 56 - 52;
    await this.pareto.click({ position: { x: 56 + (index + 0.5) * (plotWidth / count), y: box.height - 64 - 2 } });
  }

  /** Canvas position of a die for the sample's orientation (620 px canvas, 150 mm radius in 296 px, center die 13, 13). */
  static diePixel(x: number, y: number, rotatedHalfTurn = false): { x: number; y: number } {
    const scale = (10.2 * 296) / 150;
    const [dx, dy] = [(x - 13) * scale, (y - 13) * scale];
    return rotatedHalfTurn ? { x: 310 - dx, y: 310 - dy } : { x: 310 + dx, y: 310 + dy };
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(screenshotDir, { recursive: true });
    await this.page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }
}

const lot = 'OR26001';
const wafer = '1';

test('clicking a Pareto bar highlights exactly that bin’s dies; a test shows its histogram and statistics', async ({ page }) => {
  const dies = finalDies(lot, wafer);
  const drill = new DrilldownPage(page);
  await drill.openWafer(lot, wafer);
  await expect(drill.panel).toBeVisible();
  const bins = await drill.paretoBins();
  const counts = new Map<number, number>();
  for (const die of dies) counts.set(die.hardBin, (counts.get(die.hardBin) ?? 0) + 1);
  // Fail bins by default (hard bin 1 is the sample's only pass bin, sample-data/README.md); the toggle adds PASS (issue #13).
  const ranked = [...counts].sort(([binA, a], [binB, b]) => b - a || binA - binB).map(([bin]) => bin);
  expect(bins).toEqual(ranked.filter((bin) => bin !== 1));

  // The largest fail bin: the first bar.
  await drill.clickBar(0, bins.length);
  await expect(drill.canvas).toHaveAttribute('data-highlighted', String(counts.get(bins[0]!)));
  await expect(page.getByTestId('highlight-note')).toContainText(`${counts.get(bins[0]!)} dies highlighted`);
  await drill.screenshot('drilldown-pareto');
  await page.getByTestId('pareto-show-pass').check();
  expect(await drill.paretoBins()).toEqual(ranked);
  await page.getByTestId('clear-highlight').click();
  await expect(drill.canvas).toHaveAttribute('data-highlighted', '0');

  await page.getByTestId('mode-parametric').click();
  await page.getByTestId('parametric-test').selectOption({ label: '7002 fmax (MHz)' });
  await expect(page).toHaveURL(/#\/wafer\/OR26001\/1\?test=7002$/);
  await expect(page.getByTestId('chosen-test')).toHaveText('7002 fmax (MHz)');
  await expect(drill.histogram).toBeVisible();
  const measuredTests = new Set(dies.flatMap((die) => [...die.values.keys()]));
  await expect(drill.testRows).toHaveCount(measuredTests.size);
  const fmaxValues = dies.map((die) => die.values.get(7002)).filter((value): value is string => value !== undefined).map(Number);
  const fmaxRow = drill.testRows.and(page.locator('[data-test-num="7002"]'));
  await expect(fmaxRow.locator('[data-column="n"]')).toHaveText(fmaxValues.length.toLocaleString('en'));
  await expect(fmaxRow.locator('[data-column="minimum"]')).toHaveText(Math.min(...fmaxValues).toLocaleString('en'));
  await expect(fmaxRow.locator('[data-column="maximum"]')).toHaveText(Math.max(...fmaxValues).toLocaleString('en'));
  await page.getByTestId('test-filter').fill('vth');
  await expect(drill.testRows).toHaveCount([...measuredTests].filter((number) => number === 4001 || number === 4002).length);
  await page.getByTestId('test-filter').fill('');
  await drill.histogram.scrollIntoViewIfNeeded();
  await drill.screenshot('drilldown-test');
});

test('the notch turns the drawing, not the coordinates; shift-click isolates a bin; a bin colour is remembered', async ({ page }) => {
  const drill = new DrilldownPage(page);
  await drill.openWafer(lot, wafer);
  await page.getByTestId('notch-side').selectOption('U');
  await expect(drill.canvas).toHaveAttribute('data-rotation', '180');
  await drill.canvas.hover({ position: DrilldownPage.diePixel(10, 13, true) });
  await expect(drill.tooltip).toContainText('Die (10, 13)');
  await page.getByTestId('notch-side').selectOption('D');
  await expect(drill.canvas).toHaveAttribute('data-rotation', '0');

  const rows = await drill.legendRows.count();
  await drill.legendRows.and(page.locator('[data-key="1"]')).locator('.label').click({ modifiers: ['Shift'] });
  await expect(page.locator('[data-testid=legend-row].hidden')).toHaveCount(rows - 1);
  await drill.legendRows.and(page.locator('[data-key="1"]')).locator('.label').click({ modifiers: ['Shift'] });
  await expect(page.locator('[data-testid=legend-row].hidden')).toHaveCount(0);

  await drill.legendRows.and(page.locator('[data-key="1"]')).getByTestId('legend-colour').fill('#123456');
  await page.reload();
  await expect(drill.canvas).toBeVisible({ timeout: 480_000 });
  await expect(drill.legendRows.and(page.locator('[data-key="1"]')).getByTestId('legend-colour')).toHaveValue('#123456');
});

test('the drill-down opens the SPC chart of the chosen test and of the selected bin, for the wafer’s product', async ({ page }) => {
  // The sample's wafers of the product, from the committed wafer list: the X-bar/S chart has one subgroup per wafer.
  const wafers = readFileSync(join(process.cwd(), 'sample-data', 'fab', 'wafers.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const product = wafers.find(([, waferLot, waferNumber]) => waferLot === lot && waferNumber === wafer)![0]!;
  const productWafers = wafers.filter(([waferProduct]) => waferProduct === product).length;
  const drill = new DrilldownPage(page);
  await drill.openWafer(lot, wafer);
  await drill.testRows.and(page.locator('[data-test-num="1001"]')).click();
  await expect(page.getByTestId('chosen-test')).toHaveText(/^1001 cont_vdd/);
  await page.getByTestId('spc-chart-of-test').click();
  await expect(page).toHaveURL(new RegExp(`#/spc/test-${product}-1001$`));
  const active = page.locator('[data-testid=definition-item].active');
  await expect(active.locator('.name')).toHaveText(`${product} 1001 cont_vdd`);
  await expect(page.getByTestId('control-chart')).toHaveAttribute('data-points', String(productWafers), { timeout: 120_000 });
  await page.getByTestId('language').selectOption('vi');
  await drill.screenshot('drilldown-spc-chart-of-test-vi');

  await page.goBack();
  await expect(drill.canvas).toBeVisible();
  const bins = await drill.paretoBins();
  await drill.clickBar(0, bins.length);
  await expect(page.getByTestId('spc-chart-of-bin')).toHaveText('Biểu đồ SPC của bin này');
  await expect(page.getByTestId('spc-chart-of-test')).toBeEnabled();
  await drill.screenshot('drilldown-spc-buttons-vi');
  await page.getByTestId('spc-chart-of-bin').click();
  await expect(page).toHaveURL(new RegExp(`#/spc/bin-p-${product}-hard-${bins[0]}$`));
  await expect(active.locator('.name')).toHaveText(new RegExp(`^${product} hard bin ${bins[0]}\\b`));
  await expect(page.getByTestId('control-chart')).toHaveAttribute('data-points', /^[1-9]/, { timeout: 120_000 });
  await drill.screenshot('drilldown-spc-chart-of-bin-vi');
});

/** Cells of the test statistics whose text does not fit (scrolls inside the cell), as "column: text". */
async function truncatedCells(page: Page): Promise<string[]> {
  return page.getByTestId('test-statistics').locator('.cell').evaluateAll((cells) => cells
    .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
    .map((cell) => `${cell.getAttribute('data-column') ?? 'header'}: ${cell.textContent ?? ''}`));
}

test('the lot drill-down draws the 8.8 % wafer’s outliers in the box plot by wafer; no statistics column is cut, in EN and VI (issue #13 §2)', async ({ page }) => {
  await openApp(page);
  await page.goto(`${appUrl}#/lot/OR26011`);
  await page.getByTestId('lot-tab-drilldown').click();
  const row = page.getByTestId('test-row').and(page.locator('[data-test-num="2002"]'));
  await row.click();
  await expect(page.getByTestId('chosen-test')).toContainText('2002 ileak_io');
  const boxes = page.getByTestId('box-wafer-chart');
  await expect(boxes.locator('canvas')).toBeVisible();
  expect(await truncatedCells(page)).toEqual([]);
  await boxes.scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(screenshotDir, 'drilldown-box-outliers-en.png'), fullPage: true });
  await page.getByTestId('language').selectOption('vi');
  await expect(page.getByTestId('test-statistics')).toContainText('Độ lệch chuẩn');
  expect(await truncatedCells(page)).toEqual([]);
  await boxes.scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(screenshotDir, 'drilldown-box-outliers-vi.png'), fullPage: true });
  await page.getByTestId('language').selectOption('en');
});
