import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { appUrl, test, expect } from './fixtures';
import { LotPage } from './lotPage';
import { OverviewPage } from './overviewPage';

const lot = 'OR26007';
const sampleDir = join(process.cwd(), 'sample-data', 'fab');

/** Final result of every die of the lot (its highest insertion), read from the committed CSV, not through the app. */
function finalDies(): Map<string, { wafer: string; x: number; y: number; insertion: number; pass: boolean }> {
  const lines = gunzipSync(readFileSync(join(sampleDir, 'dies', `${lot}.csv.gz`))).toString('utf8').split('\n');
  const header = lines[0]!.split(',');
  const at = (column: string): number => header.indexOf(column);
  const finals = new Map<string, { wafer: string; x: number; y: number; insertion: number; pass: boolean }>();
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const cells = line.split(',');
    const die = { wafer: cells[at('wafer')]!, x: Number(cells[at('x')]), y: Number(cells[at('y')]), insertion: Number(cells[at('insertion')]), pass: cells[at('pass')] === '1' };
    const key = `${die.wafer}|${die.x}|${die.y}`;
    if ((finals.get(key)?.insertion ?? 0) < die.insertion) finals.set(key, die);
  }
  return finals;
}

/** Wafers of the lot that ground-truth.json says carry an injected Edge-Ring. */
function groundTruthEdgeRings(): string[] {
  const truth = JSON.parse(readFileSync(join(sampleDir, 'ground-truth.json'), 'utf8')) as { wafers: { lot: string; wafer: number; signature: string }[] };
  return truth.wafers.filter((entry) => entry.lot === lot && entry.signature === 'Edge-Ring').map((entry) => String(entry.wafer));
}

test('lot view: gallery yields and signatures, sort, stacked map, compare and zones', async ({ page }) => {
  test.setTimeout(720_000);
  const dies = [...finalDies().values()];
  const perWafer = new Map<string, { good: number; dies: number }>();
  for (const die of dies) {
    const entry = perWafer.get(die.wafer) ?? { good: 0, dies: 0 };
    entry.dies++;
    if (die.pass) entry.good++;
    perWafer.set(die.wafer, entry);
  }

  const overview = new OverviewPage(page);
  // The sample fab loads on first start; on a busy 2-core machine that can take longer than the overview's own wait.
  await page.goto(appUrl);
  await expect(page.getByTestId('kpi-tiles')).toBeVisible({ timeout: 480_000 });
  await overview.waitReady();
  await overview.lotRow(lot).click();
  await overview.lotWafers.getByTestId('open-lot').click();
  const lotPage = new LotPage(page);
  await lotPage.waitReady();
  await expect(page).toHaveURL(new RegExp(`#/lot/${lot}$`));

  // One thumbnail per wafer, each with the yield of an independent count.
  await expect(lotPage.thumbnails).toHaveCount(25);
  for (const [wafer, truth] of perWafer) {
    const card = lotPage.thumbnail(wafer);
    await expect(card).toHaveAttribute('data-good', String(truth.good));
    await expect(card).toHaveAttribute('data-dies', String(truth.dies));
    await expect(card.getByTestId('gallery-yield')).toHaveText(`${((truth.good / truth.dies) * 100).toFixed(1)}%`);
  }
  await lotPage.screenshot('lot-gallery');

  // The injected Edge-Ring wafers are found by the Edge-Ring filter.
  await lotPage.filterByClass('Edge-Ring');
  const edgeRings = await lotPage.shownWafers();
  console.log(`Edge-Ring filter: ${edgeRings.join(', ')}; ground truth: ${groundTruthEdgeRings().join(', ')}`);
  expect(edgeRings).toEqual(expect.arrayContaining(groundTruthEdgeRings()));
  await lotPage.clearFilter();

  // Sort by yield: ascending order of the independent yields.
  await lotPage.sortBy('yield');
  const byYield = [...perWafer].sort(([waferA, a], [waferB, b]) => a.good / a.dies - b.good / b.dies || Number(waferA) - Number(waferB)).map(([wafer]) => wafer);
  expect(await lotPage.shownWafers()).toEqual(byYield);

  // Stacked map of the lot: fail % with the die count behind the center cell in the tooltip.
  await lotPage.openTab('stacked');
  await expect(lotPage.stackedMap).toHaveAttribute('data-measure', 'failPercent');
  await expect(lotPage.stackedMap).toHaveAttribute('data-wafers', '25');
  await lotPage.hoverStacked(0.5, 0.5);
  const centerDies = dies.filter((die) => die.x === 13 && die.y === 13);
  await expect(lotPage.stackedTooltip).toContainText('Die (13, 13)');
  await expect(lotPage.stackedTooltip).toContainText(`Dies behind this cell: ${centerDies.length}`);
  const centerFails = centerDies.filter((die) => !die.pass).length;
  await expect(lotPage.stackedTooltip).toContainText(`Fail: ${Number(((100 * centerFails) / centerDies.length).toPrecision(4))} %`);
  await page.mouse.move(0, 0);
  await lotPage.chooseMeasure('mean');
  await expect(lotPage.test).toBeVisible();
  await expect(lotPage.stackedMap).toHaveAttribute('data-measure', /^mean:\d+$/);
  await expect(lotPage.stackedMap.locator('canvas')).toBeVisible();
  await lotPage.screenshot('lot-stacked');

  // Compare wafers 1 and 2: the count of dies whose result differs, counted here from the CSV.
  await lotPage.openTab('compare');
  const first = new Map(dies.filter((die) => die.wafer === '1').map((die) => [`${die.x},${die.y}`, die.pass]));
  const differing = dies.filter((die) => die.wafer === '2' && first.has(`${die.x},${die.y}`) && first.get(`${die.x},${die.y}`) !== die.pass).length;
  await expect(lotPage.compareChanged).toHaveAttribute('data-changed', String(differing));
  await lotPage.screenshot('lot-compare');

  // Zones: the lot row and one row per wafer.
  await lotPage.openTab('zones');
  await expect(lotPage.zoneRows).toHaveCount(26);
  await lotPage.screenshot('lot-zones');

  // Clicking a thumbnail opens the wafer.
  await lotPage.openTab('gallery');
  await lotPage.thumbnail('7').click();
  await expect(page.getByTestId('wafer-map-view')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/wafer/${lot}/7$`));
});
